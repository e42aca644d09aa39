// Cast$Key / Cast$Value: casts fields of a struct or map (spec=field:type,…), or the whole key or
// value (spec=type), to int8, int16, int32, int64, float32, float64, boolean or string, with
// Java's conversions: numbers narrow as Java's casts do (300 as int8 is 44), text parses as
// Java's Integer.parseInt and Double.parseDouble read it, bytes become base64 text, and Date,
// Time and Timestamp values become their day, millisecond or epoch numbers (or ISO text).

import { ConfigDef } from '../api/config/config-def.ts'
import { LambdaValidator } from '../api/config/validators.ts'
import type { ConnectRecord } from '../api/connector/connect-record.ts'
import { ConfigException, DataException } from '../api/errors.ts'
import type { BigDecimal } from '../api/data/big-decimal.ts'
import { ConnectDate } from '../api/data/date.ts'
import { formatTemporal } from '../api/data/iso-date-format.ts'
import { DATE_LOGICAL_NAME, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME } from '../api/data/logical-names.ts'
import type { Schema, SchemaType } from '../api/data/schema.ts'
import { SchemaBuilder } from '../api/data/schema-builder.ts'
import { Struct } from '../api/data/struct.ts'
import { Time } from '../api/data/time.ts'
import { Timestamp } from '../api/data/timestamp.ts'
import type { Transformation, TransformationConfigs } from '../api/transforms/transformation.ts'
import { javaListText, javaSplit, parseConfig, REPLACE_NULL_WITH_DEFAULT, REPLACE_NULL_WITH_DEFAULT_CONFIG } from './util/config.ts'
import {
  byteValue, doubleValue, floatValue, intValue, isNumberKind, JavaNumberFormatError, javaNumberToString, longValue,
  parseJavaBoolean, parseJavaDouble, parseJavaFloat, parseJavaInteger, parseJavaLong, shortValue, type JavaNumber,
} from './util/java-numbers.ts'
import { javaClassText, javaKindOf, schemaTypeOfKind, type JavaKind } from './util/java-values.ts'
import { KEY, VALUE, type RecordPart } from './util/record-part.ts'
import { requireMap, requireStruct } from './util/requirements.ts'
import { copySchemaBasics } from './util/schema-util.ts'
import { KAFKA_COMPAT_VERSION } from '../api/version.ts'

const SPEC = 'spec'
const PURPOSE = 'cast types'
const INPUT_TYPES: readonly SchemaType[] = ['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING', 'BYTES']
const OUTPUT_TYPES: readonly SchemaType[] = ['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING']
const ALL_TYPES: readonly string[] = ['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING', 'BYTES', 'ARRAY', 'MAP', 'STRUCT']

/** What the spec asks: a cast per field, or one for the whole key or value. */
interface CastSpec {
  readonly fields: ReadonlyMap<string, SchemaType>
  readonly whole: SchemaType | null
}

function targetType (text: string): SchemaType {
  const name = text.trim().toUpperCase()
  if (!ALL_TYPES.includes(name)) {
    throw new ConfigException(`Invalid type found in casting spec: ${text.trim()}; valid types are ${OUTPUT_TYPES.map(t => t.toLowerCase()).join(', ')}`)
  }
  const type = name as SchemaType
  if (!OUTPUT_TYPES.includes(type)) {
    throw new ConfigException(`Cast transformation does not support casting to ${type}; supported types are ${javaListText(OUTPUT_TYPES)}`)
  }
  return type
}

/** Reads spec: `type` alone, or `field:type` pairs. Throws ConfigException with what is wrong. */
function parseSpec (mappings: readonly string[]): CastSpec {
  const fields = new Map<string, SchemaType>()
  let whole: SchemaType | null = null
  for (const mapping of mappings) {
    const parts = javaSplit(mapping, ':')
    if (parts.length > 2) {
      throw new ConfigException(SPEC, javaListText(mappings), `Invalid cast mapping: ${mapping}; use field:type or a single type`)
    }
    if (parts.length === 1) whole = targetType(parts[0])
    else fields.set(parts[0].trim(), targetType(parts[1]))
  }
  if (whole !== null && mappings.length > 1) {
    throw new ConfigException('Cast transformations that specify a type to cast the entire value to may only specify a single cast in their spec')
  }
  return { fields, whole }
}

