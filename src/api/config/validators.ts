// The validators Kafka's ConfigDef ships, with its error messages and its toString texts (the
// "Valid Values" column of generated documentation). Where Java would fail with a
// ClassCastException on a value of the wrong kind, these throw a ConfigException instead.

import { ConfigException } from '../errors.ts'
import type { Validator } from './config-types.ts'
import { valueText } from './config-text.ts'

function numericValue (value: unknown): number | undefined {
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  return undefined
}

/** A numeric value must lie within a minimum and/or a maximum (both inclusive). */
export class Range implements Validator {
  readonly min: number | bigint | null
  readonly max: number | bigint | null

  private constructor (min: number | bigint | null, max: number | bigint | null) {
    this.min = min
    this.max = max
  }

  /** At least `min`, no upper bound. */
  static atLeast (min: number | bigint): Range {
    return new Range(min, null)
  }

  /** Between `min` and `max`, both inclusive. */
  static between (min: number | bigint, max: number | bigint): Range {
    return new Range(min, max)
  }

  ensureValid (name: string, value: unknown): void {
    if (value === null || value === undefined) throw new ConfigException(name, null, 'Value must be non-null')
    const n = numericValue(value)
    if (n === undefined) throw new ConfigException(name, valueText(value), 'Value must be a number')
    if (this.min !== null && n < Number(this.min)) {
      throw new ConfigException(name, valueText(value), `Value must be at least ${this.min}`)
    }
    if (this.max !== null && n > Number(this.max)) {
      throw new ConfigException(name, valueText(value), `Value must be no more than ${this.max}`)
    }
  }

  toString (): string {
    if (this.min === null && this.max === null) return '[...]'
    if (this.min === null) return `[...,${this.max}]`
    if (this.max === null) return `[${this.min},...]`
    return `[${this.min},...,${this.max}]`
  }
}

/** A string must be one of a fixed set (case-sensitive). */
export class ValidString implements Validator {
  readonly validStrings: readonly string[]

  private constructor (validStrings: readonly string[]) {
    this.validStrings = validStrings
  }

  /** Accepts exactly these strings. */
  static in (...validStrings: string[]): ValidString {
    return new ValidString(validStrings)
  }

  ensureValid (name: string, value: unknown): void {
    if (typeof value !== 'string' || !this.validStrings.includes(value)) {
      throw new ConfigException(name, valueText(value), 'String must be one of: ' + this.validStrings.join(', '))
    }
  }

  toString (): string {
    return '[' + this.validStrings.join(', ') + ']'
  }
}

/**
 * Every element of a list must be non-empty, unique and, when valid strings are given, one of
 * them. Whether the list itself may be empty or null is chosen at construction (Kafka 4.2+).
 */
export class ValidList implements Validator {
  readonly validString: ValidString
  readonly isEmptyAllowed: boolean
  readonly isNullAllowed: boolean

  private constructor (validStrings: readonly string[], isEmptyAllowed: boolean, isNullAllowed: boolean) {
    this.validString = ValidString.in(...validStrings)
    this.isEmptyAllowed = isEmptyAllowed
    this.isNullAllowed = isNullAllowed
  }

  /** Any values, as long as none repeats or is empty. */
  static anyNonDuplicateValues (isEmptyAllowed: boolean, isNullAllowed: boolean): ValidList {
    return new ValidList([], isEmptyAllowed, isNullAllowed)
  }

  /**
   * Elements must be among `validStrings`. Pass a boolean first to say whether an empty list is
   * allowed (it is by default): `ValidList.in(false, 'a', 'b')`.
   */
  static in (...args: [boolean, ...string[]] | string[]): ValidList {
    if (typeof args[0] === 'boolean') {
      const [isEmptyAllowed, ...validStrings] = args as [boolean, ...string[]]
      if (!isEmptyAllowed && validStrings.length === 0) {
        throw new ConfigException('At least one valid string must be provided when empty values are not allowed')
      }
      return new ValidList(validStrings, isEmptyAllowed, false)
    }
    return new ValidList(args as string[], true, false)
  }

  ensureValid (name: string, value: unknown): void {
    if (value === null || value === undefined) {
      if (this.isNullAllowed) return
      throw new ConfigException(`Configuration '${name}' values must not be null.`)
    }
    if (!Array.isArray(value)) throw new ConfigException(name, valueText(value), 'Expected a comma separated list.')
    const validStrings = this.validString.validStrings
    if (!this.isEmptyAllowed && value.length === 0) {
      const valid = validStrings.length === 0 ? 'any non-empty value' : this.validString.toString()
      throw new ConfigException(`Configuration '${name}' must not be empty. Valid values include: ${valid}`)
    }
    if (new Set(value).size !== value.length) {
      throw new ConfigException(`Configuration '${name}' values must not be duplicated.`)
    }
    for (const element of value) {
      if (typeof element !== 'string') continue
      if (element === '') throw new ConfigException(`Configuration '${name}' values must not be empty.`)
      if (validStrings.length > 0) this.validString.ensureValid(name, element)
    }
  }

