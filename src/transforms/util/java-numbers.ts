// Java's number conversions as Cast relies on them: Number.byteValue()/intValue()/… of each boxed
// type (wrapping, truncating and saturating exactly as Java's casts do), Byte.parseByte and its
// kin, Float.parseFloat/Double.parseDouble, Boolean.parseBoolean, and toString().

import type { BigDecimal } from '../../api/data/big-decimal.ts'
import { javaDoubleValue, javaFloatValue, javaLongValue, parseJavaBigDecimal } from '../../api/data/java-big-decimal.ts'
import { javaDoubleToString, javaFloatToString } from '../../api/data/java-number-format.ts'
import { javaDigitValue } from '../../api/data/java-text.ts'
import type { JavaKind } from './java-values.ts'

/** A Java number: an integral or floating value with the class it has. */
export interface JavaNumber {
  readonly kind: 'Byte' | 'Short' | 'Integer' | 'Long' | 'Float' | 'Double' | 'BigDecimal'
  readonly value: number | bigint | BigDecimal
}

/** Thrown where Java throws NumberFormatException; callers turn it into their own message. */
export class JavaNumberFormatError extends Error {}

const INT_MIN = -2147483648
const INT_MAX = 2147483647

/** Whether a kind is one of Java's Number classes. */
export function isNumberKind (kind: JavaKind | null): kind is JavaNumber['kind'] {
  return kind === 'Byte' || kind === 'Short' || kind === 'Integer' || kind === 'Long' ||
    kind === 'Float' || kind === 'Double' || kind === 'BigDecimal'
}

/** Number.longValue(): integral types as they are, floats truncated and saturated (NaN is 0), BigDecimal's low 64 bits. */
export function longValue (n: JavaNumber): bigint {
  switch (n.kind) {
    case 'Long': return n.value as bigint
    case 'Float':
    case 'Double': return doubleToLong(n.value as number)
    case 'BigDecimal': return javaLongValue(n.value as BigDecimal)
    default: return BigInt(n.value as number)
  }
}

/** Number.intValue(): the low 32 bits of integral values; floats truncated and saturated to the int range. */
export function intValue (n: JavaNumber): number {
  if (n.kind === 'Float' || n.kind === 'Double') return doubleToInt(n.value as number)
  return Number(BigInt.asIntN(32, longValue(n)))
}

/** Number.shortValue(): (short) intValue(). */
export function shortValue (n: JavaNumber): number {
  return Number(BigInt.asIntN(16, BigInt(intValue(n))))
}

/** Number.byteValue(): (byte) intValue(). */
export function byteValue (n: JavaNumber): number {
  return Number(BigInt.asIntN(8, BigInt(intValue(n))))
}

/** Number.doubleValue(). */
export function doubleValue (n: JavaNumber): number {
  switch (n.kind) {
    case 'Long': return Number(n.value as bigint)
    case 'BigDecimal': return javaDoubleValue(n.value as BigDecimal)
    default: return n.value as number
  }
}

/** Number.floatValue(): rounded once to the nearest float. */
export function floatValue (n: JavaNumber): number {
  switch (n.kind) {
    case 'Long': return longToFloat(n.value as bigint)
    case 'BigDecimal': return javaFloatValue(n.value as BigDecimal)
    default: return Math.fround(n.value as number)
  }
}

/** Java's (long) of a double: truncated toward zero, saturated, NaN as 0. */
export function doubleToLong (value: number): bigint {
  if (Number.isNaN(value)) return 0n
  if (value >= 2 ** 63) return 2n ** 63n - 1n
  if (value <= -(2 ** 63)) return -(2n ** 63n)
  return BigInt(Math.trunc(value))
}

/** Java's (int) of a double: truncated toward zero, saturated, NaN as 0. */
export function doubleToInt (value: number): number {
  if (Number.isNaN(value)) return 0
  if (value >= INT_MAX) return INT_MAX
  if (value <= INT_MIN) return INT_MIN
  return Math.trunc(value) + 0
}

/** Java's (float) of a long: the nearest float, ties to even (not by way of a double). */
export function longToFloat (value: bigint): number {
  const magnitude = value < 0n ? -value : value
  const bits = magnitude.toString(2).length
  if (bits <= 24) return Number(value)
  // Keep 24 significant bits, rounding half to even on what is dropped.
  const drop = BigInt(bits - 24)
  let kept = magnitude >> drop
  const rest = magnitude - (kept << drop)
  const half = 1n << (drop - 1n)
  if (rest > half || (rest === half && (kept & 1n) === 1n)) kept += 1n
  const result = Number(kept) * 2 ** Number(drop)
  return value < 0n ? -result : result
}