/** Cast's settings. */
export const CAST_CONFIG_DEF = new ConfigDef()
  .define({
    name: SPEC,
    type: 'LIST',
    validator: LambdaValidator.with((_name, value) => {
      const list = value as string[] | null
      if (list === null || list === undefined || list.length === 0) throw new ConfigException('Must specify at least one field to cast.')
      parseSpec(list)
    }, () => 'list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>'),
    importance: 'HIGH',
    documentation: 'List of fields and the type to cast them to of the form field1:type,field2:type to cast fields of ' +
      'Maps or Structs. A single type to cast the entire value. Valid types are int8, int16, int32, ' +
      'int64, float32, float64, boolean, and string. Note that binary fields can only be cast to string.',
  })
  .define(REPLACE_NULL_WITH_DEFAULT)

function builderOf (type: SchemaType): SchemaBuilder {
  return new SchemaBuilder(type)
}

/** Casts fields, or the whole key or value, to other primitive types. */
export abstract class Cast<R extends ConnectRecord<R>> implements Transformation<R> {
  readonly #part: RecordPart
  #spec: CastSpec = { fields: new Map(), whole: null }
  #replaceNullWithDefault = true
  #schemas = new WeakMap<Schema, Schema>()

  constructor (part: RecordPart) {
    this.#part = part
  }

  version (): string {
    return KAFKA_COMPAT_VERSION
  }

  configure (configs: TransformationConfigs): void {
    const config = parseConfig(CAST_CONFIG_DEF, configs)
    this.#spec = parseSpec(config.getList(SPEC) ?? [])
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG) === true
    this.#schemas = new WeakMap()
  }

  apply (record: R): R | null {
    const value = this.#part.value(record)
    if (value === null) return record
    const schema = this.#part.schema(record)
    const { whole, fields } = this.#spec
    if (schema === null) {
      if (whole !== null) return this.#part.replace(record, null, castValue(null, value, whole))
      const original = requireMap(value, PURPOSE)
      const updated = new Map(original)
      for (const [field, type] of fields) updated.set(field, castValue(null, original.get(field) ?? null, type))
      return this.#part.replace(record, null, updated)
    }
    const updatedSchema = this.#updatedSchema(schema)
    if (whole !== null) return this.#part.replace(record, updatedSchema, castValue(schema, value, whole))
    const struct = requireStruct(value, PURPOSE)
    const updated = new Struct(updatedSchema)
    for (const field of struct.schema.fields ?? []) {
      const original = this.#replaceNullWithDefault ? struct.get(field) : struct.getWithoutDefault(field.name)
      const type = fields.get(field.name)
      updated.put(field.name, type === undefined ? original : castValue(field.schema, original, type))
    }
    return this.#part.replace(record, updatedSchema, updated)
  }

  #updatedSchema (schema: Schema): Schema {
    const cached = this.#schemas.get(schema)
    if (cached !== undefined) return cached
    const { whole, fields } = this.#spec
    let builder: SchemaBuilder
    if (whole !== null) {
      builder = copySchemaBasics(schema, builderOf(whole))
    } else {
      if (schema.fields === null) throw new DataException('Cannot list fields on non-struct type')
      builder = copySchemaBasics(schema, SchemaBuilder.struct())
      for (const field of schema.fields) {
        const type = fields.get(field.name)
        if (type === undefined) {
          builder.field(field.name, field.schema)
          continue
        }
        const fieldBuilder = builderOf(type)
        if (field.schema.optional) fieldBuilder.optional()
        if ((field.schema.defaultValue ?? null) !== null) fieldBuilder.defaultValue(castValue(field.schema, field.schema.defaultValue, type))
        builder.field(field.name, fieldBuilder.build())
      }
    }
    if (schema.optional) builder.optional()
    if ((schema.defaultValue ?? null) !== null) builder.defaultValue(castValue(schema, schema.defaultValue, builder.type))
    const updated = builder.build()
    this.#schemas.set(schema, updated)
    return updated
  }

  config (): ConfigDef {
    return CAST_CONFIG_DEF
  }

  close (): void {
    this.#schemas = new WeakMap()
  }
}