  toString (): string {
    return this.validString.validStrings.length > 0 ? this.validString.toString() : ''
  }
}

/** A string must be one of a fixed set, ignoring case. */
export class CaseInsensitiveValidString implements Validator {
  /** The valid strings, upper-cased. */
  readonly validStrings: ReadonlySet<string>

  private constructor (validStrings: readonly string[]) {
    this.validStrings = new Set(validStrings.map(s => s.toUpperCase()))
  }

  /** Accepts these strings in any case. */
  static in (...validStrings: string[]): CaseInsensitiveValidString {
    return new CaseInsensitiveValidString(validStrings)
  }

  ensureValid (name: string, value: unknown): void {
    if (typeof value !== 'string' || !this.validStrings.has(value.toUpperCase())) {
      throw new ConfigException(name, valueText(value),
        'String must be one of (case insensitive): ' + [...this.validStrings].join(', '))
    }
  }

  toString (): string {
    return '(case insensitive) [' + [...this.validStrings].join(', ') + ']'
  }
}

/** The value must not be null. */
export class NonNullValidator implements Validator {
  ensureValid (name: string, value: unknown): void {
    if (value === null || value === undefined) throw new ConfigException(name, 'null', 'entry must be non null')
  }

  toString (): string {
    return 'non-null string'
  }
}

/** A string, when given, must not be empty (null passes). */
export class NonEmptyString implements Validator {
  ensureValid (name: string, value: unknown): void {
    if (value === '') throw new ConfigException(name, value, 'String must be non-empty')
  }

  toString (): string {
    return 'non-empty string'
  }
}

/**
 * A string, when given, must be non-empty and free of ISO control characters (U+0000–U+001F,
 * U+007F–U+009F). null passes: a missing required value is reported separately.
 */
export class NonEmptyStringWithoutControlChars implements Validator {
  /** Kafka's factory name. */
  static nonEmptyStringWithoutControlChars (): NonEmptyStringWithoutControlChars {
    return new NonEmptyStringWithoutControlChars()
  }

  ensureValid (name: string, value: unknown): void {
    if (typeof value !== 'string') return
    if (value === '') throw new ConfigException(name, value, 'String may not be empty')
    const controlChars: number[] = []
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i)
      if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) controlChars.push(code)
    }
    if (controlChars.length > 0) {
      throw new ConfigException(name, value,
        'String may not contain control sequences but had the following ASCII chars: ' + controlChars.join(', '))
    }
  }

  toString (): string {
    return 'non-empty string without ISO control characters'
  }
}

/** A list may hold at most `maxSize` elements. */
export class ListSize implements Validator {
  readonly maxSize: number

  private constructor (maxSize: number) {
    this.maxSize = maxSize
  }

  /** At most `maxSize` elements. */
  static atMostOfSize (maxSize: number): ListSize {
    return new ListSize(maxSize)
  }

  ensureValid (name: string, value: unknown): void {
    if (Array.isArray(value) && value.length > this.maxSize) {
      throw new ConfigException(name, valueText(value), `exceeds maximum list size of [${this.maxSize}].`)
    }
  }

  toString (): string {
    return `List containing maximum of ${this.maxSize} elements`
  }
}

/** A validator made of two functions: one that checks, one that describes. */
export class LambdaValidator implements Validator {
  readonly #check: (name: string, value: unknown) => void
  readonly #describe: () => string

  private constructor (check: (name: string, value: unknown) => void, describe: () => string) {
    this.#check = check
    this.#describe = describe
  }

  /** Wraps `ensureValid` (which throws ConfigException) and `toString`. */
  static with (ensureValid: (name: string, value: unknown) => void, toString: () => string): LambdaValidator {
    return new LambdaValidator(ensureValid, toString)
  }

  ensureValid (name: string, value: unknown): void {
    this.#check(name, value)
  }

  toString (): string {
    return this.#describe()
  }
}

/** Several validators applied in order; the first failure is thrown. */
export class CompositeValidator implements Validator {
  readonly validators: readonly Validator[]

  private constructor (validators: readonly Validator[]) {
    this.validators = validators
  }

  /** All of these, in order. */
  static of (...validators: Validator[]): CompositeValidator {
    return new CompositeValidator(validators)
  }

  ensureValid (name: string, value: unknown): void {
    for (const validator of this.validators) validator.ensureValid(name, value)
  }

  toString (): string {
    return this.validators.map(v => v.toString()).join(', ')
  }
}
