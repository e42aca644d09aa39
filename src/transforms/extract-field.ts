// ExtractField$Key / ExtractField$Value: replaces the key or value by one of its fields, at the
// top level or, with field.syntax.version=V2, nested (address.city). A null key or value stays null.

import { ConfigDef } from '../api/config/config-def.ts'
import type { ConnectRecord } from '../api/connector/connect-record.ts'
import { DataException } from '../api/errors.ts'
import type { Transformation, TransformationConfigs } from '../api/transforms/transformation.ts'
import { parseConfig, REPLACE_NULL_WITH_DEFAULT, REPLACE_NULL_WITH_DEFAULT_CONFIG } from './util/config.ts'
import { defineFieldSyntaxVersion, fieldSyntaxVersionOf, SingleFieldPath } from './util/field-path.ts'
import { KEY, VALUE, type RecordPart } from './util/record-part.ts'
import { requireMapOrNull, requireStructOrNull } from './util/requirements.ts'
import { KAFKA_COMPAT_VERSION } from '../api/version.ts'

const FIELD = 'field'
const PURPOSE = 'field extraction'

/** ExtractField's settings. */
export const EXTRACT_FIELD_CONFIG_DEF = defineFieldSyntaxVersion(new ConfigDef()
  .define({ name: FIELD, type: 'STRING', importance: 'MEDIUM', documentation: 'Field name to extract.' })
  .define(REPLACE_NULL_WITH_DEFAULT))

/** Replaces the key or value by one of its fields. */
export abstract class ExtractField<R extends ConnectRecord<R>> implements Transformation<R> {
  readonly #part: RecordPart
  #path = new SingleFieldPath('', 'V1')
  #originalPath = ''
  #replaceNullWithDefault = true

  constructor (part: RecordPart) {
    this.#part = part
  }

  version (): string {
    return KAFKA_COMPAT_VERSION
  }

  configure (configs: TransformationConfigs): void {
    const config = parseConfig(EXTRACT_FIELD_CONFIG_DEF, configs)
    this.#originalPath = config.getString(FIELD) as string
    this.#path = new SingleFieldPath(this.#originalPath, fieldSyntaxVersionOf(config))
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG) === true
  }

  apply (record: R): R | null {
    const schema = this.#part.schema(record)
    const value = this.#part.value(record)
    if (schema === null) {
      const map = requireMapOrNull(value, PURPOSE)
      return this.#part.replace(record, null, map === null ? null : this.#path.valueFromMap(map))
    }
    const struct = requireStructOrNull(value, PURPOSE)
    const field = this.#path.fieldFrom(schema)
    if (field === null) throw new DataException(`Unknown field: ${this.#originalPath}`)
    return this.#part.replace(record, field.schema, struct === null ? null : this.#path.valueFromStruct(struct, this.#replaceNullWithDefault))
  }

  config (): ConfigDef {
    return EXTRACT_FIELD_CONFIG_DEF
  }

  close (): void {}
}

/** ExtractField applied to the record key (org.apache.kafka.connect.transforms.ExtractField$Key). */
export class ExtractFieldKey<R extends ConnectRecord<R>> extends ExtractField<R> {
  constructor () {
    super(KEY)
  }
}

/** ExtractField applied to the record value (org.apache.kafka.connect.transforms.ExtractField$Value). */
export class ExtractFieldValue<R extends ConnectRecord<R>> extends ExtractField<R> {
  constructor () {
    super(VALUE)
  }
}
