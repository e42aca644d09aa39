// The language-neutral "tagged" form of Connect values that parity tests share with their Java
// drivers (test/parity/java/src/Tagged.java holds the same rules; keep the two in step).
//
// Building a value (fromTagged) is guided by the schema: int64 is a decimal string, bytes base64,
// Decimal a decimal string, Date/Time/Timestamp epoch milliseconds, maps [[k, v], ...] (or an
// object for string keys), structs objects. Without a schema, a number is a number, an object a
// string-keyed Map. An object with one key "$type" builds exactly that type whatever the schema
// says: $int8 $int16 $int32 $int64 $float32 $float64 $boolean $string $bytes $decimal $date
// $array $map.
//
// Describing a value (describe) gives what Java's describe gives for the same value: numbers as
// {"int32": 5}, {"int64": "5"}, {"float64": "0x…"} (raw IEEE bits), bytes {"bytes": b64},
// decimals {"decimal": toString}, dates {"date": ms}, maps {"map": [[k, v], ...]}, structs
// {"struct": [[field, value], ...]}. Java knows a number's type from its class; here the schema
// tells it, and a number without one is {"number": n}, which reconcileNumbers matches with any of
// Java's number types of the same value.

import { BigDecimal } from '../../src/api/data/big-decimal.ts'
import { isPlainObject } from '../../src/api/data/format-value.ts'
import { arrayElementSchemasOf, mapEntrySchemasOf } from '../../src/api/data/parsed-element-schemas.ts'
import { DATE_LOGICAL_NAME, DECIMAL_LOGICAL_NAME, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME } from '../../src/api/data/logical-names.ts'
import type { Schema } from '../../src/api/data/schema.ts'
import { Struct } from '../../src/api/data/struct.ts'

/** A value as JSON.parse returns it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** Builds a Connect value from its tagged form (see the header). */
export function fromTagged (schema: Schema | null, tagged: Json | undefined): unknown {
  if (tagged === null || tagged === undefined) return null
  const explicitType = explicitTypeOf(tagged)
  if (explicitType !== null) return explicit(explicitType, (tagged as Record<string, Json>)['$' + explicitType])
  if (schema === null) return untyped(tagged)
  const name = schema.name
  if (name === DECIMAL_LOGICAL_NAME) return BigDecimal.fromString(String(tagged))
  if (name === DATE_LOGICAL_NAME || name === TIME_LOGICAL_NAME || name === TIMESTAMP_LOGICAL_NAME) return new Date(Number(tagged))
  switch (schema.type) {
    case 'INT8':
    case 'INT16':
    case 'INT32':
    case 'FLOAT64':
      return Number(tagged)
    case 'INT64': return BigInt(String(tagged))
    case 'FLOAT32': return Math.fround(Number(tagged))
    case 'BOOLEAN': return tagged === true
    case 'STRING': return String(tagged)
    case 'BYTES': return bytesOf(String(tagged))
    case 'ARRAY': return (tagged as Json[]).map(element => fromTagged(schema.valueSchema, element))
    case 'MAP': {
      const entries: Array<[Json, Json]> = Array.isArray(tagged)
        ? (tagged as Json[][]).map(pair => [pair[0], pair[1]])
        : Object.entries(tagged as Record<string, Json>)
      return new Map(entries.map(([key, value]) => [fromTagged(schema.keySchema, key), fromTagged(schema.valueSchema, value)]))
    }
    case 'STRUCT': {
      const struct = new Struct(schema)
      for (const [key, value] of Object.entries(tagged as Record<string, Json>)) {
        const field = schema.field(key)
        struct.put(key, fromTagged(field === null ? null : field.schema, value))
      }
      return struct
    }
  }
}

function explicitTypeOf (tagged: Json): string | null {
  if (tagged === null || typeof tagged !== 'object' || Array.isArray(tagged)) return null
  const keys = Object.keys(tagged)
  return keys.length === 1 && keys[0].startsWith('$') ? keys[0].slice(1) : null
}

