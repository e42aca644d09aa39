// A configuration definition (Kafka's ConfigDef): the settings a connector, converter or
// transform accepts. It parses raw settings into typed values (throwing on the first problem),
// and validates them for the REST API (collecting every problem, with recommendations and
// visibility worked out through the dependents graph). Semantics follow Kafka 4.3: see
// clients/src/main/java/org/apache/kafka/common/config/ConfigDef.java.

import { ConfigException } from '../errors.ts'
import { ConfigKey, NO_DEFAULT_VALUE, type ConfigKeyOptions } from './config-key.ts'
import type { ConfigType, Importance, Recommender, Validator } from './config-types.ts'
import { ConfigValue } from './config-value.ts'
import { convertToString, parseType } from './parse-type.ts'
import { Password } from './password.ts'
import { LambdaValidator, ValidList } from './validators.ts'

/** Raw settings: a plain object (REST body, parsed .properties) or a Map. */
export type RawConfig = Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>

/** Raw settings as a Map, whichever form they came in. */
export function rawConfigMap (props: RawConfig): ReadonlyMap<string, unknown> {
  return props instanceof Map ? props : new Map(Object.entries(props))
}

function missingRequired (name: string): string {
  return `Missing required configuration "${name}" which has no default value.`
}

/** The settings of a plugin, with the parsing and validation rules of Kafka's ConfigDef. */
export class ConfigDef {
  /** The default of a setting that has none, which makes the setting required. */
  static readonly NO_DEFAULT_VALUE = NO_DEFAULT_VALUE

  readonly #configKeys = new Map<string, ConfigKey>()
  readonly #groups: string[] = []

