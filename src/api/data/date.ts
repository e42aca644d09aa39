// The Date logical type: an INT32 count of days since the Unix epoch, a calendar date in UTC.
// Named ConnectDate because JavaScript owns the name Date.

import { DataException } from '../errors.ts'
import { DATE_LOGICAL_NAME } from './logical-names.ts'
import type { Schema } from './schema.ts'
import { SchemaBuilder } from './schema-builder.ts'

const MILLIS_PER_DAY = 86_400_000

/** The Date logical type (org.apache.kafka.connect.data.Date). */
export const ConnectDate = Object.freeze({
  LOGICAL_NAME: DATE_LOGICAL_NAME,

  /** A builder for a Date schema, to make it optional, give it a default… */
  builder (): SchemaBuilder {
    return SchemaBuilder.int32().name(DATE_LOGICAL_NAME).version(1)
  },

  /** The required Date schema. */
  schema (): Schema {
    return DATE_SCHEMA
  },

  /** The required Date schema (Java's Date.SCHEMA). */
  get SCHEMA (): Schema {
    return DATE_SCHEMA
  },

  /** Days since the epoch of a Date at midnight UTC; a Date with a time of day is rejected. */
  fromLogical (schema: Schema, value: Date): number {
    checkSchema(schema)
    const millis = validMillis(value)
    if (millis % MILLIS_PER_DAY !== 0) {
      throw new DataException('Kafka Connect Date type should not have any time fields set to non-zero values.')
    }
    return millis / MILLIS_PER_DAY
  },

  /** The Date at midnight UTC of the given day since the epoch. */
  toLogical (schema: Schema, days: number): Date {
    checkSchema(schema)
    if (!Number.isInteger(days)) throw new DataException(`A Date's raw value must be an integer count of days, not ${String(days)}`)
    return new Date(days * MILLIS_PER_DAY)
  },
})

const DATE_SCHEMA = ConnectDate.builder().build()

function checkSchema (schema: Schema): void {
  if (schema?.name !== DATE_LOGICAL_NAME) {
    throw new DataException('Requested conversion of Date object but the schema does not match.')
  }
}

function validMillis (value: Date): number {
  const millis = value instanceof Date ? value.getTime() : NaN
  if (Number.isNaN(millis)) throw new DataException(`A Date value must be a valid JavaScript Date, not ${String(value)}`)
  return millis
}
