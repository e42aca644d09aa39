// Connect data -> JSON text, as Kafka's JsonConverter writes it (convertToJson and asJsonSchema),
// straight to a string: no intermediate tree. Field order, number forms and escaping are Java's,
// so the bytes are identical.

import { BigDecimal } from '../../api/data/big-decimal.ts'
import { schemaEquals } from '../../api/data/connect-schema.ts'
import { ConnectDate } from '../../api/data/date.ts'
import { Decimal } from '../../api/data/decimal.ts'
import { describeType, isPlainObject } from '../../api/data/format-value.ts'
import { javaDoubleToString, javaFloatToString } from '../../api/data/java-number-format.ts'
import { DATE_LOGICAL_NAME, DECIMAL_LOGICAL_NAME, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME } from '../../api/data/logical-names.ts'
import type { Schema, SchemaType } from '../../api/data/schema.ts'
import { Struct } from '../../api/data/struct.ts'
import { Time } from '../../api/data/time.ts'
import { Timestamp } from '../../api/data/timestamp.ts'
import { DataException } from '../../api/errors.ts'
import { encodeBase64 } from './base64.ts'
import type { DecimalFormat } from './json-converter-config.ts'
import { quoteJsonString } from './json-text.ts'
import { LruCache } from './lru-cache.ts'

/** The type names of JsonConverter's schema form ("float" is FLOAT32, "double" FLOAT64). */
export const JSON_TYPE_NAMES: Readonly<Record<SchemaType, string>> = {
  BOOLEAN: 'boolean',
  INT8: 'int8',
  INT16: 'int16',
  INT32: 'int32',
  INT64: 'int64',
  FLOAT32: 'float',
  FLOAT64: 'double',
  BYTES: 'bytes',
  STRING: 'string',
  ARRAY: 'array',
  MAP: 'map',
  STRUCT: 'struct',
}

const INT_RANGES: Readonly<Partial<Record<SchemaType, readonly [number, number]>>> = {
  INT8: [-128, 127],
  INT16: [-32768, 32767],
  INT32: [-2147483648, 2147483647],
}

/** What writing depends on. */
export interface ConnectToJsonOptions {
  decimalFormat: DecimalFormat
  replaceNullWithDefault: boolean
  schemaCacheSize: number
}

/** Writes schemas and values as JsonConverter's JSON text; caches schema texts. */
export class ConnectToJson {
  readonly #decimalFormat: DecimalFormat
  readonly #replaceNullWithDefault: boolean
  readonly #schemaCache: LruCache<Schema, string>

  constructor (options: ConnectToJsonOptions) {
    this.#decimalFormat = options.decimalFormat
    this.#replaceNullWithDefault = options.replaceNullWithDefault
    this.#schemaCache = new LruCache(options.schemaCacheSize)
  }

  /** {"schema":…,"payload":…}, the schemas.enable=true form. */
  envelope (schema: Schema | null, value: unknown): string {
    return '{"schema":' + this.schema(schema) + ',"payload":' + this.value(schema, value) + '}'
  }

  /** The schema in JsonConverter's form ("null" for no schema): asJsonSchema. */
  schema (schema: Schema | null): string {
    if (schema === null || schema === undefined) return 'null'
    const cached = this.#schemaCache.get(schema)
    if (cached !== undefined) return cached
    let out = '{"type":' + quoteJsonString(JSON_TYPE_NAMES[schema.type] ?? unknownType(schema))
    switch (schema.type) {
      case 'ARRAY':
        out += ',"items":' + this.schema(schema.valueSchema)
        break
      case 'MAP':
        out += ',"keys":' + this.schema(schema.keySchema) + ',"values":' + this.schema(schema.valueSchema)
        break
      case 'STRUCT':
        out += ',"fields":[' + (schema.fields ?? []).map(field => {
          const fieldSchema = this.schema(field.schema)
          return fieldSchema.slice(0, -1) + ',"field":' + quoteJsonString(field.name) + '}'
        }).join(',') + ']'
        break
    }
    out += ',"optional":' + (schema.optional ? 'true' : 'false')
    if (schema.name !== null && schema.name !== undefined) out += ',"name":' + quoteJsonString(schema.name)
    if (schema.version !== null && schema.version !== undefined) out += ',"version":' + String(schema.version)
    if (schema.doc !== null && schema.doc !== undefined) out += ',"doc":' + quoteJsonString(schema.doc)
    if (schema.parameters !== null && schema.parameters !== undefined) {
      out += ',"parameters":{' + Object.entries(schema.parameters)
        .map(([key, value]) => quoteJsonString(key) + ':' + quoteJsonString(value)).join(',') + '}'
    }
    if (schema.defaultValue !== null && schema.defaultValue !== undefined) {
      out += ',"default":' + this.value(schema, schema.defaultValue)
    }
    out += '}'
    this.#schemaCache.set(schema, out)
    return out
  }

