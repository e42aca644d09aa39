// The Time logical type: an INT32 count of milliseconds since midnight, a time of day in UTC,
// held in a JavaScript Date on 1970-01-01.

import { DataException } from '../errors.ts'
import { TIME_LOGICAL_NAME } from './logical-names.ts'
import type { Schema } from './schema.ts'
import { SchemaBuilder } from './schema-builder.ts'

const MILLIS_PER_DAY = 86_400_000

/** The Time logical type (org.apache.kafka.connect.data.Time). */
export const Time = Object.freeze({
  LOGICAL_NAME: TIME_LOGICAL_NAME,

  /** A builder for a Time schema, to make it optional, give it a default… */
  builder (): SchemaBuilder {
    return SchemaBuilder.int32().name(TIME_LOGICAL_NAME).version(1)
  },

  /** The required Time schema. */
  schema (): Schema {
    return TIME_SCHEMA
  },

  /** The required Time schema (Java's Time.SCHEMA). */
  get SCHEMA (): Schema {
    return TIME_SCHEMA
  },

  /** Milliseconds since midnight of a Date on 1970-01-01 UTC; a Date on another day is rejected. */
  fromLogical (schema: Schema, value: Date): number {
    if (schema?.name !== TIME_LOGICAL_NAME) {
      throw new DataException('Requested conversion of Time object but the schema does not match.')
    }
    const millis = value instanceof Date ? value.getTime() : NaN
    if (Number.isNaN(millis)) throw new DataException(`A Time value must be a valid JavaScript Date, not ${String(value)}`)
    // Java accepts exactly one whole day (24:00) too.
    if (millis < 0 || millis > MILLIS_PER_DAY) {
      throw new DataException('Kafka Connect Time type should not have any date fields set to non-zero values.')
    }
    return millis
  },

  /** The Date on 1970-01-01 UTC at the given milliseconds since midnight. */
  toLogical (schema: Schema, millis: number): Date {
    if (schema?.name !== TIME_LOGICAL_NAME) {
      throw new DataException('Requested conversion of Date object but the schema does not match.')
    }
    if (!Number.isInteger(millis) || millis < 0 || millis > MILLIS_PER_DAY) {
      throw new DataException('Time values must use number of milliseconds greater than 0 and less than 86400000')
    }
    return new Date(millis)
  },
})

const TIME_SCHEMA = Time.builder().build()
