// TimestampConverter$Key / TimestampConverter$Value: converts a timestamp (the whole key or
// value, or one field of it) between text in a SimpleDateFormat pattern, Unix time (a long in
// seconds, milliseconds, microseconds or nanoseconds) and Connect's Date, Time and Timestamp.
// The source type comes from the schema (a Timestamp, Date or Time logical type, a string, an
// int64), or without one from the value (a Date is a Timestamp, a long Unix time, a string text).

import { ConfigDef } from '../api/config/config-def.ts'
import { ValidString } from '../api/config/validators.ts'
import type { ConnectRecord } from '../api/connector/connect-record.ts'
import { ConfigException, ConnectException, DataException } from '../api/errors.ts'
import { ConnectDate } from '../api/data/date.ts'
import { DATE_LOGICAL_NAME, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME } from '../api/data/logical-names.ts'
import { Schema } from '../api/data/schema.ts'
import { SchemaBuilder } from '../api/data/schema-builder.ts'
import { Struct } from '../api/data/struct.ts'
import { Time } from '../api/data/time.ts'
import { Timestamp } from '../api/data/timestamp.ts'
import type { Transformation, TransformationConfigs } from '../api/transforms/transformation.ts'
import { parseConfig, REPLACE_NULL_WITH_DEFAULT, REPLACE_NULL_WITH_DEFAULT_CONFIG } from './util/config.ts'
import { javaClassText } from './util/java-values.ts'
import { KEY, VALUE, type RecordPart } from './util/record-part.ts'
import { requireMap, requireStructOrNull } from './util/requirements.ts'
import { copySchemaBasics } from './util/schema-util.ts'
import { DateParseError, SimpleDateFormat } from './util/simple-date-format.ts'
import { KAFKA_COMPAT_VERSION } from '../api/version.ts'

const FIELD = 'field'
const TARGET_TYPE = 'target.type'
const FORMAT = 'format'
const UNIX_PRECISION = 'unix.precision'
const PURPOSE = 'converting timestamp formats'
const MILLIS_PER_DAY = 86_400_000
const LONG_MAX = 2n ** 63n - 1n
const LONG_MIN = -(2n ** 63n)

/** The timestamp representations. */
type TimestampType = 'string' | 'unix' | 'Date' | 'Time' | 'Timestamp'
type UnixPrecision = 'seconds' | 'milliseconds' | 'microseconds' | 'nanoseconds'

const OPTIONAL_DATE_SCHEMA = ConnectDate.builder().optional().build()
const OPTIONAL_TIME_SCHEMA = Time.builder().optional().build()
const OPTIONAL_TIMESTAMP_SCHEMA = Timestamp.builder().optional().build()

/** TimestampConverter's settings. */
export const TIMESTAMP_CONVERTER_CONFIG_DEF = new ConfigDef()
  .define({ name: FIELD, type: 'STRING', defaultValue: '', importance: 'HIGH', documentation: 'The field containing the timestamp, or empty if the entire value is a timestamp' })
  .define({
    name: TARGET_TYPE,
    type: 'STRING',
    validator: ValidString.in('string', 'unix', 'Date', 'Time', 'Timestamp'),
    importance: 'HIGH',
    documentation: 'The desired timestamp representation: string, unix, Date, Time, or Timestamp',
  })
  .define({
    name: FORMAT,
    type: 'STRING',
    defaultValue: '',
    importance: 'MEDIUM',
    documentation: 'A SimpleDateFormat-compatible format for the timestamp. Used to generate the output when type=string ' +
      'or used to parse the input if the input is a string.',
  })
  .define({
    name: UNIX_PRECISION,
    type: 'STRING',
    defaultValue: 'milliseconds',
    validator: ValidString.in('nanoseconds', 'microseconds', 'milliseconds', 'seconds'),
    importance: 'LOW',
    documentation: 'The desired Unix precision for the timestamp: seconds, milliseconds, microseconds, or nanoseconds. ' +
      'Used to generate the output when type=unix or used to parse the input if the input is a Long.' +
      'Note: This SMT will cause precision loss during conversions from, and to, values with sub-millisecond components.',
  })
  .define(REPLACE_NULL_WITH_DEFAULT)