  /** The value as JSON text (convertToJson); "null" for a null value where that is allowed. */
  value (schema: Schema | null, value: unknown): string {
    if (value === null || value === undefined) {
      if (schema === null || schema === undefined) return 'null'
      if (schema.defaultValue !== null && schema.defaultValue !== undefined && this.#replaceNullWithDefault) {
        return this.value(schema, schema.defaultValue)
      }
      if (schema.optional) return 'null'
      throw new DataException('Conversion error: null value for field that is required and has no default value')
    }
    if (schema === null || schema === undefined) return this.#schemaless(value)
    switch (schema.name) {
      case DECIMAL_LOGICAL_NAME: return this.#decimal(schema, value)
      case DATE_LOGICAL_NAME: return String(ConnectDate.fromLogical(schema, requireDate(value, 'Date')))
      case TIME_LOGICAL_NAME: return String(Time.fromLogical(schema, requireDate(value, 'Time')))
      case TIMESTAMP_LOGICAL_NAME: return Timestamp.fromLogical(schema, requireDate(value, 'Timestamp')).toString()
    }
    switch (schema.type) {
      case 'INT8':
      case 'INT16':
      case 'INT32':
        return integerText(schema.type, value)
      case 'INT64':
        if (typeof value !== 'bigint') throw invalidType(schema.type, value)
        return value.toString()
      case 'FLOAT32':
        if (typeof value !== 'number') throw invalidType(schema.type, value)
        return floatText(javaFloatToString(value), value)
      case 'FLOAT64':
        if (typeof value !== 'number') throw invalidType(schema.type, value)
        return floatText(javaDoubleToString(value), value)
      case 'BOOLEAN':
        if (typeof value !== 'boolean') throw invalidType(schema.type, value)
        return value ? 'true' : 'false'
      case 'STRING':
        if (typeof value !== 'string') throw invalidType(schema.type, value)
        return quoteJsonString(value)
      case 'BYTES':
        if (!(value instanceof Uint8Array)) throw new DataException(`Invalid type for bytes type: ${describeType(value)}`)
        return '"' + encodeBase64(value) + '"'
      case 'ARRAY':
        if (!Array.isArray(value)) throw invalidType(schema.type, value)
        return this.#array(schema.valueSchema, value)
      case 'MAP':
        if (!(value instanceof Map) && !isPlainObject(value)) throw invalidType(schema.type, value)
        return this.#map(schema, value)
      case 'STRUCT':
        return this.#struct(schema, value)
    }
    return unknownType(schema)
  }

