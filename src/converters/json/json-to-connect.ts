// Parsed JSON -> Connect schemas and values, as Kafka's JsonConverter reads them (asConnectSchema
// and convertToConnect), leniencies included: a boolean field given a number reads as false, a
// string field given a number as null, an int field given a string as 0 (Jackson's coercions);
// an integer literal too big for its type keeps its low bits, as Java's casts do.

import { ConnectDate } from '../../api/data/date.ts'
import { Decimal } from '../../api/data/decimal.ts'
import { DATE_LOGICAL_NAME, DECIMAL_LOGICAL_NAME, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME } from '../../api/data/logical-names.ts'
import type { Schema, SchemaType } from '../../api/data/schema.ts'
import { SchemaBuilder } from '../../api/data/schema-builder.ts'
import { Struct } from '../../api/data/struct.ts'
import { Time } from '../../api/data/time.ts'
import { Timestamp } from '../../api/data/timestamp.ts'
import { DataException, SchemaBuilderException } from '../../api/errors.ts'
import { decodeBase64 } from './base64.ts'
import { jsonText } from './json-text.ts'
import {
  decimalValue, doubleValue, floatValue, intValue, isIntegral, isNumber, isObject, JsonNumber, longValue, nodeTypeName,
  type JsonObject, type JsonValue,
} from './json-tree.ts'
import { LruCache } from './lru-cache.ts'

/** What reading depends on. */
export interface JsonToConnectOptions {
  replaceNullWithDefault: boolean
  schemaCacheSize: number
}

const SCHEMA_BUILDERS: Readonly<Record<string, () => SchemaBuilder>> = {
  boolean: () => SchemaBuilder.bool(),
  int8: () => SchemaBuilder.int8(),
  int16: () => SchemaBuilder.int16(),
  int32: () => SchemaBuilder.int32(),
  int64: () => SchemaBuilder.int64(),
  float: () => SchemaBuilder.float32(),
  double: () => SchemaBuilder.float64(),
  bytes: () => SchemaBuilder.bytes(),
  string: () => SchemaBuilder.string(),
}

/** Reads JsonConverter's schema form and payloads; caches schemas. */
export class JsonToConnect {
  readonly #replaceNullWithDefault: boolean
  readonly #schemaCache: LruCache<string, Schema>

  constructor (options: JsonToConnectOptions) {
    this.#replaceNullWithDefault = options.replaceNullWithDefault
    this.#schemaCache = new LruCache(options.schemaCacheSize)
  }

  /**
   * The Connect schema of a JSON schema (null for JSON null). Throws DataException when malformed.
   * `source`, the schema's text when the caller has it, saves writing it out as the cache key.
   */
  schema (json: JsonValue | undefined, source?: string): Schema | null {
    if (json === null) return null
    const key = source ?? (json === undefined ? '' : jsonText(json))
    const cached = this.#schemaCache.get(key)
    if (cached !== undefined) return cached
    const result = this.#buildSchema(json)
    this.#schemaCache.set(key, result)
    return result
  }

  #buildSchema (json: JsonValue | undefined): Schema {
    const node = isObject(json) ? json : null
    const typeName = node?.get('type')
    if (typeof typeName !== 'string') throw new DataException("Schema must contain 'type' field")
    const builder = this.#builderOf(typeName, node as JsonObject)

