// The record batch writer's bytes, read back with @platformatic/kafka's own batch reader and
// checksummed again: every field, null and empty keys and values, duplicate header names,
// timestamps out of order and years apart (negative and large zigzag deltas), every compression
// type, and the varints at their size boundaries. The real-broker tests (the Log contract) prove
// that Kafka accepts what is written.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { crc32c, Reader, readRecordsBatch } from '@platformatic/kafka'
import type { OutgoingRecord } from '../../../src/log/log.ts'
import {
  batchBytes, compressRecords, recordBodySize, recordsBytes, writeRecordBatch, type BatchRecords, type CompressionType,
} from '../../../src/log/kafka/record-batch-writer.ts'
import { unsignedVarIntSize, varIntSize, varLongSize, writeUnsignedVarInt, writeVarInt, writeVarLong } from '../../../src/log/kafka/varints.ts'

function batchOf (records: OutgoingRecord[], timestamps: number[]): BatchRecords {
  const bodySizes = new Int32Array(records.length)
  for (let i = 0; i < records.length; i++) bodySizes[i] = recordBodySize(records[i], timestamps[i] - timestamps[0], i)
  return { records, timestamps: Float64Array.from(timestamps), bodySizes, indices: records.map((_, i) => i), from: 0, to: records.length }
}

function encode (batch: BatchRecords, compression: CompressionType = 'none', producer = { producerId: 4242n, producerEpoch: 7, baseSequence: 99 }): Buffer {
  const compressed = compression === 'none' ? null : compressRecords(batch, compression)
  const size = batchBytes(recordsBytes(batch), compressed)
  const buffer = Buffer.alloc(size + 10, 0xee)
  const maxTimestamp = Math.max(...batch.timestamps)
  const end = writeRecordBatch(buffer, 5, batch, producer, maxTimestamp, compression, compressed)
  assert.equal(end, 5 + size, 'the batch fills exactly the bytes it was sized for')
  assert.equal(buffer[4], 0xee)
  assert.equal(buffer[end], 0xee)
  return buffer.subarray(5, end)
}

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8')

describe('the record batch writer', () => {
  const records: OutgoingRecord[] = [
    { topic: 't', key: bytes('k1'), value: bytes('v1'), headers: [['h', bytes('a')], ['h', bytes('b')], ['ünï', null]] },
    { topic: 't', key: null, value: null },
    { topic: 't', key: new Uint8Array(0), value: new Uint8Array(0), headers: [] },
    { topic: 't', key: bytes('x'.repeat(300)), value: bytes('y'.repeat(20_000)) },
  ]
  // Out of order, negative and beyond 2^31 ms from the first (the library's own varlongs get these wrong).
  const timestamps = [1_700_000_000_000, 1_600_000_000_000, 1_700_000_000_000 + 2 ** 33, 5]

  for (const compression of ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const) {
    test(`writes what Kafka's format says, read back field by field (${compression})`, () => {
      const written = encode(batchOf(records, timestamps), compression)
      const batch = readRecordsBatch(Reader.from(written))
      assert.equal(batch.firstOffset, 0n)
      assert.equal(batch.length, written.length - 12)
      assert.equal(batch.partitionLeaderEpoch, -1)
      assert.equal(batch.magic, 2)
      assert.equal(batch.crc, crc32c(written.subarray(21)), 'the CRC-32C covers attributes to the end')
      assert.equal(batch.attributes, { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 }[compression])
      assert.equal(batch.lastOffsetDelta, 3)
      assert.equal(batch.firstTimestamp, 1_700_000_000_000n)
      assert.equal(batch.maxTimestamp, BigInt(1_700_000_000_000 + 2 ** 33))
      assert.equal(batch.producerId, 4242n)
      assert.equal(batch.producerEpoch, 7)
      assert.equal(batch.firstSequence, 99)
      assert.equal(batch.records.length, 4)
      batch.records.forEach((record, i) => {
        assert.equal(record.offsetDelta, i)
        assert.equal(record.attributes, 0)
        assert.equal(Number(record.timestampDelta), timestamps[i] - timestamps[0], `timestamp delta of record ${i}`)
      })
      assert.deepEqual(batch.records[0].key, bytes('k1'))
      assert.deepEqual(batch.records[0].value, bytes('v1'))
      assert.deepEqual(batch.records[0].headers, [[bytes('h'), bytes('a')], [bytes('h'), bytes('b')], [bytes('ünï'), null]],
        'duplicate header names stay, in order; a null header value stays null')
      assert.equal(batch.records[1].key, null)
      assert.equal(batch.records[1].value, null)
      assert.deepEqual(batch.records[1].headers, [])
      assert.deepEqual(batch.records[2].key, Buffer.alloc(0), 'an empty key is not a null key')
      assert.deepEqual(batch.records[2].value, Buffer.alloc(0))
      assert.deepEqual(batch.records[3].value, bytes('y'.repeat(20_000)))
    })
  }

  test('a batch of a producer that is not idempotent says so (-1), and a transactional one sets its attribute bit', () => {
    const plain = readRecordsBatch(Reader.from(encode(batchOf(records.slice(0, 1), [1]), 'none', { producerId: -1n, producerEpoch: -1, baseSequence: -1 })))
    assert.equal(plain.producerId, -1n)
    assert.equal(plain.producerEpoch, -1)
    assert.equal(plain.firstSequence, -1)
    const batch = batchOf(records.slice(0, 1), [1])
    const buffer = Buffer.alloc(batchBytes(recordsBytes(batch), null))
    writeRecordBatch(buffer, 0, batch, { producerId: 1n, producerEpoch: 0, baseSequence: 0, transactional: true }, 1, 'none', null)
    assert.equal(readRecordsBatch(Reader.from(buffer)).attributes, 0x10)
  })

  test('a batch can be a stretch of a list of records in any order', () => {
    const all = batchOf(records, [10, 10, 10, 10])
    const stretch: BatchRecords = { ...all, indices: [3, 1, 0, 2], from: 1, to: 3 }
    const batch = readRecordsBatch(Reader.from(encode({ ...stretch, bodySizes: rebased(stretch) })))
    assert.equal(batch.records.length, 2)
    assert.equal(batch.records[0].value, null)
    assert.deepEqual(batch.records[1].value, bytes('v1'))
    assert.equal(batch.records[1].offsetDelta, 1)
  })
})

