import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Schema } from '../../../src/api/data/schema.ts'
import { DataException } from '../../../src/api/errors.ts'
import { ConnectHeaders } from '../../../src/api/header/headers.ts'
import { SinkRecord } from '../../../src/api/sink/sink-record.ts'

const MAX_OFFSET = 2n ** 63n - 1n

function record (): SinkRecord {
  return new SinkRecord({
    topic: 'orders',
    kafkaPartition: 3,
    kafkaOffset: MAX_OFFSET,
    keySchema: Schema.INT64_SCHEMA,
    key: 9007199254740993n,
    valueSchema: Schema.STRING_SCHEMA,
    value: 'v',
    timestamp: 1_700_000_000_000,
    timestampType: 'CreateTime',
  })
}

describe('SinkRecord', () => {
  it('keeps the offset exact as a bigint and defaults the originals to the record\'s coordinates', () => {
    const sink = record()
    assert.equal(sink.kafkaOffset, MAX_OFFSET)
    assert.equal(sink.kafkaPartition, 3)
    assert.equal(sink.timestampType, 'CreateTime')
    assert.equal(sink.originalTopic, 'orders')
    assert.equal(sink.originalKafkaPartition, 3)
    assert.equal(sink.originalKafkaOffset, MAX_OFFSET)
    assert.ok(sink.headers.isEmpty())
  })

  it('defaults the timestamp type to NoTimestampType and takes a number offset as a bigint', () => {
    const sink = new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 5 as unknown as bigint })
    assert.equal(sink.timestampType, 'NoTimestampType')
    assert.equal(sink.kafkaOffset, 5n)
    assert.throws(() => new SinkRecord({ topic: 't', kafkaPartition: 0 } as never), DataException)
    assert.throws(() => new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 1.5 as unknown as bigint }), DataException)
  })

  it('keeps the offset, timestamp type and originals through newRecord, as KIP-793 has it', () => {
    const renamed = record().newRecord({ topic: 'orders-copy', kafkaPartition: 0, value: 'w' })
    assert.equal(renamed.topic, 'orders-copy')
    assert.equal(renamed.kafkaPartition, 0)
    assert.equal(renamed.value, 'w')
    assert.equal(renamed.key, 9007199254740993n)
    assert.equal(renamed.kafkaOffset, MAX_OFFSET)
    assert.equal(renamed.timestampType, 'CreateTime')
    assert.equal(renamed.originalTopic, 'orders')
    assert.equal(renamed.originalKafkaPartition, 3)
    assert.equal(renamed.originalKafkaOffset, MAX_OFFSET)
    const twice = renamed.newRecord({ topic: 'third' })
    assert.equal(twice.originalTopic, 'orders')
  })

  it('takes explicit originals', () => {
    const sink = new SinkRecord({ topic: 'b', kafkaPartition: 1, kafkaOffset: 2n, originalTopic: 'a', originalKafkaPartition: 0, originalKafkaOffset: 1n })
    assert.deepEqual([sink.originalTopic, sink.originalKafkaPartition, sink.originalKafkaOffset], ['a', 0, 1n])
  })

  it('copies headers into the new record unless given', () => {
    const original = record()
    original.headers.addString('h', 'v')
    const copy = original.newRecord({ value: null })
    copy.headers.remove('h')
    assert.equal(original.headers.size(), 1)
    assert.equal(copy.value, null)
    const headers = new ConnectHeaders()
    assert.equal(original.newRecord({ headers }).headers, headers)
  })

  it('equals deeply, offsets and originals included', () => {
    assert.ok(record().equals(record()))
    assert.ok(record().equals(record().newRecord()))
    assert.equal(record().equals(record().newRecord({ key: 1n })), false)
    const moved = new SinkRecord({ topic: 'orders', kafkaPartition: 3, kafkaOffset: MAX_OFFSET, keySchema: Schema.INT64_SCHEMA,
      key: 9007199254740993n, valueSchema: Schema.STRING_SCHEMA, value: 'v', timestamp: 1_700_000_000_000, timestampType: 'CreateTime',
      originalTopic: 'elsewhere' })
    assert.equal(record().equals(moved), false)
    assert.equal(record().equals(new SinkRecord({ topic: 'orders', kafkaPartition: 3, kafkaOffset: 0n })), false)
  })

  it('prints as Java', () => {
    assert.equal(String(new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 7n, value: 'v', valueSchema: Schema.STRING_SCHEMA })),
      'SinkRecord{kafkaOffset=7, timestampType=NoTimestampType, originalTopic=t, originalKafkaPartition=0, originalKafkaOffset=7} ' +
      "ConnectRecord{topic='t', kafkaPartition=0, key=null, keySchema=null, value=v, valueSchema=Schema{STRING}, timestamp=null, " +
      'headers=ConnectHeaders(headers=)}')
  })
})