function explicit (type: string, value: Json): unknown {
  switch (type) {
    case 'int8':
    case 'int16':
    case 'int32':
    case 'float64':
      return Number(value)
    case 'int64': return BigInt(String(value))
    case 'float32': return Math.fround(Number(value))
    case 'boolean': return value === true
    case 'string': return String(value)
    case 'bytes': return bytesOf(String(value))
    case 'decimal': return BigDecimal.fromString(String(value))
    case 'date': return new Date(Number(value))
    case 'array': return (value as Json[]).map(element => fromTagged(null, element))
    case 'map': return new Map((value as Json[][]).map(pair => [fromTagged(null, pair[0]), fromTagged(null, pair[1])]))
  }
  throw new Error(`unknown explicit type $${type}`)
}

function untyped (tagged: Json): unknown {
  if (Array.isArray(tagged)) return tagged.map(untyped)
  if (tagged !== null && typeof tagged === 'object') {
    return new Map(Object.entries(tagged).map(([key, value]) => [key, fromTagged(null, value)]))
  }
  return tagged
}

function bytesOf (base64: string): Uint8Array {
  return new Uint8Array(Buffer.from(base64, 'base64'))
}

/** The tagged description of a value (see the header), its type taken from `schema` where there is one. */
export function describe (value: unknown, schema: Schema | null): Json {
  if (value === null || value === undefined) return null
  if (schema !== null) {
    const described = describeWithSchema(value, schema)
    if (described !== undefined) return described
  }
  if (typeof value === 'bigint') return { int64: value.toString() }
  // Without a schema, nothing says which of Java's number types this is: see reconcileNumbers.
  if (typeof value === 'number') return { number: Number.isFinite(value) ? value : String(value) }
  if (typeof value === 'boolean' || typeof value === 'string') return value
  if (value instanceof Uint8Array) return { bytes: Buffer.from(value).toString('base64') }
  if (value instanceof BigDecimal) return { decimal: value.toString() }
  if (value instanceof Date) return { date: value.getTime() }
  if (Array.isArray(value)) return value.map(element => describe(element, null))
  if (value instanceof Map || isPlainObject(value)) return describeMap(value, null, null)
  if (value instanceof Struct) return describeStruct(value)
  return { unknown: String(value) }
}

/** The description by the schema's type, or undefined when the value is not of that type. */
function describeWithSchema (value: unknown, schema: Schema): Json | undefined {
  if (schema.name === DECIMAL_LOGICAL_NAME && value instanceof BigDecimal) return { decimal: value.toString() }
  if (value instanceof Date) return { date: value.getTime() }
  switch (schema.type) {
    case 'INT8': return typeof value === 'number' ? { int8: value } : undefined
    case 'INT16': return typeof value === 'number' ? { int16: value } : undefined
    case 'INT32': return typeof value === 'number' ? { int32: value } : undefined
    case 'FLOAT32': return typeof value === 'number' ? { float32: float32Bits(value) } : undefined
    case 'FLOAT64': return typeof value === 'number' ? { float64: float64Bits(value) } : undefined
    case 'ARRAY': {
      if (!Array.isArray(value)) return undefined
      // A parsed array's elements may have other types than its schema says (Java merges [[1],[1.5]]
      // to ARRAY<ARRAY<FLOAT32>> and keeps the 1 a Byte); what each was parsed as is kept aside.
      const parsed = arrayElementSchemasOf(value)
      return value.map((element, i) => describe(element, parsed?.[i] ?? schema.valueSchema))
    }
    case 'MAP':
      return value instanceof Map || isPlainObject(value) ? describeMap(value, schema.keySchema, schema.valueSchema) : undefined
  }
  return undefined
}

function describeMap (map: Map<unknown, unknown> | Record<string, unknown>, keySchema: Schema | null, valueSchema: Schema | null): Json {
  const entries = map instanceof Map ? [...map.entries()] : Object.entries(map)
  const parsed = map instanceof Map ? mapEntrySchemasOf(map) : undefined
  return {
    map: sortPairs(entries.map(([key, value]) => {
      const [parsedKeySchema, parsedValueSchema] = parsed?.get(key) ?? []
      return [describe(key, parsedKeySchema ?? keySchema), describe(value, parsedValueSchema ?? valueSchema)]
    })),
  }
}

