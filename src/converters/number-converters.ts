// The number converters of org.apache.kafka.connect.converters: Short, Integer, Long, Float and
// Double converters write a value as Kafka's serializers do (big-endian two's complement or
// IEEE 754, 2/4/8/4/8 bytes), and BooleanConverter as one byte, 0 or 1. Each reads back with an
// optional schema of its type; bytes of the wrong length are a DataException. The five number
// converters are one implementation over a table of formats (width, codec, Kafka's names).

import type { ConfigDef } from '../api/config/config-def.ts'
import { AbstractConfig } from '../api/config/abstract-config.ts'
import type { Converter, ConverterConfigs, HeaderConverter } from '../api/converter/converter.ts'
import { describeType } from '../api/data/format-value.ts'
import { Schema } from '../api/data/schema.ts'
import { SchemaAndValue } from '../api/data/schema-and-value.ts'
import { DataException } from '../api/errors.ts'
import { newConverterConfigDef, withConverterType } from './converter-config.ts'

const CONFIG_DEF = newConverterConfigDef()

/** How one number type is written and read. */
interface NumberFormat {
  /** The name in messages ("short", "integer", …), Kafka's. */
  readonly typeName: string
  /** The schema values are read with. */
  readonly schema: Schema
  /** The size in bytes. */
  readonly size: number
  /** Kafka's deserializer name, as its size message shows it. */
  readonly deserializerName: string
  /** Why `value` cannot be written, or null when it can. */
  problem (value: unknown): string | null
  write (view: DataView, value: unknown): void
  read (view: DataView): unknown
}

/** The check for a two's complement integer of `bits` bits held in a JavaScript number. */
function integerOf (bits: number): (value: unknown) => string | null {
  const min = -(2 ** (bits - 1))
  const max = 2 ** (bits - 1) - 1
  return value => {
    if (typeof value !== 'number') return `was ${describeType(value)}`
    return Number.isInteger(value) && value >= min && value <= max ? null : `${value} is not an integer in [${min}, ${max}]`
  }
}

function longProblem (value: unknown): string | null {
  if (typeof value !== 'bigint') return `was ${describeType(value)}; a long is a bigint`
  return BigInt.asIntN(64, value) === value ? null : `${value} does not fit in 64 bits`
}

function floatProblem (value: unknown): string | null {
  return typeof value === 'number' ? null : `was ${describeType(value)}`
}

// Kafka's number types, one row each: the width and the DataView codec are all that differ.
// FloatDeserializer and DoubleDeserializer both call themselves "Deserializer" in their message.
const SHORT: NumberFormat = {
  typeName: 'short', schema: Schema.OPTIONAL_INT16_SCHEMA, size: 2, deserializerName: 'ShortDeserializer', problem: integerOf(16),
  write: (view, value) => view.setInt16(0, value as number), read: view => view.getInt16(0),
}
const INTEGER: NumberFormat = {
  typeName: 'integer', schema: Schema.OPTIONAL_INT32_SCHEMA, size: 4, deserializerName: 'IntegerDeserializer', problem: integerOf(32),
  write: (view, value) => view.setInt32(0, value as number), read: view => view.getInt32(0),
}
const LONG: NumberFormat = {
  typeName: 'long', schema: Schema.OPTIONAL_INT64_SCHEMA, size: 8, deserializerName: 'LongDeserializer', problem: longProblem,
  write: (view, value) => view.setBigInt64(0, value as bigint), read: view => view.getBigInt64(0),
}
const FLOAT: NumberFormat = {
  typeName: 'float', schema: Schema.OPTIONAL_FLOAT32_SCHEMA, size: 4, deserializerName: 'Deserializer', problem: floatProblem,
  write: (view, value) => view.setFloat32(0, value as number), read: view => view.getFloat32(0),
}
const DOUBLE: NumberFormat = {
  typeName: 'double', schema: Schema.OPTIONAL_FLOAT64_SCHEMA, size: 8, deserializerName: 'Deserializer', problem: floatProblem,
  write: (view, value) => view.setFloat64(0, value as number), read: view => view.getFloat64(0),
}

/** What the converters of this file share: converter.type is their one setting, a header is a value. */
abstract class PrimitiveConverter implements Converter, HeaderConverter {
  /** converter.type only. */
  config (): ConfigDef {
    return CONFIG_DEF
  }

