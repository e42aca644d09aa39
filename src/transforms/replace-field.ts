// ReplaceField$Key / ReplaceField$Value: keeps only some fields (include), drops others (exclude,
// which wins), and renames fields (renames=old:new,…) of a struct or map. Null keys and values
// pass through.

import { ConfigDef } from '../api/config/config-def.ts'
import { LambdaValidator, ValidList } from '../api/config/validators.ts'
import type { ConnectRecord } from '../api/connector/connect-record.ts'
import { ConfigException } from '../api/errors.ts'
import type { Schema } from '../api/data/schema.ts'
import { SchemaBuilder } from '../api/data/schema-builder.ts'
import { Struct } from '../api/data/struct.ts'
import type { Transformation, TransformationConfigs } from '../api/transforms/transformation.ts'
import { javaListText, javaSplit, parseConfig, REPLACE_NULL_WITH_DEFAULT, REPLACE_NULL_WITH_DEFAULT_CONFIG } from './util/config.ts'
import { KEY, VALUE, type RecordPart } from './util/record-part.ts'
import { requireMap, requireStruct } from './util/requirements.ts'
import { copySchemaBasics } from './util/schema-util.ts'
import { KAFKA_COMPAT_VERSION } from '../api/version.ts'

const EXCLUDE = 'exclude'
const INCLUDE = 'include'
const RENAMES = 'renames'
const PURPOSE = 'field replacement'

/** Reads `old:new` pairs; throws ConfigException for a pair that is not exactly two names. */
function parseRenames (mappings: readonly string[]): Map<string, string> {
  const renames = new Map<string, string>()
  for (const mapping of mappings) {
    const parts = javaSplit(mapping, ':')
    if (parts.length !== 2) throw new ConfigException(RENAMES, javaListText(mappings), `Invalid rename mapping: ${mapping}`)
    renames.set(parts[0], parts[1])
  }
  return renames
}

/** ReplaceField's settings. */
export const REPLACE_FIELD_CONFIG_DEF = new ConfigDef()
  .define({ name: EXCLUDE, type: 'LIST', defaultValue: [], validator: ValidList.anyNonDuplicateValues(true, false), importance: 'MEDIUM', documentation: 'Fields to exclude. This takes precedence over the fields to include.' })
  .define({ name: INCLUDE, type: 'LIST', defaultValue: [], validator: ValidList.anyNonDuplicateValues(true, false), importance: 'MEDIUM', documentation: 'Fields to include. If specified, only these fields will be used.' })
  .define({
    name: RENAMES,
    type: 'LIST',
    defaultValue: [],
    validator: LambdaValidator.with((_name, value) => { parseRenames(value as string[]) }, () => 'list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>'),
    importance: 'MEDIUM',
    documentation: 'Field rename mappings.',
  })
  .define(REPLACE_NULL_WITH_DEFAULT)

/** Filters and renames the fields of the key or value. */
export abstract class ReplaceField<R extends ConnectRecord<R>> implements Transformation<R> {
  readonly #part: RecordPart
  #exclude = new Set<string>()
  #include = new Set<string>()
  #renames = new Map<string, string>()
  #reverseRenames = new Map<string, string>()
  #replaceNullWithDefault = true
  #schemas = new WeakMap<Schema, Schema>()

  constructor (part: RecordPart) {
    this.#part = part
  }

  version (): string {
    return KAFKA_COMPAT_VERSION
  }

  configure (configs: TransformationConfigs): void {
    const config = parseConfig(REPLACE_FIELD_CONFIG_DEF, configs)
    this.#exclude = new Set(config.getList(EXCLUDE))
    this.#include = new Set(config.getList(INCLUDE))
    this.#renames = parseRenames(config.getList(RENAMES) ?? [])
    this.#reverseRenames = new Map([...this.#renames].map(([from, to]) => [to, from]))
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG) === true
    this.#schemas = new WeakMap()
  }

  #keeps (name: string): boolean {
    return !this.#exclude.has(name) && (this.#include.size === 0 || this.#include.has(name))
  }

  apply (record: R): R | null {
    const value = this.#part.value(record)
    if (value === null) return record
    if (this.#part.schema(record) === null) {
      const updated = new Map<unknown, unknown>()
      for (const [name, fieldValue] of requireMap(value, PURPOSE)) {
        if (this.#keeps(name as string)) updated.set(this.#renames.get(name as string) ?? name, fieldValue)
      }
      return this.#part.replace(record, null, updated)
    }
    const struct = requireStruct(value, PURPOSE)
    let schema = this.#schemas.get(struct.schema)
    if (schema === undefined) {
      const builder = copySchemaBasics(struct.schema, SchemaBuilder.struct())
      for (const field of struct.schema.fields ?? []) {
        if (this.#keeps(field.name)) builder.field(this.#renames.get(field.name) ?? field.name, field.schema)
      }
      schema = builder.build()
      this.#schemas.set(struct.schema, schema)
    }
    const updated = new Struct(schema)
    for (const field of schema.fields ?? []) {
      const original = this.#reverseRenames.get(field.name) ?? field.name
      updated.put(field.name, this.#replaceNullWithDefault ? struct.get(original) : struct.getWithoutDefault(original))
    }
    return this.#part.replace(record, schema, updated)
  }

  config (): ConfigDef {
    return REPLACE_FIELD_CONFIG_DEF
  }

  close (): void {
    this.#schemas = new WeakMap()
  }
}

/** ReplaceField applied to the record key (org.apache.kafka.connect.transforms.ReplaceField$Key). */
export class ReplaceFieldKey<R extends ConnectRecord<R>> extends ReplaceField<R> {
  constructor () {
    super(KEY)
  }
}

/** ReplaceField applied to the record value (org.apache.kafka.connect.transforms.ReplaceField$Value). */
export class ReplaceFieldValue<R extends ConnectRecord<R>> extends ReplaceField<R> {
  constructor () {
    super(VALUE)
  }
}
