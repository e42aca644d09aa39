// Turning a raw configuration value (usually a string from a .properties file or a REST body,
// sometimes an already typed value) into its typed form, and back to a string. The rules and the
// error texts are those of Kafka's ConfigDef.parseType and convertToString, with two differences
// that JavaScript forces: LONG values are numbers, so they must fit in Number.MAX_SAFE_INTEGER,
// and CLASS values stay class names (or constructors) because there is no class loader to ask.

import { ConfigException } from '../errors.ts'
import type { ConfigType } from './config-types.ts'
import { javaDoubleToString } from '../data/java-number-format.ts'
import { javaDigitValue, javaTrim } from '../data/java-text.ts'
import { typeNameOf, valueText } from './config-text.ts'
import { HIDDEN, Password } from './password.ts'

// Java's \s is ASCII whitespace only; JavaScript's would also eat no-break and other spaces.
const COMMA_WITH_WHITESPACE = /[ \t\n\v\f\r]*,[ \t\n\v\f\r]*/
// Java's Double.parseDouble for decimal text: an optional sign, NaN or Infinity or digits with an
// optional fraction and exponent, and an optional float/double suffix.
const JAVA_DOUBLE = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?)$/

const INT_RANGE = { min: -(2n ** 31n), max: 2n ** 31n - 1n }
const SHORT_RANGE = { min: -(2n ** 15n), max: 2n ** 15n - 1n }
const JAVA_LONG_RANGE = { min: -(2n ** 63n), max: 2n ** 63n - 1n }
const SAFE_RANGE = { min: BigInt(Number.MIN_SAFE_INTEGER), max: BigInt(Number.MAX_SAFE_INTEGER) }

interface IntegerRange { min: bigint, max: bigint }

/** The exception for a value that cannot be parsed; a secret is never put in its message. */
function invalid (name: string, value: unknown, type: ConfigType, reason: string): ConfigException {
  return new ConfigException(name, type === 'PASSWORD' ? HIDDEN : valueText(value), reason)
}

function notANumber (name: string, value: unknown, type: ConfigType): ConfigException {
  return invalid(name, value, type, `Not a number of type ${type}`)
}

/** Says what an out-of-place value was: "a boolean", "a fractional number", … */
function describe (value: unknown, range?: IntegerRange): string {
  if (typeof value === 'number' && !Number.isInteger(value)) return 'a fractional number'
  if (range !== undefined && (typeof value === 'number' || typeof value === 'bigint')) {
    return `a number outside [${range.min}, ${range.max}]`
  }
  const name = typeNameOf(value)
  return (/^[aeiou]/i.test(name) ? 'an ' : 'a ') + name
}

/** A typed integer (number or bigint) inside `range`, as a number; undefined if it is not one. */
function typedInteger (value: unknown, range: IntegerRange): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) {
    return value >= Number(range.min) && value <= Number(range.max) ? value : undefined
  }
  if (typeof value === 'bigint') return value >= range.min && value <= range.max ? Number(value) : undefined
  return undefined
}

/** Java's equalsIgnoreCase: equal length, and each pair of characters equal up to case. */
function equalsIgnoreCase (a: string, b: string): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i]
    const y = b[i]
    if (x === y) continue
    const upperX = x.toUpperCase()
    const upperY = y.toUpperCase()
    if (upperX === upperY || upperX.toLowerCase() === upperY.toLowerCase()) continue
    return false
  }
  return true
}

/**
 * Java's Integer/Short/Long.parse* on trimmed text: an optional sign, then decimal digits (any
 * Unicode decimal digit of the BMP, as Character.digit takes them), within `range`.
 */
function parseJavaInteger (text: string, range: IntegerRange): bigint | undefined {
  const signed = text.startsWith('-') || text.startsWith('+')
  if (text.length === (signed ? 1 : 0)) return undefined
  let digits = ''
  for (let i = signed ? 1 : 0; i < text.length; i++) {
    const digit = javaDigitValue(text.charCodeAt(i))
    if (digit < 0) return undefined
    digits += digit
  }
  const parsed = BigInt((text.startsWith('-') ? '-' : '') + digits)
  return parsed >= range.min && parsed <= range.max ? parsed : undefined
}

function unsafeLong (name: string, value: unknown): ConfigException {
  return new ConfigException(name, valueText(value),
    `Expected a 64-bit integer between ${Number.MIN_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}: ` +
    'kconnect keeps LONG settings as JavaScript numbers, which are exact only in that range')
}