    if (node?.get('optional') === true) builder.optional()
    else builder.required()
    const name = node?.get('name')
    if (typeof name === 'string') builder.name(name)
    const version = node?.get('version')
    if (isIntegral(version)) builder.version(intValue(version))
    const doc = node?.get('doc')
    if (typeof doc === 'string') builder.doc(doc)
    const parameters = node?.get('parameters')
    if (isObject(parameters)) {
      for (const [key, value] of parameters) {
        if (typeof value !== 'string') throw new DataException('Schema parameters must have string values.')
        builder.parameter(key, value)
      }
    }
    if (node?.has('default') === true) {
      if (builder.type === 'STRUCT') {
        // Kafka cannot take a struct default here: its SchemaBuilder compares the default's schema
        // with the builder itself, which never matches. Refusing it as Kafka does keeps a message
        // that Java Connect rejects from passing here (and its default would not match the schema).
        throw new SchemaBuilderException('Invalid default value', { cause: new DataException('Struct schemas do not match.') })
      }
      const defaultValue = this.value(builder.build(), node.get('default'))
      // Java's SchemaBuilder treats a null default as none.
      if (defaultValue !== null) builder.defaultValue(defaultValue)
    }
    return builder.build()
  }

  #builderOf (typeName: string, node: JsonObject): SchemaBuilder {
    const primitive = SCHEMA_BUILDERS[typeName]
    if (primitive !== undefined && Object.hasOwn(SCHEMA_BUILDERS, typeName)) return primitive()
    switch (typeName) {
      case 'array': {
        const items = node.get('items')
        if (items === undefined || items === null) throw new DataException('Array schema did not specify the element type')
        return SchemaBuilder.array(this.schema(items) as Schema)
      }
      case 'map': {
        const keys = node.get('keys')
        if (keys === undefined) throw new DataException('Map schema did not specify the key type')
        const values = node.get('values')
        if (values === undefined) throw new DataException('Map schema did not specify the value type')
        return SchemaBuilder.map(this.schema(keys) as Schema, this.schema(values) as Schema)
      }
      case 'struct': {
        const builder = SchemaBuilder.struct()
        const fields = node.get('fields')
        if (!Array.isArray(fields)) throw new DataException('Struct schema\'s "fields" argument is not an array.')
        for (const field of fields) {
          const fieldName = isObject(field) ? field.get('field') : undefined
          if (typeof fieldName !== 'string') throw new DataException("Struct schema's field name not specified properly")
          builder.field(fieldName, this.schema(field) as Schema)
        }
        return builder
      }
    }
    throw new DataException(`Unknown schema type: ${typeName}`)
  }

  /** The Connect value of a JSON payload, under `schema` or, when null, inferred (convertToConnect). */
  value (schema: Schema | null, json: JsonValue | undefined): unknown {
    let type: SchemaType
    if (schema !== null) {
      if (json === null || json === undefined) {
        if (schema.defaultValue !== null && schema.defaultValue !== undefined && this.#replaceNullWithDefault) {
          return schema.defaultValue
        }
        if (schema.optional) return null
        throw new DataException(`Invalid null value for required ${schema.type} field`)
      }
      type = schema.type
      switch (schema.name) {
        case DECIMAL_LOGICAL_NAME: return decimalOf(schema, json)
        case DATE_LOGICAL_NAME:
          if (typeof json !== 'number') throw invalidLogical('Date', 'integer', json)
          return ConnectDate.toLogical(schema, json)
        case TIME_LOGICAL_NAME:
          if (typeof json !== 'number') throw invalidLogical('Time', 'integer', json)
          return Time.toLogical(schema, json)
        case TIMESTAMP_LOGICAL_NAME:
          if (!isIntegral(json)) throw invalidLogical('Timestamp', 'integral', json)
          return Timestamp.toLogical(schema, longValue(json))
      }
    } else {
      if (json === null || json === undefined) return null
      type = inferredType(json)
    }
    switch (type) {
      case 'BOOLEAN': return json === true
      case 'INT8': return (intValue(json) << 24) >> 24
      case 'INT16': return (intValue(json) << 16) >> 16
      case 'INT32': return intValue(json)
      case 'INT64': return longValue(json)
      case 'FLOAT32': return floatValue(json)
      case 'FLOAT64': return doubleValue(json)
      case 'STRING': return typeof json === 'string' ? json : null
      case 'BYTES': return bytesOf(json)
      case 'ARRAY': return this.#array(schema === null ? null : schema.valueSchema, json)
      case 'MAP': return this.#map(schema, json)
      case 'STRUCT': return this.#struct(schema as Schema, json)
    }
  }

  #array (elementSchema: Schema | null, json: JsonValue): unknown[] {
    // Jackson iterates an object's values, and nothing of a scalar.
    const elements = Array.isArray(json) ? json : isObject(json) ? [...json.values()] : []
    return elements.map(element => this.value(elementSchema, element))
  }

  #map (schema: Schema | null, json: JsonValue): Map<unknown, unknown> {
    const keySchema = schema === null ? null : schema.keySchema
    const valueSchema = schema === null ? null : schema.valueSchema
    const result = new Map<unknown, unknown>()
    if (schema === null || keySchema?.type === 'STRING') {
      if (!isObject(json)) {
        throw new DataException(`Maps with string fields should be encoded as JSON objects, but found ${nodeTypeName(json)}`)
      }
      for (const [key, value] of json) result.set(key, this.value(valueSchema, value))
      return result
    }
    if (!Array.isArray(json)) {
      throw new DataException(`Maps with non-string fields should be encoded as JSON array of tuples, but found ${nodeTypeName(json)}`)
    }
    for (const entry of json) {
      if (!Array.isArray(entry)) throw new DataException(`Found invalid map entry instead of array tuple: ${nodeTypeName(entry)}`)
      if (entry.length !== 2) throw new DataException(`Found invalid map entry, expected length 2 but found :${entry.length}`)
      result.set(this.value(keySchema, entry[0]), this.value(valueSchema, entry[1]))
    }
    return result
  }

  #struct (schema: Schema, json: JsonValue): Struct {
    if (!isObject(json)) throw new DataException(`Structs should be encoded as JSON objects, but found ${nodeTypeName(json)}`)
    const struct = new Struct(schema)
    for (const field of schema.fields ?? []) struct.put(field, this.value(field.schema, json.get(field.name)))
    return struct
  }
}

/** The type of a value without a schema: integers are INT64, other numbers FLOAT64, objects maps. */
function inferredType (json: JsonValue): SchemaType {
  switch (typeof json) {
    case 'boolean': return 'BOOLEAN'
    case 'string': return 'STRING'
    case 'number': return 'INT64'
  }
  if (json instanceof JsonNumber) return json.integral ? 'INT64' : 'FLOAT64'
  return Array.isArray(json) ? 'ARRAY' : 'MAP'
}

function bytesOf (json: JsonValue): Uint8Array | null {
  // Only a string holds bytes (base64); Jackson gives null for anything else.
  if (typeof json !== 'string') return null
  try {
    return decodeBase64(json)
  } catch (error) {
    throw new DataException('Invalid bytes field', { cause: error })
  }
}

function decimalOf (schema: Schema, json: JsonValue): unknown {
  if (isNumber(json)) return decimalValue(json)
  if (typeof json === 'string') {
    try {
      return Decimal.toLogical(schema, decodeBase64(json))
    } catch (error) {
      throw new DataException('Invalid bytes for Decimal field', { cause: error })
    }
  }
  throw invalidLogical('Decimal', 'numeric or bytes', json)
}

function invalidLogical (logicalName: string, expected: string, json: JsonValue): DataException {
  return new DataException(`Invalid type for ${logicalName}, underlying representation should be ${expected} but was ${nodeTypeName(json)}`)
}
