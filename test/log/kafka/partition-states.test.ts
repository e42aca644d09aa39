// The consumer's per-partition bookkeeping: draining moves positions, a chunk of only filtered
// records (control markers, aborted batches) still moves the position past them, and seek, pause
// and revoke drop what was buffered and make in-flight answers stale.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { PartitionStates } from '../../../src/log/kafka/partition-states.ts'
import type { IncomingRecord } from '../../../src/log/log.ts'

const tp0 = { topic: 't', partition: 0 }
const tp1 = { topic: 't', partition: 1 }

function records (partition: number, from: number, count: number): IncomingRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    topic: 't', partition, offset: BigInt(from + i), key: null, value: Buffer.from(`${partition}/${from + i}`), headers: [],
    timestamp: 0, timestampType: 'CreateTime' as const,
  }))
}

describe('partition states', () => {
  test('drain returns at most max records, across partitions, and moves each position past what it returned', () => {
    const states = new PartitionStates()
    states.assign([tp0, tp1], 'reset')
    const s0 = states.get(tp0)!
    const s1 = states.get(tp1)!
    states.seek(s0, 10n)
    states.seek(s1, 0n)
    states.addFetched(s0, records(0, 10, 3), 13n, 300)
    states.addFetched(s1, records(1, 0, 2), 2n, 200)
    assert.equal(states.bufferedBytes, 500)

    const first = states.drain(4)
    assert.equal(first.length, 4)
    const second = states.drain(10)
    assert.equal(second.length, 1)
    assert.deepEqual([...first, ...second].map(r => `${r.partition}@${r.offset}`).sort(), ['0@10', '0@11', '0@12', '1@0', '1@1'])
    assert.equal(s0.position, 13n)
    assert.equal(s1.position, 2n)
    assert.equal(states.bufferedBytes, 0)
  })

  test('a chunk whose records were all filtered out still moves the position to its end', () => {
    const states = new PartitionStates()
    states.assign([tp0], 'reset')
    const s0 = states.get(tp0)!
    states.seek(s0, 5n)
    states.addFetched(s0, [], 8n, 100)
    assert.equal(states.hasDrainable(), true)
    assert.deepEqual(states.drain(10), [])
    assert.equal(s0.position, 8n)
    assert.equal(s0.fetchOffset, 8n)
  })

  test('pause stops draining and drops the buffer; seek drops it and bumps the epoch', () => {
    const states = new PartitionStates()
    states.assign([tp0], 'reset')
    const s0 = states.get(tp0)!
    states.seek(s0, 0n)
    states.addFetched(s0, records(0, 0, 5), 5n, 500)
    assert.equal(states.drain(2).length, 2)
    const epoch = s0.epoch
    states.pause(s0)
    assert.equal(s0.epoch, epoch + 1)
    assert.deepEqual(states.drain(10), [])
    assert.equal(states.bufferedBytes, 0)
    assert.equal(s0.fetchOffset, 2n, 'the next fetch starts where poll() stopped')
    assert.equal(s0.fetchable, false)
    states.resume(s0)
    assert.equal(s0.fetchable, true)

    states.addFetched(s0, records(0, 2, 3), 5n, 300)
    states.seek(s0, 1n)
    assert.equal(states.bufferedBytes, 0)
    assert.equal(s0.position, 1n)
    assert.equal(s0.fetchOffset, 1n)
  })

  test('assign keeps the state of partitions still owned and drops the others', () => {
    const states = new PartitionStates()
    states.assign([tp0, tp1], 'committed')
    const s0 = states.get(tp0)!
    states.seek(s0, 7n)
    const s1 = states.get(tp1)!
    states.seek(s1, 0n)
    states.addFetched(s1, records(1, 0, 1), 1n, 100)
    states.assign([tp0], 'committed')
    assert.equal(states.get(tp0), s0)
    assert.equal(s0.position, 7n)
    assert.equal(states.get(tp1), undefined)
    assert.equal(states.bufferedBytes, 0)
    assert.throws(() => states.owned(tp1, 'pause'), /You can only pause partitions assigned to this consumer; t-1 is not/)
  })
})
