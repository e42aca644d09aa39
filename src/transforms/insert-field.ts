// InsertField$Key / InsertField$Value: adds fields taken from the record's metadata (topic,
// partition, offset, timestamp) or a fixed string to the key or value. A name ending in '!' makes
// the new field required, '?' (or nothing) optional. Null keys and values (tombstones) pass through.

import { ConfigDef } from '../api/config/config-def.ts'
import type { ConnectRecord } from '../api/connector/connect-record.ts'
import { ConfigException } from '../api/errors.ts'
import { Schema } from '../api/data/schema.ts'
import { SchemaBuilder } from '../api/data/schema-builder.ts'
import { Struct } from '../api/data/struct.ts'
import { Timestamp } from '../api/data/timestamp.ts'
import type { Transformation, TransformationConfigs } from '../api/transforms/transformation.ts'
import { parseConfig, REPLACE_NULL_WITH_DEFAULT, REPLACE_NULL_WITH_DEFAULT_CONFIG } from './util/config.ts'
import { KEY, VALUE, type RecordPart } from './util/record-part.ts'
import { requireMap, requireSinkRecord, requireStruct } from './util/requirements.ts'
import { copySchemaBasics } from './util/schema-util.ts'
import { KAFKA_COMPAT_VERSION } from '../api/version.ts'

const TOPIC_FIELD = 'topic.field'
const PARTITION_FIELD = 'partition.field'
const OFFSET_FIELD = 'offset.field'
const TIMESTAMP_FIELD = 'timestamp.field'
const STATIC_FIELD = 'static.field'
const STATIC_VALUE = 'static.value'
const OPTIONALITY_DOC = 'Suffix with <code>!</code> to make this a required field, or <code>?</code> to keep it optional (the default).'
const PURPOSE = 'field insertion'
const OPTIONAL_TIMESTAMP_SCHEMA = Timestamp.builder().optional().build()

/** InsertField's settings. */
export const INSERT_FIELD_CONFIG_DEF = new ConfigDef()
  .define({ name: TOPIC_FIELD, type: 'STRING', defaultValue: null, importance: 'MEDIUM', documentation: 'Field name for Kafka topic. ' + OPTIONALITY_DOC })
  .define({ name: PARTITION_FIELD, type: 'STRING', defaultValue: null, importance: 'MEDIUM', documentation: 'Field name for Kafka partition. ' + OPTIONALITY_DOC })
  .define({ name: OFFSET_FIELD, type: 'STRING', defaultValue: null, importance: 'MEDIUM', documentation: 'Field name for Kafka offset - only applicable to sink connectors.<br/>' + OPTIONALITY_DOC })
  .define({ name: TIMESTAMP_FIELD, type: 'STRING', defaultValue: null, importance: 'MEDIUM', documentation: 'Field name for record timestamp. ' + OPTIONALITY_DOC })
  .define({ name: STATIC_FIELD, type: 'STRING', defaultValue: null, importance: 'MEDIUM', documentation: 'Field name for static data field. ' + OPTIONALITY_DOC })
  .define({ name: STATIC_VALUE, type: 'STRING', defaultValue: null, importance: 'MEDIUM', documentation: 'Static field value, if field name configured.' })
  .define(REPLACE_NULL_WITH_DEFAULT)

/** A field to insert: its name and whether its schema is optional. */
interface InsertionSpec {
  readonly name: string
  readonly optional: boolean
}

function parseSpec (spec: string | null): InsertionSpec | null {
  if (spec === null) return null
  if (spec.endsWith('?')) return { name: spec.slice(0, -1), optional: true }
  if (spec.endsWith('!')) return { name: spec.slice(0, -1), optional: false }
  return { name: spec, optional: true }
}

/** Inserts metadata or a static value as fields of the key or value. */
export abstract class InsertField<R extends ConnectRecord<R>> implements Transformation<R> {
  readonly #part: RecordPart
  #topic: InsertionSpec | null = null
  #partition: InsertionSpec | null = null
  #offset: InsertionSpec | null = null
  #timestamp: InsertionSpec | null = null
  #static: InsertionSpec | null = null
  #staticValue: string | null = null
  #replaceNullWithDefault = true
  #schemas = new WeakMap<Schema, Schema>()

  constructor (part: RecordPart) {
    this.#part = part
  }

  version (): string {
    return KAFKA_COMPAT_VERSION
  }

