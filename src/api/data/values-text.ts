// Values.convertToString: the text Kafka Connect writes for any Connect value, byte for byte, so a
// header written by kconnect reads the same in Kafka Connect and back. Top-level strings are bare;
// inside arrays, maps and structs they are quoted with " and \ escaped; bytes are base64; floats
// follow Java's Float/Double.toString; dates use Values' ISO layouts (in UTC).
//
// Java picks the text from the value's class, and a JavaScript number has none, so a number's
// schema tells how to print it (FLOAT32 as a float, FLOAT64 as a double, integer types as
// integers); inside an array or map that Values.parseString made, the type each element was
// parsed with (parsed-element-schemas.ts). Failing both, a whole number prints as an integer and
// any other number as a double, or as a float when it is exactly one and reads shorter so.

import { DataException } from '../errors.ts'
import { BigDecimal } from './big-decimal.ts'
import { describeType, isPlainObject } from './format-value.ts'
import { formatTemporal } from './iso-date-format.ts'
import { javaDoubleToString, javaFloatToString } from './java-number-format.ts'
import { arrayElementSchemasOf, mapEntrySchemasOf } from './parsed-element-schemas.ts'
import type { Schema } from './schema.ts'
import { Struct } from './struct.ts'

/** 2^63: whole numbers below it in magnitude print as Java's long would. */
const LONG_LIMIT = 2 ** 63

/** The text Values.convertToString gives `value` (not null); `schema` guides how numbers print. */
export function valueToText (schema: Schema | null, value: unknown): string {
  const parts: string[] = []
  append(parts, schema, value, false)
  return parts.join('')
}

function append (parts: string[], schema: Schema | null, value: unknown, embedded: boolean): void {
  if (value === null || value === undefined) {
    parts.push('null')
    return
  }
  switch (typeof value) {
    case 'string':
      parts.push(embedded ? quote(value) : value)
      return
    case 'number':
      parts.push(numberText(schema, value))
      return
    case 'bigint':
    case 'boolean':
      parts.push(String(value))
      return
  }
  if (value instanceof Uint8Array) {
    const base64 = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')
    parts.push(embedded ? `"${base64}"` : base64)
  } else if (value instanceof BigDecimal) {
    parts.push(value.toString())
  } else if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new DataException('Failed to serialize an invalid Date: it has no time')
    parts.push(formatTemporal(value))
  } else if (Array.isArray(value)) {
    const elementSchema = schema?.type === 'ARRAY' ? schema.valueSchema : null
    const parsedSchemas = arrayElementSchemasOf(value)
    parts.push('[')
    value.forEach((element, index) => {
      if (index > 0) parts.push(',')
      append(parts, parsedSchemas?.[index] ?? elementSchema, element, true)
    })
    parts.push(']')
  } else if (value instanceof Map || isPlainObject(value)) {
    appendMap(parts, schema, value instanceof Map ? value : new Map(Object.entries(value)))
  } else if (value instanceof Struct) {
    appendStruct(parts, value)
  } else {
    throw new DataException(`Failed to serialize unexpected value type ${describeType(value)}: ${String(value)}`)
  }
}

function appendMap (parts: string[], schema: Schema | null, map: ReadonlyMap<unknown, unknown>): void {
  const isMap = schema?.type === 'MAP'
  const keySchema = isMap ? schema.keySchema : null
  const valueSchema = isMap ? schema.valueSchema : null
  const parsedSchemas = mapEntrySchemasOf(map)
  parts.push('{')
  let first = true
  for (const [key, value] of map) {
    if (!first) parts.push(',')
    first = false
    const [parsedKeySchema, parsedValueSchema] = parsedSchemas?.get(key) ?? []
    append(parts, parsedKeySchema ?? keySchema, key, true)
    parts.push(':')
    append(parts, parsedValueSchema ?? valueSchema, value, true)
  }
  parts.push('}')
}

function appendStruct (parts: string[], struct: Struct): void {
  parts.push('{')
  for (const field of struct.schema.fields ?? []) {
    if (field.index > 0) parts.push(',')
    parts.push(quote(field.name), ':')
    append(parts, field.schema, struct.get(field), true)
  }
  parts.push('}')
}

/** A string inside a structure: in double quotes, with backslashes and quotes escaped. */
function quote (text: string): string {
  return '"' + text.replaceAll('\\', '\\\\').replaceAll('"', '\\"') + '"'
}

function numberText (schema: Schema | null, value: number): string {
  switch (schema?.type) {
    case 'FLOAT32': return javaFloatToString(value)
    case 'FLOAT64': return javaDoubleToString(value)
  }
  // Only a float or double is negative zero in Java.
  if (Number.isInteger(value) && Math.abs(value) < LONG_LIMIT && !Object.is(value, -0)) return BigInt(value).toString()
  if (Math.fround(value) === value) {
    const asFloat = javaFloatToString(value)
    const asDouble = javaDoubleToString(value)
    if (asFloat.length < asDouble.length) return asFloat
  }
  return javaDoubleToString(value)
}
