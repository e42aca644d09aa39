import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Schema } from '../../src/api/data/schema.ts'
import { DataException } from '../../src/api/errors.ts'
import { ByteArrayConverter } from '../../src/converters/byte-array-converter.ts'

describe('ByteArrayConverter', () => {
  const converter = new ByteArrayConverter()
  converter.configure({}, false)

  it('passes bytes through untouched, with or without a BYTES schema', () => {
    const bytes = Uint8Array.of(0, 1, 255)
    assert.equal(converter.fromConnectData('t', Schema.BYTES_SCHEMA, bytes), bytes)
    assert.equal(converter.fromConnectData('t', null, bytes), bytes)
    assert.equal(converter.fromConnectData('t', null, null), null)
    const result = converter.toConnectData('t', bytes)
    assert.equal(result.schema, Schema.OPTIONAL_BYTES_SCHEMA)
    assert.equal(result.value, bytes)
  })

  it('refuses other schemas and values with Kafka\'s messages', () => {
    assert.throws(() => converter.fromConnectData('t', Schema.STRING_SCHEMA, 'x'),
      (error: unknown) => error instanceof DataException && error.message === 'Invalid schema type for ByteArrayConverter: STRING')
    assert.throws(() => converter.fromConnectData('t', null, 'x'),
      (error: unknown) => error instanceof DataException && error.message === 'ByteArrayConverter is not compatible with objects of type string')
  })

  it('works as a header converter', () => {
    assert.deepEqual(converter.fromConnectHeader('t', 'h', null, Uint8Array.of(7)), Uint8Array.of(7))
    assert.deepEqual(converter.toConnectHeader('t', 'h', Uint8Array.of(7)).value, Uint8Array.of(7))
  })
})
