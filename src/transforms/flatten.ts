// Flatten$Key / Flatten$Value: turns nested structs (or maps, without a schema) into one level,
// joining the names along the way with the delimiter (address.city). Arrays are kept as they
// are. A flattened field is optional when any struct above it is, and takes its default from
// the struct defaults above it when it has none of its own.

import { ConfigDef } from '../api/config/config-def.ts'
import type { ConnectRecord } from '../api/connector/connect-record.ts'
import { DataException } from '../api/errors.ts'
import type { Schema, SchemaType } from '../api/data/schema.ts'
import { SchemaBuilder } from '../api/data/schema-builder.ts'
import { Struct } from '../api/data/struct.ts'
import type { Transformation, TransformationConfigs } from '../api/transforms/transformation.ts'
import { parseConfig } from './util/config.ts'
import { javaClassText, javaKindOf, schemaTypeOfKind } from './util/java-values.ts'
import { KEY, VALUE, type RecordPart } from './util/record-part.ts'
import { requireMap, requireStructOrNull } from './util/requirements.ts'
import { copySchemaBasics } from './util/schema-util.ts'
import { KAFKA_COMPAT_VERSION } from '../api/version.ts'

const DELIMITER = 'delimiter'
const PURPOSE = 'flattening'

/** Flatten's settings. */
export const FLATTEN_CONFIG_DEF = new ConfigDef()
  .define({
    name: DELIMITER,
    type: 'STRING',
    defaultValue: '.',
    importance: 'MEDIUM',
    documentation: 'Delimiter to insert between field names from the input record when generating field names for the output record',
  })

/** The types Flatten copies as they are. */
function isKept (type: SchemaType): boolean {
  return type !== 'MAP' && type !== 'STRUCT'
}

/** Flattens nested structures of the key or value. */
export abstract class Flatten<R extends ConnectRecord<R>> implements Transformation<R> {
  readonly #part: RecordPart
  #delimiter = '.'
  #schemas = new WeakMap<Schema, Schema>()

  constructor (part: RecordPart) {
    this.#part = part
  }

  version (): string {
    return KAFKA_COMPAT_VERSION
  }

  configure (configs: TransformationConfigs): void {
    this.#delimiter = parseConfig(FLATTEN_CONFIG_DEF, configs).getString(DELIMITER) ?? '.'
    this.#schemas = new WeakMap()
  }

  apply (record: R): R | null {
    const value = this.#part.value(record)
    if (value === null) return record
    const schema = this.#part.schema(record)
    if (schema === null) {
      const flattened = new Map<unknown, unknown>()
      this.#flattenMap(requireMap(value, PURPOSE), '', flattened)
      return this.#part.replace(record, null, flattened)
    }
    const struct = requireStructOrNull(value, PURPOSE)
    let updatedSchema = this.#schemas.get(schema)
    if (updatedSchema === undefined) {
      const builder = copySchemaBasics(schema, SchemaBuilder.struct())
      this.#flattenSchema(schema, '', builder, schema.optional, (schema.defaultValue ?? null) as Struct | null)
      updatedSchema = builder.build()
      this.#schemas.set(schema, updatedSchema)
    }
    if (struct === null) return this.#part.replace(record, updatedSchema, null)
    const flattened = new Struct(updatedSchema)
    this.#flattenStruct(struct, '', flattened)
    return this.#part.replace(record, updatedSchema, flattened)
  }

  #name (prefix: string, name: string): string {
    return prefix === '' ? name : prefix + this.#delimiter + name
  }

  #flattenMap (map: ReadonlyMap<unknown, unknown>, prefix: string, out: Map<unknown, unknown>): void {
    for (const [key, value] of map) {
      const name = this.#name(prefix, key as string)
      if (value === null || value === undefined) {
        out.set(name, null)
        continue
      }
      const type = schemaTypeOfKind(javaKindOf(value))
      if (type === null) {
        throw new DataException(`Flatten transformation was passed a value of type ${javaClassText(value)} which is not supported by Connect's data API`)
      }
      if (type === 'MAP') {
        this.#flattenMap(requireMap(value, PURPOSE), name, out)
      } else if (type === 'STRUCT') {
        throw new DataException(`Flatten transformation does not support ${javaClassText(value)} for record without schemas (for field ${name}).`)
      } else {
        out.set(name, value)
      }
    }
  }

  /**
   * Adds the flattened fields of `schema` to `builder`: optional when an ancestor is, with the
   * field's own default or else the one the ancestors' default struct holds for it.
   */
  #flattenSchema (schema: Schema, prefix: string, builder: SchemaBuilder, optional: boolean, parentDefault: Struct | null): void {
    for (const field of schema.fields ?? []) {
      const name = this.#name(prefix, field.name)
      const fieldOptional = optional || field.schema.optional
      let defaultValue: unknown = null
      if ((field.schema.defaultValue ?? null) !== null) defaultValue = field.schema.defaultValue
      else if (parentDefault !== null) defaultValue = parentDefault.get(field)
      if (field.schema.type === 'STRUCT') {
        this.#flattenSchema(field.schema, name, builder, fieldOptional, defaultValue as Struct | null)
      } else if (isKept(field.schema.type)) {
        const fieldBuilder = copySchemaBasics(field.schema)
        if (fieldOptional) fieldBuilder.optional()
        if (defaultValue !== null) fieldBuilder.defaultValue(defaultValue)
        builder.field(name, fieldBuilder.build())
      } else {
        throw new DataException(`Flatten transformation does not support ${field.schema.type} for record with schemas (for field ${name}).`)
      }
    }
  }

  #flattenStruct (struct: Struct | null, prefix: string, out: Struct): void {
    if (struct === null) return
    for (const field of struct.schema.fields ?? []) {
      const name = this.#name(prefix, field.name)
      if (field.schema.type === 'STRUCT') {
        this.#flattenStruct(struct.getStruct(field.name), name, out)
      } else if (isKept(field.schema.type)) {
        out.put(name, struct.get(field))
      } else {
        throw new DataException(`Flatten transformation does not support ${field.schema.type} for record with schemas (for field ${name}).`)
      }
    }
  }

  config (): ConfigDef {
    return FLATTEN_CONFIG_DEF
  }

  close (): void {
    this.#schemas = new WeakMap()
  }
}

/** Flatten applied to the record key (org.apache.kafka.connect.transforms.Flatten$Key). */
export class FlattenKey<R extends ConnectRecord<R>> extends Flatten<R> {
  constructor () {
    super(KEY)
  }
}

/** Flatten applied to the record value (org.apache.kafka.connect.transforms.Flatten$Value). */
export class FlattenValue<R extends ConnectRecord<R>> extends Flatten<R> {
  constructor () {
    super(VALUE)
  }
}
