import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BigDecimal } from '../../../src/api/data/big-decimal.ts'
import { ConnectDate } from '../../../src/api/data/date.ts'
import { Decimal } from '../../../src/api/data/decimal.ts'
import { Schema } from '../../../src/api/data/schema.ts'
import { SchemaAndValue } from '../../../src/api/data/schema-and-value.ts'
import { SchemaBuilder } from '../../../src/api/data/schema-builder.ts'
import { Struct } from '../../../src/api/data/struct.ts'
import { Time } from '../../../src/api/data/time.ts'
import { Timestamp } from '../../../src/api/data/timestamp.ts'
import { ConfigException, DataException, SchemaBuilderException } from '../../../src/api/errors.ts'
import { JsonConverter } from '../../../src/converters/json/json-converter.ts'

function converter (configs: Record<string, unknown> = {}, isKey = false): JsonConverter {
  const instance = new JsonConverter()
  instance.configure(configs, isKey)
  return instance
}

const text = (bytes: Uint8Array | null): string | null => bytes === null ? null : Buffer.from(bytes).toString('utf8')
const bytes = (value: string): Uint8Array => new Uint8Array(Buffer.from(value, 'utf8'))

const person = SchemaBuilder.struct().name('Person')
  .field('id', Schema.INT64_SCHEMA)
  .field('name', Schema.STRING_SCHEMA)
  .field('email', Schema.OPTIONAL_STRING_SCHEMA)
  .field('age', SchemaBuilder.int32().defaultValue(18).build())
  .build()

describe('JsonConverter configuration', () => {
  it('defines Kafka\'s settings with Kafka\'s defaults', () => {
    const keys = new JsonConverter().config().configKeys()
    assert.deepEqual([...keys.keys()], ['converter.type', 'schemas.enable', 'schemas.cache.size', 'schema.content', 'decimal.format', 'replace.null.with.default'])
    assert.equal(keys.get('schemas.enable')?.defaultValue, true)
    assert.equal(keys.get('schemas.cache.size')?.defaultValue, 1000)
    assert.equal(keys.get('decimal.format')?.defaultValue, 'BASE64')
    assert.equal(keys.get('replace.null.with.default')?.defaultValue, true)
    assert.equal(keys.get('schemas.enable')?.group, 'Schemas')
    assert.equal(keys.get('decimal.format')?.group, 'Serialization')
  })

  it('takes decimal.format in any case, and refuses other formats', () => {
    const numeric = converter({ 'decimal.format': 'numeric' })
    assert.equal(text(numeric.fromConnectData('t', Decimal.schema(2), BigDecimal.fromString('1.50'))), '{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":1.50}')
    assert.throws(() => converter({ 'decimal.format': 'HEX' }),
      (error: unknown) => error instanceof ConfigException && /Invalid value HEX for configuration decimal.format/.test(error.message))
  })

  it('needs converter.type when configured without isKey, as a header converter is', () => {
    assert.throws(() => new JsonConverter().configure({}), /Missing required configuration "converter.type"/)
    const header = new JsonConverter()
    header.configure({ 'converter.type': 'header' })
    assert.equal(text(header.fromConnectHeader('t', 'h', Schema.INT32_SCHEMA, 5)), '{"schema":{"type":"int32","optional":false},"payload":5}')
  })

  it('refuses to convert before configure()', () => {
    assert.throws(() => new JsonConverter().fromConnectData('t', null, 1), /not configured/)
  })

  it('reads a fixed schema from schema.content, and says so when it is not JSON', () => {
    const fixed = converter({ 'schema.content': '{"type":"struct","fields":[{"type":"int32","optional":false,"field":"a"}]}' })
    const result = fixed.toConnectData('t', bytes('{"a":7}'))
    assert.ok(result.value instanceof Struct)
    assert.equal(result.value.get('a'), 7)
    assert.throws(() => converter({ 'schema.content': '{oops' }),
      (error: unknown) => error instanceof DataException && error.message.startsWith('Failed to parse schema in converter config due to serialization error: '))
  })
})

