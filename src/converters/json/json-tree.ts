// The parsed form of a JSON document, keeping what JsonConverter must know and JSON.parse loses:
// whether a number was written as an integer or with a fraction/exponent, all its digits (int64
// and decimals exactly), and the order of object keys. It follows Jackson's tree model, which
// Kafka's JsonConverter reads, down to what each node yields when asked for the "wrong" type.
//
//   null, boolean, string   as themselves
//   number                  an integer literal that fits in 32 bits (Jackson's IntNode)
//   JsonNumber              any other number: a 64-bit or bigger integer, or a decimal
//   JsonValue[]             an array
//   JsonObject (a Map)      an object, keys in document order
//   undefined               no value at all (an empty document; Jackson's MissingNode)

import { BigDecimal } from '../../api/data/big-decimal.ts'

/** A parsed JSON value (see the table above). */
export type JsonValue = null | boolean | string | number | JsonNumber | JsonValue[] | JsonObject

/** A JSON object: keys in the order they first appeared; a repeated key keeps its last value. */
export type JsonObject = Map<string, JsonValue>

/** A number that is not a 32-bit integer literal, kept as its exact text. */
export class JsonNumber {
  /** The literal as written, leading zeros removed. */
  readonly text: string
  /** True when written without fraction or exponent. */
  readonly integral: boolean
  #decimal: BigDecimal | undefined

  constructor (text: string, integral: boolean) {
    this.text = text
    this.integral = integral
  }

  /** The exact value (an integer has scale 0; "1.50" has scale 2, "1e3" scale -3). */
  get decimal (): BigDecimal {
    this.#decimal ??= BigDecimal.fromString(this.text)
    return this.#decimal
  }
}

/** Jackson's JsonNodeType name of a value, as Kafka's error messages print it. */
export function nodeTypeName (value: JsonValue | undefined): string {
  if (value === undefined) return 'MISSING'
  if (value === null) return 'NULL'
  switch (typeof value) {
    case 'boolean': return 'BOOLEAN'
    case 'string': return 'STRING'
    case 'number': return 'NUMBER'
  }
  if (value instanceof JsonNumber) return 'NUMBER'
  return Array.isArray(value) ? 'ARRAY' : 'OBJECT'
}

/** True for any number. */
export function isNumber (value: JsonValue | undefined): value is number | JsonNumber {
  return typeof value === 'number' || value instanceof JsonNumber
}

/** True for an integer literal of any size (Jackson's isIntegralNumber). */
export function isIntegral (value: JsonValue | undefined): value is number | JsonNumber {
  return typeof value === 'number' || (value instanceof JsonNumber && value.integral)
}

/** True for an object. */
export function isObject (value: JsonValue | undefined): value is JsonObject {
  return value instanceof Map
}

/** The integer part of a number, toward zero, as a bigint (integers exactly). */
function truncated (value: JsonNumber, bits: number): bigint {
  if (value.integral) return BigInt(value.text)
  const { unscaled, scale } = value.decimal
  if (scale <= 0) {
    // × 10^k = × 2^k × 5^k: with k >= bits, the low `bits` bits, all that is kept, are zero.
    return -scale >= bits ? 0n : unscaled * 10n ** BigInt(-scale)
  }
  return scale > unscaled.toString().length ? 0n : unscaled / 10n ** BigInt(scale)
}

/** Jackson's intValue(): a number truncated to its low 32 bits; 0 for anything else. */
export function intValue (value: JsonValue | undefined): number {
  if (typeof value === 'number') return value
  if (!(value instanceof JsonNumber)) return 0
  return Number(BigInt.asIntN(32, truncated(value, 32)))
}

/** Jackson's longValue(): a number truncated to its low 64 bits; 0 for anything else. */
export function longValue (value: JsonValue | undefined): bigint {
  if (typeof value === 'number') return BigInt(value)
  if (!(value instanceof JsonNumber)) return 0n
  return BigInt.asIntN(64, truncated(value, 64))
}

