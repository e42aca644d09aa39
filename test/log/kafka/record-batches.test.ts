// Decoding a partition's fetched record batches (the bytes of a fetch answer) as Java's consumer
// does: records before the fetch offset skipped, control batches never returned, aborted
// transactions dropped for read_committed only (including a transaction whose abort marker arrives
// in a later fetch answer), timestamps by type, every compression codec, headers and null keys or
// values, a part-batch at the end left for the next fetch, and a CRC mismatch named clearly.
// (test/log/kafka/kafka-log.test.ts checks the same against a real broker's batches.)

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { FetchedRecords, type AbortedTransaction } from '../../../src/log/kafka/record-batches.ts'
import type { IncomingRecord } from '../../../src/log/log.ts'
import {
  batchesOf, encodeBatch, encodeBatches, GZIP, LOG_APPEND_TIME, LZ4, markerBatch, SNAPPY, TRANSACTIONAL, ZSTD, type TestBatch,
} from './record-batch-bytes.ts'

function fetched (data: Buffer, fetchOffset = 0n, options: { readCommitted?: boolean, aborted?: AbortedTransaction[] | null, checkCrcs?: boolean, chunkSize?: number } = {}): FetchedRecords {
  return new FetchedRecords({
    topic: 't', partition: 3, batches: batchesOf(data, options.chunkSize), fetchOffset, readCommitted: options.readCommitted ?? false,
    abortedTransactions: options.aborted ?? null, checkCrcs: options.checkCrcs ?? true,
  })
}

function readAll (records: FetchedRecords, max = Infinity): IncomingRecord[] {
  const out: IncomingRecord[] = []
  records.read(out, max)
  return out
}

function values (records: readonly IncomingRecord[]): string[] {
  return records.map(r => `${r.offset}:${r.value === null ? 'null' : Buffer.from(r.value).toString()}`)
}

/** Whether `view` shows bytes of `data` (rather than of a copy). */
function isViewOf (view: Uint8Array, data: Buffer): boolean {
  return view.buffer === data.buffer && view.byteOffset >= data.byteOffset && view.byteOffset + view.length <= data.byteOffset + data.length
}

function batch (baseOffset: number, texts: string[], fields: Partial<TestBatch> = {}): TestBatch {
  return { baseOffset, records: texts.map(value => ({ value })), ...fields }
}