/** The body sizes of `batch` computed for its own position of each record. */
function rebased (batch: BatchRecords): Int32Array {
  const sizes = new Int32Array(batch.records.length)
  const first = batch.timestamps[batch.indices[batch.from]]
  for (let i = batch.from; i < batch.to; i++) {
    const index = batch.indices[i]
    sizes[index] = recordBodySize(batch.records[index], batch.timestamps[index] - first, i - batch.from)
  }
  return sizes
}

/** An unsigned varint, decoded with bigints as a reference (Kafka's ByteUtils.readUnsignedVarint). */
function unsignedDecode (buffer: Buffer): bigint {
  let raw = 0n
  for (let i = 0, shift = 0n; ; i++, shift += 7n) {
    raw |= BigInt(buffer[i] & 0x7f) << shift
    if ((buffer[i] & 0x80) === 0) return raw
  }
}

/** Kafka's zigzag varint decoding (ByteUtils.readVarlong), done with bigints as a reference. */
function zigzagDecode (buffer: Buffer): bigint {
  const raw = unsignedDecode(buffer)
  return (raw >> 1n) ^ -(raw & 1n)
}

describe('varints', () => {
  test('sizes agree with what is written, at every boundary, and read back as Kafka\'s zigzag', () => {
    const buffer = Buffer.alloc(16)
    for (const value of [0, 1, -1, 63, -64, 64, -65, 8191, 8192, 2 ** 20, -(2 ** 20), 2 ** 30, 2 ** 31 - 1, -(2 ** 31)]) {
      assert.equal(writeVarInt(buffer, 0, value), varIntSize(value), `varint ${value}`)
      assert.equal(zigzagDecode(buffer), BigInt(value))
    }
    for (const value of [0, -1, 2 ** 31, -(2 ** 31) - 1, 2 ** 35, -(2 ** 35), 1_700_000_000_000, -1_700_000_000_000, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) {
      assert.equal(writeVarLong(buffer, 0, value), varLongSize(value), `varlong ${value}`)
      assert.equal(zigzagDecode(buffer), BigInt(value), `varlong ${value} reads back`)
    }
    for (const value of [0, 127, 128, 16383, 16384, 2 ** 21, 2 ** 28, 2 ** 32 - 1]) {
      assert.equal(writeUnsignedVarInt(buffer, 0, value), unsignedVarIntSize(value), `unsigned varint ${value}`)
      assert.equal(unsignedDecode(buffer), BigInt(value))
    }
  })
})