describe('JsonConverter writing', () => {
  it('writes the envelope with Java\'s schema field order', () => {
    const struct = new Struct(person).put('id', 1n).put('name', 'Ada')
    assert.equal(text(converter().fromConnectData('t', person, struct)),
      '{"schema":{"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"},{"type":"string","optional":false,"field":"name"},' +
      '{"type":"string","optional":true,"field":"email"},{"type":"int32","optional":false,"default":18,"field":"age"}],"optional":false,"name":"Person"},' +
      '"payload":{"id":1,"name":"Ada","email":null,"age":18}}')
  })

  it('writes null instead of the default when replace.null.with.default is false, if the field is optional', () => {
    const schema = SchemaBuilder.struct().field('a', SchemaBuilder.int32().optional().defaultValue(3).build()).build()
    assert.equal(text(converter({ 'schemas.enable': false, 'replace.null.with.default': false }).fromConnectData('t', schema, new Struct(schema))), '{"a":null}')
    assert.equal(text(converter({ 'schemas.enable': false }).fromConnectData('t', schema, new Struct(schema))), '{"a":3}')
  })

  it('writes numbers as Java does: int64 exactly, floats with Java\'s digits, NaN as a string', () => {
    const plain = converter({ 'schemas.enable': false })
    assert.equal(text(plain.fromConnectData('t', Schema.INT64_SCHEMA, -9223372036854775808n)), '-9223372036854775808')
    assert.equal(text(plain.fromConnectData('t', Schema.FLOAT64_SCHEMA, 1)), '1.0')
    assert.equal(text(plain.fromConnectData('t', Schema.FLOAT64_SCHEMA, 1e10)), '1.0E10')
    assert.equal(text(plain.fromConnectData('t', Schema.FLOAT32_SCHEMA, 0.1)), '0.1')
    assert.equal(text(plain.fromConnectData('t', Schema.FLOAT64_SCHEMA, NaN)), '"NaN"')
    assert.equal(text(plain.fromConnectData('t', Schema.FLOAT32_SCHEMA, -Infinity)), '"-Infinity"')
  })

  it('writes logical types as their raw form, decimals as base64 of the two\'s complement by default', () => {
    const plain = converter({ 'schemas.enable': false })
    assert.equal(text(plain.fromConnectData('t', Decimal.schema(0), BigDecimal.fromString('-129'))), '"/38="')
    assert.equal(text(plain.fromConnectData('t', ConnectDate.schema(), new Date(86_400_000))), '1')
    assert.equal(text(plain.fromConnectData('t', Time.schema(), new Date(1234))), '1234')
    assert.equal(text(plain.fromConnectData('t', Timestamp.schema(), new Date(1_700_000_000_123))), '1700000000123')
    const numeric = converter({ 'schemas.enable': false, 'decimal.format': 'NUMERIC' })
    assert.equal(text(numeric.fromConnectData('t', Decimal.schema(10), BigDecimal.fromString('0E-10'))), '0E-10')
  })

  it('writes maps with string keys as objects and other maps as [key, value] pairs', () => {
    const plain = converter({ 'schemas.enable': false })
    const byName = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build()
    assert.equal(text(plain.fromConnectData('t', byName, new Map([['b', 1], ['a', 2]]))), '{"b":1,"a":2}')
    const byNumber = SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build()
    assert.equal(text(plain.fromConnectData('t', byNumber, new Map([[2, 'x']]))), '[[2,"x"]]')
    assert.equal(text(plain.fromConnectData('t', null, new Map<unknown, unknown>([['a', 1], [2, 2]]))), '[["a",1],[2,2]]')
  })

  it('writes schemaless values by their JavaScript type', () => {
    const enveloped = converter()
    assert.equal(text(enveloped.fromConnectData('t', null, { a: [1, 1.5, 2n, true, null, 'é'] })),
      '{"schema":null,"payload":{"a":[1,1.5,2,true,null,"é"]}}')
    assert.equal(text(enveloped.fromConnectData('t', null, new Uint8Array([1, 2]))), '{"schema":null,"payload":"AQI="}')
  })

  it('returns null bytes for a null value without a schema (a tombstone)', () => {
    assert.equal(converter().fromConnectData('t', null, null), null)
    assert.equal(text(converter({ 'schemas.enable': false }).fromConnectData('t', Schema.OPTIONAL_INT32_SCHEMA, null)), 'null')
  })

  it('fails with Kafka\'s messages on values it cannot write', () => {
    const plain = converter()
    assert.throws(() => plain.fromConnectData('t', Schema.INT32_SCHEMA, null),
      /^DataException: Conversion error: null value for field that is required and has no default value$/)
    assert.throws(() => plain.fromConnectData('t', Schema.INT32_SCHEMA, '5'), /Invalid type for INT32: string/)
    assert.throws(() => plain.fromConnectData('t', Schema.INT8_SCHEMA, 300), /Invalid value for INT8: 300 is not an integer in \[-128, 127\]/)
    assert.throws(() => plain.fromConnectData('t', Schema.INT64_SCHEMA, 5), /Invalid type for INT64: number/)
    assert.throws(() => plain.fromConnectData('t', Decimal.schema(2), BigDecimal.fromString('1.5')), DataException)
    assert.throws(() => plain.fromConnectData('t', Decimal.schema(2), 1.5), /Invalid type for Decimal, expected BigDecimal but was number/)
    assert.throws(() => plain.fromConnectData('t', null, new Struct(person)), /Mismatching schema\./)
    assert.throws(() => plain.fromConnectData('t', null, new Date()), /A Date value does not have corresponding schema type/)
  })
})

