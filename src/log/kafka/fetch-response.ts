// Sends a Fetch request (v12 to v17) on one of the client's connections and reads the answer
// itself, keeping each partition's records as the bytes they came in: one buffer per record batch,
// a view of the socket chunk that holds it (a copy only for a batch split between two chunks). The
// client's own Fetch parser decodes every record eagerly into objects, reading each field through
// its multi-chunk buffer; the consumer only needs the bytes, which FetchedRecords
// (record-batches.ts) decodes as poll() takes them. The request is still the client's (its request
// writers for these versions).

import { fetchV12, fetchV13, fetchV14, fetchV15, fetchV16, fetchV17, type Connection, type Reader } from '@platformatic/kafka'
import { ChunkedBytes } from './chunked-bytes.ts'
import { LOG_OVERHEAD, RECORD_BATCH_OVERHEAD, type AbortedTransaction } from './record-batches.ts'

const FETCH_API_KEY = 1

/** The Fetch versions this reader understands (all flexible versions; v13 names topics by id). */
export const FETCH_VERSIONS = { min: 12, max: 17 } as const

/** One requested topic: its name (v12) or id (v13 and later), and its partitions. */
export type FetchRequestTopic = fetchV17.FetchRequestTopic

/** What a Fetch request asks, in the client's argument order. */
export interface FetchRequest {
  readonly maxWaitMs: number
  readonly minBytes: number
  readonly maxBytes: number
  readonly isolationLevel: number
  readonly topics: FetchRequestTopic[]
  readonly rackId: string
}

/** A partition's part of a Fetch answer, its records left as bytes. */
export interface RawFetchPartition {
  readonly partitionIndex: number
  readonly errorCode: number
  readonly abortedTransactions: AbortedTransaction[] | null
  /** The whole record batches of the answer, one buffer each (a batch cut short at the end is left out). */
  readonly batches: Buffer[]
}

/** A topic's part of a Fetch answer: `topic` is its name (v12) or id (v13 and later). */
export interface RawFetchTopic {
  readonly topic: string
  readonly partitions: RawFetchPartition[]
}

/** A Fetch answer with the records left as bytes. */
export interface RawFetchResponse {
  readonly errorCode: number
  readonly responses: RawFetchTopic[]
}

const REQUEST_WRITERS: Record<number, typeof fetchV17.createRequest> = {
  12: fetchV12.createRequest,
  13: fetchV13.createRequest,
  14: fetchV14.createRequest,
  15: fetchV15.createRequest,
  16: fetchV16.createRequest,
  17: fetchV17.createRequest,
}

/** Sends `request` as Fetch `version` on `connection`; resolves with the answer, records as bytes. */
export function sendFetch (connection: Connection, version: number, request: FetchRequest): Promise<RawFetchResponse> {
  const write = REQUEST_WRITERS[version]
  if (write === undefined) return Promise.reject(new Error(`Fetch v${version} is not one kconnect reads (v${FETCH_VERSIONS.min} to v${FETCH_VERSIONS.max})`))
  return new Promise((resolve, reject) => {
    connection.send<RawFetchResponse>(FETCH_API_KEY, version,
      () => write(request.maxWaitMs, request.minBytes, request.maxBytes, request.isolationLevel, 0, -1, request.topics, [], request.rackId),
      (_correlationId, _apiKey, apiVersion, reader) => parseFetchResponse(chunksOf(reader), apiVersion),
      true, true, (error, response) => {
        if (error !== null || response === undefined) reject(error ?? new Error('Fetch: no answer'))
        else resolve(response)
      })
  })
}

/** The bytes of `reader` from its position, in the chunks they arrived in. */
function chunksOf (reader: Reader): ChunkedBytes {
  const buffer = reader.position === 0 && reader.length === reader.buffer.length ? reader.buffer : reader.buffer.subarray(reader.position, reader.length)
  return new ChunkedBytes(buffer.buffers)
}

/**
 * The whole record batches in bytes `start` to `end` of `data`, one buffer each. The broker may end
 * an answer with part of a batch (it stops at the size asked for); that part is fetched again next time.
 */