  configure (configs: TransformationConfigs): void {
    const config = parseConfig(INSERT_FIELD_CONFIG_DEF, configs)
    this.#topic = parseSpec(config.getString(TOPIC_FIELD))
    this.#partition = parseSpec(config.getString(PARTITION_FIELD))
    this.#offset = parseSpec(config.getString(OFFSET_FIELD))
    this.#timestamp = parseSpec(config.getString(TIMESTAMP_FIELD))
    this.#static = parseSpec(config.getString(STATIC_FIELD))
    this.#staticValue = config.getString(STATIC_VALUE)
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG) === true
    if (this.#topic === null && this.#partition === null && this.#offset === null && this.#timestamp === null && this.#static === null) {
      throw new ConfigException('No field insertion configured')
    }
    if (this.#static !== null && this.#staticValue === null) {
      throw new ConfigException(STATIC_VALUE, null, `No value specified for static field: ${this.#static.name}`)
    }
    this.#schemas = new WeakMap()
  }

  apply (record: R): R | null {
    const value = this.#part.value(record)
    if (value === null) return record
    return this.#part.schema(record) === null ? this.#applySchemaless(record, value) : this.#applyWithSchema(record, value)
  }

  #applySchemaless (record: R, value: unknown): R {
    const updated = new Map(requireMap(value, PURPOSE))
    if (this.#topic !== null) updated.set(this.#topic.name, record.topic)
    if (this.#partition !== null && record.kafkaPartition !== null) updated.set(this.#partition.name, record.kafkaPartition)
    if (this.#offset !== null) updated.set(this.#offset.name, requireSinkRecord(record, PURPOSE).kafkaOffset)
    // A Long in Java: a bigint here, as schemaless longs are everywhere.
    if (this.#timestamp !== null && record.timestamp !== null) updated.set(this.#timestamp.name, BigInt(record.timestamp))
    if (this.#static !== null && this.#staticValue !== null) updated.set(this.#static.name, this.#staticValue)
    return this.#part.replace(record, null, updated)
  }

  #applyWithSchema (record: R, value: unknown): R {
    const struct = requireStruct(value, PURPOSE)
    let schema = this.#schemas.get(struct.schema)
    if (schema === undefined) {
      schema = this.#updatedSchema(struct.schema)
      this.#schemas.set(struct.schema, schema)
    }
    const updated = new Struct(schema)
    for (const field of struct.schema.fields ?? []) {
      updated.put(field.name, this.#replaceNullWithDefault ? struct.get(field) : struct.getWithoutDefault(field.name))
    }
    if (this.#topic !== null) updated.put(this.#topic.name, record.topic)
    if (this.#partition !== null && record.kafkaPartition !== null) updated.put(this.#partition.name, record.kafkaPartition)
    if (this.#offset !== null) updated.put(this.#offset.name, requireSinkRecord(record, PURPOSE).kafkaOffset)
    if (this.#timestamp !== null && record.timestamp !== null) updated.put(this.#timestamp.name, new Date(record.timestamp))
    if (this.#static !== null && this.#staticValue !== null) updated.put(this.#static.name, this.#staticValue)
    return this.#part.replace(record, schema, updated)
  }

  #updatedSchema (schema: Schema): Schema {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct())
    for (const field of schema.fields ?? []) builder.field(field.name, field.schema)
    const add = (spec: InsertionSpec | null, optional: Schema, required: Schema): void => {
      if (spec !== null) builder.field(spec.name, spec.optional ? optional : required)
    }
    add(this.#topic, Schema.OPTIONAL_STRING_SCHEMA, Schema.STRING_SCHEMA)
    add(this.#partition, Schema.OPTIONAL_INT32_SCHEMA, Schema.INT32_SCHEMA)
    add(this.#offset, Schema.OPTIONAL_INT64_SCHEMA, Schema.INT64_SCHEMA)
    add(this.#timestamp, OPTIONAL_TIMESTAMP_SCHEMA, Timestamp.SCHEMA)
    add(this.#static, Schema.OPTIONAL_STRING_SCHEMA, Schema.STRING_SCHEMA)
    return builder.build()
  }

  config (): ConfigDef {
    return INSERT_FIELD_CONFIG_DEF
  }

  close (): void {
    this.#schemas = new WeakMap()
  }
}

/** InsertField applied to the record key (org.apache.kafka.connect.transforms.InsertField$Key). */
export class InsertFieldKey<R extends ConnectRecord<R>> extends InsertField<R> {
  constructor () {
    super(KEY)
  }
}

/** InsertField applied to the record value (org.apache.kafka.connect.transforms.InsertField$Value). */
export class InsertFieldValue<R extends ConnectRecord<R>> extends InsertField<R> {
  constructor () {
    super(VALUE)
  }
}
