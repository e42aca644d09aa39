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

import { DataException } from '../errors.ts'
import type { Field } from './field.ts'

export type SchemaType =
  | 'INT8' | 'INT16' | 'INT32' | 'INT64' | 'FLOAT32' | 'FLOAT64'
  | 'BOOLEAN' | 'STRING' | 'BYTES' | 'ARRAY' | 'MAP' | 'STRUCT'

export const SCHEMA_TYPES: readonly SchemaType[] = [
  'INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64',
  'BOOLEAN', 'STRING', 'BYTES', 'ARRAY', 'MAP', 'STRUCT',
]

export function isPrimitiveType (type: SchemaType): boolean {
  return type !== 'ARRAY' && type !== 'MAP' && type !== 'STRUCT'
}

/** The lower-case name Java's Schema.Type.getName() gives (used in messages and JSON schemas). */
export function schemaTypeName (type: SchemaType): string {
  return type.toLowerCase()
}

export interface Schema {
  readonly type: SchemaType
  readonly optional: boolean
  /** undefined when there is none; null is a real default for an optional schema. */
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
