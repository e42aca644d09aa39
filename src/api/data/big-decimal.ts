// An arbitrary-precision decimal, the value of a Decimal schema: unscaled × 10^-scale, exactly as
// java.math.BigDecimal. The string forms, equality (value AND scale) and the conversion from a
// double follow Java's, because converters and SMTs must print and compare decimals as Kafka does.

import { DataException } from '../errors.ts'

const BRAND = Symbol.for('kconnect.BigDecimal')
const INT32_MIN = -2147483648
const INT32_MAX = 2147483647
const DECIMAL_STRING = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

/** How setScale rounds when digits are dropped (java.math.RoundingMode's names). */
export type RoundingMode =
  | 'UP' | 'DOWN' | 'CEILING' | 'FLOOR' | 'HALF_UP' | 'HALF_DOWN' | 'HALF_EVEN' | 'UNNECESSARY'

/** An exact decimal number: `unscaled × 10^-scale`. Immutable. */
export class BigDecimal {
  readonly unscaled: bigint
  readonly scale: number

  constructor (unscaled: bigint, scale = 0) {
    if (typeof unscaled !== 'bigint') {
      throw new DataException(`A BigDecimal's unscaled value must be a bigint, not ${typeof unscaled}`)
    }
    checkScale(scale)
    this.unscaled = unscaled
    this.scale = scale
  }

  /** Recognises a BigDecimal from another copy of this module too (a plugin may bundle its own). */
  static [Symbol.hasInstance] (value: unknown): value is BigDecimal {
    if (this !== BigDecimal) return Function.prototype[Symbol.hasInstance].call(this, value)
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true
  }

  /** Parses Java's BigDecimal string forms: "1.5", "-0.001", ".5", "1E+3", "1.23e-4". */
  static fromString (text: string): BigDecimal {
    const match = typeof text === 'string' ? DECIMAL_STRING.exec(text) : null
    const intDigits = match?.[2] ?? ''
    const fracDigits = match?.[3] ?? ''
    if (match === null || intDigits.length + fracDigits.length === 0) {
      throw new DataException(`Invalid decimal number: "${String(text)}". Expected digits with an optional sign, ` +
        'decimal point and exponent, like -12.5 or 1.23E+4')
    }
    const exponent = match[4] === undefined ? 0 : Number(match[4])
    const scale = fracDigits.length - exponent
    if (!Number.isSafeInteger(scale) || scale < INT32_MIN || scale > INT32_MAX) {
      throw new DataException(`Invalid decimal number: "${text}": its exponent is out of range`)
    }
    const magnitude = BigInt(intDigits + fracDigits)
    return new BigDecimal(match[1] === '-' ? -magnitude : magnitude, scale)
  }

