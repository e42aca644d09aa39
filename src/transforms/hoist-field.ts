// HoistField$Key / HoistField$Value: wraps the key or value in a struct (or, without a schema, a
// map) with one field of the configured name.

import { ConfigDef } from '../api/config/config-def.ts'
import type { ConnectRecord } from '../api/connector/connect-record.ts'
import type { Schema } from '../api/data/schema.ts'
import { SchemaBuilder } from '../api/data/schema-builder.ts'
import { Struct } from '../api/data/struct.ts'
import type { Transformation, TransformationConfigs } from '../api/transforms/transformation.ts'
import { parseConfig } from './util/config.ts'
import { KEY, VALUE, type RecordPart } from './util/record-part.ts'
import { KAFKA_COMPAT_VERSION } from '../api/version.ts'

const FIELD = 'field'

/** HoistField's settings. */
export const HOIST_FIELD_CONFIG_DEF = new ConfigDef()
  .define({ name: FIELD, type: 'STRING', importance: 'MEDIUM', documentation: 'Field name for the single field that will be created in the resulting Struct or Map.' })

/** Wraps the key or value in a single field. */
export abstract class HoistField<R extends ConnectRecord<R>> implements Transformation<R> {
  readonly #part: RecordPart
  #field = ''
  #schemas = new WeakMap<Schema, Schema>()

  constructor (part: RecordPart) {
    this.#part = part
  }

  version (): string {
    return KAFKA_COMPAT_VERSION
  }

  configure (configs: TransformationConfigs): void {
    this.#field = parseConfig(HOIST_FIELD_CONFIG_DEF, configs).getString(FIELD) as string
    this.#schemas = new WeakMap()
  }

  apply (record: R): R | null {
    const schema = this.#part.schema(record)
    const value = this.#part.value(record)
    if (schema === null) return this.#part.replace(record, null, new Map([[this.#field, value]]))
    let updatedSchema = this.#schemas.get(schema)
    if (updatedSchema === undefined) {
      updatedSchema = SchemaBuilder.struct().field(this.#field, schema).build()
      this.#schemas.set(schema, updatedSchema)
    }
    return this.#part.replace(record, updatedSchema, new Struct(updatedSchema).put(this.#field, value))
  }

  config (): ConfigDef {
    return HOIST_FIELD_CONFIG_DEF
  }

  close (): void {
    this.#schemas = new WeakMap()
  }
}

/** HoistField applied to the record key (org.apache.kafka.connect.transforms.HoistField$Key). */
export class HoistFieldKey<R extends ConnectRecord<R>> extends HoistField<R> {
  constructor () {
    super(KEY)
  }
}

/** HoistField applied to the record value (org.apache.kafka.connect.transforms.HoistField$Value). */
export class HoistFieldValue<R extends ConnectRecord<R>> extends HoistField<R> {
  constructor () {
    super(VALUE)
  }
}