  /** An empty definition, or a copy of `base` that can be extended without changing it. */
  constructor (base?: ConfigDef) {
    if (base !== undefined) {
      for (const [name, key] of base.#configKeys) this.#configKeys.set(name, key)
      this.#groups.push(...base.#groups)
    }
  }

  /** Adds a setting; chainable. A name defined twice is rejected. */
  define (options: ConfigKeyOptions | ConfigKey): this {
    const key = options instanceof ConfigKey ? options : new ConfigKey(options)
    if (this.#configKeys.has(key.name)) throw new ConfigException(`Configuration ${key.name} is defined twice.`)
    if (key.group !== null && !this.#groups.includes(key.group)) this.#groups.push(key.group)
    this.#configKeys.set(key.name, key)
    return this
  }

  /** Adds an internal setting: parsed like any other, left out of generated documentation. */
  defineInternal (options: {
    name: string, type: ConfigType, defaultValue?: unknown, validator?: Validator | null,
    importance: Importance, documentation?: string
  }): this {
    return this.define({ ...options, documentation: options.documentation ?? '', group: '', internalConfig: true })
  }

  /** The names of every setting, in definition order. */
  names (): ReadonlySet<string> {
    return new Set(this.#configKeys.keys())
  }

  /** The settings by name, in definition order. */
  configKeys (): ReadonlyMap<string, ConfigKey> {
    return this.#configKeys
  }

  /** The groups, in the order they first appeared. */
  groups (): readonly string[] {
    return this.#groups
  }

  /** The default of every setting that has one. */
  defaultValues (): Record<string, unknown> {
    const defaults: Record<string, unknown> = {}
    for (const key of this.#configKeys.values()) {
      if (key.hasDefault()) defaults[key.name] = key.defaultValue
    }
    return defaults
  }

  /**
   * Parses every defined setting from `props` (unknown keys are ignored), applying defaults and
   * validators. Throws a ConfigException for the first problem, e.g. a required setting missing.
   */
  parse (props: RawConfig): Record<string, unknown> {
    const undefinedDependents = this.#undefinedDependents()
    if (undefinedDependents.length > 0) {
      throw new ConfigException(
        'Some configurations in are referred in the dependents, but not defined: ' + undefinedDependents.join(','))
    }
    const raw = rawConfigMap(props)
    const values: Record<string, unknown> = {}
    for (const key of this.#configKeys.values()) {
      values[key.name] = this.parseValue(key, raw.get(key.name), raw.has(key.name))
    }
    return values
  }

  /**
   * Parses one setting: `value` when `isSet`, else the default (a missing required setting
   * throws). Repeated list elements are dropped when the validator is a ValidList, as Kafka 4.2+
   * does, and the validator then checks the result.
   */
  parseValue (key: ConfigKey, value: unknown, isSet: boolean): unknown {
    let parsed: unknown
    if (isSet) parsed = parseType(key.name, value, key.type)
    else if (!key.hasDefault()) throw new ConfigException(missingRequired(key.name))
    else parsed = key.defaultValue
    if (key.validator instanceof ValidList && Array.isArray(parsed)) parsed = [...new Set(parsed)]
    key.validator?.ensureValid(key.name, parsed)
    return parsed
  }

  /** Validates `props` without throwing: one ConfigValue per setting (see validateAll). */
  validate (props: RawConfig): ConfigValue[] {
    return [...this.validateAll(props).values()]
  }

  /**
   * Validates `props` without throwing, as Kafka's validateAll does: every setting gets a
   * ConfigValue with its parsed value and every parse and validator error; then recommenders,
   * given all parsed values, set recommended values and visibility. Settings are visited from
   * those nobody depends on, down through their dependents. A dependent that is not defined gets
   * an invisible ConfigValue with an error.
   */
  validateAll (props: RawConfig): Map<string, ConfigValue> {
    const configValues = new Map<string, ConfigValue>()
    for (const name of this.#configKeys.keys()) configValues.set(name, new ConfigValue(name))
    for (const name of this.#undefinedDependents()) {
      const undefinedValue = new ConfigValue(name)
      undefinedValue.addErrorMessage(`${name} is referred in the dependents, but not defined.`)
      undefinedValue.visible = false
      configValues.set(name, undefinedValue)
    }

    const raw = rawConfigMap(props)
    const parsed: Record<string, unknown> = {}
    const roots = this.#configsWithNoParent()
    for (const name of roots) this.#parseForValidate(name, raw, parsed, configValues)
    for (const name of roots) this.#recommend(name, parsed, configValues)
    return configValues
  }

  #parseForValidate (name: string, raw: ReadonlyMap<string, unknown>, parsed: Record<string, unknown>,
    configValues: Map<string, ConfigValue>): void {
    const key = this.#configKeys.get(name)
    const configValue = configValues.get(name)
    if (key === undefined || configValue === undefined) return

    let value: unknown = null
    if (raw.has(name)) {
      try {
        value = parseType(name, raw.get(name), key.type)
      } catch (e) {
        if (!(e instanceof ConfigException)) throw e
        configValue.addErrorMessage(e.message)
      }
    } else if (!key.hasDefault()) {
      configValue.addErrorMessage(missingRequired(name))
    } else {
      value = key.defaultValue
    }
    if (key.validator !== null) {
      try {
        key.validator.ensureValid(name, value)
      } catch (e) {
        if (!(e instanceof ConfigException)) throw e
        configValue.addErrorMessage(e.message)
      }
    }
    configValue.value = value
    parsed[name] = value
    for (const dependent of key.dependents) this.#parseForValidate(dependent, raw, parsed, configValues)
  }

  #recommend (name: string, parsed: Readonly<Record<string, unknown>>, configValues: Map<string, ConfigValue>): void {
    const key = this.#configKeys.get(name)
    const configValue = configValues.get(name)
    if (key === undefined || configValue === undefined) return
    if (key.recommender !== null) {
      try {
        let recommended = [...key.recommender.validValues(name, parsed)]
        // A setting reached through several parents keeps only what every visit recommended.
        if (configValue.recommendedValues.length > 0) {
          const earlier = new Set(configValue.recommendedValues)
          recommended = recommended.filter(v => earlier.has(v))
        }
        configValue.recommendedValues = recommended
        configValue.visible = key.recommender.visible(name, parsed)
      } catch (e) {
        if (!(e instanceof ConfigException)) throw e
        configValue.addErrorMessage(e.message)
      }
    }
    for (const dependent of key.dependents) this.#recommend(dependent, parsed, configValues)
  }

  #undefinedDependents (): string[] {
    const undefinedNames = new Set<string>()
    for (const key of this.#configKeys.values()) {
      for (const dependent of key.dependents) {
        if (!this.#configKeys.has(dependent)) undefinedNames.add(dependent)
      }
    }
    return [...undefinedNames]
  }

  #configsWithNoParent (): string[] {
    const withParent = new Set<string>()
    for (const key of this.#configKeys.values()) {
      for (const dependent of key.dependents) withParent.add(dependent)
    }
    return [...this.#configKeys.keys()].filter(name => !withParent.has(name))
  }

  /**
   * Adds every setting of `child` under `keyPrefix` (Kafka's embed, used for transforms and
   * predicates): groups become "<groupPrefix>: <group>", order starts at `startingOrd`, and the
   * child's validators, recommenders and dependents see the unprefixed names.
   */
  embed (keyPrefix: string, groupPrefix: string, startingOrd: number, child: ConfigDef): void {
    let orderInGroup = startingOrd
    for (const key of child.sortedConfigs()) {
      this.define(new ConfigKey({
        name: keyPrefix + key.name,
        type: key.type,
        defaultValue: key.defaultValue,
        validator: embeddedValidator(keyPrefix, key.validator),
        importance: key.importance,
        documentation: key.documentation,
        group: groupPrefix + (key.group === null ? '' : ': ' + key.group),
        orderInGroup: orderInGroup++,
        width: key.width,
        displayName: key.displayName,
        dependents: key.dependents.map(d => keyPrefix + d),
        recommender: embeddedRecommender(keyPrefix, key.recommender),
        internalConfig: key.internalConfig,
        alternativeString: key.alternativeString,
      }))
    }
  }

  /**
   * The settings in documentation order: by group (ungrouped first, then in group order), then
   * orderInGroup, then required before optional, then importance, then name.
   */
  sortedConfigs (): ConfigKey[] {
    const groupOrder = new Map(this.#groups.map((group, i) => [group, i]))
    const importanceOrder = { HIGH: 0, MEDIUM: 1, LOW: 2 }
    return [...this.#configKeys.values()].sort((a, b) => {
      if (a.group !== b.group) {
        if (a.group === null) return -1
        if (b.group === null) return 1
        return (groupOrder.get(a.group) ?? 0) - (groupOrder.get(b.group) ?? 0)
      }
      if (a.orderInGroup !== b.orderInGroup) return a.orderInGroup - b.orderInGroup
      if (a.hasDefault() !== b.hasDefault()) return a.hasDefault() ? 1 : -1
      const byImportance = importanceOrder[a.importance] - importanceOrder[b.importance]
      if (byImportance !== 0) return byImportance
      return a.name < b.name ? -1 : a.name > b.name ? 1 : 0
    })
  }

  /** Kafka's parseType: parses one raw value as `type`. */
  static parseType (name: string, value: unknown, type: ConfigType): unknown {
    return parseType(name, value, type)
  }

  /** Kafka's convertToString: writes a parsed value back as text. */
  static convertToString (parsedValue: unknown, type: ConfigType | null | undefined): string | null {
    return convertToString(parsedValue, type)
  }

  /**
   * Writes parsed values back as text, revealing passwords (for handing a configuration on to
   * a client, never for display). Null values are left out.
   */
  static convertToStringMapWithPasswordValues (configs: RawConfig): Record<string, string> {
    const result: Record<string, string> = {}
    for (const [name, value] of rawConfigMap(configs)) {
      const text = value instanceof Password
        ? value.value()
        : convertToString(value, Array.isArray(value) ? 'LIST' : null)
      if (text !== null) result[name] = text
    }
    return result
  }
}

function unprefixed (keyPrefix: string, name: string): string {
  return name.startsWith(keyPrefix) ? name.slice(keyPrefix.length) : name
}

function embeddedValidator (keyPrefix: string, base: Validator | null): Validator | null {
  if (base === null) return null
  return LambdaValidator.with((name, value) => base.ensureValid(unprefixed(keyPrefix, name), value), () => base.toString())
}

function embeddedRecommender (keyPrefix: string, base: Recommender | null): Recommender | null {
  if (base === null) return null
  const unprefixedConfig = (parsed: Readonly<Record<string, unknown>>): Record<string, unknown> => {
    const result: Record<string, unknown> = {}
    for (const [name, value] of Object.entries(parsed)) {
      if (name.startsWith(keyPrefix)) result[name.slice(keyPrefix.length)] = value
    }
    return result
  }
  return {
    validValues: (name, parsed) => base.validValues(unprefixed(keyPrefix, name), unprefixedConfig(parsed)),
    visible: (name, parsed) => base.visible(unprefixed(keyPrefix, name), unprefixedConfig(parsed)),
  }
}
