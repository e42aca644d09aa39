// StringConverter (org.apache.kafka.connect.storage.StringConverter): a value is written as its
// text in converter.encoding (UTF-8 by default) and always read back as an optional string.

import type { ConfigDef } from '../api/config/config-def.ts'
import { AbstractConfig } from '../api/config/abstract-config.ts'
import type { Converter, ConverterConfigs, HeaderConverter } from '../api/converter/converter.ts'
import { BigDecimal } from '../api/data/big-decimal.ts'
import { formatValue } from '../api/data/format-value.ts'
import { javaDoubleToString, javaFloatToString } from '../api/data/java-number-format.ts'
import { Schema } from '../api/data/schema.ts'
import { SchemaAndValue } from '../api/data/schema-and-value.ts'
import { ConfigException } from '../api/errors.ts'
import { charsetForName, SUPPORTED_CHARSETS, type Charset } from './charsets.ts'
import { newConverterConfigDef, withConverterType } from './converter-config.ts'

/** Unconfigured, the converter behaves as Kafka's serializers do by default: UTF-8. */
const UTF_8 = charsetForName('UTF-8') as Charset

/** The setting naming the character set. */
export const ENCODING_CONFIG = 'converter.encoding'

/** StringConverter's ConfigDef: converter.type and converter.encoding, as Kafka defines them. */
export const STRING_CONVERTER_CONFIG_DEF: ConfigDef = newConverterConfigDef().define({
  name: ENCODING_CONFIG,
  type: 'STRING',
  defaultValue: 'UTF-8',
  importance: 'HIGH',
  documentation: 'The name of the Java character set to use for encoding strings as byte arrays.',
  orderInGroup: -1,
  width: 'MEDIUM',
  displayName: 'Encoding',
})

/** Strings in a configurable character set; anything else is written as its text. */
export class StringConverter implements Converter, HeaderConverter {
  #encoder: Charset | null = null
  #decoder: Charset | null = null

  /** converter.type and converter.encoding. */
  config (): ConfigDef {
    return STRING_CONVERTER_CONFIG_DEF
  }

  /**
   * Applies converter.encoding (Java's charset names and aliases: UTF-8, UTF-16, UTF-16BE,
   * UTF-16LE, ISO-8859-1, US-ASCII). As in Kafka, `key.serializer.encoding` or
   * `value.serializer.encoding` (and `…deserializer.encoding`) override it for one direction.
   */
  configure (configs: ConverterConfigs, isKey?: boolean): void {
    const all = typeof isKey === 'boolean' ? withConverterType(configs, isKey) : configs
    const config = new AbstractConfig(STRING_CONVERTER_CONFIG_DEF, all)
    const encoding = config.getString(ENCODING_CONFIG) as string
    const prefix = config.getString('converter.type') === 'key' ? 'key' : 'value'
    this.#encoder = charsetOf(all[`${prefix}.serializer.encoding`] ?? encoding)
    this.#decoder = charsetOf(all[`${prefix}.deserializer.encoding`] ?? encoding)
  }

  /** The text of the value in the configured charset; null for null. */
  fromConnectData (_topic: string, schema: Schema | null, value: unknown): Uint8Array | null {
    if (value === null || value === undefined) return null
    return (this.#encoder ?? UTF_8).encode(textOf(schema, value))
  }

  /** The bytes decoded as an optional string (malformed input becomes U+FFFD, as in Java). */
  toConnectData (_topic: string, value: Uint8Array | null): SchemaAndValue {
    const text = value === null || value === undefined ? null : (this.#decoder ?? UTF_8).decode(value)
    return new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA, text)
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

function charsetOf (name: unknown): Charset {
  const charset = typeof name === 'string' ? charsetForName(name.trim()) : null
  if (charset === null) {
    throw new ConfigException(ENCODING_CONFIG, name, `Unsupported encoding. Use one of ${SUPPORTED_CHARSETS.join(', ')}`)
  }
  return charset
}

/** The text Java's toString() gives: floats as Java prints them, whole numbers without ".0". */
function textOf (schema: Schema | null, value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number') {
    if (schema?.type === 'FLOAT32') return javaFloatToString(value)
    if (schema?.type === 'FLOAT64' || !Number.isSafeInteger(value)) return javaDoubleToString(value)
    return String(value)
  }
  if (value instanceof BigDecimal) return value.toString()
  return formatValue(value)
}
