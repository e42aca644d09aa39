// ValueToKey: replaces the record key by a struct or map of some of the value's fields.

import { ConfigDef } from '../api/config/config-def.ts'
import { ValidList } from '../api/config/validators.ts'
import type { ConnectRecord } from '../api/connector/connect-record.ts'
import { DataException } from '../api/errors.ts'
import type { Schema } from '../api/data/schema.ts'
import { SchemaBuilder } from '../api/data/schema-builder.ts'
import { Struct } from '../api/data/struct.ts'
import type { Transformation, TransformationConfigs } from '../api/transforms/transformation.ts'
import { parseConfig, REPLACE_NULL_WITH_DEFAULT, REPLACE_NULL_WITH_DEFAULT_CONFIG } from './util/config.ts'
import { requireMap, requireStruct } from './util/requirements.ts'
import { KAFKA_COMPAT_VERSION } from '../api/version.ts'

const FIELDS = 'fields'
const PURPOSE = 'copying fields from value to key'

/** ValueToKey's settings. */
export const VALUE_TO_KEY_CONFIG_DEF = new ConfigDef()
  .define({ name: FIELDS, type: 'LIST', validator: ValidList.anyNonDuplicateValues(false, false), importance: 'HIGH', documentation: 'Field names on the record value to extract as the record key.' })
  .define(REPLACE_NULL_WITH_DEFAULT)

/** Makes the key from fields of the value (org.apache.kafka.connect.transforms.ValueToKey). */
export class ValueToKey<R extends ConnectRecord<R>> implements Transformation<R> {
  #fields: readonly string[] = []
  #replaceNullWithDefault = true
  #schemas = new WeakMap<Schema, Schema>()

  version (): string {
    return KAFKA_COMPAT_VERSION
  }

  configure (configs: TransformationConfigs): void {
    const config = parseConfig(VALUE_TO_KEY_CONFIG_DEF, configs)
    this.#fields = config.getList(FIELDS) ?? []
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG) === true
    this.#schemas = new WeakMap()
  }

  apply (record: R): R | null {
    if (record.valueSchema === null) {
      const value = requireMap(record.value, PURPOSE)
      const key = new Map<unknown, unknown>()
      for (const field of this.#fields) key.set(field, value.get(field) ?? null)
      return record.newRecord({ keySchema: null, key })
    }
    const value = requireStruct(record.value, PURPOSE)
    let keySchema = this.#schemas.get(value.schema)
    if (keySchema === undefined) {
      const builder = SchemaBuilder.struct()
      for (const name of this.#fields) {
        const field = value.schema.field(name)
        if (field === null) throw new DataException(`Field does not exist: ${name}`)
        builder.field(name, field.schema)
      }
      keySchema = builder.build()
      this.#schemas.set(value.schema, keySchema)
    }
    const key = new Struct(keySchema)
    for (const name of this.#fields) key.put(name, this.#replaceNullWithDefault ? value.get(name) : value.getWithoutDefault(name))
    return record.newRecord({ keySchema, key, valueSchema: value.schema, value })
  }

  config (): ConfigDef {
    return VALUE_TO_KEY_CONFIG_DEF
  }

  close (): void {
    this.#schemas = new WeakMap()
  }
}
