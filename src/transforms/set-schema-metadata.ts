// SetSchemaMetadata$Key / SetSchemaMetadata$Value: sets the name and/or version of the key or
// value schema (a struct value is rebuilt on the renamed schema).

import { ConfigDef } from '../api/config/config-def.ts'
import type { ConnectRecord } from '../api/connector/connect-record.ts'
import { ConfigException } from '../api/errors.ts'
import { ConnectSchema } from '../api/data/connect-schema.ts'
import type { Schema } from '../api/data/schema.ts'
import { Struct } from '../api/data/struct.ts'
import type { Transformation, TransformationConfigs } from '../api/transforms/transformation.ts'
import { parseConfig, REPLACE_NULL_WITH_DEFAULT, REPLACE_NULL_WITH_DEFAULT_CONFIG } from './util/config.ts'
import { KEY, VALUE, type RecordPart } from './util/record-part.ts'
import { requireSchema } from './util/requirements.ts'
import { KAFKA_COMPAT_VERSION } from '../api/version.ts'

const SCHEMA_NAME = 'schema.name'
const SCHEMA_VERSION = 'schema.version'

/** SetSchemaMetadata's settings. */
export const SET_SCHEMA_METADATA_CONFIG_DEF = new ConfigDef()
  .define({ name: SCHEMA_NAME, type: 'STRING', defaultValue: null, importance: 'HIGH', documentation: 'Schema name to set.' })
  .define({ name: SCHEMA_VERSION, type: 'INT', defaultValue: null, importance: 'HIGH', documentation: 'Schema version to set.' })
  .define(REPLACE_NULL_WITH_DEFAULT)

/** Renames or re-versions the key or value schema. */
export abstract class SetSchemaMetadata<R extends ConnectRecord<R>> implements Transformation<R> {
  readonly #part: RecordPart
  #name: string | null = null
  #schemaVersion: number | null = null
  #replaceNullWithDefault = true

  constructor (part: RecordPart) {
    this.#part = part
  }

  version (): string {
    return KAFKA_COMPAT_VERSION
  }

  configure (configs: TransformationConfigs): void {
    const config = parseConfig(SET_SCHEMA_METADATA_CONFIG_DEF, configs)
    this.#name = config.getString(SCHEMA_NAME)
    this.#schemaVersion = config.getInt(SCHEMA_VERSION)
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG) === true
    if (this.#name === null && this.#schemaVersion === null) throw new ConfigException('Neither schema name nor version configured')
  }

  apply (record: R): R | null {
    const value = this.#part.value(record)
    const original = this.#part.schema(record)
    if (value === null && original === null) return record
    const schema = requireSchema(original, 'updating schema metadata')
    const isMap = schema.type === 'MAP'
    const updated = new ConnectSchema({
      type: schema.type,
      optional: schema.optional,
      defaultValue: schema.defaultValue,
      name: this.#name ?? schema.name,
      version: this.#schemaVersion ?? schema.version,
      doc: schema.doc,
      parameters: schema.parameters,
      fields: schema.fields,
      keySchema: isMap ? schema.keySchema : null,
      valueSchema: isMap || schema.type === 'ARRAY' ? schema.valueSchema : null,
    })
    return this.#part.replace(record, updated, this.#withSchema(value, updated))
  }

  /** A struct value rebuilt on the updated schema (structs refer to their schema); other values as they are. */
  #withSchema (value: unknown, schema: Schema): unknown {
    if (!(value instanceof Struct)) return value
    const struct = new Struct(schema)
    for (const field of schema.fields ?? []) {
      struct.put(field, this.#replaceNullWithDefault ? value.get(field) : value.getWithoutDefault(field.name))
    }
    return struct
  }

  config (): ConfigDef {
    return SET_SCHEMA_METADATA_CONFIG_DEF
  }

  close (): void {}
}

/** SetSchemaMetadata applied to the key schema (org.apache.kafka.connect.transforms.SetSchemaMetadata$Key). */
export class SetSchemaMetadataKey<R extends ConnectRecord<R>> extends SetSchemaMetadata<R> {
  constructor () {
    super(KEY)
  }
}

/** SetSchemaMetadata applied to the value schema (org.apache.kafka.connect.transforms.SetSchemaMetadata$Value). */
export class SetSchemaMetadataValue<R extends ConnectRecord<R>> extends SetSchemaMetadata<R> {
  constructor () {
    super(VALUE)
  }
}
