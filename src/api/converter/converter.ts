// The converter interfaces: how record keys, values and headers become bytes and back. A worker
// configures one converter for keys, one for values and one header converter, under the
// `key.converter`, `value.converter` and `header.converter` settings (Java class names work too).

import type { ConfigDef } from '../config/config-def.ts'
import type { Schema } from '../data/schema.ts'
import type { SchemaAndValue } from '../data/schema-and-value.ts'
import type { ConnectHeaders } from '../header/headers.ts'

/** Settings handed to configure(): the `key.converter.`/`value.converter.` prefixed keys, prefix stripped. */
export type ConverterConfigs = Readonly<Record<string, unknown>>

/**
 * Turns a record's key or value into bytes for Kafka (fromConnectData, in source tasks) and back
 * (toConnectData, in sink tasks). Kafka's org.apache.kafka.connect.storage.Converter.
 */
export interface Converter {
  /** Called once before use; `isKey` says whether this instance converts keys or values. */
  configure (configs: ConverterConfigs, isKey: boolean): void
  /** The bytes of a value (null for a null value, a tombstone). Throws DataException when it cannot. */
  fromConnectData (topic: string, schema: Schema | null, value: unknown, headers?: ConnectHeaders): Uint8Array | null
  /** The schema and value held in bytes (SchemaAndValue.NULL for null). Throws DataException when it cannot. */
  toConnectData (topic: string, value: Uint8Array | null, headers?: ConnectHeaders): SchemaAndValue
  /** The settings this converter accepts. */
  config (): ConfigDef
  /** Releases resources; called when the task stops. */
  close? (): void
}

/**
 * Turns one header's value into bytes and back. Kafka's
 * org.apache.kafka.connect.storage.HeaderConverter; its configure() receives `converter.type=header`.
 */
export interface HeaderConverter {
  /** Called once before use. */
  configure (configs: ConverterConfigs): void
  /** The bytes of a header value (null for null). */
  fromConnectHeader (topic: string, headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null
  /** The schema and value held in a header's bytes. */
  toConnectHeader (topic: string, headerKey: string, value: Uint8Array | null): SchemaAndValue
  /** The settings this converter accepts. */
  config (): ConfigDef
  /** Releases resources; called when the task stops. */
  close? (): void
}