/** Java's TimeUnit conversions of a long: multiplying saturates, dividing truncates. */
function scale (value: bigint, multiply: bigint, divide: bigint): bigint {
  if (divide !== 1n) return value / divide
  const product = value * multiply
  return product > LONG_MAX ? LONG_MAX : product < LONG_MIN ? LONG_MIN : product
}

/** Converts timestamps of the key or value. */
export abstract class TimestampConverter<R extends ConnectRecord<R>> implements Transformation<R> {
  readonly #part: RecordPart
  #field = ''
  #type: TimestampType = 'Timestamp'
  #format: SimpleDateFormat | null = null
  #precision: UnixPrecision = 'milliseconds'
  #replaceNullWithDefault = true
  #schemas = new WeakMap<Schema, Schema>()

  constructor (part: RecordPart) {
    this.#part = part
  }

  version (): string {
    return KAFKA_COMPAT_VERSION
  }

  configure (configs: TransformationConfigs): void {
    const config = parseConfig(TIMESTAMP_CONVERTER_CONFIG_DEF, configs)
    this.#field = config.getString(FIELD) ?? ''
    this.#type = config.getString(TARGET_TYPE) as TimestampType
    const pattern = config.getString(FORMAT) ?? ''
    this.#precision = config.getString(UNIX_PRECISION) as UnixPrecision
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG) === true
    this.#schemas = new WeakMap()
    const blank = pattern.trim() === ''
    if (this.#type === 'string' && blank) {
      throw new ConfigException('TimestampConverter requires format option to be specified when using string timestamps')
    }
    this.#format = null
    if (!blank) {
      try {
        this.#format = new SimpleDateFormat(pattern)
      } catch (error) {
        throw new ConfigException(FORMAT, pattern,
          `TimestampConverter requires a SimpleDateFormat-compatible pattern for string timestamps: ${(error as Error).message}`)
      }
    }
  }

  apply (record: R): R | null {
    const schema = this.#part.schema(record)
    const value = this.#part.value(record)
    if (schema === null) {
      if (value === null || this.#field === '') return this.#part.replace(record, null, this.#convert(value, null))
      const updated = new Map(requireMap(value, PURPOSE))
      updated.set(this.#field, this.#convert(updated.get(this.#field) ?? null, null))
      return this.#part.replace(record, null, updated)
    }
    if (this.#field === '') {
      const sourceType = typeOfSchema(schema)
      return this.#part.replace(record, this.#typeSchema(this.#type, schema.optional), this.#convert(value, sourceType))
    }
    const struct = requireStructOrNull(value, PURPOSE)
    let updatedSchema = this.#schemas.get(schema)
    if (updatedSchema === undefined) {
      const builder = copySchemaBasics(schema, SchemaBuilder.struct())
      for (const field of schema.fields ?? []) {
        builder.field(field.name, field.name === this.#field ? this.#typeSchema(this.#type, field.schema.optional) : field.schema)
      }
      if (schema.optional) builder.optional()
      if ((schema.defaultValue ?? null) !== null) builder.defaultValue(this.#convertStruct(schema.defaultValue as Struct, builder.build()))
      updatedSchema = builder.build()
      this.#schemas.set(schema, updatedSchema)
    }
    return this.#part.replace(record, updatedSchema, this.#convertStruct(struct, updatedSchema))
  }

  #convertStruct (struct: Struct | null, schema: Schema): Struct | null {
    if (struct === null) return null
    const updated = new Struct(schema)
    for (const field of struct.schema.fields ?? []) {
      const value = this.#replaceNullWithDefault ? struct.get(field) : struct.getWithoutDefault(field.name)
      updated.put(field.name, field.name === this.#field ? this.#convert(value, typeOfSchema(field.schema)) : value)
    }
    return updated
  }

  /** A timestamp of `sourceType` (or of the type its value shows) in the target type. */
  #convert (timestamp: unknown, sourceType: TimestampType | null): unknown {
    if (timestamp === null || timestamp === undefined) return null
    const raw = this.#toRaw(timestamp, sourceType ?? inferType(timestamp))
    return this.#toType(raw)
  }

  #toRaw (value: unknown, type: TimestampType): Date {
    switch (type) {
      case 'string': {
        if (typeof value !== 'string') throw new DataException(`Expected string timestamp to be a String, but found ${javaClassText(value)}`)
        if (this.#format === null) {
          throw new DataException(`Could not parse timestamp: value (${value}) is text, and no format is set to read it; set ${FORMAT} to its SimpleDateFormat pattern`)
        }
        try {
          return this.#format.parse(value)
        } catch (error) {
          if (!(error instanceof DateParseError)) throw error
          throw new DataException(`Could not parse timestamp: value (${value}) does not match pattern (${this.#format.toPattern()})`, { cause: error })
        }
      }
      case 'unix': {
        if (typeof value !== 'bigint') throw new DataException(`Expected Unix timestamp to be a Long, but found ${javaClassText(value)}`)
        switch (this.#precision) {
          case 'seconds': return Timestamp.toLogical(Timestamp.SCHEMA, scale(value, 1000n, 1n))
          case 'microseconds': return Timestamp.toLogical(Timestamp.SCHEMA, scale(value, 1n, 1000n))
          case 'nanoseconds': return Timestamp.toLogical(Timestamp.SCHEMA, scale(value, 1n, 1_000_000n))
          default: return Timestamp.toLogical(Timestamp.SCHEMA, value)
        }
      }
      default:
        if (!(value instanceof Date)) throw new DataException(`Expected ${type} to be a java.util.Date, but found ${javaClassText(value)}`)
        return value
    }
  }

  #toType (date: Date): unknown {
    switch (this.#type) {
      case 'string': return (this.#format as SimpleDateFormat).format(date)
      case 'unix': {
        const millis = Timestamp.fromLogical(Timestamp.SCHEMA, date)
        switch (this.#precision) {
          case 'seconds': return scale(millis, 1n, 1000n)
          case 'microseconds': return scale(millis, 1000n, 1n)
          case 'nanoseconds': return scale(millis, 1_000_000n, 1n)
          default: return millis
        }
      }
      case 'Date': return new Date(Math.floor(date.getTime() / MILLIS_PER_DAY) * MILLIS_PER_DAY)
      case 'Time': return new Date(((date.getTime() % MILLIS_PER_DAY) + MILLIS_PER_DAY) % MILLIS_PER_DAY)
      default: return date
    }
  }

  #typeSchema (type: TimestampType, optional: boolean): Schema {
    switch (type) {
      case 'string': return optional ? Schema.OPTIONAL_STRING_SCHEMA : Schema.STRING_SCHEMA
      case 'unix': return optional ? Schema.OPTIONAL_INT64_SCHEMA : Schema.INT64_SCHEMA
      case 'Date': return optional ? OPTIONAL_DATE_SCHEMA : ConnectDate.SCHEMA
      case 'Time': return optional ? OPTIONAL_TIME_SCHEMA : Time.SCHEMA
      default: return optional ? OPTIONAL_TIMESTAMP_SCHEMA : Timestamp.SCHEMA
    }
  }

  config (): ConfigDef {
    return TIMESTAMP_CONVERTER_CONFIG_DEF
  }

  close (): void {
    this.#schemas = new WeakMap()
  }
}

