// What the parity corpus cannot show: struct defaults (JsonConverter's schema form cannot carry
// them, in Java either), where kconnect does better than Kafka on purpose (bad patterns and
// replacements refused at configure time; SetSchemaMetadata on any schema), and schemaless
// longs staying bigints.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigException } from '../../src/api/errors.ts'
import { Schema } from '../../src/api/data/schema.ts'
import { SchemaBuilder } from '../../src/api/data/schema-builder.ts'
import { Struct } from '../../src/api/data/struct.ts'
import { Timestamp } from '../../src/api/data/timestamp.ts'
import { SinkRecord } from '../../src/api/sink/sink-record.ts'
import { CastValue } from '../../src/transforms/cast.ts'
import { FlattenValue } from '../../src/transforms/flatten.ts'
import { InsertFieldValue } from '../../src/transforms/insert-field.ts'
import { RegexRouter } from '../../src/transforms/regex-router.ts'
import { SetSchemaMetadataValue } from '../../src/transforms/set-schema-metadata.ts'
import { TimestampConverterValue } from '../../src/transforms/timestamp-converter.ts'
import { TimestampRouter } from '../../src/transforms/timestamp-router.ts'

function sink (valueSchema: Schema | null, value: unknown, timestamp: number | null = 1700000000123): SinkRecord {
  return new SinkRecord({ topic: 'orders', kafkaPartition: 0, kafkaOffset: 5n, valueSchema, value, timestamp })
}

describe('struct defaults', () => {
  const inner = SchemaBuilder.struct().field('x', Schema.INT32_SCHEMA).field('y', Schema.OPTIONAL_STRING_SCHEMA).build()
  const innerDefault = new Struct(inner).put('x', 5).put('y', 'why')
  const withDefault = SchemaBuilder.struct().field('x', Schema.INT32_SCHEMA).field('y', Schema.OPTIONAL_STRING_SCHEMA).defaultValue(innerDefault).build()
  const outer = SchemaBuilder.struct().name('outer').field('inner', withDefault).build()

  it('Flatten gives flattened fields their parent struct\'s defaults', () => {
    const flatten = new FlattenValue<SinkRecord>()
    flatten.configure({})
    const out = flatten.apply(sink(outer, new Struct(outer).put('inner', new Struct(withDefault).put('x', 1)))) as SinkRecord
    const schema = out.valueSchema as Schema
    assert.deepEqual(schema.fields?.map(f => [f.name, f.schema.defaultValue]), [['inner.x', 5], ['inner.y', 'why']])
    assert.equal((out.value as Struct).get('inner.x'), 1)
    assert.equal((out.value as Struct).get('inner.y'), 'why')
  })

  it('TimestampConverter converts the field inside a struct schema\'s default', () => {
    const schema = SchemaBuilder.struct().optional().field('t', Timestamp.builder().optional().build())
    const defaultValue = new Struct(schema.build()).put('t', new Date(1000))
    const built = schema.defaultValue(defaultValue).build()
    const converter = new TimestampConverterValue<SinkRecord>()
    converter.configure({ 'target.type': 'unix', field: 't' })
    const out = converter.apply(sink(built, new Struct(built).put('t', new Date(2000)))) as SinkRecord
    assert.equal(((out.valueSchema as Schema).defaultValue as Struct).get('t'), 1000n)
    assert.equal((out.value as Struct).get('t'), 2000n)
  })

  it('Cast casts a field\'s default with it', () => {
    const schema = SchemaBuilder.struct().field('n', SchemaBuilder.int64().defaultValue(5n).build()).build()
    const cast = new CastValue<SinkRecord>()
    cast.configure({ spec: 'n:string' })
    const out = cast.apply(sink(schema, new Struct(schema))) as SinkRecord
    assert.equal((out.valueSchema as Schema).field('n')?.schema.defaultValue, '5')
    assert.equal((out.value as Struct).get('n'), '5')
  })
})

describe('better than Kafka, on purpose', () => {
  it('TimestampRouter refuses a pattern SimpleDateFormat refuses when configured, not on each record', () => {
    assert.throws(() => new TimestampRouter().configure({ 'timestamp.format': 'yyyy-bb' }), (error: unknown) => {
      assert.ok(error instanceof ConfigException)
      assert.match(error.message, /^Invalid value yyyy-bb for configuration timestamp.format: Illegal pattern character 'b'/)
      return true
    })
  })

  it('RegexRouter refuses a replacement naming a group the regex does not have', () => {
    assert.throws(() => new RegexRouter().configure({ regex: '(a)-(b)', replacement: '$3' }),
      /Invalid value \$3 for configuration replacement: No group 3 \(the regex has 2 group\(s\)\)/)
    assert.throws(() => new RegexRouter().configure({ regex: '(?<x>a)', replacement: '${y}' }),
      /No group with name \{y\} \(the regex has 1 group\(s\), named x\)/)
  })

  it('SetSchemaMetadata renames primitive, array and map schemas (Kafka 4 fails on them)', () => {
    const transform = new SetSchemaMetadataValue<SinkRecord>()
    transform.configure({ 'schema.name': 'com.example.Id', 'schema.version': '2' })
    const array = SchemaBuilder.array(Schema.STRING_SCHEMA).build()
    for (const [schema, value] of [[Schema.INT64_SCHEMA, 5n], [array, ['a']], [Schema.OPTIONAL_STRING_SCHEMA, null]] as const) {
      const out = transform.apply(sink(schema, value)) as SinkRecord
      assert.equal(out.valueSchema?.name, 'com.example.Id')
      assert.equal(out.valueSchema?.version, 2)
      assert.equal(out.valueSchema?.type, schema.type)
      assert.equal(out.valueSchema?.valueSchema ?? null, schema.valueSchema)
      assert.equal(out.value, value)
    }
  })
})

describe('schemaless values keep Java\'s types', () => {
  it('InsertField inserts the timestamp as a long (bigint), which TimestampConverter then reads as Unix time', () => {
    const insert = new InsertFieldValue<SinkRecord>()
    insert.configure({ 'timestamp.field': 'ts', 'offset.field': 'off' })
    const inserted = insert.apply(sink(null, new Map([['a', 1]]))) as SinkRecord
    assert.deepEqual(inserted.value, new Map<string, unknown>([['a', 1], ['off', 5n], ['ts', 1700000000123n]]))
    const convert = new TimestampConverterValue<SinkRecord>()
    convert.configure({ 'target.type': 'string', field: 'ts', format: "yyyy-MM-dd'T'HH:mm:ss.SSSX" })
    assert.equal((convert.apply(inserted)?.value as Map<string, unknown>).get('ts'), '2023-11-14T22:13:20.123Z')
  })

  it('leaves the original record unchanged', () => {
    const value = new Map([['a', 1]])
    const insert = new InsertFieldValue<SinkRecord>()
    insert.configure({ 'topic.field': 't' })
    const record = sink(null, value)
    insert.apply(record)
    assert.deepEqual(record.value, new Map([['a', 1]]))
  })
})