function parseLong (name: string, value: unknown, trimmed: string | undefined): number {
  if (trimmed !== undefined) {
    const parsed = parseJavaInteger(trimmed, JAVA_LONG_RANGE)
    if (parsed === undefined) throw notANumber(name, value, 'LONG')
    if (parsed < SAFE_RANGE.min || parsed > SAFE_RANGE.max) throw unsafeLong(name, value)
    return Number(parsed)
  }
  if (typeof value === 'number' && Number.isInteger(value)) {
    if (!Number.isSafeInteger(value)) throw unsafeLong(name, value)
    return value
  }
  if (typeof value === 'bigint') {
    if (value < SAFE_RANGE.min || value > SAFE_RANGE.max) throw unsafeLong(name, value)
    return Number(value)
  }
  throw invalid(name, value, 'LONG', `Expected value to be a 64-bit integer (long), but it was ${describe(value)}`)
}

/**
 * Parses `value` as a `type` setting named `name`, as Kafka's ConfigDef.parseType does. Strings
 * are trimmed first. null and undefined give null. Throws ConfigException with Kafka's message
 * when the value does not fit the type.
 */
export function parseType (name: string, value: unknown, type: ConfigType): unknown {
  if (value === null || value === undefined) return null
  const trimmed = typeof value === 'string' ? javaTrim(value) : undefined

  switch (type) {
    case 'BOOLEAN':
      if (trimmed !== undefined) {
        if (equalsIgnoreCase(trimmed, 'true')) return true
        if (equalsIgnoreCase(trimmed, 'false')) return false
      } else if (typeof value === 'boolean') {
        return value
      }
      throw invalid(name, value, type, 'Expected value to be either true or false')

    case 'PASSWORD':
      if (value instanceof Password) return value
      if (trimmed !== undefined) return new Password(trimmed)
      throw invalid(name, value, type, `Expected value to be a string, but it was ${describe(value)}`)

    case 'STRING':
      if (trimmed !== undefined) return trimmed
      throw invalid(name, value, type, `Expected value to be a string, but it was ${describe(value)}`)

    case 'INT':
    case 'SHORT': {
      const range = type === 'INT' ? INT_RANGE : SHORT_RANGE
      if (trimmed !== undefined) {
        const parsed = parseJavaInteger(trimmed, range)
        if (parsed === undefined) throw notANumber(name, value, type)
        return Number(parsed)
      }
      const typed = typedInteger(value, range)
      if (typed !== undefined) return typed
      const expected = type === 'INT' ? 'a 32-bit integer' : 'a 16-bit integer (short)'
      throw invalid(name, value, type, `Expected value to be ${expected}, but it was ${describe(value, range)}`)
    }

    case 'LONG':
      return parseLong(name, value, trimmed)

    case 'DOUBLE':
      if (typeof value === 'number') return value
      if (typeof value === 'bigint') return Number(value)
      if (trimmed !== undefined) {
        if (!JAVA_DOUBLE.test(trimmed)) throw notANumber(name, value, type)
        return Number(trimmed.replace(/[fFdD]$/, ''))
      }
      throw invalid(name, value, type, `Expected value to be a double, but it was ${describe(value)}`)

    case 'LIST':
      if (Array.isArray(value)) return [...value]
      if (trimmed !== undefined) return trimmed === '' ? [] : trimmed.split(COMMA_WITH_WHITESPACE)
      throw invalid(name, value, type, 'Expected a comma separated list.')

    case 'CLASS':
      if (typeof value === 'function') return value
      if (trimmed !== undefined) return trimmed
      throw invalid(name, value, type, 'Expected a Class instance or class name.')

    default:
      throw new ConfigException(`Unknown type ${String(type)} for configuration ${name}.`)
  }
}

/**
 * Writes a parsed value back as text, as Kafka's ConfigDef.convertToString does: lists joined by
 * commas, doubles in Java's notation, a class as its name, a Password as "[hidden]". null stays
 * null. Without a type, the value's own text is used.
 */
export function convertToString (parsedValue: unknown, type: ConfigType | null | undefined): string | null {
  if (parsedValue === null || parsedValue === undefined) return null
  switch (type) {
    case 'DOUBLE':
      return typeof parsedValue === 'number' ? javaDoubleToString(parsedValue) : valueText(parsedValue)
    case 'LIST':
      return Array.isArray(parsedValue) ? parsedValue.map(valueText).join(',') : valueText(parsedValue)
    default:
      return valueText(parsedValue)
  }
}
