// ByteArrayConverter (org.apache.kafka.connect.converters.ByteArrayConverter): bytes pass through
// untouched, for pipelines that move data without looking at it.

import type { ConfigDef } from '../api/config/config-def.ts'
import type { Converter, ConverterConfigs, HeaderConverter } from '../api/converter/converter.ts'
import { describeType } from '../api/data/format-value.ts'
import { Schema } from '../api/data/schema.ts'
import { SchemaAndValue } from '../api/data/schema-and-value.ts'
import { DataException } from '../api/errors.ts'
import { newConverterConfigDef } from './converter-config.ts'

const CONFIG_DEF = newConverterConfigDef()

/** Passes BYTES values through as they are; reads any bytes as an optional BYTES value. */
export class ByteArrayConverter implements Converter, HeaderConverter {
  /** converter.type only. */
  config (): ConfigDef {
    return CONFIG_DEF
  }

  /** Nothing to configure (Kafka's does not even check converter.type). */
  configure (_configs: ConverterConfigs, _isKey?: boolean): void {}

  /** The value itself; it must be a Uint8Array (or null), and the schema, if any, BYTES. */
  fromConnectData (_topic: string, schema: Schema | null, value: unknown): Uint8Array | null {
    if (schema !== null && schema !== undefined && schema.type !== 'BYTES') {
      throw new DataException(`Invalid schema type for ByteArrayConverter: ${schema.type}`)
    }
    if (value === null || value === undefined) return null
    if (!(value instanceof Uint8Array)) {
      throw new DataException(`ByteArrayConverter is not compatible with objects of type ${describeType(value)}`)
    }
    return value
  }

  /** The bytes, with the optional BYTES schema. */
  toConnectData (_topic: string, value: Uint8Array | null): SchemaAndValue {
    return new SchemaAndValue(Schema.OPTIONAL_BYTES_SCHEMA, value ?? null)
  }

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
