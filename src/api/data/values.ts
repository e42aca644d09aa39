// Values (org.apache.kafka.connect.data.Values): converting a Connect value to another type when
// the caller knows what it wants but not what it has (a header holding "42" read as an INT64), the
// text form of any value, parsing that text back with its schema inferred, and inferring a schema
// from a value. The rules, results and messages are Kafka Connect's, quirks included, because
// headers cross between kconnect and Kafka Connect and must mean the same on both sides.
//
// Java picks its conversions from a value's class; here the JavaScript type stands in for it: a
// number is any of Java's int/float types, a bigint a long, a BigDecimal a BigDecimal, a Date a
// java.util.Date. Where Java would fail with a NullPointerException or NumberFormatException, this
// throws a DataException that says what was wrong.

import { DataException } from '../errors.ts'
import { BigDecimal } from './big-decimal.ts'
import { ConnectSchema } from './connect-schema.ts'
import { ConnectDate } from './date.ts'
import { Decimal } from './decimal.ts'
import { describeType, formatValue, isPlainObject } from './format-value.ts'
import { javaDoubleValue, javaLongValue, parseJavaBigDecimal } from './java-big-decimal.ts'
import { DATE_LOGICAL_NAME, DECIMAL_LOGICAL_NAME, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME } from './logical-names.ts'
import { Schema, type SchemaType } from './schema.ts'
import { SchemaAndValue } from './schema-and-value.ts'
import { Struct } from './struct.ts'
import { Time } from './time.ts'
import { Timestamp } from './timestamp.ts'
import { parseValueText } from './values-parser.ts'
import { valueToText } from './values-text.ts'

const MILLIS_PER_DAY = 86_400_000
/** The most days from the epoch a JavaScript Date can hold. */
const MAX_DATE_DAYS = 100_000_000
const LONG_MIN = -(2n ** 63n)
const LONG_MAX = 2n ** 63n - 1n
const NULL_FOR_REQUIRED = 'Unable to convert a null value to a schema that requires a value'

// The schemas Java names as the target when a list, map or struct conversion fails.
const ARRAY_SELECTOR_SCHEMA = new ConnectSchema({ type: 'ARRAY', valueSchema: Schema.STRING_SCHEMA })
const MAP_SELECTOR_SCHEMA = new ConnectSchema({ type: 'MAP', keySchema: Schema.STRING_SCHEMA, valueSchema: Schema.STRING_SCHEMA })
const STRUCT_SELECTOR_SCHEMA = new ConnectSchema({ type: 'STRUCT' })

