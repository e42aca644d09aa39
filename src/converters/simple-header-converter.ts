// SimpleHeaderConverter (org.apache.kafka.connect.storage.SimpleHeaderConverter), the default
// header.converter: a header value is written as its Values text in UTF-8 (strings bare, numbers
// as Java prints them, [arrays] and {maps} with quoted strings inside), and read back with the
// type inferred from that text. No schema travels with the bytes.

import { ConfigDef } from '../api/config/config-def.ts'
import type { ConverterConfigs, HeaderConverter } from '../api/converter/converter.ts'
import { Schema } from '../api/data/schema.ts'
import { SchemaAndValue } from '../api/data/schema-and-value.ts'
import { Values } from '../api/data/values.ts'

const UTF8 = new TextEncoder()
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Header values as text: the type is inferred when read, so "42" comes back as the INT8 42. */
export class SimpleHeaderConverter implements HeaderConverter {
  private readonly decoder = new TextDecoder('utf-8')

  /** There is nothing to configure. */
  configure (_configs: ConverterConfigs): void {}

  /** No settings. */
  config (): ConfigDef {
    return new ConfigDef()
  }

  /** The UTF-8 bytes of Values.convertToString; null for a null value. */
  fromConnectHeader (_topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    if (value == null) return null
    return encodeUtf8AsJava(Values.convertToString(schema, value) ?? '')
  }

  /**
   * Values.parseString of the UTF-8 text (malformed bytes read as U+FFFD, as Java's decoder does).
   * Should parsing ever fail, the raw bytes come back as BYTES, as in Kafka Connect.
   */
  toConnectHeader (_topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    if (value == null) return SchemaAndValue.NULL
    try {
      return Values.parseString(this.decoder.decode(value))
    } catch {
      return new SchemaAndValue(Schema.BYTES_SCHEMA, value)
    }
  }

  /** Nothing to release. */
  close (): void {}
}

/** Java's String.getBytes(UTF_8): like TextEncoder, except that a lone surrogate becomes '?'. */
function encodeUtf8AsJava (text: string): Uint8Array {
  const wellFormed = text.isWellFormed() ? text : text.replace(LONE_SURROGATE, '?')
  return UTF8.encode(wellFormed)
}
