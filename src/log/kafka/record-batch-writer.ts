// Kafka's record batch (magic 2) written straight into a buffer the caller sized: no intermediate
// buffer per record or field, no concatenation. @platformatic/kafka builds each record as a list
// of small Buffers and concatenates every batch twice (for its CRC, then for the request), which
// made its garbage and copying the largest costs of a source task; here a batch is sized first
// (recordBodySize per record, then batchBytes), then written once, in place, and checksummed there.
//
// Layout (DefaultRecordBatch in Kafka): baseOffset int64, batchLength int32, partitionLeaderEpoch
// int32, magic int8, crc uint32 (CRC-32C of attributes .. end), attributes int16, lastOffsetDelta
// int32, baseTimestamp int64, maxTimestamp int64, producerId int64, producerEpoch int16,
// baseSequence int32, records count int32; then each record: varint length, attributes int8,
// varlong timestampDelta, varint offsetDelta, varint key length + key (-1: null), varint value
// length + value, varint header count, headers (varint key length + UTF-8 key, varint value length
// + value). Deltas are zigzag varints of any sign and size (varints.ts), so records of a batch
// may have timestamps in any order and any distance apart.

import { compressionsAlgorithms, crc32c } from '@platformatic/kafka'
import { createRequire } from 'node:module'
import type { OutgoingRecord } from '../log.ts'
import { varIntSize, varLongSize, writeVarInt, writeVarLong } from './varints.ts'

/** Bytes of a record batch's header, before its first record. */
export const RECORD_BATCH_OVERHEAD = 61

/** Where the CRC-32C starts: at the attributes, after baseOffset, batchLength, partitionLeaderEpoch, magic and crc. */
const CRC_START = 8 + 4 + 4 + 1 + 4
const MAGIC = 2
/** The compression codecs of the attributes' low three bits. */
const CODECS = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const
const TRANSACTIONAL = 0x10

/**
 * CRC-32C of a batch. @platformatic/kafka's crc32c copies its input before handing it to the
 * native @node-rs/crc32 (the library's optional dependency); calling that directly, when it is
 * installed, saves a copy of every batch (1.0 ms per MiB through the library, 0.1 ms direct). The
 * library's function (native or WebAssembly) is the fallback.
 */
const batchCrc: (bytes: Uint8Array) => number = (() => {
  try {
    const native = createRequire(import.meta.url)('@node-rs/crc32') as { crc32c: (bytes: Uint8Array) => number }
    return (bytes: Uint8Array) => native.crc32c(bytes)
  } catch {
    return (bytes: Uint8Array) => crc32c(bytes as Buffer)
  }
})()

/** The compression types a record batch can have (Kafka's compression.type values). */
export type CompressionType = keyof typeof CODECS

/** The records of one batch: `indices[from .. to)` name them in `records`, in the batch's order. */
export interface BatchRecords {
  readonly records: readonly OutgoingRecord[]
  /** Each record's timestamp (epoch ms), by record index: the caller resolves "now" once per send. */
  readonly timestamps: Float64Array
  /** Each record's size without its length prefix, by record index, as recordBodySize gave it for this batch. */
  readonly bodySizes: Int32Array
  readonly indices: ArrayLike<number>
  readonly from: number
  readonly to: number
}

/** Who writes a batch: Kafka's NO_PRODUCER_ID (-1n), epoch -1 and sequence -1 for a producer that is not idempotent. */
export interface BatchProducer {
  readonly producerId: bigint
  readonly producerEpoch: number
  readonly baseSequence: number
  readonly transactional?: boolean
}

/**
 * The bytes of a record without its length prefix, at `offsetDelta` in its batch and
 * `timestampDelta` ms from the batch's first timestamp.
 */
export function recordBodySize (record: OutgoingRecord, timestampDelta: number, offsetDelta: number): number {
  const key = record.key
  const value = record.value
  let size = 1 + varLongSize(timestampDelta) + varIntSize(offsetDelta) +
    (key === null ? 1 : varIntSize(key.length) + key.length) +
    (value === null ? 1 : varIntSize(value.length) + value.length)
  const headers = record.headers
  if (headers === undefined || headers.length === 0) return size + 1
  size += varIntSize(headers.length)
  for (const [name, headerValue] of headers) {
    const nameBytes = Buffer.byteLength(name, 'utf8')
    size += varIntSize(nameBytes) + nameBytes + (headerValue === null ? 1 : varIntSize(headerValue.length) + headerValue.length)
  }
  return size
}

/** The bytes of a record whose body (recordBodySize) is `bodySize` bytes: the body and its length prefix. */
export function recordSize (bodySize: number): number {
  return varIntSize(bodySize) + bodySize
}