/** Kafka Connect's value conversions, text form and schema inference (Java's Values). */
export const Values = Object.freeze({
  /**
   * A BOOLEAN: booleans as they are, "true"/"false" text, and numbers (or numeric text) as
   * non-zero. Null for null; DataException for anything else.
   */
  convertToBoolean (schema: Schema | null, value: unknown): boolean | null {
    if (value == null) return null
    if (typeof value === 'boolean') return value
    if (typeof value === 'string') {
      const parsed = Values.parseString(value).value
      if (typeof parsed === 'boolean') return parsed
    }
    return asLong(value, schema) !== 0n
  },

  /** An INT8: a number's integer part (Java's (byte) cast, so 300 is 44), numeric text, or a logical date's raw value. */
  convertToByte (schema: Schema | null, value: unknown): number | null {
    return value == null ? null : Number(BigInt.asIntN(8, asLong(value, schema)))
  },

  /** An INT16, as convertToByte with 16 bits. */
  convertToShort (schema: Schema | null, value: unknown): number | null {
    return value == null ? null : Number(BigInt.asIntN(16, asLong(value, schema)))
  },

  /** An INT32, as convertToByte with 32 bits. */
  convertToInteger (schema: Schema | null, value: unknown): number | null {
    return value == null ? null : Number(BigInt.asIntN(32, asLong(value, schema)))
  },

  /** An INT64 (a bigint): a number's integer part, numeric text, or a Date/Time/Timestamp's raw value given its schema. */
  convertToLong (schema: Schema | null, value: unknown): bigint | null {
    return value == null ? null : asLong(value, schema)
  },

  /** A FLOAT32: the nearest float to the value as a double. */
  convertToFloat (schema: Schema | null, value: unknown): number | null {
    return value == null ? null : Math.fround(asDouble(value, schema))
  },

  /** A FLOAT64. */
  convertToDouble (schema: Schema | null, value: unknown): number | null {
    return value == null ? null : asDouble(value, schema)
  },

  /**
   * The text Kafka Connect writes for a value (SimpleHeaderConverter's bytes): strings bare at the
   * top and quoted inside arrays and maps, [1,2], {"a":1}, base64 bytes, ISO dates, Java's float
   * text. `schema` tells how to print numbers, which carry no type of their own. Null for null.
   */
  convertToString (schema: Schema | null, value: unknown): string | null {
    return value == null ? null : valueToText(schema, value)
  },

  /** An array: an array as it is, or text that parses as one. DataException otherwise, null included. */
  convertToList (_schema: Schema | null, value: unknown): unknown[] {
    return convertToArray(ARRAY_SELECTOR_SCHEMA, value)
  },

  /** A Map: a Map as it is, a plain object's entries, or text that parses as a map. DataException otherwise, null included. */
  convertToMap (_schema: Schema | null, value: unknown): Map<unknown, unknown> {
    return convertToMapValue(MAP_SELECTOR_SCHEMA, value)
  },

  /** A Struct, which only a Struct converts to. DataException otherwise, null included. */
  convertToStruct (_schema: Schema | null, value: unknown): Struct {
    return convertToStructValue(STRUCT_SELECTOR_SCHEMA, value)
  },

  /** A Time (a Date on 1970-01-01): from a Time, a Timestamp's time of day, ms since midnight, or ISO text. */
  convertToTime (schema: Schema | null, value: unknown): Date {
    if (value == null) throw new DataException(NULL_FOR_REQUIRED)
    return convertToTimeValue(Time.SCHEMA, schema, value)
  },

  /** A Date (a Date at midnight UTC): from a Date, a Timestamp's day, days since the epoch, or ISO text. */
  convertToDate (schema: Schema | null, value: unknown): Date {
    if (value == null) throw new DataException(NULL_FOR_REQUIRED)
    return convertToDateValue(ConnectDate.SCHEMA, schema, value)
  },

  /** A Timestamp: from any of the temporal types (given its schema), ms since the epoch, or ISO text. */
  convertToTimestamp (schema: Schema | null, value: unknown): Date {
    if (value == null) throw new DataException(NULL_FOR_REQUIRED)
    return convertToTimestampValue(Timestamp.SCHEMA, schema, value)
  },

  /**
   * A BigDecimal: a BigDecimal as it is, Decimal bytes read at `scale`, a number through Java's
   * BigDecimal.valueOf(double), or decimal text.
   */
  convertToDecimal (_schema: Schema | null, value: unknown, scale: number): BigDecimal {
    if (value == null) throw new DataException(NULL_FOR_REQUIRED)
    return convertToDecimalValue(Decimal.schema(scale), value)
  },

  /**
   * The schema a value evidently has: STRING, BOOLEAN, INT64 for a bigint, INT32 for a whole
   * number in its range and FLOAT64 for any other number, BYTES, a struct's own schema, and for
   * arrays and maps the one type all elements share. Null when there is none to infer (null, an
   * empty or mixed array or map, a Date or BigDecimal, whose logical type is ambiguous).
   */
  inferSchema (value: unknown): Schema | null {
    switch (typeof value) {
      case 'string': return Schema.STRING_SCHEMA
      case 'boolean': return Schema.BOOLEAN_SCHEMA
      case 'bigint': return Schema.INT64_SCHEMA
      case 'number': return isInt32(value) ? Schema.INT32_SCHEMA : Schema.FLOAT64_SCHEMA
    }
    if (value instanceof Uint8Array) return Schema.BYTES_SCHEMA
    if (Array.isArray(value)) return inferArraySchema(value)
    if (value instanceof Map) return inferMapSchema(value)
    if (isPlainObject(value)) return inferMapSchema(new Map(Object.entries(value)))
    if (value instanceof Struct) return value.schema
    return null
  },

  /**
   * Reads text into a schema and value, inferring the type as Kafka Connect does (see
   * values-parser.ts): null and "null" give SchemaAndValue.NULL, "" a STRING.
   */
  parseString (text: string | null): SchemaAndValue {
    if (text == null) return SchemaAndValue.NULL
    if (typeof text !== 'string') throw new DataException(`Values.parseString takes a string, not ${describeType(text)}`)
    if (text === '') return new SchemaAndValue(Schema.STRING_SCHEMA, text)
    return parseValueText(text, alignToSchema)
  },
})

/**
 * Converts `value` to `toSchema`'s type (Java's Values.convertTo); `fromSchema`, when known,
 * tells how to read a logical value. Null stays null for an optional schema.
 */
