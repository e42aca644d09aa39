// The vocabulary of a configuration definition, as in Kafka's ConfigDef: the value types, how
// important a setting is, how wide a UI field should be, and the two hooks a definition may carry
// (a Validator that checks one value, a Recommender that suggests values and hides settings).

/** The type of a configuration value; the REST API shows these exact names. */
export type ConfigType =
  | 'BOOLEAN' | 'STRING' | 'INT' | 'SHORT' | 'LONG' | 'DOUBLE' | 'LIST' | 'CLASS' | 'PASSWORD'

/** Every ConfigType, in Kafka's declaration order. */
export const CONFIG_TYPES: readonly ConfigType[] = [
  'BOOLEAN', 'STRING', 'INT', 'SHORT', 'LONG', 'DOUBLE', 'LIST', 'CLASS', 'PASSWORD',
]

/** How much a setting matters to a user; documentation sorts by it. */
export type Importance = 'HIGH' | 'MEDIUM' | 'LOW'

/** Every Importance, most important first. */
export const IMPORTANCES: readonly Importance[] = ['HIGH', 'MEDIUM', 'LOW']

/** The width a UI should give a setting's input field. */
export type Width = 'NONE' | 'SHORT' | 'MEDIUM' | 'LONG'

/** Every Width, narrowest first. */
export const WIDTHS: readonly Width[] = ['NONE', 'SHORT', 'MEDIUM', 'LONG']

/** Whether values of this type are secrets that must never be shown (only PASSWORD is). */
export function isSensitiveType (type: ConfigType | null | undefined): boolean {
  return type === 'PASSWORD'
}

/**
 * Checks one parsed value. `ensureValid` throws a ConfigException that says what is wrong;
 * `toString` describes the valid values for generated documentation.
 */
export interface Validator {
  ensureValid (name: string, value: unknown): void
  toString (): string
}

/**
 * Suggests values for a setting and decides whether it is visible, given every parsed value of
 * the configuration (so one setting can depend on another). Used by validation, never by parse.
 */
export interface Recommender {
  validValues (name: string, parsedConfig: Readonly<Record<string, unknown>>): unknown[]
  visible (name: string, parsedConfig: Readonly<Record<string, unknown>>): boolean
}
