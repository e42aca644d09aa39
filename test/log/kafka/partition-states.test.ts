// The consumer's per-partition bookkeeping: draining moves positions, a chunk of only filtered
// records (control markers, aborted batches) still moves the position past them, and seek, pause
// and revoke drop what was buffered and make in-flight answers stale.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { PartitionStates } from '../../../src/log/kafka/partition-states.ts'
import { FetchedRecords } from '../../../src/log/kafka/record-batches.ts'
import { batchesOf, encodeBatch, encodeBatches, markerBatch } from './record-batch-bytes.ts'

const tp0 = { topic: 't', partition: 0 }
const tp1 = { topic: 't', partition: 1 }

/** A fetch answer of `partition` with records `from` to `from + count - 1`, as the fetcher adds it. */
function records (partition: number, from: number, count: number, data?: Buffer): FetchedRecords & { readonly nextOffset: bigint } {
  data ??= encodeBatch({ baseOffset: from, records: Array.from({ length: count }, (_, i) => ({ value: `${partition}/${from + i}` })) })
  const fetched = new FetchedRecords({ topic: 't', partition, batches: batchesOf(data), fetchOffset: BigInt(from), readCommitted: false, abortedTransactions: null, checkCrcs: true })
  return fetched as FetchedRecords & { readonly nextOffset: bigint }
}

describe('partition states', () => {
  test('drain returns at most max records, across partitions, and moves each position past what it returned', () => {
    const states = new PartitionStates()
    states.assign([tp0, tp1], 'reset')
    const s0 = states.get(tp0)!
    const s1 = states.get(tp1)!
    states.seek(s0, 10n)
    states.seek(s1, 0n)
    const fetched0 = records(0, 10, 3)
    const fetched1 = records(1, 0, 2)
    states.addFetched(s0, fetched0)
    states.addFetched(s1, fetched1)
    assert.equal(states.bufferedBytes, fetched0.bytes + fetched1.bytes)

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
    // A marker of a transaction at 5..7: nothing to return, but the position moves past it.
    states.addFetched(s0, records(0, 5, 0, encodeBatches([{ ...markerBatch(5, 1n, false), lastOffsetDelta: 2 }])))
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
    states.addFetched(s0, records(0, 0, 5))
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

    states.addFetched(s0, records(0, 2, 3))
    states.seek(s0, 1n)
    assert.equal(states.bufferedBytes, 0)
    assert.equal(s0.position, 1n)
    assert.equal(s0.fetchOffset, 1n)
  })

  test('a corrupt batch fails the drain that reaches it with nothing else to return, and keeps failing until a seek', () => {
    const states = new PartitionStates()
    states.assign([tp0], 'reset')
    const s0 = states.get(tp0)!
    states.seek(s0, 0n)
    const bad = encodeBatch({ baseOffset: 2, records: [{ value: 'c' }] })
    bad[bad.length - 2] ^= 1
    states.addFetched(s0, records(0, 0, 0, Buffer.concat([encodeBatch({ baseOffset: 0, records: [{ value: 'a' }, { value: 'b' }] }), bad])))
    assert.equal(states.drain(10).length, 2, 'the records before the corrupt batch come first')
    assert.equal(s0.position, 2n)
    assert.throws(() => states.drain(10), /^ConnectException: Record batch for partition t-0 at offset 2 is invalid/)
    assert.throws(() => states.drain(10), /at offset 2 is invalid/)
    assert.equal(s0.fetchable, false)
    states.seek(s0, 3n)
    assert.equal(s0.fetchable, true)
    assert.deepEqual(states.drain(10), [])
  })

  test('assign keeps the state of partitions still owned and drops the others', () => {
    const states = new PartitionStates()
    states.assign([tp0, tp1], 'committed')
    const s0 = states.get(tp0)!
    states.seek(s0, 7n)
    const s1 = states.get(tp1)!
    states.seek(s1, 0n)
    states.addFetched(s1, records(1, 0, 1))
    states.assign([tp0], 'committed')
    assert.equal(states.get(tp0), s0)
    assert.equal(s0.position, 7n)
    assert.equal(states.get(tp1), undefined)
    assert.equal(states.bufferedBytes, 0)
    assert.throws(() => states.owned(tp1, 'pause'), /You can only pause partitions assigned to this consumer; t-1 is not/)
  })
})