export function convertTo (toSchema: Schema, fromSchema: Schema | null, value: unknown): unknown {
  if (value == null) {
    if (toSchema.optional) return null
    throw new DataException(NULL_FOR_REQUIRED)
  }
  switch (toSchema.type) {
    case 'BYTES':
      return toSchema.name === DECIMAL_LOGICAL_NAME ? convertToDecimalValue(toSchema, value) : convertToBytes(toSchema, value)
    case 'STRING': return Values.convertToString(fromSchema, value)
    case 'BOOLEAN': return Values.convertToBoolean(fromSchema, value)
    case 'INT8': return Values.convertToByte(fromSchema, value)
    case 'INT16': return Values.convertToShort(fromSchema, value)
    case 'INT32':
      if (toSchema.name === DATE_LOGICAL_NAME) return convertToDateValue(toSchema, fromSchema, value)
      if (toSchema.name === TIME_LOGICAL_NAME) return convertToTimeValue(toSchema, fromSchema, value)
      return Values.convertToInteger(fromSchema, value)
    case 'INT64':
      if (toSchema.name === TIMESTAMP_LOGICAL_NAME) return convertToTimestampValue(toSchema, fromSchema, value)
      return Values.convertToLong(fromSchema, value)
    case 'FLOAT32': return Values.convertToFloat(fromSchema, value)
    case 'FLOAT64': return Values.convertToDouble(fromSchema, value)
    case 'ARRAY': return convertToArray(toSchema, value)
    case 'MAP': return convertToMapValue(toSchema, value)
    case 'STRUCT': return convertToStructValue(toSchema, value)
  }
  throw cannotConvert(value, String(toSchema))
}

/** How parsed array elements and map entries take on their common schema. */
function alignToSchema (schema: Schema, value: unknown): unknown {
  return convertTo(schema, null, value)
}

function cannotConvert (value: unknown, target: string, cause?: unknown): DataException {
  const message = `Unable to convert ${formatValue(value)} (${describeType(value)}) to ${target}`
  return cause === undefined ? new DataException(message) : new DataException(message, { cause })
}

/** The value as a long (Java's Number.longValue, BigDecimal text, or a logical type's raw value). */
function asLong (value: unknown, fromSchema: Schema | null, previousError?: unknown): bigint {
  let error = previousError
  if (typeof value === 'number') return longOfDouble(value)
  if (typeof value === 'bigint') return value
  if (value instanceof BigDecimal) return javaLongValue(value)
  if (typeof value === 'string') {
    const decimal = parseJavaBigDecimal(value)
    if (decimal !== null) return javaLongValue(decimal)
    error = new DataException(`"${value}" is not a decimal number`)
  }
  if (fromSchema != null) {
    if (value instanceof Date) {
      switch (fromSchema.name) {
        case DATE_LOGICAL_NAME: return BigInt(ConnectDate.fromLogical(fromSchema, value))
        case TIME_LOGICAL_NAME: return BigInt(Time.fromLogical(fromSchema, value))
        case TIMESTAMP_LOGICAL_NAME: return Timestamp.fromLogical(fromSchema, value)
      }
    }
    throw cannotConvert(value, String(fromSchema), error)
  }
  throw cannotConvert(value, 'a number', error)
}

function asDouble (value: unknown, fromSchema: Schema | null): number {
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  if (value instanceof BigDecimal) return javaDoubleValue(value)
  if (typeof value === 'string') {
    const decimal = parseJavaBigDecimal(value)
    if (decimal !== null) return javaDoubleValue(decimal)
  }
  return Number(asLong(value, fromSchema))
}

/** Java's (long) of a double: truncated, saturated at the long range, NaN as 0. */
function longOfDouble (value: number): bigint {
  if (Number.isNaN(value)) return 0n
  if (value >= 2 ** 63) return LONG_MAX
  if (value <= -(2 ** 63)) return LONG_MIN
  return BigInt(Math.trunc(value))
}

function isInt32 (value: number): boolean {
  return Number.isInteger(value) && value >= -2147483648 && value <= 2147483647 && !Object.is(value, -0)
}

function convertToBytes (toSchema: Schema, value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value
  if (value instanceof BigDecimal) return Decimal.fromLogical(toSchema, value)
  throw cannotConvert(value, String(toSchema))
}

function convertToDecimalValue (toSchema: Schema, value: unknown): BigDecimal {
  if (value instanceof Uint8Array) return Decimal.toLogical(toSchema, value)
  if (value instanceof BigDecimal) return value
  // Java goes through the double, so a long past 2^53 loses digits as it does there.
  if (typeof value === 'number') return BigDecimal.fromNumber(value)
  if (typeof value === 'bigint') return BigDecimal.fromNumber(Number(value))
  if (typeof value === 'string') {
    const decimal = parseJavaBigDecimal(value)
    if (decimal === null) throw cannotConvert(value, String(toSchema), new DataException(`"${value}" is not a decimal number`))
    return decimal
  }
  throw cannotConvert(value, String(toSchema))
}

