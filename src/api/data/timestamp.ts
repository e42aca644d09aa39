// The Timestamp logical type: an INT64 count of milliseconds since the Unix epoch (a bigint, as
// every INT64), held in a JavaScript Date.

import { DataException } from '../errors.ts'
import { TIMESTAMP_LOGICAL_NAME } from './logical-names.ts'
import type { Schema } from './schema.ts'
import { SchemaBuilder } from './schema-builder.ts'

/** The furthest a JavaScript Date reaches from the epoch either way, in milliseconds. */
const MAX_DATE_MILLIS = 8_640_000_000_000_000

/** The Timestamp logical type (org.apache.kafka.connect.data.Timestamp). */
export const Timestamp = Object.freeze({
  LOGICAL_NAME: TIMESTAMP_LOGICAL_NAME,

  /** A builder for a Timestamp schema, to make it optional, give it a default… */
  builder (): SchemaBuilder {
    return SchemaBuilder.int64().name(TIMESTAMP_LOGICAL_NAME).version(1)
  },

  /** The required Timestamp schema. */
  schema (): Schema {
    return TIMESTAMP_SCHEMA
  },

  /** The required Timestamp schema (Java's Timestamp.SCHEMA). */
  get SCHEMA (): Schema {
    return TIMESTAMP_SCHEMA
  },

  /** Milliseconds since the epoch of a Date. */
  fromLogical (schema: Schema, value: Date): bigint {
    checkSchema(schema)
    const millis = value instanceof Date ? value.getTime() : NaN
    if (Number.isNaN(millis)) throw new DataException(`A Timestamp value must be a valid JavaScript Date, not ${String(value)}`)
    return BigInt(millis)
  },

  /** The Date at the given milliseconds since the epoch (a bigint, or an integer number). */
  toLogical (schema: Schema, millis: bigint | number): Date {
    checkSchema(schema)
    const asNumber = typeof millis === 'bigint' ? Number(millis) : millis
    if (!Number.isInteger(asNumber) || Math.abs(asNumber) > MAX_DATE_MILLIS) {
      throw new DataException(`Timestamp ${String(millis)} cannot be a JavaScript Date, which holds integer ` +
        `milliseconds within ±${MAX_DATE_MILLIS} of the epoch`)
    }
    return new Date(asNumber)
  },
})

const TIMESTAMP_SCHEMA = Timestamp.builder().build()

function checkSchema (schema: Schema): void {
  if (schema?.name !== TIMESTAMP_LOGICAL_NAME) {
    throw new DataException('Requested conversion of Timestamp object but the schema does not match.')
  }
}
