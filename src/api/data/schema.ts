// The Connect schema model. A Schema describes a value: its type, whether it may be null, its
// default, and for the logical types (Decimal, Date, Time, Timestamp) a name that gives the
// primitive a meaning. Semantics follow org.apache.kafka.connect.data.{Schema,ConnectSchema}.
//
// How values are represented in JavaScript (validateValue enforces it):
//   INT8, INT16, INT32, FLOAT32, FLOAT64  number (integers must be in range for their width)
//   INT64                                 bigint, so all 64 bits survive every round trip
//   BOOLEAN boolean; STRING string; BYTES Uint8Array (a Buffer is one)
//   ARRAY   Array; MAP Map (a plain object is accepted as a map with string keys); STRUCT Struct
//   Decimal BigDecimal; Date, Time, Timestamp  Date

import type { Field } from './field.ts'
import { ConnectSchema } from './connect-schema.ts'

/** The twelve types of Connect's schema model. */
export type SchemaType =
  | 'INT8' | 'INT16' | 'INT32' | 'INT64' | 'FLOAT32' | 'FLOAT64'
  | 'BOOLEAN' | 'STRING' | 'BYTES' | 'ARRAY' | 'MAP' | 'STRUCT'

/** Every SchemaType, in Java's Schema.Type order. */
export const SCHEMA_TYPES: readonly SchemaType[] = [
  'INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64',
  'BOOLEAN', 'STRING', 'BYTES', 'ARRAY', 'MAP', 'STRUCT',
]

/** True for every type but ARRAY, MAP and STRUCT. */
export function isPrimitiveType (type: SchemaType): boolean {
  return type !== 'ARRAY' && type !== 'MAP' && type !== 'STRUCT'
}

/** The lower-case name Java's Schema.Type.getName() gives (used in messages and JSON schemas). */
export function schemaTypeName (type: SchemaType): string {
  return type.toLowerCase()
}

/** A schema: what a value may be. ConnectSchema implements it; SchemaBuilder builds one. */
export interface Schema {
  readonly type: SchemaType
  readonly optional: boolean
  /** undefined when there is none. A null default (allowed on an optional schema) means the same, as in Kafka. */
  readonly defaultValue: unknown
  readonly name: string | null
  readonly version: number | null
  readonly doc: string | null
  readonly parameters: Readonly<Record<string, string>> | null
  /** MAP only. */
  readonly keySchema: Schema | null
  /** ARRAY and MAP only. */
  readonly valueSchema: Schema | null
  /** STRUCT only, in declaration order. */
  readonly fields: readonly Field[] | null
  /** STRUCT only: the field of that name, or null. Throws DataException for other types. */
  field (name: string): Field | null
}

function primitive (type: SchemaType, optional: boolean): Schema {
  return new ConnectSchema({ type, optional })
}

/**
 * The ready-made primitive schemas, named as Java's Schema constants (Schema.INT32_SCHEMA,
 * Schema.OPTIONAL_STRING_SCHEMA, …).
 */
export const Schema = Object.freeze({
  INT8_SCHEMA: primitive('INT8', false),
  INT16_SCHEMA: primitive('INT16', false),
  INT32_SCHEMA: primitive('INT32', false),
  INT64_SCHEMA: primitive('INT64', false),
  FLOAT32_SCHEMA: primitive('FLOAT32', false),
  FLOAT64_SCHEMA: primitive('FLOAT64', false),
  BOOLEAN_SCHEMA: primitive('BOOLEAN', false),
  STRING_SCHEMA: primitive('STRING', false),
  BYTES_SCHEMA: primitive('BYTES', false),
  OPTIONAL_INT8_SCHEMA: primitive('INT8', true),
  OPTIONAL_INT16_SCHEMA: primitive('INT16', true),
  OPTIONAL_INT32_SCHEMA: primitive('INT32', true),
  OPTIONAL_INT64_SCHEMA: primitive('INT64', true),
  OPTIONAL_FLOAT32_SCHEMA: primitive('FLOAT32', true),
  OPTIONAL_FLOAT64_SCHEMA: primitive('FLOAT64', true),
  OPTIONAL_BOOLEAN_SCHEMA: primitive('BOOLEAN', true),
  OPTIONAL_STRING_SCHEMA: primitive('STRING', true),
  OPTIONAL_BYTES_SCHEMA: primitive('BYTES', true),
})