/**
 * Java's Long.parseLong(text) (radix 10): an optional sign, then at least one digit of any
 * script, within the long range; no spaces. Throws JavaNumberFormatError otherwise.
 */
export function parseJavaLong (text: string): bigint {
  let digits = ''
  let start = 0
  if (text.length > 0 && (text[0] === '-' || text[0] === '+')) start = 1
  if (start === text.length) throw new JavaNumberFormatError(`For input string: "${text}"`)
  for (let i = start; i < text.length; i++) {
    const digit = javaDigitValue(text.charCodeAt(i))
    if (digit < 0) throw new JavaNumberFormatError(`For input string: "${text}"`)
    digits += String(digit)
  }
  const value = BigInt(text[0] === '-' ? '-' + digits : digits)
  if (value < -(2n ** 63n) || value >= 2n ** 63n) throw new JavaNumberFormatError(`For input string: "${text}"`)
  return value
}

/** Integer.parseInt, Short.parseShort or Byte.parseByte (by `bits`): parseJavaLong within the narrower range. */
export function parseJavaInteger (text: string, bits: 8 | 16 | 32): number {
  const value = parseJavaLong(text)
  const limit = 2n ** BigInt(bits - 1)
  if (value < -limit || value >= limit) {
    throw new JavaNumberFormatError(bits === 32 ? `For input string: "${text}"` : `Value out of range. Value:"${text}" Radix:10`)
  }
  return Number(value)
}

// Java's floating-point literal grammar (FloatingDecimal.readJavaFormatString), after trimming.
const DECIMAL_FLOAT = /^([+-]?)(?:(NaN)|(Infinity)|(\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?|0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+))[fFdD]?$/

/** Java's Double.parseDouble: spaces and control characters trimmed, decimal or hexadecimal, NaN, Infinity, an f/d suffix. */
export function parseJavaDouble (text: string): number {
  return parseJavaFloating(text, false)
}

/** Java's Float.parseFloat: as parseJavaDouble, rounded once to a float. */
export function parseJavaFloat (text: string): number {
  return parseJavaFloating(text, true)
}

function parseJavaFloating (text: string, float: boolean): number {
  const trimmed = javaTrim(text)
  const match = DECIMAL_FLOAT.exec(trimmed)
  if (match === null) throw new JavaNumberFormatError(trimmed === '' ? 'empty String' : `For input string: "${text}"`)
  const [, sign, nan, infinity, decimal, exponent, hexInteger, hexFraction, hexExponent] = match
  const negative = sign === '-'
  if (nan !== undefined) return NaN
  if (infinity !== undefined) return negative ? -Infinity : Infinity
  let magnitude: number
  if (decimal !== undefined) {
    const literal = `${decimal}e${exponent ?? '0'}`
    if (float) {
      const exact = parseJavaBigDecimal(`${decimal.startsWith('.') ? '0' + decimal : decimal}${exponent === undefined ? '' : 'e' + exponent}`)
      magnitude = exact === null ? Math.fround(Number(literal)) : javaFloatValue(exact)
    } else {
      magnitude = Number(literal)
    }
  } else {
    const integer = hexInteger ?? ''
    const fraction = hexFraction ?? ''
    if (integer === '' && fraction === '') throw new JavaNumberFormatError(`For input string: "${text}"`)
    const mantissa = BigInt('0x' + ((integer + fraction) || '0'))
    const value = Number(mantissa) * 2 ** (Number(hexExponent) - 4 * fraction.length)
    magnitude = float ? Math.fround(value) : value
  }
  return negative ? -magnitude : magnitude
}

/** Java's String.trim(): removes characters up to U+0020 from both ends. */
function javaTrim (text: string): string {
  let start = 0
  let end = text.length
  while (start < end && text.charCodeAt(start) <= 0x20) start++
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--
  return text.slice(start, end)
}

/** Java's Boolean.parseBoolean: true exactly for "true" in any case. */
export function parseJavaBoolean (text: string): boolean {
  return text.toLowerCase() === 'true'
}

/** Java's toString() of a number of the given class. */
export function javaNumberToString (n: JavaNumber): string {
  switch (n.kind) {
    case 'Float': return javaFloatToString(n.value as number)
    case 'Double': return javaDoubleToString(n.value as number)
    case 'BigDecimal': return (n.value as BigDecimal).toString()
    default: return String(n.value)
  }
}
