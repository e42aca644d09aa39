// One setting of a ConfigDef: its name, type, default, checks and the metadata that UIs and the
// REST API show. Built from an options object rather than Kafka's ten positional arguments.

import { ConfigException } from '../errors.ts'
import {
  CONFIG_TYPES, IMPORTANCES, WIDTHS,
  type ConfigType, type Importance, type Recommender, type Validator, type Width,
} from './config-types.ts'
import { parseType } from './parse-type.ts'

/** The default of a setting that has none, which makes the setting required. */
export const NO_DEFAULT_VALUE: unique symbol = Symbol('NO_DEFAULT_VALUE')

/** What defines a setting. Only `name`, `type` and `importance` are required. */
export interface ConfigKeyOptions {
  name: string
  type: ConfigType
  /**
   * The value used when the setting is absent, given typed or as text (it is parsed like a user
   * value and must pass the validator). Leave it out, or pass NO_DEFAULT_VALUE, to make the
   * setting required; `null` is a real default.
   */
  defaultValue?: unknown
  validator?: Validator | null
  importance: Importance
  documentation?: string | null
  /** The group the setting is shown in; groups keep the order in which they first appear. */
  group?: string | null
  /** The position within the group (the REST API's `order_in_group`); -1 when unordered. */
  orderInGroup?: number
  width?: Width
  /** Defaults to the name. */
  displayName?: string
  /** Settings whose visibility or recommended values depend on this one. */
  dependents?: readonly string[]
  recommender?: Recommender | null
  /** Internal settings are left out of generated documentation. */
  internalConfig?: boolean
  /** Text shown instead of the default in generated documentation. */
  alternativeString?: string | null
}

function requireOneOf<T extends string> (name: string, what: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T
  throw new ConfigException(
    `Configuration ${name} has an invalid ${what} ${String(value)}; expected one of ${allowed.join(', ')}.`)
}

/** The definition of one setting. Its default is already parsed and validated. */
export class ConfigKey {
  readonly name: string
  readonly type: ConfigType
  readonly documentation: string | null
  /** The parsed default, or NO_DEFAULT_VALUE. */
  readonly defaultValue: unknown
  readonly validator: Validator | null
  readonly importance: Importance
  readonly group: string | null
  readonly orderInGroup: number
  readonly width: Width
  readonly displayName: string
  readonly dependents: readonly string[]
  readonly recommender: Recommender | null
  readonly internalConfig: boolean
  readonly alternativeString: string | null

  constructor (options: ConfigKeyOptions) {
    const { name } = options
    if (typeof name !== 'string' || name === '') {
      throw new ConfigException(`A configuration name must be a non-empty string, not ${String(name)}.`)
    }
    // A setting of this name would change the prototype of every parsed-values object.
    if (name === '__proto__') throw new ConfigException('A configuration may not be named __proto__.')
    this.name = name
    this.type = requireOneOf(name, 'type', options.type, CONFIG_TYPES)
    this.importance = requireOneOf(name, 'importance', options.importance, IMPORTANCES)
    this.width = requireOneOf(name, 'width', options.width ?? 'NONE', WIDTHS)
    this.validator = options.validator ?? null
    const hasDefault = options.defaultValue !== undefined && options.defaultValue !== NO_DEFAULT_VALUE
    this.defaultValue = hasDefault ? parseType(name, options.defaultValue, this.type) : NO_DEFAULT_VALUE
    if (this.validator !== null && hasDefault) this.validator.ensureValid(name, this.defaultValue)
    this.documentation = options.documentation ?? null
    this.group = options.group ?? null
    this.orderInGroup = options.orderInGroup ?? -1
    this.displayName = options.displayName ?? name
    this.dependents = [...(options.dependents ?? [])]
    this.recommender = options.recommender ?? null
    this.internalConfig = options.internalConfig ?? false
    this.alternativeString = options.alternativeString ?? null
  }

  /** Whether the setting has a default, that is, may be left out. */
  hasDefault (): boolean {
    return this.defaultValue !== NO_DEFAULT_VALUE
  }
}
