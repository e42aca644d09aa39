// What Java's java.math.BigDecimal does with a number's text and its conversions to primitives,
// as Values relies on them: `new BigDecimal(text)` (digits of any script, an exponent up to the
// 32-bit scale), longValue() (the low 64 bits of the integer part), and doubleValue()/floatValue()
// (correctly rounded). None of these builds 10^scale, so "1e999999999" costs nothing.

import { BigDecimal } from './big-decimal.ts'
import { javaDigitValue } from './java-text.ts'

const INT32_MIN = -2147483648
const INT32_MAX = 2147483647
const MAX_FLOAT = 3.4028234663852886e38
const ASCII_DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?)(\d+))?$/

/** Java's `new BigDecimal(text)`, or null where Java throws NumberFormatException. */
export function parseJavaBigDecimal (text: string): BigDecimal | null {
  const match = ASCII_DECIMAL.exec(asciiDigits(text))
  if (match === null) return null
  const [, sign, integerDigits, fractionDigits = '', exponentSign, exponentDigits] = match
  if (integerDigits.length + fractionDigits.length === 0) return null
  let exponent = 0
  if (exponentDigits !== undefined) {
    const significant = exponentDigits.replace(/^0+/, '')
    // Java reads at most ten exponent digits, leading zeros aside.
    if (significant.length > 10) return null
    exponent = Number(significant || '0') * (exponentSign === '-' ? -1 : 1)
  }
  const scale = fractionDigits.length - exponent
  if (scale < INT32_MIN || scale > INT32_MAX) return null
  const magnitude = BigInt(integerDigits + fractionDigits)
  return new BigDecimal(sign === '-' ? -magnitude : magnitude, scale)
}

/** Java's BigDecimal.longValue(): the integer part (truncated), wrapped to 64 bits. */
export function javaLongValue (decimal: BigDecimal): bigint {
  const { unscaled, scale } = decimal
  if (unscaled === 0n || scale <= -64) return 0n // 10^64 is a multiple of 2^64
  if (scale <= 0) return BigInt.asIntN(64, unscaled * 10n ** BigInt(-scale))
  if (scale >= digitCount(unscaled)) return 0n
  return BigInt.asIntN(64, unscaled / 10n ** BigInt(scale))
}

/** Java's BigDecimal.doubleValue(): the nearest double (±Infinity beyond the range). */
export function javaDoubleValue (decimal: BigDecimal): number {
  return Number(`${decimal.unscaled}e${-decimal.scale}`)
}

/**
 * Java's BigDecimal.floatValue(): the nearest float, rounded once. Rounding to the nearest
 * double first and then to float is wrong only when the double lands exactly halfway between two
 * floats, so that case is settled by comparing the decimal with the halfway point exactly.
 */
export function javaFloatValue (decimal: BigDecimal): number {
  const double = javaDoubleValue(decimal)
  const float = Math.fround(double)
  if (float === double || !Number.isFinite(double)) return float
  // Past the largest float, the rounding boundary lies halfway to 2^128.
  const nearest = Number.isFinite(float) ? float : Math.sign(float) * 2 ** 128
  const other = adjacentFloat(nearest, double > nearest ? 1 : -1)
  if ((nearest + other) / 2 !== double) return float
  const side = compareWithDouble(decimal, double)
  if (side === 0) return float
  return (side > 0) === (other > nearest) ? other : float
}

/** The sign of |decimal| - 10^power, for comparing magnitudes without building the power. */
export function compareMagnitudeWithPowerOfTen (decimal: BigDecimal, power: number): number {
  if (decimal.unscaled === 0n) return -1
  const digits = digitCount(decimal.unscaled)
  const adjusted = digits - 1 - decimal.scale
  if (adjusted !== power) return adjusted > power ? 1 : -1
  // Same order of magnitude: equal only when the digits are a 1 and zeros.
  const magnitude = decimal.unscaled < 0n ? -decimal.unscaled : decimal.unscaled
  return magnitude === 10n ** BigInt(digits - 1) ? 0 : 1
}

/** True when the decimal has no fractional part (Java: scale <= 0 after stripping trailing zeros). */
export function isWholeNumber (decimal: BigDecimal): boolean {
  const { unscaled, scale } = decimal
  if (unscaled === 0n || scale <= 0) return true
  if (scale >= digitCount(unscaled)) return false
  return unscaled % 10n ** BigInt(scale) === 0n
}

/** The value of a decimal known to be a whole number of at most about 20 digits. */
export function exactInteger (decimal: BigDecimal): bigint {
  const { unscaled, scale } = decimal
  return scale <= 0 ? unscaled * 10n ** BigInt(-scale) : unscaled / 10n ** BigInt(scale)
}

/** Maps every decimal digit of another script to its ASCII digit, as Character.digit reads it. */
function asciiDigits (text: string): string {
  let ascii = ''
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    const digit = code < 0x80 ? -1 : javaDigitValue(code)
    ascii += digit >= 0 ? String(digit) : text[i]
  }
  return ascii
}

function digitCount (value: bigint): number {
  return (value < 0n ? -value : value).toString().length
}

/** The float next to `float` (a float, or ±2^128) towards +∞ or -∞ as `direction` is 1 or -1. */
function adjacentFloat (float: number, direction: number): number {
  if (float === 0) return direction * 2 ** -149
  if (Math.abs(float) === 2 ** 128) return Math.sign(float) * MAX_FLOAT
  const view = new DataView(new ArrayBuffer(4))
  view.setFloat32(0, float)
  const bits = view.getUint32(0)
  const awayFromZero = (direction > 0) === (float > 0)
  if (awayFromZero && (bits & 0x7fffffff) === 0x7f7fffff) return Math.sign(float) * 2 ** 128
  view.setUint32(0, awayFromZero ? bits + 1 : bits - 1)
  return view.getFloat32(0)
}

/** The sign of decimal - double, exactly. */
function compareWithDouble (decimal: BigDecimal, double: number): number {
  const [mantissa, exponent] = exactDouble(double)
  // decimal = unscaled × 10^-scale, double = mantissa × 2^exponent: scale both to integers.
  let left = decimal.unscaled
  let right = mantissa
  if (decimal.scale > 0) right *= 10n ** BigInt(decimal.scale)
  else left *= 10n ** BigInt(-decimal.scale)
  if (exponent > 0) right *= 2n ** BigInt(exponent)
  else left *= 2n ** BigInt(-exponent)
  return left < right ? -1 : left > right ? 1 : 0
}

function exactDouble (double: number): [bigint, number] {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, double)
  const high = view.getUint32(0)
  const biased = (high >>> 20) & 0x7ff
  const fraction = (BigInt(high & 0xfffff) << 32n) | BigInt(view.getUint32(4))
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n)
  const signed = double < 0 ? -mantissa : mantissa
  return [signed, (biased === 0 ? 1 : biased) - 1075]
}
