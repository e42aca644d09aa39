// Writes record batches (format v2) byte for byte as Kafka lays them out, for tests of the fetch
// decoder: any attributes (compression, transactional, control, LogAppendTime), producer ids,
// headers and null keys or values, with a correct CRC32C unless a test corrupts it.

import { gzipSync, zstdCompressSync } from 'node:zlib'
import { compressionsAlgorithms, crc32c } from '@platformatic/kafka'
import { ChunkedBytes } from '../../../src/log/kafka/chunked-bytes.ts'
import { recordBatchesIn } from '../../../src/log/kafka/fetch-response.ts'

/** One record of a test batch. */
export interface TestRecord {
  readonly key?: Buffer | null
  readonly value: Buffer | string | null
  readonly headers?: ReadonlyArray<readonly [string, Buffer | null]>
  readonly timestampDelta?: number
  /** Defaults to the record's index in the batch. */
  readonly offsetDelta?: number
}

/** A test batch: its base offset, records and batch fields. */
export interface TestBatch {
  readonly baseOffset: bigint | number
  readonly records: readonly TestRecord[]
  readonly attributes?: number
  readonly producerId?: bigint
  readonly baseTimestamp?: number
  readonly maxTimestamp?: number
  /** Defaults to the last record's offset delta (Kafka keeps it when compaction removes records). */
  readonly lastOffsetDelta?: number
}

export const GZIP = 1
export const SNAPPY = 2
export const LZ4 = 3
export const ZSTD = 4
export const LOG_APPEND_TIME = 0x08
export const TRANSACTIONAL = 0x10
export const CONTROL = 0x20

function varint (value: number): Buffer {
  let zigzag = value >= 0 ? value * 2 : -value * 2 - 1
  const bytes: number[] = []
  while (zigzag >= 0x80) {
    bytes.push((zigzag % 128) | 0x80)
    zigzag = Math.floor(zigzag / 128)
  }
  bytes.push(zigzag)
  return Buffer.from(bytes)
}

function sized (bytes: Buffer | null): Buffer[] {
  return bytes === null ? [varint(-1)] : [varint(bytes.length), bytes]
}

function encodeRecord (record: TestRecord, index: number): Buffer {
  const value = typeof record.value === 'string' ? Buffer.from(record.value) : record.value
  const headers = record.headers ?? []
  const body = Buffer.concat([
    Buffer.from([0]),
    varint(record.timestampDelta ?? index),
    varint(record.offsetDelta ?? index),
    ...sized(record.key ?? null),
    ...sized(value),
    varint(headers.length),
    ...headers.flatMap(([key, headerValue]) => [...sized(Buffer.from(key)), ...sized(headerValue)]),
  ])
  return Buffer.concat([varint(body.length), body])
}

function compress (codec: number, data: Buffer): Buffer {
  switch (codec) {
    case 0: return data
    case GZIP: return gzipSync(data)
    case SNAPPY: return compressionsAlgorithms.snappy.compressSync(data)
    case LZ4: return compressionsAlgorithms.lz4.compressSync(data)
    case ZSTD: return zstdCompressSync(data)
    default: throw new Error(`codec ${codec}`)
  }
}

/** One batch's bytes. */
export function encodeBatch (batch: TestBatch): Buffer {
  const attributes = batch.attributes ?? 0
  const records = compress(attributes & 0x07, Buffer.concat(batch.records.map(encodeRecord)))
  const baseTimestamp = batch.baseTimestamp ?? 1000
  const lastOffsetDelta = batch.lastOffsetDelta ?? batch.records.reduce((last, record, i) => Math.max(last, record.offsetDelta ?? i), 0)
  const afterCrc = Buffer.alloc(40)
  afterCrc.writeInt16BE(attributes, 0)
  afterCrc.writeInt32BE(lastOffsetDelta, 2)
  afterCrc.writeBigInt64BE(BigInt(baseTimestamp), 6)
  afterCrc.writeBigInt64BE(BigInt(batch.maxTimestamp ?? baseTimestamp + batch.records.length - 1), 14)
  afterCrc.writeBigInt64BE(batch.producerId ?? -1n, 22)
  afterCrc.writeInt16BE(0, 30)
  afterCrc.writeInt32BE(0, 32)
  afterCrc.writeInt32BE(batch.records.length, 36)
  const crcCovered = Buffer.concat([afterCrc, records])
  const head = Buffer.alloc(21)
  head.writeBigInt64BE(BigInt(batch.baseOffset), 0)
  head.writeInt32BE(crcCovered.length + 9, 8)
  head.writeInt32BE(0, 12)
  head.writeInt8(2, 16)
  head.writeUInt32BE(crc32c(crcCovered), 17)
  return Buffer.concat([head, crcCovered])
}

/** A transaction marker (a control batch of one record) of `producerId` at `offset`. */
export function markerBatch (offset: number, producerId: bigint, abort: boolean): TestBatch {
  const key = Buffer.alloc(4)
  key.writeInt16BE(0, 0)
  key.writeInt16BE(abort ? 0 : 1, 2)
  return { baseOffset: offset, producerId, attributes: TRANSACTIONAL | CONTROL, records: [{ key, value: Buffer.alloc(6) }] }
}

/** Several batches back to back, as a fetch answer holds them. */
export function encodeBatches (batches: readonly TestBatch[]): Buffer {
  return Buffer.concat(batches.map(encodeBatch))
}

/** `data` cut into chunks of `chunkSize` bytes, as socket reads deliver an answer. */
export function chunked (data: Buffer, chunkSize = data.length): ChunkedBytes {
  const chunks: Buffer[] = []
  for (let at = 0; at < data.length; at += Math.max(1, chunkSize)) chunks.push(data.subarray(at, at + Math.max(1, chunkSize)))
  return new ChunkedBytes(chunks)
}

/** The whole batches of `data` as a fetch answer holds them, one buffer each (read from chunks of `chunkSize`). */
export function batchesOf (data: Buffer, chunkSize = data.length): Buffer[] {
  return recordBatchesIn(chunked(data, chunkSize), 0, data.length)
}
