// HeaderFrom$Key / HeaderFrom$Value: copies or moves fields of the key or value into headers
// (fields[i] goes to headers[i]), each header with the field's schema.

import { ConfigDef } from '../api/config/config-def.ts'
import { ValidString } from '../api/config/validators.ts'
import type { ConnectRecord } from '../api/connector/connect-record.ts'
import { ConfigException, DataException } from '../api/errors.ts'
import type { Schema } from '../api/data/schema.ts'
import { SchemaBuilder } from '../api/data/schema-builder.ts'
import { Struct } from '../api/data/struct.ts'
import type { Transformation, TransformationConfigs } from '../api/transforms/transformation.ts'
import { parseConfig, REPLACE_NULL_WITH_DEFAULT, REPLACE_NULL_WITH_DEFAULT_CONFIG } from './util/config.ts'
import { NonEmptyListValidator } from './util/non-empty-list-validator.ts'
import { KEY, VALUE, type RecordPart } from './util/record-part.ts'
import { requireMap, requireStruct } from './util/requirements.ts'
import { copySchemaBasics } from './util/schema-util.ts'
import { KAFKA_COMPAT_VERSION } from '../api/version.ts'

const FIELDS = 'fields'
const HEADERS = 'headers'
const OPERATION = 'operation'

/** HeaderFrom's settings. */
export const HEADER_FROM_CONFIG_DEF = new ConfigDef()
  .define({ name: FIELDS, type: 'LIST', validator: new NonEmptyListValidator(), importance: 'HIGH', documentation: 'Field names in the record whose values are to be copied or moved to headers.' })
  .define({ name: HEADERS, type: 'LIST', validator: new NonEmptyListValidator(), importance: 'HIGH', documentation: 'Header names, in the same order as the field names listed in the fields configuration property.' })
  .define({
    name: OPERATION,
    type: 'STRING',
    validator: ValidString.in('move', 'copy'),
    importance: 'HIGH',
    documentation: 'Either <code>move</code> if the fields are to be moved to the headers (removed from the key/value), ' +
      'or <code>copy</code> if the fields are to be copied to the headers (retained in the key/value).',
  })
  .define(REPLACE_NULL_WITH_DEFAULT)

/** Copies or moves fields of the key or value into headers. */
export abstract class HeaderFrom<R extends ConnectRecord<R>> implements Transformation<R> {
  readonly #part: RecordPart
  #fields: readonly string[] = []
  #headers: readonly string[] = []
  #move = false
  #replaceNullWithDefault = true
  #schemas = new WeakMap<Schema, Schema>()

  constructor (part: RecordPart) {
    this.#part = part
  }

  version (): string {
    return KAFKA_COMPAT_VERSION
  }

  configure (configs: TransformationConfigs): void {
    const config = parseConfig(HEADER_FROM_CONFIG_DEF, configs)
    this.#fields = config.getList(FIELDS) ?? []
    this.#headers = config.getList(HEADERS) ?? []
    if (this.#headers.length !== this.#fields.length) {
      throw new ConfigException(`'${FIELDS}' config must have the same number of elements as '${HEADERS}' config.`)
    }
    this.#move = config.getString(OPERATION) === 'move'
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG) === true
    this.#schemas = new WeakMap()
  }

  apply (record: R): R | null {
    const value = this.#part.value(record)
    const schema = this.#part.schema(record)
    const purpose = `header ${this.#move ? 'move' : 'copy'}`
    const headers = record.headers.duplicate()
    if (schema === null) {
      const original = requireMap(value, purpose)
      const updated = new Map(original)
      this.#fields.forEach((field, i) => {
        if (this.#move) updated.delete(field)
        headers.add(this.#headers[i], original.get(field) ?? null, null)
      })
      return this.#part.replace(record, null, updated, headers)
    }
    const struct = requireStruct(value, purpose)
    let updatedSchema = schema
    let updated = struct
    if (this.#move) {
      updatedSchema = this.#movedSchema(schema)
      updated = new Struct(updatedSchema)
      for (const field of updatedSchema.fields ?? []) updated.put(field, this.#fieldValue(struct, field.name))
    }
    this.#fields.forEach((name, i) => {
      const field = schema.field(name)
      if (field === null) throw new DataException(`Field '${name}' is not in the ${this.#part.name} schema, so it cannot become header '${this.#headers[i]}'`)
      headers.add(this.#headers[i], struct.schema.field(name) === null ? null : this.#fieldValue(struct, name), field.schema)
    })
    return this.#part.replace(record, updatedSchema, updated, headers)
  }

  #fieldValue (struct: Struct, name: string): unknown {
    return this.#replaceNullWithDefault ? struct.get(name) : struct.getWithoutDefault(name)
  }

  #movedSchema (schema: Schema): Schema {
    let moved = this.#schemas.get(schema)
    if (moved === undefined) {
      const builder = copySchemaBasics(schema, SchemaBuilder.struct())
      for (const field of schema.fields ?? []) {
        if (!this.#fields.includes(field.name)) builder.field(field.name, field.schema)
      }
      moved = builder.build()
      this.#schemas.set(schema, moved)
    }
    return moved
  }

  config (): ConfigDef {
    return HEADER_FROM_CONFIG_DEF
  }

  close (): void {
    this.#schemas = new WeakMap()
  }
}

/** HeaderFrom applied to the record key (org.apache.kafka.connect.transforms.HeaderFrom$Key). */
export class HeaderFromKey<R extends ConnectRecord<R>> extends HeaderFrom<R> {
  constructor () {
    super(KEY)
  }
}

/** HeaderFrom applied to the record value (org.apache.kafka.connect.transforms.HeaderFrom$Value). */
export class HeaderFromValue<R extends ConnectRecord<R>> extends HeaderFrom<R> {
  constructor () {
    super(VALUE)
  }
}