function convertToDateValue (toSchema: Schema, fromSchema: Schema | null, original: unknown): Date {
  const value = typeof original === 'string' ? Values.parseString(original).value : original
  if (value instanceof Date) {
    if (fromSchema == null || fromSchema.name === DATE_LOGICAL_NAME) return value
    if (fromSchema.name === TIMESTAMP_LOGICAL_NAME) {
      // Java truncates towards zero, so an instant before the epoch lands on the day after.
      return dateOfDays(toSchema, Math.trunc(value.getTime() / MILLIS_PER_DAY))
    }
  }
  const days = Number(BigInt.asIntN(32, asLong(value, fromSchema)))
  return dateOfDays(toSchema, days)
}

function dateOfDays (toSchema: Schema, days: number): Date {
  if (Math.abs(days) > MAX_DATE_DAYS) {
    throw new DataException(`Date ${days} days from the epoch is beyond what a JavaScript Date holds (±${MAX_DATE_DAYS} days)`)
  }
  return ConnectDate.toLogical(toSchema, days)
}

function convertToTimeValue (toSchema: Schema, fromSchema: Schema | null, original: unknown): Date {
  const value = typeof original === 'string' ? Values.parseString(original).value : original
  if (value instanceof Date) {
    if (fromSchema == null || fromSchema.name === TIME_LOGICAL_NAME) return value
    if (fromSchema.name === TIMESTAMP_LOGICAL_NAME) {
      const millis = value.getTime()
      return Time.toLogical(toSchema, millis - Math.floor(millis / MILLIS_PER_DAY) * MILLIS_PER_DAY)
    }
  }
  return Time.toLogical(toSchema, Number(BigInt.asIntN(32, asLong(value, fromSchema))))
}

function convertToTimestampValue (toSchema: Schema, fromSchema: Schema | null, original: unknown): Date {
  const value = typeof original === 'string' ? Values.parseString(original).value : original
  if (value instanceof Date) {
    if (fromSchema == null) return value
    switch (fromSchema.name) {
      case DATE_LOGICAL_NAME:
        return Timestamp.toLogical(toSchema, ConnectDate.fromLogical(fromSchema, value) * MILLIS_PER_DAY)
      case TIME_LOGICAL_NAME:
        return Timestamp.toLogical(toSchema, Time.fromLogical(fromSchema, value))
      case TIMESTAMP_LOGICAL_NAME:
        return value
    }
  }
  return Timestamp.toLogical(toSchema, asLong(value, fromSchema))
}

function convertToArray (toSchema: Schema, original: unknown): unknown[] {
  if (original == null) throw new DataException(NULL_FOR_REQUIRED)
  const value = typeof original === 'string' ? Values.parseString(original).value : original
  if (Array.isArray(value)) return value
  throw cannotConvert(value, String(toSchema))
}

function convertToMapValue (toSchema: Schema, original: unknown): Map<unknown, unknown> {
  if (original == null) throw new DataException(NULL_FOR_REQUIRED)
  const value = typeof original === 'string' ? Values.parseString(original).value : original
  if (value instanceof Map) return value
  if (isPlainObject(value)) return new Map(Object.entries(value))
  throw cannotConvert(value, String(toSchema))
}

function convertToStructValue (toSchema: Schema, value: unknown): Struct {
  if (value == null) throw new DataException(NULL_FOR_REQUIRED)
  if (value instanceof Struct) return value
  throw cannotConvert(value, String(toSchema))
}

function inferArraySchema (elements: readonly unknown[]): Schema | null {
  if (elements.length === 0) return null
  const detector = new TypeDetector()
  for (const element of elements) if (!detector.accept(element)) return null
  const valueSchema = detector.schema()
  return valueSchema === null ? null : new ConnectSchema({ type: 'ARRAY', valueSchema })
}

function inferMapSchema (map: ReadonlyMap<unknown, unknown>): Schema | null {
  if (map.size === 0) return null
  const keys = new TypeDetector()
  const values = new TypeDetector()
  for (const [key, value] of map) if (!keys.accept(key) || !values.accept(value)) return null
  const keySchema = keys.schema()
  const valueSchema = values.schema()
  return keySchema === null || valueSchema === null ? null : new ConnectSchema({ type: 'MAP', keySchema, valueSchema })
}

/**
 * The single type of a collection's elements, as Java's Values.SchemaDetector finds it: only the
 * type, made optional when a null was among them. (Java throws when every element is null; here
 * there is simply no schema to infer.)
 */
class TypeDetector {
  private type: SchemaType | null = null
  private optional = false

  accept (value: unknown): boolean {
    if (value == null) {
      this.optional = true
      return true
    }
    const schema = Values.inferSchema(value)
    if (schema === null) return false
    this.type ??= schema.type
    return this.type === schema.type
  }

  schema (): Schema | null {
    return this.type === null ? null : new ConnectSchema({ type: this.type, optional: this.optional })
  }
}
