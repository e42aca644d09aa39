// Narrowing a rejected batch: halves in order, single records that fail alone come out, and the
// cost stays logarithmic.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BatchDelivery } from '../../../src/runtime/errors/batch-narrowing.ts'

/** Delivers `batch` to a put() that rejects any segment holding a bad record; returns what was written, dropped, and the calls made. */
function deliver (batch: number[], bad: ReadonlySet<number>): { written: number[], dropped: number[], calls: number } {
  const delivery = new BatchDelivery(batch)
  const written: number[] = []
  const dropped: number[] = []
  let calls = 0
  while (!delivery.done) {
    calls++
    const segment = delivery.current
    if (segment.some(r => bad.has(r))) {
      const rejected = delivery.rejected()
      if (rejected !== null) dropped.push(rejected)
    } else {
      written.push(...segment)
      delivery.accepted()
    }
  }
  return { written, dropped, calls }
}

test('one bad record in 500: the other 499 are written once, in order, in about 2·log2(500) calls', () => {
  const batch = Array.from({ length: 500 }, (_, i) => i)
  const result = deliver(batch, new Set([317]))
  assert.deepEqual(result.written, batch.filter(i => i !== 317))
  assert.deepEqual(result.dropped, [317])
  assert.ok(result.calls <= 2 * Math.ceil(Math.log2(500)) + 1, `${result.calls} calls`)
})

test('several bad records, first and last included', () => {
  const batch = Array.from({ length: 37 }, (_, i) => i)
  const result = deliver(batch, new Set([0, 5, 6, 36]))
  assert.deepEqual(result.written, batch.filter(i => ![0, 5, 6, 36].includes(i)))
  assert.deepEqual(result.dropped, [0, 5, 6, 36])
})

test('an empty batch is still given to put() once; appended records join an undivided batch', () => {
  const empty = new BatchDelivery<number>([])
  assert.equal(empty.done, false)
  assert.deepEqual(empty.current, [])
  empty.accepted()
  assert.equal(empty.done, true)

  const delivery = new BatchDelivery([1, 2])
  delivery.append([3])
  assert.deepEqual(delivery.current, [1, 2, 3])
  delivery.rejected()
  delivery.append([4])
  assert.deepEqual(delivery.remaining(), [1, 2, 3, 4])
  assert.deepEqual(delivery.current, [1, 2])
})

test('records of revoked partitions are dropped from what remains', () => {
  const delivery = new BatchDelivery(['a1', 'b1', 'a2', 'b2'])
  delivery.rejected()
  delivery.retain(r => r.startsWith('a'))
  assert.deepEqual(delivery.remaining(), ['a1', 'a2'])
})
