// What type each element of a parsed array or map had, kept beside the value. Java's elements keep
// their class (a Float stays a Float inside a list of mixed types), but a JavaScript number does
// not, and a mixed array's schema names no element type. Without this, the float 103.0 parsed
// from "[1.2E-4,103.0,\"x\"]" would be written back as 103. values-text.ts reads these hints, so
// a parsed header is written back exactly as Kafka Connect would write it.

import type { Schema } from './schema.ts'

const arrayElementSchemas = new WeakMap<readonly unknown[], readonly (Schema | null)[]>()
const mapEntrySchemas = new WeakMap<ReadonlyMap<unknown, unknown>, ReadonlyMap<unknown, [Schema | null, Schema | null]>>()

/** Records the schema of each element of a freshly parsed array. */
export function rememberArrayElementSchemas (array: readonly unknown[], schemas: readonly (Schema | null)[]): void {
  arrayElementSchemas.set(array, schemas)
}

/** Records the key and value schemas of each entry of a freshly parsed map. */
export function rememberMapEntrySchemas (map: ReadonlyMap<unknown, unknown>, schemas: ReadonlyMap<unknown, [Schema | null, Schema | null]>): void {
  mapEntrySchemas.set(map, schemas)
}

/** The recorded schemas of an array's elements, unless it has none or has since changed length. */
export function arrayElementSchemasOf (array: readonly unknown[]): readonly (Schema | null)[] | undefined {
  const schemas = arrayElementSchemas.get(array)
  return schemas !== undefined && schemas.length === array.length ? schemas : undefined
}

/** The recorded key and value schemas of a map's entries, by key. */
export function mapEntrySchemasOf (map: ReadonlyMap<unknown, unknown>): ReadonlyMap<unknown, [Schema | null, Schema | null]> | undefined {
  return mapEntrySchemas.get(map)
}