  /** A value without a schema: its type decides, as Java's ConnectSchema.schemaType(class) does. */
  #schemaless (value: unknown): string {
    switch (typeof value) {
      case 'number':
        // A JavaScript number is Java's Integer/Long when it is a whole number, else a Double.
        if (Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value)
        return floatText(javaDoubleToString(value), value)
      case 'bigint': return value.toString()
      case 'boolean': return value ? 'true' : 'false'
      case 'string': return quoteJsonString(value)
    }
    if (value instanceof Uint8Array) return '"' + encodeBase64(value) + '"'
    if (Array.isArray(value)) return this.#array(null, value)
    if (value instanceof Map || isPlainObject(value)) return this.#map(null, value)
    if (value instanceof Struct) throw new DataException('Mismatching schema.')
    throw new DataException(`A ${describeType(value)} value does not have corresponding schema type: ` +
      'without a schema, only numbers, bigints, booleans, strings, Uint8Arrays, arrays and maps can be written')
  }

  #array (elementSchema: Schema | null, values: readonly unknown[]): string {
    let out = '['
    for (let i = 0; i < values.length; i++) {
      if (i > 0) out += ','
      out += this.value(elementSchema, values[i])
    }
    return out + ']'
  }

  #map (schema: Schema | null, map: ReadonlyMap<unknown, unknown> | Record<string, unknown>): string {
    const entries = map instanceof Map ? [...map.entries()] : Object.entries(map)
    const keySchema = schema === null ? null : schema.keySchema
    const valueSchema = schema === null ? null : schema.valueSchema
    // String keys make a JSON object; any other key makes an array of [key, value] pairs.
    const objectMode = keySchema === null ? entries.every(([key]) => typeof key === 'string') : keySchema.type === 'STRING'
    if (!objectMode) {
      return '[' + entries.map(([key, value]) => '[' + this.value(keySchema, key) + ',' + this.value(valueSchema, value) + ']').join(',') + ']'
    }
    // Keys as Jackson's ObjectNode would hold them: a repeated key keeps its first place, last value.
    const members = new Map<string, string>()
    for (const [key, value] of entries) {
      members.set(this.#keyText(keySchema, key), this.value(valueSchema, value))
    }
    let out = '{'
    for (const [key, value] of members) {
      if (out.length > 1) out += ','
      out += quoteJsonString(key) + ':' + value
    }
    return out + '}'
  }

  /** A string key as is; a null key becomes what Jackson's asText() makes of its JSON ("null", or the default). */
  #keyText (keySchema: Schema | null, key: unknown): string {
    if (typeof key === 'string') return key
    const json = this.value(keySchema, key)
    return json.startsWith('"') ? JSON.parse(json) as string : json
  }

  #struct (schema: Schema, value: unknown): string {
    if (!(value instanceof Struct)) throw invalidType(schema.type, value)
    if (value.schema !== schema && !schemaEquals(value.schema, schema)) throw new DataException('Mismatching schema.')
    let out = '{'
    for (const field of schema.fields ?? []) {
      if (out.length > 1) out += ','
      out += quoteJsonString(field.name) + ':' + this.value(field.schema, value.getWithoutDefault(field.name))
    }
    return out + '}'
  }

  #decimal (schema: Schema, value: unknown): string {
    if (!(value instanceof BigDecimal)) {
      throw new DataException(`Invalid type for Decimal, expected BigDecimal but was ${describeType(value)}`)
    }
    if (this.#decimalFormat === 'NUMERIC') return value.toString()
    return '"' + encodeBase64(Decimal.fromLogical(schema, value)) + '"'
  }
}

/** Jackson writes NaN and the infinities as strings ("NaN", "Infinity", "-Infinity"). */
function floatText (text: string, value: number): string {
  return Number.isFinite(value) ? text : '"' + text + '"'
}

function integerText (type: SchemaType, value: unknown): string {
  if (typeof value !== 'number') throw invalidType(type, value)
  const [min, max] = INT_RANGES[type] as readonly [number, number]
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DataException(`Invalid value for ${type}: ${String(value)} is not an integer in [${min}, ${max}]`)
  }
  return String(value)
}

function requireDate (value: unknown, logicalName: string): Date {
  if (!(value instanceof Date)) {
    throw new DataException(`Invalid type for ${logicalName}, expected Date but was ${describeType(value)}`)
  }
  return value
}

function invalidType (type: SchemaType, value: unknown): DataException {
  return new DataException(`Invalid type for ${type}: ${describeType(value)}`)
}

function unknownType (schema: Schema): never {
  throw new DataException(`Couldn't translate unsupported schema type ${String(schema)}.`)
}
