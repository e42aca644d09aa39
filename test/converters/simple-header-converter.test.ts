import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { BigDecimal } from '../../src/api/data/big-decimal.ts'
import { ConnectDate } from '../../src/api/data/date.ts'
import { Decimal } from '../../src/api/data/decimal.ts'
import { Schema } from '../../src/api/data/schema.ts'
import { SchemaAndValue } from '../../src/api/data/schema-and-value.ts'
import { SchemaBuilder } from '../../src/api/data/schema-builder.ts'
import { Struct } from '../../src/api/data/struct.ts'
import { Timestamp } from '../../src/api/data/timestamp.ts'
import { SimpleHeaderConverter } from '../../src/converters/simple-header-converter.ts'

const converter = new SimpleHeaderConverter()
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)
const text = (bytes: Uint8Array | null): string | null => bytes === null ? null : new TextDecoder().decode(bytes)

function write (schema: Schema | null, value: unknown): string | null {
  return text(converter.fromConnectHeader('topic', 'key', schema, value))
}

function read (headerText: string): SchemaAndValue {
  return converter.toConnectHeader('topic', 'key', utf8(headerText))
}

describe('SimpleHeaderConverter', () => {
  it('has no settings and nothing to configure or close', () => {
    converter.configure({ 'converter.type': 'header' })
    assert.deepEqual(converter.config().names(), new Set())
    converter.close()
  })

  it('writes null as null and reads null as SchemaAndValue.NULL', () => {
    assert.equal(converter.fromConnectHeader('topic', 'key', Schema.OPTIONAL_STRING_SCHEMA, null), null)
    assert.equal(converter.toConnectHeader('topic', 'key', null), SchemaAndValue.NULL)
    assert.equal(read('null'), SchemaAndValue.NULL)
  })

  it('writes each type as Kafka Connect does', () => {
    assert.equal(write(Schema.STRING_SCHEMA, 'héllo, "world"'), 'héllo, "world"')
    assert.equal(write(Schema.INT8_SCHEMA, -5), '-5')
    assert.equal(write(Schema.INT64_SCHEMA, 9223372036854775807n), '9223372036854775807')
    assert.equal(write(Schema.FLOAT32_SCHEMA, 1), '1.0')
    assert.equal(write(Schema.FLOAT64_SCHEMA, 1e10), '1.0E10')
    assert.equal(write(Schema.BOOLEAN_SCHEMA, false), 'false')
    assert.equal(write(Schema.BYTES_SCHEMA, new Uint8Array([0xff, 0])), '/wA=')
    assert.equal(write(Decimal.schema(2), new BigDecimal(-150n, 2)), '-1.50')
    assert.equal(write(ConnectDate.SCHEMA, new Date(Date.UTC(2024, 1, 29))), '2024-02-29')
    assert.equal(write(Timestamp.SCHEMA, new Date(Date.UTC(2024, 1, 29, 1, 2, 3, 4))), '2024-02-29T01:02:03.004Z')
    assert.equal(write(SchemaBuilder.array(Schema.STRING_SCHEMA).build(), ['a,b', 'c"d']), '["a,b","c\\"d"]')
    assert.equal(write(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.FLOAT32_SCHEMA).build(), new Map([['x', 2]])), '{"x":2.0}')
    const struct = new Struct(SchemaBuilder.struct().field('id', Schema.INT32_SCHEMA).build()).put('id', 7)
    assert.equal(write(struct.schema, struct), '{"id":7}')
  })

  it('writes a lone surrogate as "?", as Java\'s UTF-8 encoder does', () => {
    assert.deepEqual(converter.fromConnectHeader('topic', 'key', null, 'a\uD800b'), utf8('a?b'))
    assert.deepEqual(converter.fromConnectHeader('topic', 'key', null, '😀'), utf8('😀'))
  })

  it('reads the types back with their schemas inferred', () => {
    assert.deepEqual(read('42'), new SchemaAndValue(Schema.INT8_SCHEMA, 42))
    assert.deepEqual(read('10000000000'), new SchemaAndValue(Schema.INT64_SCHEMA, 10000000000n))
    assert.deepEqual(read('1.5'), new SchemaAndValue(Schema.FLOAT32_SCHEMA, 1.5))
    assert.deepEqual(read('true'), new SchemaAndValue(Schema.BOOLEAN_SCHEMA, true))
    assert.deepEqual(read('hello world'), new SchemaAndValue(Schema.STRING_SCHEMA, 'hello world'))
    assert.deepEqual(read(''), new SchemaAndValue(Schema.STRING_SCHEMA, ''))
    assert.equal(read('2024-02-29').schema, ConnectDate.SCHEMA)
    const list = read('[1,2,3]')
    assert.equal(list.schema?.type, 'ARRAY')
    assert.equal(list.schema?.valueSchema, Schema.INT8_SCHEMA)
    assert.deepEqual(list.value, [1, 2, 3])
  })

  it('reads malformed UTF-8 with replacement characters', () => {
    const parsed = converter.toConnectHeader('topic', 'key', new Uint8Array([0x61, 0xff, 0x62]))
    assert.deepEqual(parsed, new SchemaAndValue(Schema.STRING_SCHEMA, 'a\uFFFDb'))
  })

  it('round-trips what it reads to the same bytes, as Kafka Connect does', () => {
    // Each text is what Java writes back after reading it (checked against Kafka's converter).
    const texts = [
      '[1,"a",3.14,true,null]', '[[1.2E-4,103.0],"x"]', '2020-01-01T12:34:56.789Z', '12:34:56.789Z',
      '1.0E-9', '12345678901234567890', '1E+400', '{1:"a",300:"b"}', 'ünïcödé ✓',
      '[1.0,1.0000000150474662E30,1.0E300]',
    ]
    for (const headerText of texts) {
      const parsed = read(headerText)
      assert.equal(write(parsed.schema, parsed.value), headerText, headerText)
    }
  })

  it('normalises what Java normalises on the way back', () => {
    const cases: Array<[string, string]> = [
      ['[ 1 , 2 ]', '[1,2]'], ['3.0', '3'], ['1e2', '100'], ['[1, 1.5]', '[1.0,1.5]'], ['2020-13-45', '2021-02-14'],
      ['[1,2] trailing', '[1,2]'], ['1,2,3', '1'], ['{"a":1 "b":2}', '{"a":1,"b":2}'], ['-0.0', '0'],
      ['{"a":[1,2],"b":{"c":1.0E10}}', '{"a":[1,2],"b":{"c":10000000000}}'],
      // Backslashes inside quotes are kept as read, then escaped again when written.
      ['["\\\\","\\""]', '["\\\\\\\\","\\\\\\""]'],
    ]
    for (const [input, output] of cases) {
      const parsed = read(input)
      assert.equal(write(parsed.schema, parsed.value), output, input)
    }
  })
})
