import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BigDecimal } from '../../src/api/data/big-decimal.ts'
import { Schema } from '../../src/api/data/schema.ts'
import { ConfigException } from '../../src/api/errors.ts'
import { StringConverter } from '../../src/converters/string-converter.ts'

function converter (configs: Record<string, unknown> = {}): StringConverter {
  const instance = new StringConverter()
  instance.configure(configs, false)
  return instance
}

const hex = (bytes: Uint8Array | null): string | null => bytes === null ? null : Buffer.from(bytes).toString('hex')

describe('StringConverter', () => {
  it('defines converter.encoding with UTF-8 by default', () => {
    const key = new StringConverter().config().configKeys().get('converter.encoding')
    assert.equal(key?.defaultValue, 'UTF-8')
    assert.equal(key?.importance, 'HIGH')
  })

  it('writes UTF-8 by default, a lone surrogate as "?" as Java does', () => {
    assert.equal(hex(converter().fromConnectData('t', Schema.STRING_SCHEMA, 'é😀')), 'c3a9f09f9880')
    assert.equal(hex(converter().fromConnectData('t', Schema.STRING_SCHEMA, 'a\ud800')), '613f')
  })

  it('supports Java\'s charset names and aliases in any case', () => {
    assert.equal(hex(converter({ 'converter.encoding': 'utf-16' }).fromConnectData('t', null, 'hé')), 'feff006800e9')
    assert.equal(hex(converter({ 'converter.encoding': 'UTF-16LE' }).fromConnectData('t', null, 'h')), '6800')
    assert.equal(hex(converter({ 'converter.encoding': 'latin1' }).fromConnectData('t', null, 'é中')), 'e93f')
    assert.equal(hex(converter({ 'converter.encoding': 'ASCII' }).fromConnectData('t', null, 'é😀a')), '3f3f61')
  })

  it('reads any bytes as an optional string, malformed input as U+FFFD', () => {
    const result = converter().toConnectData('t', Uint8Array.of(0x61, 0xff))
    assert.equal(result.schema, Schema.OPTIONAL_STRING_SCHEMA)
    assert.equal(result.value, 'a\ufffd')
    assert.equal(converter({ 'converter.encoding': 'UTF-16' }).toConnectData('t', Uint8Array.of(0xff, 0xfe, 0x68, 0)).value, 'h')
    assert.equal(converter({ 'converter.encoding': 'ISO-8859-1' }).toConnectData('t', Uint8Array.of(0xe9, 0x80)).value, 'é\u0080')
    assert.equal(converter().toConnectData('t', null).value, null)
  })

  it('writes other values as Java\'s toString would', () => {
    const text = (schema: Schema | null, value: unknown) => Buffer.from(converter().fromConnectData('t', schema, value) ?? []).toString()
    assert.equal(text(Schema.INT32_SCHEMA, 42), '42')
    assert.equal(text(Schema.INT64_SCHEMA, -5n), '-5')
    assert.equal(text(Schema.FLOAT64_SCHEMA, 1), '1.0')
    assert.equal(text(null, 1.5), '1.5')
    assert.equal(text(null, BigDecimal.fromString('1E+3')), '1E+3')
    assert.equal(text(null, true), 'true')
    assert.equal(converter().fromConnectData('t', null, null), null)
  })

  it('refuses an unknown encoding with a ConfigException that names the supported ones', () => {
    assert.throws(() => converter({ 'converter.encoding': 'EBCDIC-42' }),
      (error: unknown) => error instanceof ConfigException && /Invalid value EBCDIC-42 for configuration converter.encoding: Unsupported encoding\. Use one of UTF-8/.test(error.message))
  })

  it('lets key.serializer.encoding override the encoding for one direction, as Kafka\'s serializer does', () => {
    const instance = new StringConverter()
    instance.configure({ 'converter.encoding': 'UTF-8', 'key.serializer.encoding': 'UTF-16BE' }, true)
    assert.equal(hex(instance.fromConnectData('t', null, 'h')), '0068')
    assert.equal(instance.toConnectData('t', Uint8Array.of(0x68)).value, 'h')
  })
})