export function recordBatchesIn (data: ChunkedBytes, start: number, end: number): Buffer[] {
  const batches: Buffer[] = []
  let position = start
  while (end - position >= RECORD_BATCH_OVERHEAD) {
    const size = LOG_OVERHEAD + data.int32(position + 8)
    if (size < RECORD_BATCH_OVERHEAD || end - position < size) break
    batches.push(data.slice(position, position + size))
    position += size
  }
  return batches
}

/** Reads the fields of a flexible-version answer in order. */
class ResponseCursor {
  readonly data: ChunkedBytes
  position = 0

  constructor (data: ChunkedBytes) {
    this.data = data
  }

  int16 (): number {
    const value = this.data.int16(this.position)
    this.position += 2
    return value
  }

  int32 (): number {
    const value = this.data.int32(this.position)
    this.position += 4
    return value
  }

  int64 (): bigint {
    const value = this.data.int64(this.position)
    this.position += 8
    return value
  }

  unsignedVarInt (): number {
    let value = 0
    let shift = 0
    for (;;) {
      const byte = this.data.byte(this.position++)
      value += (byte & 0x7f) * 2 ** shift
      if ((byte & 0x80) === 0) return value
      shift += 7
      if (shift > 28) throw new RangeError('an unsigned varint is longer than 5 bytes')
    }
  }

  /** A compact string (length + 1, then UTF-8). */
  string (): string {
    const length = this.unsignedVarInt() - 1
    if (length < 0) return ''
    const value = this.data.slice(this.position, this.position + length).toString('utf8')
    this.position += length
    return value
  }

  /** A UUID as the client writes one: hex in 8-4-4-4-12 groups. */
  uuid (): string {
    const hex = this.data.slice(this.position, this.position + 16).toString('hex')
    this.position += 16
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  }

  /** Skips tagged fields: none of the Fetch answer's are needed here (diverging epoch, current leader, snapshot id, node endpoints). */
  skipTaggedFields (): void {
    const count = this.unsignedVarInt()
    for (let i = 0; i < count; i++) {
      this.unsignedVarInt() // tag
      const size = this.unsignedVarInt()
      this.position += size
    }
  }
}

/** Parses a Fetch answer of `version` (12 to 17) from `data`, which starts after the response header. */
export function parseFetchResponse (data: ChunkedBytes, version: number): RawFetchResponse {
  const cursor = new ResponseCursor(data)
  cursor.int32() // throttle_time_ms
  const errorCode = cursor.int16()
  cursor.int32() // session_id
  const responses: RawFetchTopic[] = []
  const topicCount = cursor.unsignedVarInt() - 1
  for (let t = 0; t < topicCount; t++) {
    const topic = version >= 13 ? cursor.uuid() : cursor.string()
    const partitions: RawFetchPartition[] = []
    const partitionCount = cursor.unsignedVarInt() - 1
    for (let p = 0; p < partitionCount; p++) {
      const partitionIndex = cursor.int32()
      const partitionError = cursor.int16()
      cursor.int64() // high_watermark
      cursor.int64() // last_stable_offset
      cursor.int64() // log_start_offset
      let abortedTransactions: AbortedTransaction[] | null = null
      const abortedCount = cursor.unsignedVarInt() - 1
      if (abortedCount >= 0) {
        abortedTransactions = []
        for (let a = 0; a < abortedCount; a++) {
          abortedTransactions.push({ producerId: cursor.int64(), firstOffset: cursor.int64() })
          cursor.skipTaggedFields()
        }
      }
      cursor.int32() // preferred_read_replica
      const recordsLength = cursor.unsignedVarInt() - 1
      if (recordsLength > 0 && cursor.position + recordsLength > data.length) throw new RangeError('the Fetch answer is shorter than its records say')
      const batches = recordsLength > 0 ? recordBatchesIn(data, cursor.position, cursor.position + recordsLength) : []
      if (recordsLength > 0) cursor.position += recordsLength
      cursor.skipTaggedFields()
      partitions.push({ partitionIndex, errorCode: partitionError, abortedTransactions, batches })
    }
    cursor.skipTaggedFields()
    responses.push({ topic, partitions })
  }
  cursor.skipTaggedFields()
  return { errorCode, responses }
}