/** Cast.castValueToType: `value` (of `schema`, or typed by its own class) as `target`. */
function castValue (schema: Schema | null, value: unknown, target: SchemaType): unknown {
  if (value === null || value === undefined) return null
  const kind = javaKindOf(value, schema)
  const inferred = schema === null ? schemaTypeOfKind(kind) : schema.type
  if (inferred === null) {
    throw new DataException(`Cast transformation was passed a value of type ${javaClassText(value)} which is not supported by Connect's data API`)
  }
  if (!INPUT_TYPES.includes(inferred)) {
    throw new DataException(`Cast transformation does not support casting from ${inferred}; supported types are ${javaListText(INPUT_TYPES)}`)
  }
  let encoded: { kind: JavaKind | null, value: unknown } = { kind, value }
  // Logical values are cast through their numbers, except to text.
  if (schema !== null && schema.name !== null && target !== 'STRING') encoded = encodeLogical(schema, value, kind)
  try {
    return castTo(encoded.kind, encoded.value, target)
  } catch (error) {
    if (!(error instanceof JavaNumberFormatError)) throw error
    throw new DataException(`Value (${String(value)}) was out of range for requested data type`, { cause: error })
  }
}

function encodeLogical (schema: Schema, value: unknown, kind: JavaKind | null): { kind: JavaKind | null, value: unknown } {
  switch (schema.name) {
    case DATE_LOGICAL_NAME: return { kind: 'Integer', value: ConnectDate.fromLogical(schema, value as Date) }
    case TIME_LOGICAL_NAME: return { kind: 'Integer', value: Time.fromLogical(schema, value as Date) }
    case TIMESTAMP_LOGICAL_NAME: return { kind: 'Long', value: Timestamp.fromLogical(schema, value as Date) }
  }
  return { kind, value }
}

function castTo (kind: JavaKind | null, value: unknown, target: SchemaType): unknown {
  if (target === 'STRING') return castToString(kind, value)
  if (isNumberKind(kind)) {
    const n: JavaNumber = { kind, value: value as number | bigint | BigDecimal }
    switch (target) {
      case 'INT8': return byteValue(n)
      case 'INT16': return shortValue(n)
      case 'INT32': return intValue(n)
      case 'INT64': return longValue(n)
      case 'FLOAT32': return floatValue(n)
      case 'FLOAT64': return doubleValue(n)
      case 'BOOLEAN': return longValue(n) !== 0n
    }
  }
  if (kind === 'Boolean') {
    const flag = value === true
    switch (target) {
      case 'INT64': return flag ? 1n : 0n
      case 'BOOLEAN': return flag
      default: return flag ? 1 : 0
    }
  }
  if (kind === 'String') {
    const text = value as string
    switch (target) {
      case 'INT8': return parseJavaInteger(text, 8)
      case 'INT16': return parseJavaInteger(text, 16)
      case 'INT32': return parseJavaInteger(text, 32)
      case 'INT64': return parseJavaLong(text)
      case 'FLOAT32': return parseJavaFloat(text)
      case 'FLOAT64': return parseJavaDouble(text)
      case 'BOOLEAN': return parseJavaBoolean(text)
    }
  }
  throw new DataException(`Unexpected type in Cast transformation: ${javaClassText(value)}`)
}

function castToString (kind: JavaKind | null, value: unknown): string {
  if (value instanceof Date) return formatTemporal(value)
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')
  if (isNumberKind(kind)) return javaNumberToString({ kind, value: value as number | bigint | BigDecimal })
  return String(value)
}

/** Cast applied to the record key (org.apache.kafka.connect.transforms.Cast$Key). */
export class CastKey<R extends ConnectRecord<R>> extends Cast<R> {
  constructor () {
    super(KEY)
  }
}

/** Cast applied to the record value (org.apache.kafka.connect.transforms.Cast$Value). */
export class CastValue<R extends ConnectRecord<R>> extends Cast<R> {
  constructor () {
    super(VALUE)
  }
}
