// What a Connect value is in Java's terms. Kafka's transforms decide by a value's class (MaskField
// masks an Integer with 0 and a Double with 0.0, Cast reads a Long as INT64) and name that class in
// their messages; JavaScript has fewer types, so a value's schema, when there is one, says which
// Java class it stands for, and without one: bigint is a Long, a whole number in the int range an
// Integer, any other number a Double (as JsonConverter and Values.inferSchema read them).

import { BigDecimal } from '../../api/data/big-decimal.ts'
import { isPlainObject } from '../../api/data/format-value.ts'
import { DATE_LOGICAL_NAME, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME } from '../../api/data/logical-names.ts'
import type { Schema, SchemaType } from '../../api/data/schema.ts'
import { Struct } from '../../api/data/struct.ts'

/** The Java classes a Connect value can have. */
export type JavaKind =
  | 'Byte' | 'Short' | 'Integer' | 'Long' | 'Float' | 'Double' | 'Boolean' | 'String' | 'Bytes'
  | 'BigDecimal' | 'Date' | 'List' | 'Map' | 'Struct'

const KIND_BY_SCHEMA_TYPE: Readonly<Record<SchemaType, JavaKind>> = {
  INT8: 'Byte',
  INT16: 'Short',
  INT32: 'Integer',
  INT64: 'Long',
  FLOAT32: 'Float',
  FLOAT64: 'Double',
  BOOLEAN: 'Boolean',
  STRING: 'String',
  BYTES: 'Bytes',
  ARRAY: 'List',
  MAP: 'Map',
  STRUCT: 'Struct',
}

const CLASS_NAMES: Readonly<Record<JavaKind, string>> = {
  Byte: 'java.lang.Byte',
  Short: 'java.lang.Short',
  Integer: 'java.lang.Integer',
  Long: 'java.lang.Long',
  Float: 'java.lang.Float',
  Double: 'java.lang.Double',
  Boolean: 'java.lang.Boolean',
  String: 'java.lang.String',
  Bytes: '[B',
  BigDecimal: 'java.math.BigDecimal',
  Date: 'java.util.Date',
  List: 'java.util.ArrayList',
  Map: 'java.util.HashMap',
  Struct: 'org.apache.kafka.connect.data.Struct',
}

/** The Java class `value` stands for, or null for null and for values Connect has no type for. */
export function javaKindOf (value: unknown, schema: Schema | null = null): JavaKind | null {
  if (value === null || value === undefined) return null
  if (value instanceof BigDecimal) return 'BigDecimal'
  if (value instanceof Date) return 'Date'
  if (schema !== null && typeof value === 'number') return KIND_BY_SCHEMA_TYPE[schema.type]
  switch (typeof value) {
    case 'string': return 'String'
    case 'boolean': return 'Boolean'
    case 'bigint': return 'Long'
    case 'number': return Number.isInteger(value) && value >= -2147483648 && value <= 2147483647 && !Object.is(value, -0) ? 'Integer' : 'Double'
  }
  if (value instanceof Uint8Array) return 'Bytes'
  if (Array.isArray(value)) return 'List'
  if (value instanceof Map || isPlainObject(value)) return 'Map'
  if (value instanceof Struct) return 'Struct'
  return null
}

/** Java's class name for a value (getClass().getName()), "null" for null. */
export function javaClassName (value: unknown, schema: Schema | null = null): string {
  const kind = javaKindOf(value, schema)
  if (kind !== null) return CLASS_NAMES[kind]
  if (value === null || value === undefined) return 'null'
  const name = (value as { constructor?: { name?: string } }).constructor?.name
  return typeof name === 'string' && name !== '' ? name : typeof value
}

/** What Java prints for a value's class (`value.getClass()`): "class java.lang.String". */
export function javaClassText (value: unknown, schema: Schema | null = null): string {
  return 'class ' + javaClassName(value, schema)
}

/** The Connect type of a value's Java class (ConnectSchema.schemaType), or null for BigDecimal, Date and others. */
export function schemaTypeOfKind (kind: JavaKind | null): SchemaType | null {
  switch (kind) {
    case 'Byte': return 'INT8'
    case 'Short': return 'INT16'
    case 'Integer': return 'INT32'
    case 'Long': return 'INT64'
    case 'Float': return 'FLOAT32'
    case 'Double': return 'FLOAT64'
    case 'Boolean': return 'BOOLEAN'
    case 'String': return 'STRING'
    case 'Bytes': return 'BYTES'
    case 'List': return 'ARRAY'
    case 'Map': return 'MAP'
    case 'Struct': return 'STRUCT'
  }
  return null
}

/** Whether a schema is one of the temporal logical types (Date, Time, Timestamp). */
export function isTemporalSchema (schema: Schema | null): boolean {
  const name = schema?.name
  return name === DATE_LOGICAL_NAME || name === TIME_LOGICAL_NAME || name === TIMESTAMP_LOGICAL_NAME
}
