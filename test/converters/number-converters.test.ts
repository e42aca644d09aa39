import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Converter } from '../../src/api/converter/converter.ts'
import { Schema } from '../../src/api/data/schema.ts'
import { DataException } from '../../src/api/errors.ts'
import {
  BooleanConverter, DoubleConverter, FloatConverter, IntegerConverter, LongConverter, ShortConverter,
} from '../../src/converters/number-converters.ts'

function configured<T extends Converter> (converter: T): T {
  converter.configure({}, false)
  return converter
}

const hex = (bytes: Uint8Array | null): string | null => bytes === null ? null : Buffer.from(bytes).toString('hex')
const fromHex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'))

describe('number converters', () => {
  const cases: Array<[string, Converter, unknown, string, Schema]> = [
    ['short', configured(new ShortConverter()), -2, 'fffe', Schema.OPTIONAL_INT16_SCHEMA],
    ['integer', configured(new IntegerConverter()), 0x01020304, '01020304', Schema.OPTIONAL_INT32_SCHEMA],
    ['long', configured(new LongConverter()), -9223372036854775808n, '8000000000000000', Schema.OPTIONAL_INT64_SCHEMA],
    ['float', configured(new FloatConverter()), 1.5, '3fc00000', Schema.OPTIONAL_FLOAT32_SCHEMA],
    ['double', configured(new DoubleConverter()), 0.1, '3fb999999999999a', Schema.OPTIONAL_FLOAT64_SCHEMA],
    ['boolean', configured(new BooleanConverter()), true, '01', Schema.OPTIONAL_BOOLEAN_SCHEMA],
  ]

  for (const [name, converter, value, bytes, schema] of cases) {
    it(`${name}: writes big-endian bytes as Kafka's serializer and reads them back`, () => {
      assert.equal(hex(converter.fromConnectData('t', null, value)), bytes)
      const result = converter.toConnectData('t', fromHex(bytes))
      assert.equal(result.schema, schema)
      assert.equal(result.value, value)
      assert.equal(converter.fromConnectData('t', null, null), null)
      assert.equal(converter.toConnectData('t', null).value, null)
    })
  }

  it('reads from a view into a larger buffer', () => {
    const buffer = Uint8Array.of(9, 0, 0, 0, 5, 9)
    assert.equal(configured(new IntegerConverter()).toConnectData('t', buffer.subarray(1, 5)).value, 5)
  })

  it('refuses bytes of the wrong length with Kafka\'s deserializer messages', () => {
    const read = (converter: Converter, length: number) => () => converter.toConnectData('t', new Uint8Array(length))
    assert.throws(read(configured(new ShortConverter()), 3), /^DataException: Failed to deserialize short: Size of data received by ShortDeserializer is not 2$/)
    assert.throws(read(configured(new LongConverter()), 4), /Failed to deserialize long: Size of data received by LongDeserializer is not 8/)
    assert.throws(read(configured(new FloatConverter()), 8), /Failed to deserialize float: Size of data received by Deserializer is not 4/)
    assert.throws(read(configured(new BooleanConverter()), 2), /Failed to deserialize boolean: Size of data received by BooleanDeserializer is not 1/)
    assert.throws(() => configured(new BooleanConverter()).toConnectData('t', Uint8Array.of(0xff)),
      /Unexpected byte received by BooleanDeserializer: -1/)
  })

  it('refuses values of the wrong type or range', () => {
    assert.throws(() => configured(new ShortConverter()).fromConnectData('t', null, 40000), DataException)
    assert.throws(() => configured(new ShortConverter()).fromConnectData('t', null, '1'), /Failed to serialize to short \(was string\)/)
    assert.throws(() => configured(new LongConverter()).fromConnectData('t', null, 1), /a long is a bigint/)
    assert.throws(() => configured(new BooleanConverter()).fromConnectData('t', Schema.INT32_SCHEMA, 1),
      /Invalid schema type for BooleanConverter: INT32/)
  })

  it('needs converter.type when configured without isKey', () => {
    assert.throws(() => new ShortConverter().configure({}), /Missing required configuration "converter.type"/)
    assert.doesNotThrow(() => new ShortConverter().configure({ 'converter.type': 'header' }))
  })
})
