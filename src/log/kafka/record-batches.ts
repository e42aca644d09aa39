// Turns the record batches of one partition's fetch answer into IncomingRecords, as Java's
// consumer does: records before the fetch offset are skipped (a batch, compressed ones above all,
// may start earlier than asked), control batches (transaction markers) are never returned, and a
// read_committed reader drops the batches of aborted transactions. The broker lists the aborted
// transactions that overlap the fetched range; a producer's batches are dropped from the first
// offset of its aborted transaction up to its abort marker.

import type { RecordsBatch } from '@platformatic/kafka'
import type { IncomingRecord, LogHeader } from '../log.ts'

/** An aborted transaction that a fetch answer reports: its producer and first offset. */
export interface AbortedTransaction {
  readonly producerId: bigint
  readonly firstOffset: bigint
}

/** The records of one partition's fetch answer, ready for poll(). */
export interface DecodedRecords {
  readonly records: IncomingRecord[]
  /** The offset after the last batch, whether or not its records were kept; null when there was no batch. */
  readonly nextOffset: bigint | null
  /** The size of the batches on the wire, for the consumer's memory bound. */
  readonly bytes: number
}

const TIMESTAMP_TYPE_LOG_APPEND = 0x08
const TRANSACTIONAL = 0x10
const CONTROL = 0x20
const CONTROL_TYPE_ABORT = 0
// The fixed part of a batch before its length field counts: base offset (8) and length (4).
const BATCH_OVERHEAD = 12

function isAbortMarker (batch: RecordsBatch): boolean {
  const key = batch.records[0]?.key
  // A control record's key is a version (int16) and a type (int16): 0 is ABORT, 1 is COMMIT.
  return key !== null && key !== undefined && key.length >= 4 && key.readInt16BE(2) === CONTROL_TYPE_ABORT
}

function headersOf (raw: ReadonlyArray<readonly [Buffer | null, Buffer | null]>): LogHeader[] {
  const headers: LogHeader[] = []
  for (const [key, value] of raw) headers.push([key === null ? '' : key.toString('utf8'), value])
  return headers
}

/**
 * The records of `batches` (one partition's fetch answer) at or after `fetchOffset`, without
 * control records and, when `readCommitted`, without aborted transactions.
 */
export function decodeBatches (
  topic: string,
  partition: number,
  batches: readonly RecordsBatch[],
  fetchOffset: bigint,
  readCommitted: boolean,
  abortedTransactions: readonly AbortedTransaction[] | null,
): DecodedRecords {
  const records: IncomingRecord[] = []
  let nextOffset: bigint | null = null
  let bytes = 0
  const pendingAborts = readCommitted ? [...(abortedTransactions ?? [])].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0)) : []
  const abortedProducers = new Set<bigint>()

  for (const batch of batches) {
    const lastOffset = batch.firstOffset + BigInt(batch.lastOffsetDelta)
    nextOffset = lastOffset + 1n
    bytes += batch.length + BATCH_OVERHEAD
    if (lastOffset < fetchOffset) continue

    if (readCommitted && batch.producerId >= 0n) {
      // Every aborted transaction that starts at or before this batch's end is now open.
      while (pendingAborts.length > 0 && pendingAborts[0].firstOffset <= lastOffset) {
        abortedProducers.add(pendingAborts.shift()!.producerId)
      }
      if ((batch.attributes & CONTROL) !== 0) {
        if (isAbortMarker(batch)) abortedProducers.delete(batch.producerId)
        continue
      }
      if ((batch.attributes & TRANSACTIONAL) !== 0 && abortedProducers.has(batch.producerId)) continue
    }
    if ((batch.attributes & CONTROL) !== 0) continue

    const logAppendTime = (batch.attributes & TIMESTAMP_TYPE_LOG_APPEND) !== 0
    for (const record of batch.records) {
      const offset = batch.firstOffset + BigInt(record.offsetDelta)
      if (offset < fetchOffset) continue
      records.push({
        topic,
        partition,
        offset,
        key: record.key,
        value: record.value,
        headers: headersOf(record.headers),
        timestamp: Number(logAppendTime ? batch.maxTimestamp : batch.firstTimestamp + record.timestampDelta),
        timestampType: logAppendTime ? 'LogAppendTime' : 'CreateTime',
      })
    }
  }
  return { records, nextOffset, bytes }
}
