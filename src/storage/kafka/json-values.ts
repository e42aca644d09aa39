// The internal topics' values are JSON written by a JsonConverter with schemas.enable=false (Kafka
// calls it the internal converter): Structs become compact objects with their fields in schema
// order, optional nulls are written as null. Writing through our JsonConverter (proven equal to
// Java's byte for byte) keeps the bytes Java's; reading gives what Java's reader sees: objects as
// Maps, integers as bigint (Java Longs), other numbers as numbers.

import { Schema } from '../../api/data/schema.ts'
import { SchemaBuilder } from '../../api/data/schema-builder.ts'
import { Struct } from '../../api/data/struct.ts'
import { JsonConverter } from '../../converters/json/json-converter.ts'

const converter = new JsonConverter()
converter.configure({ 'schemas.enable': 'false' }, false)

export { Schema, SchemaBuilder }

/** A struct schema with these fields, in this order. */
export function structSchema (fields: ReadonlyArray<readonly [string, Schema]>): Schema {
  const builder = SchemaBuilder.struct()
  for (const [name, schema] of fields) builder.field(name, schema)
  return builder.build()
}

/** The JSON bytes of a struct of `schema` with these field values (missing optional fields are null). */
export function structBytes (schema: Schema, values: Readonly<Record<string, unknown>>): Uint8Array {
  const struct = new Struct(schema)
  for (const [name, value] of Object.entries(values)) if (value !== undefined) struct.put(name, value)
  return converter.fromConnectData('', schema, struct) as Uint8Array
}

/** The JSON bytes of a schemaless value (a Map becomes an object). */
export function valueBytes (schema: Schema | null, value: unknown): Uint8Array | null {
  return converter.fromConnectData('', schema, value)
}

/** The value JSON bytes hold, as Java's schemaless JsonConverter reads it; null for null bytes. Throws DataException. */
export function parseValue (bytes: Uint8Array | null): unknown {
  return converter.toConnectData('', bytes).value
}

/** The Java class Kafka would name in a message about this value (JsonConverter's schemaless types). */
export function javaClassName (value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'string') return 'java.lang.String'
  if (typeof value === 'bigint') return 'java.lang.Long'
  if (typeof value === 'number') return 'java.lang.Double'
  if (typeof value === 'boolean') return 'java.lang.Boolean'
  if (value instanceof Map) return 'java.util.HashMap'
  if (Array.isArray(value)) return 'java.util.ArrayList'
  if (value instanceof Uint8Array) return '[B'
  return typeof value
}

/** A JSON object read by parseValue, as a Map; undefined when the value is not an object. */
export function asMap (value: unknown): Map<string, unknown> | undefined {
  return value instanceof Map ? value as Map<string, unknown> : undefined
}

/** Java's intValue of a schemaless number field: an Integer or a Long, else an error. */
export function intValue (value: unknown): number {
  if (typeof value === 'bigint') return Number(BigInt.asIntN(32, value))
  if (typeof value === 'number' && Number.isInteger(value)) return value | 0
  throw new TypeError('Expected integer value to be either Integer or Long')
}