/** The bytes of the records of `batch`, uncompressed, without the batch header. */
export function recordsBytes (batch: BatchRecords): number {
  let bytes = 0
  for (let i = batch.from; i < batch.to; i++) bytes += recordSize(batch.bodySizes[batch.indices[i]])
  return bytes
}

function writeBytes (buffer: Buffer, offset: number, bytes: Uint8Array | null): number {
  if (bytes === null) {
    buffer[offset] = 1 // zigzag(-1): a null key, value or header value
    return offset + 1
  }
  offset = writeVarInt(buffer, offset, bytes.length)
  buffer.set(bytes, offset)
  return offset + bytes.length
}

/** Writes the records of `batch` at `offset`; returns the offset after them. */
export function writeRecords (buffer: Buffer, offset: number, batch: BatchRecords): number {
  const { records, timestamps, bodySizes, indices, from } = batch
  const firstTimestamp = timestamps[indices[from]]
  for (let i = from; i < batch.to; i++) {
    const index = indices[i]
    const record = records[index]
    offset = writeVarInt(buffer, offset, bodySizes[index])
    buffer[offset++] = 0 // record attributes: unused
    offset = writeVarLong(buffer, offset, timestamps[index] - firstTimestamp)
    offset = writeVarInt(buffer, offset, i - from)
    offset = writeBytes(buffer, offset, record.key)
    offset = writeBytes(buffer, offset, record.value)
    const headers = record.headers
    if (headers === undefined || headers.length === 0) {
      buffer[offset++] = 0
      continue
    }
    offset = writeVarInt(buffer, offset, headers.length)
    for (const [name, headerValue] of headers) {
      const nameBytes = Buffer.byteLength(name, 'utf8')
      offset = writeVarInt(buffer, offset, nameBytes)
      offset += buffer.write(name, offset, nameBytes, 'utf8')
      offset = writeBytes(buffer, offset, headerValue)
    }
  }
  return offset
}

/**
 * The records of `batch` compressed with `compression` (not 'none'): a batch's compressed payload.
 * Uses the codecs @platformatic/kafka carries (Node's zlib for gzip and zstd, WebAssembly for
 * snappy and lz4), which write what Java's clients read.
 */
export function compressRecords (batch: BatchRecords, compression: CompressionType): Buffer {
  const plain = Buffer.allocUnsafe(recordsBytes(batch))
  writeRecords(plain, 0, batch)
  return compressionsAlgorithms[compression].compressSync(plain)
}

/**
 * The bytes of the whole batch: its header and either its `compressed` payload or its records
 * (`plainRecordsBytes`, from recordsBytes).
 */
export function batchBytes (plainRecordsBytes: number, compressed: Buffer | null): number {
  return RECORD_BATCH_OVERHEAD + (compressed === null ? plainRecordsBytes : compressed.length)
}

/**
 * Writes the batch of `records` at `offset` (baseOffset 0, the broker assigns offsets), with its
 * `compressed` payload when compression is on; returns the offset after it. `maxTimestamp` is the
 * largest timestamp of its records.
 */
export function writeRecordBatch (
  buffer: Buffer, offset: number, batch: BatchRecords, producer: BatchProducer, maxTimestamp: number,
  compression: CompressionType, compressed: Buffer | null,
): number {
  const start = offset
  const count = batch.to - batch.from
  buffer.writeBigInt64BE(0n, offset)
  // batchLength (filled in below), then partitionLeaderEpoch -1 as Java's producer sends it.
  buffer.writeInt32BE(-1, offset + 12)
  buffer[offset + 16] = MAGIC
  offset += CRC_START
  const attributes = CODECS[compression] | (producer.transactional === true ? TRANSACTIONAL : 0)
  buffer.writeInt16BE(attributes, offset)
  buffer.writeInt32BE(count - 1, offset + 2)
  buffer.writeBigInt64BE(BigInt(batch.timestamps[batch.indices[batch.from]]), offset + 6)
  buffer.writeBigInt64BE(BigInt(maxTimestamp), offset + 14)
  buffer.writeBigInt64BE(producer.producerId, offset + 22)
  buffer.writeInt16BE(producer.producerEpoch, offset + 30)
  buffer.writeInt32BE(producer.baseSequence, offset + 32)
  buffer.writeInt32BE(count, offset + 36)
  offset += 40
  if (compressed === null) {
    offset = writeRecords(buffer, offset, batch)
  } else {
    buffer.set(compressed, offset)
    offset += compressed.length
  }
  buffer.writeInt32BE(offset - start - 12, start + 8)
  buffer.writeUInt32BE(batchCrc(buffer.subarray(start + CRC_START, offset)), start + 17)
  return offset
}
