import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Schema } from '../../../src/api/data/schema.ts'
import { SchemaBuilder } from '../../../src/api/data/schema-builder.ts'
import { Struct } from '../../../src/api/data/struct.ts'
import { ConnectHeaders } from '../../../src/api/header/headers.ts'
import { SourceRecord } from '../../../src/api/source/source-record.ts'

function record (): SourceRecord {
  return new SourceRecord({
    sourcePartition: { filename: 'in.txt' },
    sourceOffset: { position: 10n },
    topic: 'lines',
    kafkaPartition: 2,
    keySchema: Schema.STRING_SCHEMA,
    key: 'k',
    valueSchema: Schema.BYTES_SCHEMA,
    value: new Uint8Array([1, 2]),
    timestamp: 1_700_000_000_000,
  })
}

describe('SourceRecord', () => {
  it('defaults what is left out to null, and headers to an empty list', () => {
    const minimal = new SourceRecord({ topic: 't' })
    assert.equal(minimal.topic, 't')
    assert.equal(minimal.kafkaPartition, null)
    assert.equal(minimal.key, null)
    assert.equal(minimal.keySchema, null)
    assert.equal(minimal.value, null)
    assert.equal(minimal.valueSchema, null)
    assert.equal(minimal.timestamp, null)
    assert.equal(minimal.sourcePartition, null)
    assert.equal(minimal.sourceOffset, null)
    assert.ok(minimal.headers instanceof ConnectHeaders)
    assert.equal(minimal.headers.isEmpty(), true)
  })

  it('uses given ConnectHeaders as they are, and copies other iterables of headers', () => {
    const headers = new ConnectHeaders().addInt('a', 1)
    assert.equal(new SourceRecord({ topic: 't', headers }).headers, headers)
    const fromArray = new SourceRecord({ topic: 't', headers: [{ key: 'b', schema: null, value: 2 }] })
    assert.equal(fromArray.headers.lastWithName('b')?.value, 2)
  })

  it('makes a new record with some fields changed, keeping the source partition and offset', () => {
    const original = record()
    original.headers.addString('h', 'v')
    const schema = SchemaBuilder.struct().field('n', Schema.INT32_SCHEMA).build()
    const value = new Struct(schema).put('n', 1)
    const changed = original.newRecord({ topic: 'other', valueSchema: schema, value, key: null })
    assert.equal(changed.topic, 'other')
    assert.equal(changed.kafkaPartition, 2)
    assert.equal(changed.key, null)
    assert.equal(changed.keySchema, Schema.STRING_SCHEMA)
    assert.equal(changed.value, value)
    assert.equal(changed.timestamp, 1_700_000_000_000)
    assert.equal(changed.sourcePartition, original.sourcePartition)
    assert.equal(changed.sourceOffset, original.sourceOffset)
    assert.ok(changed instanceof SourceRecord)
  })

  it('gives the new record a copy of the headers unless headers are given', () => {
    const original = record()
    original.headers.addString('h', 'v')
    const copy = original.newRecord()
    copy.headers.addString('extra', 'x')
    assert.equal(original.headers.size(), 1)
    assert.equal(copy.headers.size(), 2)
    const given = new ConnectHeaders()
    assert.equal(original.newRecord({ headers: given }).headers, given)
  })

  it('equals deeply, source partition and offset included', () => {
    assert.ok(record().equals(record()))
    assert.ok(record().equals(record().newRecord()))
    assert.equal(record().equals(record().newRecord({ value: new Uint8Array([1, 3]) })), false)
    assert.equal(record().equals(record().newRecord({ timestamp: 1 })), false)
    assert.equal(record().equals(new SourceRecord({ ...optionsOf(record()), sourceOffset: { position: 11n } })), false)
    const withHeader = record()
    withHeader.headers.addInt('a', 1)
    assert.equal(record().equals(withHeader), false)
  })

  it('prints as Java', () => {
    assert.equal(String(new SourceRecord({ topic: 't', sourcePartition: { file: 'f' }, sourceOffset: { pos: 1 }, valueSchema: Schema.STRING_SCHEMA, value: 'v' })),
      "SourceRecord{sourcePartition={file=f}, sourceOffset={pos=1}} ConnectRecord{topic='t', kafkaPartition=null, key=null, " +
      'keySchema=null, value=v, valueSchema=Schema{STRING}, timestamp=null, headers=ConnectHeaders(headers=)}')
  })
})

function optionsOf (source: SourceRecord): ConstructorParameters<typeof SourceRecord>[0] {
  return {
    sourcePartition: source.sourcePartition,
    sourceOffset: source.sourceOffset,
    topic: source.topic,
    kafkaPartition: source.kafkaPartition,
    keySchema: source.keySchema,
    key: source.key,
    valueSchema: source.valueSchema,
    value: source.value,
    timestamp: source.timestamp,
  }
}
