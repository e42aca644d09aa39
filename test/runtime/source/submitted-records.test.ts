import assert from 'node:assert/strict'
import { test } from 'node:test'
import { SubmittedRecords } from '../../../src/runtime/source/submitted-records.ts'

const p1 = { file: 'a' }
const p2 = { file: 'b' }

test('only the offset of the latest record whose predecessors are all acknowledged is committable, per partition', () => {
  const records = new SubmittedRecords()
  const a1 = records.submit(p1, { pos: 1 })
  const a2 = records.submit(p1, { pos: 2 })
  const b1 = records.submit(p2, { pos: 10 })
  const a3 = records.submit(p1, { pos: 3 })
  a2.ack()
  a3.ack()
  b1.ack()
  // a1 is not acknowledged: nothing of p1 may be committed, p2 may.
  let committable = records.committableOffsets()
  assert.deepEqual(committable.offsets, [{ partition: p2, offset: { pos: 10 } }])
  assert.equal(committable.committableMessages, 1)
  assert.equal(committable.uncommittableMessages, 3)
  a1.ack()
  committable = records.committableOffsets()
  assert.deepEqual(committable.offsets, [{ partition: p1, offset: { pos: 3 } }])
  assert.equal(committable.committableMessages, 3)
  assert.equal(committable.uncommittableMessages, 0)
  assert.deepEqual(records.committableOffsets().offsets, [])
})

test('partitions compare by content, in any key order', () => {
  const records = new SubmittedRecords()
  records.submit({ a: 1, b: 'x' }, { n: 1 }).ack()
  records.submit({ b: 'x', a: 1n }, { n: 2 }).ack()
  assert.deepEqual(records.committableOffsets().offsets, [{ partition: { a: 1, b: 'x' }, offset: { n: 2 } }])
})

test('a dropped record is forgotten; only the latest submission of a partition can be dropped', () => {
  const records = new SubmittedRecords()
  const first = records.submit(p1, { pos: 1 })
  const second = records.submit(p1, { pos: 2 })
  assert.equal(first.drop(), false)
  assert.equal(second.drop(), true)
  assert.equal(second.drop(), false)
  first.ack()
  assert.deepEqual(records.committableOffsets().offsets, [{ partition: p1, offset: { pos: 1 } }])
  assert.equal(records.unackedCount(), 0)
})

test('awaitAllMessages waits for the acknowledgements, or gives up after the timeout', async () => {
  const records = new SubmittedRecords()
  assert.equal(await records.awaitAllMessages(0), true)
  const r = records.submit(null, null)
  assert.equal(await records.awaitAllMessages(10), false)
  setTimeout(() => r.ack(), 5)
  assert.equal(await records.awaitAllMessages(5000), true)
})

test('long-lived partitions keep a bounded queue', () => {
  const records = new SubmittedRecords()
  for (let i = 0; i < 5000; i++) {
    const r = records.submit(p1, { pos: i })
    r.ack()
    if (i % 100 === 0) records.committableOffsets()
  }
  assert.deepEqual(records.committableOffsets().offsets, [{ partition: p1, offset: { pos: 4999 } }])
})

test('an abandoned record is no longer awaited but still holds its partition back', async () => {
  const records = new SubmittedRecords()
  const failed = records.submit(p1, { pos: 1 })
  records.submit(p1, { pos: 2 }).ack()
  failed.abandon()
  assert.equal(await records.awaitAllMessages(0), true)
  assert.deepEqual(records.committableOffsets().offsets, [])
})
