// The Decimal logical type: a BYTES schema whose "scale" parameter fixes the scale, holding the
// big-endian two's-complement bytes of the unscaled value, exactly as Java's BigInteger.toByteArray
// writes them (minimal length), so the bytes match what Kafka Connect puts on the wire.

import { DataException } from '../errors.ts'
import { BigDecimal } from './big-decimal.ts'
import { DECIMAL_LOGICAL_NAME } from './logical-names.ts'
import type { Schema } from './schema.ts'
import { SchemaBuilder } from './schema-builder.ts'

const SCALE_FIELD = 'scale'

/** The Decimal logical type (org.apache.kafka.connect.data.Decimal). */
export const Decimal = Object.freeze({
  LOGICAL_NAME: DECIMAL_LOGICAL_NAME,
  SCALE_FIELD,

  /** A builder for a Decimal schema of the given scale, to make it optional, give it a default… */
  builder (scale: number): SchemaBuilder {
    if (!Number.isInteger(scale) || scale < -2147483648 || scale > 2147483647) {
      throw new DataException(`A Decimal scale must be a 32-bit integer, not ${String(scale)}`)
    }
    return SchemaBuilder.bytes().name(DECIMAL_LOGICAL_NAME).parameter(SCALE_FIELD, String(scale)).version(1)
  },

  /** A required Decimal schema of the given scale. */
  schema (scale: number): Schema {
    return Decimal.builder(scale).build()
  },

  /** The bytes of a decimal, whose scale must be the schema's. */
  fromLogical (schema: Schema, value: BigDecimal): Uint8Array {
    if (!(value instanceof BigDecimal)) {
      throw new DataException(`A Decimal value must be a BigDecimal, not ${typeof value}`)
    }
    const schemaScale = scaleOf(schema)
    if (value.scale !== schemaScale) {
      throw new DataException('Decimal value has mismatching scale for given Decimal schema. ' +
        `Schema has scale ${schemaScale}, value has scale ${value.scale}.`)
    }
    return toTwosComplement(value.unscaled)
  },

  /** The decimal held in `bytes`, with the schema's scale. */
  toLogical (schema: Schema, bytes: Uint8Array): BigDecimal {
    if (!(bytes instanceof Uint8Array)) throw new DataException(`A Decimal's raw value must be a Uint8Array, not ${typeof bytes}`)
    if (bytes.length === 0) throw new DataException('Invalid Decimal value: zero-length bytes hold no number')
    return new BigDecimal(fromTwosComplement(bytes), scaleOf(schema))
  },
})

function scaleOf (schema: Schema): number {
  const scaleText = schema.parameters?.[SCALE_FIELD]
  if (scaleText === undefined) throw new DataException('Invalid Decimal schema: scale parameter not found.')
  const scale = /^[+-]?\d{1,10}$/.test(scaleText) ? Number(scaleText) : NaN
  if (!Number.isInteger(scale) || scale < -2147483648 || scale > 2147483647) {
    throw new DataException(`Invalid scale parameter found in Decimal schema: "${scaleText}" is not a 32-bit integer`)
  }
  return scale
}

/** Java's BigInteger.toByteArray: the fewest bytes whose two's complement is `value`, big-endian. */
function toTwosComplement (value: bigint): Uint8Array {
  // The bits needed besides the sign bit: those of value itself, or of -value-1 when negative.
  const magnitude = value < 0n ? -value - 1n : value
  const bitLength = magnitude === 0n ? 0 : magnitude.toString(2).length
  const length = Math.floor(bitLength / 8) + 1
  const bytes = new Uint8Array(length)
  let rest = BigInt.asUintN(length * 8, value)
  for (let i = length - 1; i >= 0; i--) {
    bytes[i] = Number(rest & 0xffn)
    rest >>= 8n
  }
  return bytes
}

/** Java's new BigInteger(byte[]): big-endian two's complement. */
function fromTwosComplement (bytes: Uint8Array): bigint {
  let hex = ''
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0')
  return BigInt.asIntN(bytes.length * 8, BigInt('0x' + hex))
}