describe('decoding fetched record batches', () => {
  test('records before the fetch offset are skipped; the next offset follows the last batch', () => {
    const data = encodeBatches([batch(0, ['a', 'b', 'c'], { baseTimestamp: 1000 }), batch(3, ['d'])])
    const records = fetched(data, 2n)
    assert.equal(records.nextOffset, 4n)
    assert.equal(records.bytes, data.length)
    const out = readAll(records)
    assert.deepEqual(values(out), ['2:c', '3:d'])
    assert.equal(records.done, true)
    assert.equal(out[0].timestamp, 1002)
    assert.equal(out[0].timestampType, 'CreateTime')
    assert.equal(out[0].topic, 't')
    assert.equal(out[0].partition, 3)
  })

  test('read() hands records out a few at a time, in order, and says when it is done', () => {
    const records = fetched(encodeBatches([batch(10, ['a', 'b', 'c']), batch(13, ['d', 'e'])]), 10n)
    const first: IncomingRecord[] = []
    records.read(first, 2)
    assert.deepEqual(values(first), ['10:a', '11:b'])
    assert.equal(records.done, false)
    const rest: IncomingRecord[] = [first[0]]
    records.read(rest, 3)
    assert.deepEqual(values(rest), ['10:a', '12:c', '13:d'], 'max counts what `out` already holds')
    assert.deepEqual(values(readAll(records)), ['14:e'])
    assert.equal(records.done, true)
  })

  test('keys, values and headers: null and empty ones, and bytes sliced from the answer', () => {
    const data = encodeBatch({
      baseOffset: 0,
      records: [
        { key: Buffer.from('k'), value: 'v', headers: [['h', null], ['h', Buffer.from('2')], ['ü', Buffer.alloc(0)]] },
        { key: null, value: null },
        { key: Buffer.alloc(0), value: '' },
      ],
    })
    const [a, b, c] = readAll(fetched(data))
    assert.deepEqual(Buffer.from(a.key!), Buffer.from('k'))
    assert.deepEqual(a.headers, [['h', null], ['h', Buffer.from('2')], ['ü', Buffer.alloc(0)]])
    assert.ok(isViewOf(a.value!, data), 'the value is a view of the answer, not a copy')
    const [split] = readAll(fetched(data, 0n, { chunkSize: 20 }))
    assert.ok(!isViewOf(split.value!, data), 'a batch split between socket chunks is copied whole')
    assert.deepEqual(split, a)
    assert.equal(b.key, null)
    assert.equal(b.value, null)
    assert.deepEqual(b.headers, [])
    assert.equal(c.key!.length, 0)
    assert.equal(c.value!.length, 0)
  })

  test('LogAppendTime batches give every record the batch\'s max timestamp', () => {
    const out = readAll(fetched(encodeBatch(batch(0, ['a', 'b'], { attributes: LOG_APPEND_TIME, maxTimestamp: 5000 }))))
    assert.deepEqual(out.map(r => [r.timestamp, r.timestampType]), [[5000, 'LogAppendTime'], [5000, 'LogAppendTime']])
  })

  test('timestamps and offsets keep their range: negative deltas, times past 2^31 ms, offsets past 2^53', () => {
    const data = encodeBatches([
      { baseOffset: 0, baseTimestamp: 1_763_800_000_000, records: [{ value: 'a', timestampDelta: -5 }, { value: 'b', timestampDelta: 3_000_000_000 }] },
      { baseOffset: 2n ** 60n, baseTimestamp: -1, records: [{ value: 'c', timestampDelta: 0 }, { value: 'd', offsetDelta: 7, timestampDelta: 0 }] },
    ])
    const out = readAll(fetched(data))
    assert.deepEqual(out.map(r => r.timestamp), [1_763_799_999_995, 1_766_800_000_000, -1, -1])
    assert.deepEqual(out.map(r => r.offset), [0n, 1n, 2n ** 60n, 2n ** 60n + 7n])
  })

  for (const [name, codec] of [['gzip', GZIP], ['snappy', SNAPPY], ['lz4', LZ4], ['zstd', ZSTD]] as const) {
    test(`${name} batches are decompressed; records before the fetch offset inside them are skipped`, () => {
      const texts = Array.from({ length: 50 }, (_, i) => `line ${i} `.repeat(5))
      const data = encodeBatches([batch(100, texts, { attributes: codec }), batch(150, ['after'], { attributes: codec })])
      const out = readAll(fetched(data, 120n))
      assert.deepEqual(values(out), [...texts.slice(20).map((text, i) => `${120 + i}:${text}`), '150:after'])
    })
  }

  test('read_committed drops aborted transactions and control records; read_uncommitted keeps the data', () => {
    const p1 = 7n
    const p2 = 8n
    const data = encodeBatches([
      batch(0, ['plain']),
      batch(1, ['a1', 'a2'], { producerId: p1, attributes: TRANSACTIONAL }),
      batch(3, ['c1'], { producerId: p2, attributes: TRANSACTIONAL }),
      markerBatch(4, p1, true),
      markerBatch(5, p2, false),
      batch(6, ['n1'], { producerId: p1, attributes: TRANSACTIONAL }),
      markerBatch(7, p1, false),
    ])
    const aborted = [{ producerId: p1, firstOffset: 1n }]
    assert.deepEqual(values(readAll(fetched(data, 0n, { readCommitted: true, aborted }))), ['0:plain', '3:c1', '6:n1'])
    assert.deepEqual(values(readAll(fetched(data, 0n, { readCommitted: false, aborted }))), ['0:plain', '1:a1', '2:a2', '3:c1', '6:n1'])
    assert.equal(fetched(data, 0n, { readCommitted: true, aborted }).nextOffset, 8n)
  })

  test('an aborted transaction whose marker is not in this answer is still dropped', () => {
    const records = fetched(encodeBatch(batch(10, ['x1', 'x2'], { producerId: 3n, attributes: TRANSACTIONAL })), 10n,
      { readCommitted: true, aborted: [{ producerId: 3n, firstOffset: 10n }] })
    assert.deepEqual(readAll(records), [])
    assert.equal(records.done, true)
    assert.equal(records.nextOffset, 12n, 'the position still moves past the dropped batch')
  })

  test('a compressed transaction\'s abort marker is read from a compressed control batch too', () => {
    const marker = markerBatch(2, 5n, true)
    const data = encodeBatches([
      batch(0, ['t1', 't2'], { producerId: 5n, attributes: TRANSACTIONAL | GZIP }),
      { ...marker, attributes: marker.attributes! | GZIP },
      batch(3, ['t3'], { producerId: 5n, attributes: TRANSACTIONAL | GZIP }),
    ])
    assert.deepEqual(values(readAll(fetched(data, 0n, { readCommitted: true, aborted: [{ producerId: 5n, firstOffset: 0n }] }))), ['3:t3'])
  })

  test('an answer that came in chunks of any size reads the same, batches split between chunks included', () => {
    const data = encodeBatches([
      batch(0, ['a', 'bb', 'ccc'], { attributes: GZIP }),
      { baseOffset: 3, records: [{ key: Buffer.from('k'), value: 'dddd', headers: [['h', Buffer.from('x')]] }] },
      batch(4, ['e'.repeat(300), 'f']),
    ])
    const expected = readAll(fetched(data)).map(r => [r.offset, Buffer.from(r.value!).toString(), r.headers.length])
    for (const chunkSize of [1, 2, 7, 61, 62, 100, 333, data.length - 1]) {
      const records = fetched(Buffer.concat([data, encodeBatch(batch(6, ['cut'])).subarray(0, 40)]), 0n, { chunkSize })
      assert.equal(records.nextOffset, 6n)
      assert.equal(records.bytes, data.length)
      assert.deepEqual(readAll(records).map(r => [r.offset, Buffer.from(r.value!).toString(), r.headers.length]), expected, `chunks of ${chunkSize} bytes`)
    }
  })

  test('a batch cut short at the end of the answer is left for the next fetch', () => {
    const whole = encodeBatch(batch(0, ['a', 'b']))
    const next = encodeBatch(batch(2, ['c', 'd']))
    const records = fetched(Buffer.concat([whole, next.subarray(0, next.length - 3)]))
    assert.equal(records.nextOffset, 2n)
    assert.equal(records.bytes, whole.length)
    assert.deepEqual(values(readAll(records)), ['0:a', '1:b'])
    assert.equal(fetched(next.subarray(0, 30)).nextOffset, null, 'no whole batch: nothing to add')
  })

  test('a batch whose CRC does not match fails with the topic, partition and offset; the batches before it are read', () => {
    const good = encodeBatch(batch(0, ['a', 'b']))
    const bad = encodeBatch(batch(2, ['c', 'd']))
    bad[bad.lastIndexOf('d')] = 'x'.charCodeAt(0)
    const records = fetched(Buffer.concat([good, bad]))
    const out = readAll(records)
    assert.deepEqual(values(out), ['0:a', '1:b'])
    assert.match(records.error?.message ?? '', /^Record batch for partition t-3 at offset 2 is invalid, cause: Record is corrupt \(stored crc = \d+, computed crc = \d+\)/)
    assert.equal(records.done, false)
    assert.deepEqual(readAll(records), [], 'it reads no further')
    assert.deepEqual(values(readAll(fetched(Buffer.concat([good, bad]), 0n, { checkCrcs: false }))), ['0:a', '1:b', '2:c', '3:x'],
      'check.crcs=false reads it as it is')
  })
})