function describeStruct (struct: Struct): Json {
  return { struct: (struct.schema.fields ?? []).map(field => [field.name, describe(struct.getWithoutDefault(field.name), field.schema)]) }
}

/**
 * Map entries in a fixed order (Java's HashMap has none): by the JSON text of the key, numbers by
 * value whatever their tag, so that an untyped {"number": 1} sorts where Java's {"int8": 1} does.
 */
export function sortPairs (pairs: Json[][]): Json[][] {
  return pairs.map(pair => ({ key: JSON.stringify(sortKey(pair[0])), pair }))
    .sort((a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
    .map(({ pair }) => pair)
}

function sortKey (key: Json): Json {
  if (key === null || typeof key !== 'object') return key
  if (Array.isArray(key)) return key.map(sortKey)
  const [tag] = Object.keys(key)
  const value = key[tag]
  switch (tag) {
    case 'number':
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
      return { n: String(value) }
    case 'float32':
    case 'float64':
      return { n: String(bitsToNumber(String(value), tag === 'float32')) }
  }
  return Object.fromEntries(Object.entries(key).map(([k, v]) => [k, sortKey(v)]))
}

function bitsToNumber (hex: string, float32: boolean): number {
  const view = new DataView(new ArrayBuffer(8))
  if (float32) {
    view.setUint32(0, Number(hex))
    return view.getFloat32(0)
  }
  view.setBigUint64(0, BigInt(hex))
  return view.getFloat64(0)
}

/** The schema as Java's describeSchema prints it (every property, defaults described). */
export function describeSchema (schema: Schema | null): Json {
  if (schema === null || schema === undefined) return null
  const parameters = schema.parameters === null
    ? null
    : Object.fromEntries(Object.entries(schema.parameters).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0))
  const out: Record<string, Json> = {
    type: schema.type,
    optional: schema.optional,
    name: schema.name,
    version: schema.version,
    doc: schema.doc,
    parameters,
    default: describe(schema.defaultValue, schema),
  }
  if (schema.type === 'ARRAY') out.items = describeSchema(schema.valueSchema)
  if (schema.type === 'MAP') {
    out.keys = describeSchema(schema.keySchema)
    out.values = describeSchema(schema.valueSchema)
  }
  if (schema.type === 'STRUCT') {
    out.fields = (schema.fields ?? []).map(field => ({ name: field.name, index: field.index, schema: describeSchema(field.schema) }))
  }
  return out
}

function float32Bits (value: number): string {
  const view = new DataView(new ArrayBuffer(4))
  view.setFloat32(0, value)
  return '0x' + view.getUint32(0).toString(16).padStart(8, '0')
}

function float64Bits (value: number): string {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, value)
  return '0x' + view.getBigUint64(0).toString(16).padStart(16, '0')
}

/**
 * `ours` with each {"number": n} (a number we could not type) replaced by the node at the same
 * place in `java` when that is a number of the same value (same bits, for floats), so that a deep
 * comparison then sees only real differences.
 */
export function reconcileNumbers (ours: Json, java: Json): Json {
  if (ours === null || typeof ours !== 'object' || java === null || typeof java !== 'object') return ours
  if (Array.isArray(ours)) {
    return Array.isArray(java) ? ours.map((element, i) => reconcileNumbers(element, java[i] ?? null)) : ours
  }
  if (Array.isArray(java)) return ours
  const keys = Object.keys(ours)
  if (keys.length === 1 && keys[0] === 'number') return numberMatches(ours.number, java) ? java : ours
  return Object.fromEntries(keys.map(key => [key, reconcileNumbers(ours[key], java[key] ?? null)]))
}

function numberMatches (value: Json, java: { [key: string]: Json }): boolean {
  const number = typeof value === 'number' ? value : Number(value)
  const [type] = Object.keys(java)
  switch (type) {
    case 'int8':
    case 'int16':
    case 'int32': return java[type] === number
    case 'int64': return Number.isSafeInteger(number) && java[type] === String(number)
    case 'float32': return java[type] === float32Bits(number)
    case 'float64': return java[type] === float64Bits(number)
  }
  return false
}