  /** Checks the settings (converter.type is required; `isKey` sets it). */
  configure (configs: ConverterConfigs, isKey?: boolean): void {
    void new AbstractConfig(CONFIG_DEF, typeof isKey === 'boolean' ? withConverterType(configs, isKey) : configs)
  }

  abstract fromConnectData (topic: string, schema: Schema | null, value: unknown): Uint8Array | null
  abstract toConnectData (topic: string, value: Uint8Array | null): SchemaAndValue

  /** fromConnectData, for a header's value. */
  fromConnectHeader (topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, schema, value)
  }

  /** toConnectData, for a header's value. */
  toConnectHeader (topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, value)
  }

  close (): void {}
}

/** A converter for one number type: Kafka's NumberConverter<T>. */
abstract class NumberConverter extends PrimitiveConverter {
  readonly #format: NumberFormat

  protected constructor (format: NumberFormat) {
    super()
    this.#format = format
  }

  /** The value's bytes; null for null. The schema is not consulted, as in Kafka. */
  fromConnectData (_topic: string, _schema: Schema | null, value: unknown): Uint8Array | null {
    if (value === null || value === undefined) return null
    const format = this.#format
    const problem = format.problem(value)
    if (problem !== null) throw new DataException(`Failed to serialize to ${format.typeName} (${problem})`)
    const bytes = new Uint8Array(format.size)
    format.write(new DataView(bytes.buffer), value)
    return bytes
  }

  /** The number in the bytes, with the type's optional schema; null for null. */
  toConnectData (_topic: string, value: Uint8Array | null): SchemaAndValue {
    const format = this.#format
    if (value === null || value === undefined) return new SchemaAndValue(format.schema, null)
    if (value.length !== format.size) {
      throw new DataException(`Failed to deserialize ${format.typeName}: Size of data received by ${format.deserializerName} is not ${format.size}`)
    }
    return new SchemaAndValue(format.schema, format.read(new DataView(value.buffer, value.byteOffset, value.byteLength)))
  }
}

/** INT16 values as 2 bytes. */
export class ShortConverter extends NumberConverter {
  constructor () { super(SHORT) }
}

/** INT32 values as 4 bytes. */
export class IntegerConverter extends NumberConverter {
  constructor () { super(INTEGER) }
}

/** INT64 values (bigint) as 8 bytes. */
export class LongConverter extends NumberConverter {
  constructor () { super(LONG) }
}

/** FLOAT32 values as 4 bytes. */
export class FloatConverter extends NumberConverter {
  constructor () { super(FLOAT) }
}

/** FLOAT64 values as 8 bytes. */
export class DoubleConverter extends NumberConverter {
  constructor () { super(DOUBLE) }
}

/** BOOLEAN values as one byte: 1 for true, 0 for false. */
export class BooleanConverter extends PrimitiveConverter {
  /** One byte; null for null. A schema, if given, must be BOOLEAN. */
  fromConnectData (_topic: string, schema: Schema | null, value: unknown): Uint8Array | null {
    if (schema !== null && schema !== undefined && schema.type !== 'BOOLEAN') {
      throw new DataException(`Invalid schema type for BooleanConverter: ${schema.type}`)
    }
    if (value === null || value === undefined) return null
    if (typeof value !== 'boolean') throw new DataException(`BooleanConverter is not compatible with objects of type ${describeType(value)}`)
    return Uint8Array.of(value ? 1 : 0)
  }

  /** The boolean in one byte (0 or 1; anything else is an error), with the optional BOOLEAN schema. */
  toConnectData (_topic: string, value: Uint8Array | null): SchemaAndValue {
    if (value === null || value === undefined) return new SchemaAndValue(Schema.OPTIONAL_BOOLEAN_SCHEMA, null)
    if (value.length !== 1) {
      throw new DataException('Failed to deserialize boolean: Size of data received by BooleanDeserializer is not 1')
    }
    if (value[0] > 1) {
      throw new DataException(`Failed to deserialize boolean: Unexpected byte received by BooleanDeserializer: ${(value[0] << 24) >> 24}`)
    }
    return new SchemaAndValue(Schema.OPTIONAL_BOOLEAN_SCHEMA, value[0] === 1)
  }
}
