// A parsed configuration (Kafka's AbstractConfig): the original settings, their typed values
// under a ConfigDef, and typed getters. A connector usually subclasses it, passing its ConfigDef,
// and reads settings through the getters. Parsing happens in the constructor, so a bad setting
// fails there with Kafka's message.

import { ConfigException } from '../errors.ts'
import type { ConfigDef, RawConfig } from './config-def.ts'
import { rawConfigMap } from './config-def.ts'
import type { ConfigType } from './config-types.ts'
import { valueText } from './config-text.ts'
import { Password } from './password.ts'

function stripOrKeep (name: string, prefix: string, strip: boolean): string {
  return strip ? name.slice(prefix.length) : name
}

/** Typed access to settings parsed under a ConfigDef. */
export class AbstractConfig {
  /** The definition the settings were parsed with. */
  readonly definition: ConfigDef
  readonly #originals: ReadonlyMap<string, unknown>
  readonly #values: Record<string, unknown>
  readonly #used = new Set<string>()

  /** Parses `originals` under `definition`; throws ConfigException for the first bad setting. */
  constructor (definition: ConfigDef, originals: RawConfig) {
    this.definition = definition
    this.#originals = new Map(rawConfigMap(originals))
    this.#values = definition.parse(this.#originals)
  }

  /** The parsed value of a defined setting; an undefined name throws ConfigException. */
  get (key: string): unknown {
    if (!Object.hasOwn(this.#values, key)) throw new ConfigException(`Unknown configuration '${key}'`)
    this.#used.add(key)
    return this.#values[key]
  }

  #typed (key: string, type: ConfigType, getter: string): unknown {
    const actual = this.typeOf(key)
    if (actual !== null && actual !== type) {
      throw new ConfigException(`Configuration '${key}' is of type ${actual}, so ${getter}() cannot read it.`)
    }
    return this.get(key)
  }

  /** A STRING setting (trimmed), or null. */
  getString (key: string): string | null {
    return this.#typed(key, 'STRING', 'getString') as string | null
  }

  /** An INT setting, or null. */
  getInt (key: string): number | null {
    return this.#typed(key, 'INT', 'getInt') as number | null
  }

  /** A SHORT setting, or null. */
  getShort (key: string): number | null {
    return this.#typed(key, 'SHORT', 'getShort') as number | null
  }

  /** A LONG setting (a safe integer), or null. */
  getLong (key: string): number | null {
    return this.#typed(key, 'LONG', 'getLong') as number | null
  }

  /** A DOUBLE setting, or null. */
  getDouble (key: string): number | null {
    return this.#typed(key, 'DOUBLE', 'getDouble') as number | null
  }

  /** A BOOLEAN setting, or null. */
  getBoolean (key: string): boolean | null {
    return this.#typed(key, 'BOOLEAN', 'getBoolean') as boolean | null
  }

  /** A LIST setting, or null. */
  getList (key: string): string[] | null {
    return this.#typed(key, 'LIST', 'getList') as string[] | null
  }

  /** A PASSWORD setting, or null; call value() on it only where the secret is needed. */
  getPassword (key: string): Password | null {
    return this.#typed(key, 'PASSWORD', 'getPassword') as Password | null
  }

  /** A CLASS setting: a class name, a constructor, or null. */
  getClass (key: string): string | ((...args: never[]) => unknown) | null {
    return this.#typed(key, 'CLASS', 'getClass') as string | ((...args: never[]) => unknown) | null
  }

  /** The type of a defined setting, or null. */
  typeOf (key: string): ConfigType | null {
    return this.definition.configKeys().get(key)?.type ?? null
  }

  /** The documentation of a defined setting, or null. */
  documentationOf (key: string): string | null {
    return this.definition.configKeys().get(key)?.documentation ?? null
  }

  /** Marks a setting as used, so unused() does not report it. */
  ignore (key: string): void {
    this.#used.add(key)
  }

  /** Original settings never read through get() or a getter. */
  unused (): Set<string> {
    return new Set([...this.#originals.keys()].filter(name => !this.#used.has(name)))
  }

  /** A copy of the original settings, with `overrides` applied on top. */
  originals (overrides: RawConfig = {}): Record<string, unknown> {
    return Object.fromEntries([...this.#originals, ...rawConfigMap(overrides)])
  }

  /** The original settings, all of which must be strings (ConfigException otherwise). */
  originalsStrings (): Record<string, string> {
    const result: Record<string, string> = {}
    for (const [name, value] of this.#originals) {
      if (typeof value !== 'string') {
        throw new ConfigException(`Non-string value found in original settings for key ${name}: ${valueText(value)}`)
      }
      result[name] = value
    }
    return result
  }

  /** The original settings whose names start with `prefix`, without it unless `strip` is false. */
  originalsWithPrefix (prefix: string, strip = true): Record<string, unknown> {
    const result: Record<string, unknown> = {}
    for (const [name, value] of this.#originals) {
      if (name.startsWith(prefix) && name.length > prefix.length) result[stripOrKeep(name, prefix, strip)] = value
    }
    return result
  }

  /**
   * The parsed values, where an original `<prefix><name>` overrides `<name>` (parsed with the
   * definition of `<name>`, or of the name after its first dot, e.g. "producer.ssl.x" → "x").
   */
  valuesWithPrefixOverride (prefix: string): Record<string, unknown> {
    const result = this.values()
    const keys = this.definition.configKeys()
    for (const [name, value] of this.#originals) {
      if (!name.startsWith(prefix) || name.length <= prefix.length) continue
      const withoutPrefix = name.slice(prefix.length)
      const key = keys.get(withoutPrefix) ?? keys.get(withoutPrefix.slice(withoutPrefix.indexOf('.') + 1))
      if (key !== undefined) result[withoutPrefix] = this.definition.parseValue(key, value, true)
    }
    return result
  }

  /**
   * If any original starts with `prefix`, only those (stripped and parsed, where defined);
   * otherwise all parsed values.
   */
  valuesWithPrefixAllOrNothing (prefix: string): Record<string, unknown> {
    const withPrefix = this.originalsWithPrefix(prefix)
    if (Object.keys(withPrefix).length === 0) return this.values()
    const result: Record<string, unknown> = {}
    const keys = this.definition.configKeys()
    for (const [name, value] of Object.entries(withPrefix)) {
      const key = keys.get(name)
      if (key !== undefined) result[name] = this.definition.parseValue(key, value, true)
    }
    return result
  }

  /** A copy of all parsed values. */
  values (): Record<string, unknown> {
    return { ...this.#values }
  }

  /** A copy of the parsed values of settings not marked internal. */
  nonInternalValues (): Record<string, unknown> {
    const keys = this.definition.configKeys()
    return Object.fromEntries(Object.entries(this.#values).filter(([name]) => keys.get(name)?.internalConfig !== true))
  }

  /** Two configurations are equal when their original settings are. */
  equals (other: unknown): boolean {
    if (!(other instanceof AbstractConfig) || other.#originals.size !== this.#originals.size) return false
    for (const [name, value] of this.#originals) {
      const otherValue = other.#originals.get(name)
      const same = value instanceof Password ? value.equals(otherValue) : Object.is(value, otherValue)
      if (!same || !other.#originals.has(name)) return false
    }
    return true
  }

  /** The parsed values sorted by name, one per line, secrets hidden: fit for a log. */
  toString (): string {
    const lines = Object.keys(this.#values).sort().map(name => `\t${name} = ${valueText(this.#values[name])}`)
    return `${this.constructor.name} values:\n${lines.join('\n')}\n`
  }
}
