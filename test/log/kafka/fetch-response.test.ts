// Reading a Fetch answer ourselves (src/log/kafka/fetch-response.ts), as the broker lays it out for
// v12 (topics by name) and v13+ (topics by id): partition errors, aborted transactions, tagged
// fields skipped wherever they are, and the records as whole batches, whatever socket chunks the
// answer arrived in. (test/log/kafka/fetch.test.ts reads real answers of the test broker.)

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parseFetchResponse } from '../../../src/log/kafka/fetch-response.ts'
import { chunked, encodeBatches } from './record-batch-bytes.ts'

function uvarint (value: number): Buffer {
  const bytes: number[] = []
  while (value >= 0x80) {
    bytes.push((value & 0x7f) | 0x80)
    value >>>= 7
  }
  bytes.push(value)
  return Buffer.from(bytes)
}

function int (size: 2 | 4 | 8, value: number | bigint): Buffer {
  const buffer = Buffer.alloc(size)
  if (size === 2) buffer.writeInt16BE(Number(value))
  else if (size === 4) buffer.writeInt32BE(Number(value))
  else buffer.writeBigInt64BE(BigInt(value))
  return buffer
}

/** Tagged fields: one unknown field of a few bytes, to be skipped. */
const SOME_TAGS = Buffer.concat([uvarint(1), uvarint(7), uvarint(3), Buffer.from([1, 2, 3])])
const NO_TAGS = uvarint(0)

interface PartitionAnswer { index: number, error?: number, aborted?: Array<[bigint, bigint]> | null, records?: Buffer | null }

function answer (version: number, topics: Array<{ topic: string, partitions: PartitionAnswer[] }>, error = 0): Buffer {
  return Buffer.concat([
    int(4, 0), int(2, error), int(4, 0),
    uvarint(topics.length + 1),
    ...topics.flatMap(({ topic, partitions }) => [
      version >= 13 ? Buffer.from(topic.replaceAll('-', ''), 'hex') : Buffer.concat([uvarint(Buffer.byteLength(topic) + 1), Buffer.from(topic)]),
      uvarint(partitions.length + 1),
      ...partitions.flatMap(p => [
        int(4, p.index), int(2, p.error ?? 0), int(8, 100), int(8, 100), int(8, 0),
        p.aborted === null || p.aborted === undefined
          ? uvarint(0)
          : Buffer.concat([uvarint(p.aborted.length + 1), ...p.aborted.flatMap(([producerId, first]) => [int(8, producerId), int(8, first), NO_TAGS])]),
        int(4, -1),
        p.records === null || p.records === undefined ? uvarint(0) : Buffer.concat([uvarint(p.records.length + 1), p.records]),
        SOME_TAGS,
      ]),
      NO_TAGS,
    ]),
    SOME_TAGS,
  ])
}

describe('reading Fetch answers', () => {
  const records = encodeBatches([
    { baseOffset: 5, records: [{ value: 'a' }, { value: 'b' }] },
    { baseOffset: 7, records: [{ value: 'c'.repeat(200) }] },
  ])

  test('v12 names topics; partition errors, aborted transactions and records come through, from chunks of any size', () => {
    const data = answer(12, [
      { topic: 'orders-ü', partitions: [{ index: 0, records, aborted: [[9n, 5n]] }, { index: 1, error: 1 }, { index: 2, records: null, aborted: [] }] },
      { topic: 'other', partitions: [{ index: 3, records: Buffer.concat([records, records.subarray(0, 70)]) }] },
    ])
    for (const chunkSize of [1, 3, 64, 200, data.length]) {
      const parsed = parseFetchResponse(chunked(data, chunkSize), 12)
      assert.equal(parsed.errorCode, 0)
      assert.deepEqual(parsed.responses.map(t => t.topic), ['orders-ü', 'other'])
      const [p0, p1, p2] = parsed.responses[0].partitions
      assert.deepEqual([p0.partitionIndex, p0.errorCode, p0.abortedTransactions], [0, 0, [{ producerId: 9n, firstOffset: 5n }]])
      assert.deepEqual(Buffer.concat(p0.batches), records)
      assert.equal(p0.batches.length, 2)
      assert.deepEqual([p1.partitionIndex, p1.errorCode, p1.batches], [1, 1, []])
      assert.deepEqual([p2.abortedTransactions, p2.batches], [[], []])
      const [p3] = parsed.responses[1].partitions
      assert.deepEqual(Buffer.concat(p3.batches), records, `the part-batch at the end is left out (chunks of ${chunkSize})`)
    }
  })

  test('v13 and later name topics by id; the request\'s error is read', () => {
    const id = '0123abcd-4567-89ef-0123-456789abcdef'
    for (const version of [13, 16, 17]) {
      const parsed = parseFetchResponse(chunked(answer(version, [{ topic: id, partitions: [{ index: 4, records }] }]), 50), version)
      assert.equal(parsed.responses[0].topic, id)
      assert.deepEqual(Buffer.concat(parsed.responses[0].partitions[0].batches), records)
    }
    assert.equal(parseFetchResponse(chunked(answer(12, [], 58)), 12).errorCode, 58)
  })

  test('an answer shorter than it says fails rather than reading garbage', () => {
    const data = answer(12, [{ topic: 't', partitions: [{ index: 0, records }] }])
    assert.throws(() => parseFetchResponse(chunked(data.subarray(0, data.length - 40), 16), 12), RangeError)
  })
})
