// JsonConverter (org.apache.kafka.connect.json.JsonConverter): Connect data as JSON, by default in
// an envelope that carries the schema, {"schema":…,"payload":…}. Its bytes are Kafka's, byte for
// byte; the parity test (test/parity/converters.test.ts) runs both on one corpus to keep it so.
// It is a HeaderConverter too, as in Java.

import type { ConfigDef } from '../../api/config/config-def.ts'
import type { Converter, ConverterConfigs, HeaderConverter } from '../../api/converter/converter.ts'
import type { Schema } from '../../api/data/schema.ts'
import { SchemaAndValue } from '../../api/data/schema-and-value.ts'
import { DataException } from '../../api/errors.ts'
import { withConverterType } from '../converter-config.ts'
import { ConnectToJson } from './connect-to-json.ts'
import { JSON_CONVERTER_CONFIG_DEF, JsonConverterConfig } from './json-converter-config.ts'
import { JsonParseError, parseDocument, parseJson, type ParsedDocument } from './json-parser.ts'
import { isObject, type JsonValue } from './json-tree.ts'
import { JsonToConnect } from './json-to-connect.ts'

/** How many recent schema texts are compared before the schema cache is consulted. */
const RECENT_SCHEMAS = 4

const ENVELOPE_MESSAGE = 'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields.' +
  ' If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.'

/** Connect data <-> JSON bytes, with or without the schema envelope (schemas.enable). */
export class JsonConverter implements Converter, HeaderConverter {
  #config: JsonConverterConfig | null = null
  #writer: ConnectToJson | null = null
  #reader: JsonToConnect | null = null
  /** The schema.content schema, used for every message when set. */
  #fixedSchema: Schema | null = null
  /**
   * The last few schemas read, with their exact text, most recent first. A message whose schema
   * text starts the same is not parsed nor hashed for the cache: one native string comparison.
   */
  #recentSchemas: Array<{ source: string, schema: Schema | null }> = []
  #recentLimit = 0
  #recentHit: Schema | null = null

  /** The settings: converter.type, schemas.enable, schemas.cache.size, schema.content, decimal.format, replace.null.with.default. */
  config (): ConfigDef {
    return JSON_CONVERTER_CONFIG_DEF
  }

  /**
   * Applies settings. With `isKey`, converter.type is set to key or value; without it (as a header
   * converter), `configs` must hold converter.type itself. Throws ConfigException on a bad setting.
   */
  configure (configs: ConverterConfigs, isKey?: boolean): void {
    const config = new JsonConverterConfig(typeof isKey === 'boolean' ? withConverterType(configs, isKey) : configs)
    this.#config = config
    this.#writer = new ConnectToJson(config)
    this.#reader = new JsonToConnect(config)
    this.#fixedSchema = null
    this.#recentSchemas = []
    this.#recentLimit = Math.min(RECENT_SCHEMAS, config.schemaCacheSize)
    if (config.schemaContent !== null) {
      let json: JsonValue | undefined
      try {
        json = parseJson(config.schemaContent)
      } catch (error) {
        throw new DataException(`Failed to parse schema in converter config due to serialization error: ${messageOf(error)}`, { cause: error })
      }
      this.#fixedSchema = this.#reader.schema(json)
    }
  }

  /** JSON bytes of a value; null when both schema and value are null (a tombstone). */
  fromConnectData (_topic: string, schema: Schema | null, value: unknown): Uint8Array | null {
    const { config, writer } = this.#configured()
    if ((schema === null || schema === undefined) && (value === null || value === undefined)) return null
    const text = config.schemasEnabled ? writer.envelope(schema ?? null, value) : writer.value(schema ?? null, value)
    return Buffer.from(text, 'utf8')
  }

  /** The schema and value in JSON bytes; SchemaAndValue.NULL for null bytes. */
  toConnectData (_topic: string, value: Uint8Array | null): SchemaAndValue {
    const { config, reader } = this.#configured()
    if (value === null || value === undefined) return SchemaAndValue.NULL
    let document: ParsedDocument
    try {
      document = config.schemasEnabled && this.#fixedSchema === null
        ? parseDocument(value, this.#skipRecentSchema)
        : parseDocument(value)
    } catch (error) {
      if (!(error instanceof JsonParseError)) throw error
      throw new DataException(`Converting byte[] to Kafka Connect data failed due to serialization error: ${error.message}`, { cause: error })
    }
    const json = document.value
    if (!config.schemasEnabled) return new SchemaAndValue(null, reader.value(null, json))
    if (this.#fixedSchema !== null) return new SchemaAndValue(this.#fixedSchema, reader.value(this.#fixedSchema, json))
    if (!isObject(json) || json.size !== 2 || !json.has('schema') || !json.has('payload')) {
      throw new DataException(ENVELOPE_MESSAGE)
    }
    let schema: Schema | null
    if (document.skippedRootMembers.has('schema')) {
      schema = this.#recentHit
    } else {
      const source = document.rootMemberSources.get('schema')
      schema = reader.schema(json.get('schema'), source)
      this.#rememberSchema(source, schema)
    }
    return new SchemaAndValue(schema, reader.value(schema, json.get('payload')))
  }

  /** fromConnectData, for a header's value. */
  fromConnectHeader (topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, schema, value)
  }

  /** toConnectData, for a header's value. */
  toConnectHeader (topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, value)
  }

  /** A schema in JsonConverter's JSON form, as compact text ("null" for none), like Java's asJsonSchema. */
  asJsonSchema (schema: Schema | null): string {
    return this.#configured().writer.schema(schema)
  }

  /**
   * The Connect schema of a schema in JsonConverter's JSON form (text, or parsed by parseJson), as
   * Java's asConnectSchema; null for a JSON null. Throws DataException when it is malformed.
   */
  asConnectSchema (jsonSchema: string | JsonValue): Schema | null {
    const { reader } = this.#configured()
    if (typeof jsonSchema !== 'string') return reader.schema(jsonSchema)
    let json: JsonValue | undefined
    try {
      json = parseJson(jsonSchema)
    } catch (error) {
      throw new DataException(`Invalid JSON schema: ${messageOf(error)}`, { cause: error })
    }
    return reader.schema(json)
  }

  close (): void {}

  /** A SkipRootMember: skips a "schema" whose text is one of the recent schemas' (see #recentSchemas). */
  readonly #skipRecentSchema = (key: string, text: string, start: number): number => {
    if (key !== 'schema') return -1
    const recent = this.#recentSchemas
    for (let i = 0; i < recent.length; i++) {
      const entry = recent[i]
      // A complete JSON object is self-delimiting: text that starts with one holds exactly it.
      if (text.startsWith(entry.source, start)) {
        if (i > 0) recent.unshift(...recent.splice(i, 1))
        this.#recentHit = entry.schema
        return start + entry.source.length
      }
    }
    return -1
  }

  #rememberSchema (source: string | undefined, schema: Schema | null): void {
    if (source === undefined || !source.startsWith('{') || this.#recentLimit === 0) return
    this.#recentSchemas.unshift({ source, schema })
    if (this.#recentSchemas.length > this.#recentLimit) this.#recentSchemas.pop()
  }

  #configured (): { config: JsonConverterConfig, writer: ConnectToJson, reader: JsonToConnect } {
    if (this.#config === null || this.#writer === null || this.#reader === null) {
      throw new DataException('JsonConverter is not configured: call configure() before converting')
    }
    return { config: this.#config, writer: this.#writer, reader: this.#reader }
  }
}

function messageOf (error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
