// MaskField$Key / MaskField$Value: replaces the listed fields' values by the empty value of their
// type (0, false, "", an empty list or map, the epoch for dates), or by a replacement text
// converted to the field's type (numbers and strings only).

import { ConfigDef } from '../api/config/config-def.ts'
import { NonEmptyString, ValidList } from '../api/config/validators.ts'
import type { ConnectRecord } from '../api/connector/connect-record.ts'
import { DataException } from '../api/errors.ts'
import { BigDecimal } from '../api/data/big-decimal.ts'
import { parseJavaBigDecimal } from '../api/data/java-big-decimal.ts'
import type { Schema } from '../api/data/schema.ts'
import { Struct } from '../api/data/struct.ts'
import { Values } from '../api/data/values.ts'
import type { Transformation, TransformationConfigs } from '../api/transforms/transformation.ts'
import { parseConfig, REPLACE_NULL_WITH_DEFAULT, REPLACE_NULL_WITH_DEFAULT_CONFIG } from './util/config.ts'
import { javaClassText, javaKindOf } from './util/java-values.ts'
import { KEY, VALUE, type RecordPart } from './util/record-part.ts'
import { requireMap, requireStruct } from './util/requirements.ts'
import { KAFKA_COMPAT_VERSION } from '../api/version.ts'

const FIELDS = 'fields'
const REPLACEMENT = 'replacement'
const PURPOSE = 'mask fields'

/** MaskField's settings. */
export const MASK_FIELD_CONFIG_DEF = new ConfigDef()
  .define({ name: FIELDS, type: 'LIST', validator: ValidList.anyNonDuplicateValues(false, false), importance: 'HIGH', documentation: 'Names of fields to mask.' })
  .define({
    name: REPLACEMENT,
    type: 'STRING',
    defaultValue: null,
    validator: new NonEmptyString(),
    importance: 'LOW',
    documentation: 'Custom value replacement, that will be applied to all \'fields\' values (numeric or non-empty string values only).',
  })
  .define(REPLACE_NULL_WITH_DEFAULT)

/** The empty value of a value's type (Java picks it by the value's class). */
function emptyValueLike (value: unknown, schema: Schema | null): unknown {
  switch (javaKindOf(value, schema)) {
    case 'Boolean': return false
    case 'Byte':
    case 'Short':
    case 'Integer':
    case 'Float':
    case 'Double': return 0
    case 'Long': return 0n
    case 'BigDecimal': return new BigDecimal(0n, 0)
    case 'Date': return new Date(0)
    case 'String': return ''
    case 'List': return []
    case 'Map': return new Map()
  }
  throw new DataException(`Cannot mask value of type: ${javaClassText(value, schema)}`)
}

/** `replacement` converted to a value's type; only numbers and strings can be replaced so. */
function replacementLike (value: unknown, schema: Schema | null, replacement: string): unknown {
  // Values' conversions fail with their own DataException, as in Kafka.
  switch (javaKindOf(value, schema)) {
    case 'Byte': return Values.convertToByte(null, replacement)
    case 'Short': return Values.convertToShort(null, replacement)
    case 'Integer': return Values.convertToInteger(null, replacement)
    case 'Long': return Values.convertToLong(null, replacement)
    case 'Float': return Values.convertToFloat(null, replacement)
    case 'Double': return Values.convertToDouble(null, replacement)
    case 'String': return replacement
    case 'BigDecimal': {
      const decimal = parseJavaBigDecimal(replacement)
      if (decimal === null) throw new DataException(`Unable to convert ${replacement} (class java.lang.String) to number`)
      return decimal
    }
  }
  throw new DataException(`Cannot mask value of type ${javaClassText(value, schema)} with custom replacement.`)
}

/** Masks fields of the key or value. */
export abstract class MaskField<R extends ConnectRecord<R>> implements Transformation<R> {
  readonly #part: RecordPart
  #fields = new Set<string>()
  #replacement: string | null = null
  #replaceNullWithDefault = true

  constructor (part: RecordPart) {
    this.#part = part
  }

  version (): string {
    return KAFKA_COMPAT_VERSION
  }

  configure (configs: TransformationConfigs): void {
    const config = parseConfig(MASK_FIELD_CONFIG_DEF, configs)
    this.#fields = new Set(config.getList(FIELDS))
    this.#replacement = config.getString(REPLACEMENT)
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG) === true
  }

  #masked (value: unknown, schema: Schema | null): unknown {
    if (value === null || value === undefined) return null
    return this.#replacement === null ? emptyValueLike(value, schema) : replacementLike(value, schema, this.#replacement)
  }

  apply (record: R): R | null {
    const value = this.#part.value(record)
    if (this.#part.schema(record) === null) {
      const original = requireMap(value, PURPOSE)
      const updated = new Map(original)
      // Every listed field is set, to null when the map has none (as Kafka does).
      for (const field of this.#fields) updated.set(field, this.#masked(original.get(field), null))
      return this.#part.replace(record, null, updated)
    }
    const struct = requireStruct(value, PURPOSE)
    const updated = new Struct(struct.schema)
    for (const field of struct.schema.fields ?? []) {
      const fieldValue = this.#replaceNullWithDefault ? struct.get(field) : struct.getWithoutDefault(field.name)
      updated.put(field, this.#fields.has(field.name) ? this.#masked(fieldValue, field.schema) : fieldValue)
    }
    return this.#part.replace(record, this.#part.schema(record), updated)
  }

  config (): ConfigDef {
    return MASK_FIELD_CONFIG_DEF
  }

  close (): void {}
}

/** MaskField applied to the record key (org.apache.kafka.connect.transforms.MaskField$Key). */
export class MaskFieldKey<R extends ConnectRecord<R>> extends MaskField<R> {
  constructor () {
    super(KEY)
  }
}

/** MaskField applied to the record value (org.apache.kafka.connect.transforms.MaskField$Value). */
export class MaskFieldValue<R extends ConnectRecord<R>> extends MaskField<R> {
  constructor () {
    super(VALUE)
  }
}
