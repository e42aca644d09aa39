// The Produce request (versions 9 to 11, Kafka's flexible versions, all of one shape) encoded into
// one buffer sized first, with each partition's record batch written in place; and its answer,
// parsed without throwing, so the sender decides per partition what an error code means.
// Sent over @platformatic/kafka's Connection, which adds the request header and length.
//
//   Produce Request (v9-11) => transactional_id acks timeout_ms [topic_data] TAG_BUFFER
//     topic_data => name [partition_data] TAG_BUFFER
//       partition_data => index records TAG_BUFFER           (records: COMPACT_RECORDS)
//   Produce Response (v9-11) => [responses] throttle_time_ms TAG_BUFFER
//     responses => name [partition_responses] TAG_BUFFER
//       partition_responses => index error_code base_offset log_append_time_ms log_start_offset
//                              [record_errors] error_message TAG_BUFFER (v10+: tag 0 current_leader)

import { Writer, type Connection, type Reader } from '@platformatic/kafka'
import { unsignedVarIntSize, writeUnsignedVarInt } from './varints.ts'

/** The Produce API's key, and the versions this encoder writes (9: the first flexible one; 11: Kafka 4.x's newest by name). */
export const PRODUCE_API_KEY = 0
export const PRODUCE_MIN_VERSION = 9
export const PRODUCE_MAX_VERSION = 11

/** One partition's records in a request: `bytes` long, written by `write` at an offset (returning the offset after). */
export interface PartitionRecords {
  readonly topic: string
  readonly partition: number
  readonly bytes: number
  write (buffer: Buffer, offset: number): number
}

/** What the broker answered for one partition. */
export interface PartitionAnswer {
  readonly topic: string
  readonly partition: number
  readonly errorCode: number
  readonly baseOffset: bigint
  /** -1n unless the topic uses LogAppendTime, when it is the timestamp the broker gave the records. */
  readonly logAppendTimeMs: bigint
  readonly errorMessage: string | null
  /** The broker's words on the records that made it reject the batch (KIP-467), if any. */
  readonly recordErrors: readonly string[]
}

function compactStringSize (bytes: number): number {
  return unsignedVarIntSize(bytes + 1) + bytes
}

/**
 * The body of a Produce request (no transactional id: the direct producer is never transactional)
 * for `partitions`, in one buffer. Partitions of one topic are grouped under it, each topic and
 * each topic's partitions in the order given.
 */
export function encodeProduceRequest (acks: number, timeoutMs: number, partitions: readonly PartitionRecords[]): Buffer {
  const byTopic = new Map<string, PartitionRecords[]>()
  for (const entry of partitions) {
    const list = byTopic.get(entry.topic)
    if (list === undefined) byTopic.set(entry.topic, [entry])
    else list.push(entry)
  }
  let size = 1 + 2 + 4 + unsignedVarIntSize(byTopic.size + 1) + 1
  const nameBytes = new Map<string, number>()
  for (const [topic, list] of byTopic) {
    const bytes = Buffer.byteLength(topic, 'utf8')
    nameBytes.set(topic, bytes)
    size += compactStringSize(bytes) + unsignedVarIntSize(list.length + 1) + 1
    for (const entry of list) size += 4 + unsignedVarIntSize(entry.bytes + 1) + entry.bytes + 1
  }
  const buffer = Buffer.allocUnsafe(size)
  buffer[0] = 0 // transactional_id: null
  buffer.writeInt16BE(acks, 1)
  buffer.writeInt32BE(timeoutMs, 3)
  let offset = writeUnsignedVarInt(buffer, 7, byTopic.size + 1)
  for (const [topic, list] of byTopic) {
    const bytes = nameBytes.get(topic)!
    offset = writeUnsignedVarInt(buffer, offset, bytes + 1)
    offset += buffer.write(topic, offset, bytes, 'utf8')
    offset = writeUnsignedVarInt(buffer, offset, list.length + 1)
    for (const entry of list) {
      buffer.writeInt32BE(entry.partition, offset)
      offset = writeUnsignedVarInt(buffer, offset + 4, entry.bytes + 1)
      const end = entry.write(buffer, offset)
      if (end !== offset + entry.bytes) throw new Error(`The records of ${topic}-${entry.partition} took ${end - offset} bytes, not the ${entry.bytes} sized`)
      offset = end
      buffer[offset++] = 0 // partition_data's tagged fields
    }
    buffer[offset++] = 0 // topic_data's tagged fields
  }
  buffer[offset++] = 0 // the request's tagged fields
  return buffer
}

/** Reads a Produce response (v9-11) into one answer per partition; error codes are left to the caller. */
export function parseProduceResponse (_correlationId: number, _apiKey: number, _apiVersion: number, reader: Reader): PartitionAnswer[] {
  const answers: PartitionAnswer[] = []
  reader.readArray(topicReader => {
    const topic = topicReader.readString()
    topicReader.readArray(r => {
      const partition = r.readInt32()
      const errorCode = r.readInt16()
      const baseOffset = r.readInt64()
      const logAppendTimeMs = r.readInt64()
      r.readInt64() // log_start_offset
      const recordErrors: string[] = []
      r.readArray(e => {
        const index = e.readInt32()
        const message = e.readNullableString()
        recordErrors.push(`record ${index}${message === null ? '' : `: ${message}`}`)
      }, true, true)
      const errorMessage = r.readNullableString()
      // Tagged fields (v10's current_leader): the sender looks leaders up again instead.
      r.readTaggedFields()
      answers.push({ topic, partition, errorCode, baseOffset, logAppendTimeMs, errorMessage, recordErrors })
    }, true, false)
    topicReader.readTaggedFields()
  }, true, false)
  reader.readInt32() // throttle_time_ms
  reader.readTaggedFields()
  return answers
}

/**
 * Sends a Produce request body (`encodeProduceRequest`) of `version` on `connection`: resolves with
 * the broker's answers, or with null when acks=0 asks for none.
 */
export function sendProduceRequest (connection: Connection, version: number, acks: number, body: Buffer): Promise<PartitionAnswer[] | null> {
  return new Promise((resolve, reject) => {
    const payload = Writer.create().append(body)
    if (acks === 0) payload.context.noResponse = true
    connection.send(PRODUCE_API_KEY, version, () => payload, parseProduceResponse, true, true, (error: Error | null, answers?: unknown) => {
      if (error !== null && error !== undefined) reject(error)
      else resolve(acks === 0 ? null : answers as PartitionAnswer[])
    })
  })
}