/** Jackson's doubleValue(): the nearest double (a decimal zero is +0.0); 0 for anything else. */
export function doubleValue (value: JsonValue | undefined): number {
  if (typeof value === 'number') return value
  if (!(value instanceof JsonNumber)) return 0
  if (value.integral) return Number(BigInt(value.text))
  // A BigDecimal has no negative zero: "-0.0" is 0.0. A tiny negative still rounds to -0.0.
  return value.decimal.unscaled === 0n ? 0 : Number(value.text)
}

/** Jackson's floatValue(): the nearest float32, rounded once from the exact value; 0 otherwise. */
export function floatValue (value: JsonValue | undefined): number {
  if (typeof value === 'number') return Math.fround(value)
  if (!(value instanceof JsonNumber)) return 0
  if (value.integral) return bigintToFloat32(BigInt(value.text))
  return value.decimal.unscaled === 0n ? 0 : decimalToFloat32(value.decimal, Number(value.text))
}

/** Jackson's decimalValue() of a number: exact, keeping the literal's scale. */
export function decimalValue (value: number | JsonNumber): BigDecimal {
  return typeof value === 'number' ? new BigDecimal(BigInt(value), 0) : value.decimal
}

/** Rounds an integer to float32 in one step (bigint -> double -> float could round twice). */
function bigintToFloat32 (value: bigint): number {
  const magnitude = value < 0n ? -value : value
  const bitLength = magnitude.toString(2).length
  if (bitLength <= 53) return Math.fround(Number(value))
  // Keep 24 bits and a round bit; what lies below is the sticky part.
  const shift = bitLength - 25
  const kept = magnitude >> BigInt(shift)
  const sticky = (magnitude & ((1n << BigInt(shift)) - 1n)) !== 0n
  let mantissa = kept >> 1n
  if ((kept & 1n) === 1n && (sticky || (mantissa & 1n) === 1n)) mantissa++
  const rounded = Math.fround(Number(mantissa) * 2 ** (shift + 1))
  return value < 0n ? -rounded : rounded
}

/**
 * Rounds a decimal to float32 in one step. `nearestDouble` is the decimal rounded to a double;
 * rounding that again to float is right except when the double lies exactly halfway between two
 * floats, where the exact decimal decides.
 */
function decimalToFloat32 (decimal: BigDecimal, nearestDouble: number): number {
  const float = Math.fround(nearestDouble)
  if (float === nearestDouble || !Number.isFinite(float)) return float
  const other = nextFloatToward(float, nearestDouble)
  if ((float + other) / 2 !== nearestDouble) return float
  const sign = compareDecimalWithDouble(decimal, nearestDouble)
  if (sign === 0) return float
  const above = nearestDouble > float ? other : float
  const below = nearestDouble > float ? float : other
  return sign > 0 ? above : below
}

/** The float32 next to `float` in the direction of `target`. */
function nextFloatToward (float: number, target: number): number {
  const view = new DataView(new ArrayBuffer(4))
  view.setFloat32(0, float)
  const bits = view.getUint32(0)
  const up = (target > float) === (float >= 0)
  view.setUint32(0, float === 0 ? 1 : up ? bits + 1 : bits - 1)
  const next = view.getFloat32(0)
  return float === 0 && target < 0 ? -next : next
}

/** The sign of decimal − double, computed exactly. */
function compareDecimalWithDouble (decimal: BigDecimal, double: number): number {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, Math.abs(double))
  const bits = view.getBigUint64(0)
  const biased = Number(bits >> 52n)
  const fraction = bits & ((1n << 52n) - 1n)
  const mantissa = (biased === 0 ? fraction : fraction | (1n << 52n)) * (double < 0 ? -1n : 1n)
  const exponent = (biased === 0 ? 1 : biased) - 1075
  // decimal = unscaled × 10^-scale, double = mantissa × 2^exponent: compare over a common denominator.
  const left = decimal.unscaled * 10n ** BigInt(Math.max(0, -decimal.scale)) * 2n ** BigInt(Math.max(0, -exponent))
  const right = mantissa * 2n ** BigInt(Math.max(0, exponent)) * 10n ** BigInt(Math.max(0, decimal.scale))
  return left < right ? -1 : left > right ? 1 : 0
}