describe('JsonConverter reading', () => {
  it('round-trips a struct through the envelope', () => {
    const json = converter()
    const struct = new Struct(person).put('id', 9007199254740993n).put('name', 'Ada').put('email', 'a@b').put('age', 36)
    const result = json.toConnectData('t', json.fromConnectData('t', person, struct))
    assert.ok(result.value instanceof Struct)
    assert.ok(result.value.equals(struct))
    assert.equal(result.schema?.name, 'Person')
  })

  it('requires exactly "schema" and "payload" with schemas.enable, with Kafka\'s message', () => {
    const expected = 'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields. ' +
      'If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.'
    for (const input of ['{"a":1}', '{"schema":null,"payload":1,"x":1}', '[1]', '', 'null']) {
      assert.throws(() => converter().toConnectData('t', bytes(input)), (error: unknown) => error instanceof DataException && error.message === expected, input)
    }
  })

  it('infers types without a schema: integers are INT64, other numbers FLOAT64, objects maps', () => {
    const result = converter({ 'schemas.enable': false }).toConnectData('t', bytes('{"i":1,"f":1.0,"s":"x","a":[true,null]}'))
    assert.equal(result.schema, null)
    assert.deepEqual(result.value, new Map<string, unknown>([['i', 1n], ['f', 1], ['s', 'x'], ['a', [true, null]]]))
  })

  it('reads an empty document as no value without schemas, and null bytes as SchemaAndValue.NULL', () => {
    assert.deepEqual(converter({ 'schemas.enable': false }).toConnectData('t', bytes('')), new SchemaAndValue(null, null))
    assert.equal(converter().toConnectData('t', null), SchemaAndValue.NULL)
  })

  it('wraps bad JSON in a DataException with Kafka\'s prefix and the parser\'s reason', () => {
    assert.throws(() => converter().toConnectData('t', bytes('{"schema":')),
      (error: unknown) => error instanceof DataException &&
        error.message.startsWith('Converting byte[] to Kafka Connect data failed due to serialization error: Unexpected end-of-input'))
  })

  it('reads payloads as Kafka does, coercions included', () => {
    const read = (schema: string, payload: string): unknown => converter().toConnectData('t', bytes(`{"schema":${schema},"payload":${payload}}`)).value
    assert.equal(read('{"type":"int32"}', '3000000000'), -1294967296)
    assert.equal(read('{"type":"int8"}', '300'), 44)
    assert.equal(read('{"type":"boolean"}', '1'), false)
    assert.equal(read('{"type":"string"}', '5'), null)
    assert.equal(read('{"type":"int64"}', '"12"'), 0n)
    assert.deepEqual(read('{"type":"array","items":{"type":"int32"}}', '{"a":1,"b":2}'), [1, 2])
    assert.equal(String(read('{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"}}', '12.345')), '12.345')
    assert.equal(String(read('{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"}}', '"AQ=="')), '0.01')
    assert.deepEqual(read('{"type":"int32","name":"org.apache.kafka.connect.data.Date"}', '1'), new Date(86_400_000))
  })

  it('fails with Kafka\'s messages on payloads that do not fit the schema', () => {
    const read = (schema: string, payload: string) => () => converter().toConnectData('t', bytes(`{"schema":${schema},"payload":${payload}}`))
    assert.throws(read('{"type":"int32"}', 'null'), /^DataException: Invalid null value for required INT32 field$/)
    assert.throws(read('{"type":"map","keys":{"type":"string"},"values":{"type":"int32"}}', '[]'),
      /Maps with string fields should be encoded as JSON objects, but found ARRAY/)
    assert.throws(read('{"type":"map","keys":{"type":"int32"},"values":{"type":"int32"}}', '[[1,2,3]]'),
      /Found invalid map entry, expected length 2 but found :3/)
    assert.throws(read('{"type":"struct","fields":[]}', '1'), /Structs should be encoded as JSON objects, but found NUMBER/)
    assert.throws(read('{"type":"bytes"}', '"AAE"'), /^DataException: Invalid bytes field$/)
    assert.throws(read('{"type":"int32","name":"org.apache.kafka.connect.data.Date"}', '3000000000'),
      /Invalid type for Date, underlying representation should be integer but was NUMBER/)
  })

  it('fails with Kafka\'s messages on malformed schemas', () => {
    const read = (schema: string) => () => converter().toConnectData('t', bytes(`{"schema":${schema},"payload":null}`))
    assert.throws(read('{"optional":true}'), /Schema must contain 'type' field/)
    assert.throws(read('{"type":"float32"}'), /Unknown schema type: float32/)
    assert.throws(read('{"type":"array"}'), /Array schema did not specify the element type/)
    assert.throws(read('{"type":"map","values":{"type":"int32"}}'), /Map schema did not specify the key type/)
    assert.throws(read('{"type":"struct","fields":{}}'), /Struct schema's "fields" argument is not an array\./)
    assert.throws(read('{"type":"struct","fields":[{"type":"int32"}]}'), /Struct schema's field name not specified properly/)
    assert.throws(read('{"type":"int32","parameters":{"a":1}}'), /Schema parameters must have string values\./)
    assert.throws(read('{"type":"struct","fields":[],"default":{}}'), SchemaBuilderException)
  })

  it('caches schemas by their text, so an equal schema is the same object', () => {
    const json = converter()
    const message = bytes('{"schema":{"type":"int32","optional":true},"payload":1}')
    assert.equal(json.toConnectData('t', message).schema, json.toConnectData('t', message).schema)
  })

  it('reads recent schemas again from their text alone, and still checks what follows', () => {
    const json = converter()
    const first = bytes('{"schema":{"type":"string","optional":false},"payload":"a"}')
    const second = bytes('{"schema":{"type":"int64","optional":false},"payload":2}')
    const schema = json.toConnectData('t', first).schema
    json.toConnectData('t', second)
    const again = json.toConnectData('t', bytes('{"schema":{"type":"string","optional":false},"payload":"b"}'))
    assert.equal(again.schema, schema)
    assert.equal(again.value, 'b')
    assert.equal(json.toConnectData('t', second).value, 2n)
    const repeated = json.toConnectData('t', bytes('{"schema":{"type":"string","optional":false},"schema":{"type":"int64","optional":false},"payload":3}'))
    assert.equal(repeated.value, 3n)
    assert.throws(() => json.toConnectData('t', bytes('{"schema":{"type":"string","optional":false}x,"payload":"a"}')),
      /was expecting comma to separate Object entries/)
    assert.throws(() => json.toConnectData('t', bytes('{"schema":{"type":"string","optional":false},"payload":5,"x":1}')),
      /requires "schema" and "payload" fields/)
  })

  it('exposes the schema translation both ways', () => {
    const json = converter()
    const text = json.asJsonSchema(person)
    const back = json.asConnectSchema(text)
    assert.equal(json.asJsonSchema(back), text)
    assert.equal(json.asConnectSchema('null'), null)
    assert.throws(() => json.asConnectSchema('{'), /Invalid JSON schema/)
  })
})
