import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ConnectRecord } from '../../../src/api/connector/connect-record.ts'
import type { ConnectRecordOptions, RecordChanges } from '../../../src/api/connector/connect-record.ts'
import { Schema } from '../../../src/api/data/schema.ts'
import { SinkRecord } from '../../../src/api/sink/sink-record.ts'
import { SourceRecord } from '../../../src/api/source/source-record.ts'

/** The smallest subclass, to test the base on its own. */
class PlainRecord extends ConnectRecord<PlainRecord> {
  constructor (options: ConnectRecordOptions) {
    super(options)
  }

  newRecord (changes: RecordChanges = {}): PlainRecord {
    return new PlainRecord(this.withChanges(changes))
  }
}

describe('ConnectRecord', () => {
  it('lets a change set a field to null, while undefined keeps it', () => {
    const base = new PlainRecord({ topic: 't', kafkaPartition: 1, keySchema: Schema.STRING_SCHEMA, key: 'k', timestamp: 5 })
    const cleared = base.newRecord({ key: null, keySchema: null, timestamp: null, kafkaPartition: undefined })
    assert.equal(cleared.key, null)
    assert.equal(cleared.keySchema, null)
    assert.equal(cleared.timestamp, null)
    assert.equal(cleared.kafkaPartition, 1)
  })

  it('never equals a record of another class with the same fields', () => {
    const fields = { topic: 't', kafkaPartition: 0, valueSchema: Schema.STRING_SCHEMA, value: 'v' }
    const sink = new SinkRecord({ ...fields, kafkaOffset: 0n })
    const source = new SourceRecord(fields)
    const plain = new PlainRecord(fields)
    assert.equal(plain.equals(source), false)
    assert.equal(source.equals(plain), false)
    assert.equal(source.equals(sink), false)
    assert.ok(plain.equals(new PlainRecord(fields)))
  })

  it('compares keys and values deeply', () => {
    const make = (): PlainRecord => new PlainRecord({ topic: 't', key: new Uint8Array([1]), value: new Map([['a', [1n]]]) })
    assert.ok(make().equals(make()))
    assert.equal(make().equals(make().newRecord({ value: new Map([['a', [2n]]]) })), false)
  })
})
