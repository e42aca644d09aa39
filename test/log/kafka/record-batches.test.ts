// Decoding a partition's fetched batches as Java's consumer does: records before the fetch offset
// skipped, control batches never returned, aborted transactions dropped for read_committed only
// (including a transaction whose abort marker arrives in a later fetch answer), timestamps by type.
// (test/log/kafka/kafka-log.test.ts checks the same against a real broker's transactions.)

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { RecordsBatch } from '@platformatic/kafka'
import { decodeBatches } from '../../../src/log/kafka/record-batches.ts'

const TRANSACTIONAL = 0x10
const CONTROL = 0x20
const LOG_APPEND_TIME = 0x08

function batch (firstOffset: number, values: string[], options: { producerId?: bigint, attributes?: number, firstTimestamp?: bigint, maxTimestamp?: bigint } = {}): RecordsBatch {
  return {
    firstOffset: BigInt(firstOffset),
    length: 100,
    partitionLeaderEpoch: 0,
    magic: 2,
    crc: 0,
    attributes: options.attributes ?? 0,
    lastOffsetDelta: values.length - 1,
    firstTimestamp: options.firstTimestamp ?? 1000n,
    maxTimestamp: options.maxTimestamp ?? 1000n + BigInt(values.length - 1),
    producerId: options.producerId ?? -1n,
    producerEpoch: 0,
    firstSequence: 0,
    records: values.map((value, i) => ({
      length: 0, attributes: 0, timestampDelta: BigInt(i), offsetDelta: i, key: null, value: Buffer.from(value),
      headers: [[Buffer.from('h'), null], [Buffer.from('h'), Buffer.from('2')]],
    })),
  }
}

function marker (offset: number, producerId: bigint, abort: boolean): RecordsBatch {
  const key = Buffer.alloc(4)
  key.writeInt16BE(0, 0)
  key.writeInt16BE(abort ? 0 : 1, 2)
  const control = batch(offset, ['x'], { producerId, attributes: TRANSACTIONAL | CONTROL })
  control.records[0].key = key
  return control
}

function values (decoded: ReturnType<typeof decodeBatches>): string[] {
  return decoded.records.map(r => `${r.offset}:${r.value?.toString()}`)
}

describe('decoding fetched batches', () => {
  test('records before the fetch offset are skipped; the next offset follows the last batch', () => {
    const decoded = decodeBatches('t', 0, [batch(0, ['a', 'b', 'c']), batch(3, ['d'])], 2n, false, null)
    assert.deepEqual(values(decoded), ['2:c', '3:d'])
    assert.equal(decoded.nextOffset, 4n)
    assert.deepEqual(decoded.records[0].headers, [['h', null], ['h', Buffer.from('2')]])
    assert.equal(decoded.records[0].timestamp, 1002)
    assert.equal(decoded.records[0].timestampType, 'CreateTime')
  })

  test('LogAppendTime batches give every record the batch\'s max timestamp', () => {
    const decoded = decodeBatches('t', 0, [batch(0, ['a', 'b'], { attributes: LOG_APPEND_TIME, maxTimestamp: 5000n })], 0n, false, null)
    assert.deepEqual(decoded.records.map(r => [r.timestamp, r.timestampType]), [[5000, 'LogAppendTime'], [5000, 'LogAppendTime']])
  })

  test('read_committed drops aborted transactions and control records; read_uncommitted keeps the data', () => {
    const p1 = 7n
    const p2 = 8n
    const batches = [
      batch(0, ['plain']),
      batch(1, ['a1', 'a2'], { producerId: p1, attributes: TRANSACTIONAL }),
      batch(3, ['c1'], { producerId: p2, attributes: TRANSACTIONAL }),
      marker(4, p1, true),
      marker(5, p2, false),
      batch(6, ['n1'], { producerId: p1, attributes: TRANSACTIONAL }),
      marker(7, p1, false),
    ]
    const aborted = [{ producerId: p1, firstOffset: 1n }]
    assert.deepEqual(values(decodeBatches('t', 0, batches, 0n, true, aborted)), ['0:plain', '3:c1', '6:n1'])
    assert.deepEqual(values(decodeBatches('t', 0, batches, 0n, false, aborted)), ['0:plain', '1:a1', '2:a2', '3:c1', '6:n1'])
    assert.equal(decodeBatches('t', 0, batches, 0n, true, aborted).nextOffset, 8n)
  })

  test('an aborted transaction whose marker is not in this answer is still dropped', () => {
    const decoded = decodeBatches('t', 0, [batch(10, ['x1', 'x2'], { producerId: 3n, attributes: TRANSACTIONAL })], 10n, true, [{ producerId: 3n, firstOffset: 10n }])
    assert.deepEqual(decoded.records, [])
    assert.equal(decoded.nextOffset, 12n, 'the position still moves past the dropped batch')
  })
})