  /**
   * The decimal Java's BigDecimal.valueOf(double) gives: the digits of the shortest string that
   * reads back as the same double, so 0.1 is 0.1 (scale 1), 100 is 100.0 (scale 1) and 1e7 is 1.0E+7.
   * For an exact integer with scale 0, use `new BigDecimal(BigInt(n))`.
   */
  static fromNumber (value: number): BigDecimal {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new DataException(`Cannot convert ${String(value)} to a decimal: only finite numbers have one`)
    }
    if (value === 0) return new BigDecimal(0n, 1)
    const [mantissa, exponentText] = value.toExponential().split('e')
    const digits = mantissa.replace('-', '').replace('.', '')
    const exponent = Number(exponentText)
    const magnitude = Math.abs(value)
    let unscaledDigits: string
    let scale: number
    if (magnitude >= 1e-3 && magnitude < 1e7) {
      // Double.toString writes these plainly, with at least one digit after the point.
      const fractionDigits = digits.length - 1 - exponent
      scale = Math.max(1, fractionDigits)
      unscaledDigits = digits + '0'.repeat(scale - fractionDigits)
    } else {
      // Otherwise as d.dddE±n, again with at least one digit after the point.
      unscaledDigits = digits.length === 1 ? digits + '0' : digits
      scale = unscaledDigits.length - 1 - exponent
    }
    const unscaled = BigInt(unscaledDigits)
    return new BigDecimal(value < 0 ? -unscaled : unscaled, scale)
  }

  /** -1, 0 or 1 as the value is negative, zero or positive. */
  signum (): number {
    return this.unscaled < 0n ? -1 : this.unscaled > 0n ? 1 : 0
  }

  /** The number of digits in the unscaled value (1 for zero), as Java's precision(). */
  precision (): number {
    return absDigits(this.unscaled).length
  }

  /** This value with the sign flipped. */
  negate (): BigDecimal {
    return new BigDecimal(-this.unscaled, this.scale)
  }

  /**
   * The same value with another scale. Raising the scale is always exact; lowering it drops digits,
   * which `rounding` decides (by default that is an error, as Java's RoundingMode.UNNECESSARY).
   */
  setScale (newScale: number, rounding: RoundingMode = 'UNNECESSARY'): BigDecimal {
    checkScale(newScale)
    if (newScale === this.scale) return this
    if (newScale > this.scale) {
      return new BigDecimal(this.unscaled * 10n ** BigInt(newScale - this.scale), newScale)
    }
    const divisor = 10n ** BigInt(this.scale - newScale)
    return new BigDecimal(divideRounded(this.unscaled, divisor, rounding), newScale)
  }

  /** The same value with trailing zeros of the unscaled value removed (zero becomes 0, scale 0). */
  stripTrailingZeros (): BigDecimal {
    if (this.unscaled === 0n) return new BigDecimal(0n, 0)
    let unscaled = this.unscaled
    let scale = this.scale
    while (unscaled % 10n === 0n) {
      unscaled /= 10n
      scale--
    }
    return scale === this.scale ? this : new BigDecimal(unscaled, scale)
  }

  /** Compares numerically, ignoring scale (2.0 and 2.00 compare equal): -1, 0 or 1. */
  compareTo (other: BigDecimal): number {
    const [left, right] = alignScales(this, other)
    return left < right ? -1 : left > right ? 1 : 0
  }

  /** Java's equals: the same value AND the same scale (2.0 does not equal 2.00; see compareTo). */
  equals (other: unknown): boolean {
    return other instanceof BigDecimal && this.unscaled === other.unscaled && this.scale === other.scale
  }

  /** The nearest double. */
  toNumber (): number {
    return Number(this.toString())
  }

  /**
   * Java's BigDecimal.toString: plain digits when the scale is not negative and the adjusted
   * exponent is at least -6, otherwise scientific notation ("1.23E+7", "1E-10").
   */
  toString (): string {
    const digits = absDigits(this.unscaled)
    const sign = this.unscaled < 0n ? '-' : ''
    const adjusted = digits.length - 1 - this.scale
    if (this.scale >= 0 && adjusted >= -6) return sign + placePoint(digits, this.scale)
    const fraction = digits.length > 1 ? '.' + digits.slice(1) : ''
    return `${sign}${digits[0]}${fraction}E${adjusted >= 0 ? '+' : ''}${adjusted}`
  }

  /** Java's toPlainString: never scientific notation ("12300000", "0.0000000001"). */
  toPlainString (): string {
    if (this.scale < 0) {
      return this.unscaled === 0n ? '0' : this.unscaled.toString() + '0'.repeat(-this.scale)
    }
    return (this.unscaled < 0n ? '-' : '') + placePoint(absDigits(this.unscaled), this.scale)
  }
}

Object.defineProperty(BigDecimal.prototype, BRAND, { value: true })

function checkScale (scale: number): void {
  if (!Number.isInteger(scale) || scale < INT32_MIN || scale > INT32_MAX) {
    throw new DataException(`A BigDecimal's scale must be a 32-bit integer, not ${String(scale)}`)
  }
}

function absDigits (value: bigint): string {
  return (value < 0n ? -value : value).toString()
}

/** Digits with a decimal point `scale` places from the right (scale >= 0), zero-padded on the left. */
function placePoint (digits: string, scale: number): string {
  if (scale === 0) return digits
  if (digits.length > scale) return digits.slice(0, digits.length - scale) + '.' + digits.slice(digits.length - scale)
  return '0.' + '0'.repeat(scale - digits.length) + digits
}

function alignScales (a: BigDecimal, b: BigDecimal): [bigint, bigint] {
  if (a.scale === b.scale) return [a.unscaled, b.unscaled]
  if (a.scale > b.scale) return [a.unscaled, b.unscaled * 10n ** BigInt(a.scale - b.scale)]
  return [a.unscaled * 10n ** BigInt(b.scale - a.scale), b.unscaled]
}

function divideRounded (dividend: bigint, divisor: bigint, rounding: RoundingMode): bigint {
  const quotient = dividend / divisor
  const remainder = dividend % divisor
  if (remainder === 0n) return quotient
  const sign = dividend < 0n ? -1n : 1n
  const twiceRemainder = (remainder < 0n ? -remainder : remainder) * 2n
  let awayFromZero: boolean
  switch (rounding) {
    case 'UP': awayFromZero = true; break
    case 'DOWN': awayFromZero = false; break
    case 'CEILING': awayFromZero = sign > 0n; break
    case 'FLOOR': awayFromZero = sign < 0n; break
    case 'HALF_UP': awayFromZero = twiceRemainder >= divisor; break
    case 'HALF_DOWN': awayFromZero = twiceRemainder > divisor; break
    case 'HALF_EVEN': awayFromZero = twiceRemainder > divisor || (twiceRemainder === divisor && quotient % 2n !== 0n); break
    case 'UNNECESSARY': throw new DataException('Rounding necessary: lowering the scale would drop non-zero digits')
    default: throw new DataException(`Unknown rounding mode: ${String(rounding)}`)
  }
  return awayFromZero ? quotient + sign : quotient
}