/** The representation a schema stands for: its logical type, a string, or an int64 as Unix time. */
function typeOfSchema (schema: Schema): TimestampType {
  switch (schema.name) {
    case TIMESTAMP_LOGICAL_NAME: return 'Timestamp'
    case DATE_LOGICAL_NAME: return 'Date'
    case TIME_LOGICAL_NAME: return 'Time'
  }
  if (schema.type === 'STRING') return 'string'
  if (schema.type === 'INT64') return 'unix'
  throw new ConnectException(`Schema ${String(schema)} does not correspond to a known timestamp type format`)
}

/** The representation a schemaless value shows: a Date is a Timestamp, a long Unix time, a string text. */
function inferType (value: unknown): TimestampType {
  if (value instanceof Date) return 'Timestamp'
  if (typeof value === 'bigint') return 'unix'
  if (typeof value === 'string') return 'string'
  throw new DataException(`TimestampConverter does not support ${javaClassText(value)} objects as timestamps`)
}

/** TimestampConverter applied to the record key (org.apache.kafka.connect.transforms.TimestampConverter$Key). */
export class TimestampConverterKey<R extends ConnectRecord<R>> extends TimestampConverter<R> {
  constructor () {
    super(KEY)
  }
}

/** TimestampConverter applied to the record value (org.apache.kafka.connect.transforms.TimestampConverter$Value). */
export class TimestampConverterValue<R extends ConnectRecord<R>> extends TimestampConverter<R> {
  constructor () {
    super(VALUE)
  }
}
