// The producer's transactional path, on @platformatic/kafka's Producer: exactly-once source tasks
// and the distributed herder's config topic writes use transactions (InitProducerId with a
// transactional id, AddPartitionsToTxn, EndTxn, fencing), which the library implements and the
// direct sender (direct-sender.ts) does not. These producers write little (a config record, one
// transaction per offset commit interval), so the library's slower record encoding costs little here.
//
// Two library bugs are worked around: InitProducerId went out with producer id/epoch 0/0 instead
// of -1/-1, which fenced every restarted transactional producer (we pass -1/-1), and the 64-bit
// zigzag encoding of @platformatic/dynamic-buffer corrupts timestamp deltas below 0 or from 2^31 ms
// up, so a record whose timestamp would need one starts a new request (chunkEnd).

import { Producer, type MessageToProduce } from '@platformatic/kafka'
import { ConnectException } from '../../api/errors.ts'
import type { OutgoingRecord, RecordMetadata } from '../log.ts'
import type { ConnectionSettings } from './client-config.ts'
import { settleWithin } from './cluster.ts'
import { translateKafkaError } from './errors.ts'
import type { PreparedRecords } from './direct-sender.ts'
import { RECORD_BATCH_OVERHEAD } from './record-batch-writer.ts'
import type { CompressionType } from './record-batch-writer.ts'

type Transaction = Awaited<ReturnType<Producer['beginTransaction']>>

// The library's record batches store each record's timestamp as a delta from the batch's first
// one, correctly only in [0, 2^31): records outside that range go in a later request.
const MAX_TIMESTAMP_DELTA = 2n ** 31n

function toBuffer (bytes: Uint8Array | null | undefined): Buffer | undefined {
  if (bytes === null || bytes === undefined) return undefined
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/**
 * Where the request that starts at `start` ends: at most max.request.size bytes (one record at
 * least), and within each partition, timestamps the library encodes correctly.
 */
export function chunkEnd (prepared: ReadonlyArray<{ message: MessageToProduce, size: number }>, start: number, maxRequestSize: number): number {
  const firstTimestamps = new Map<string, bigint>()
  let bytes = RECORD_BATCH_OVERHEAD
  let end = start
  for (; end < prepared.length; end++) {
    const { message, size } = prepared[end]
    const key = `${message.partition}:${message.topic}`
    let first = firstTimestamps.get(key)
    const delta = first === undefined ? 0n : message.timestamp! - first
    const fits = bytes + size + RECORD_BATCH_OVERHEAD <= maxRequestSize && delta >= 0n && delta < MAX_TIMESTAMP_DELTA
    if (end > start && !fits) break
    if (first === undefined) {
      first = message.timestamp!
      firstTimestamps.set(key, first)
    }
    bytes += size
  }
  return end
}

/** How the transactional sender's library Producer is set up. */
export interface TransactionalSenderSettings {
  readonly clientId: string
  readonly transactionalId: string
  readonly compression: CompressionType
  readonly retries: number
  readonly maxInflights: number
  readonly maxRequestSize: number
  readonly brokers: string
}

/** Sends inside transactions with @platformatic/kafka's Producer. */
export class TransactionalSender {
  /** The library client: also what the producer's metadata lookups go through. */
  readonly producer: Producer
  readonly #settings: TransactionalSenderSettings
  #transaction: Transaction | null = null

  constructor (connection: ConnectionSettings, settings: TransactionalSenderSettings) {
    this.#settings = settings
    this.producer = new Producer({
      ...connection,
      clientId: settings.clientId,
      acks: -1,
      compression: settings.compression,
      idempotent: true,
      retries: settings.retries,
      maxInflights: settings.maxInflights,
      autocreateTopics: false,
      // InitProducerId must say "no producer yet" (-1/-1): the library's default (0/0) makes the
      // broker fence a producer whose transactional.id was used before, such as a restarted task's.
      producerId: -1n,
      producerEpoch: -1,
      transactionalId: settings.transactionalId,
    })
  }

  /** Whether a transaction is open. */
  get inTransaction (): boolean {
    return this.#transaction !== null
  }

  /** Sends `prepared` (with their sizes, for max.request.size) inside the open transaction. */
  async send (prepared: PreparedRecords, sizes: Int32Array): Promise<RecordMetadata[]> {
    const { records, partitions, timestamps } = prepared
    const messages = records.map((record, i) => ({ message: this.#message(record, partitions[i], timestamps[i]), size: sizes[i] }))
    const topics = [...new Set(records.map(record => record.topic))]
    const results: RecordMetadata[] = new Array(records.length)
    for (let start = 0; start < messages.length;) {
      const end = chunkEnd(messages, start, this.#settings.maxRequestSize)
      await this.#sendChunk(messages.slice(start, end).map(m => m.message), start, results, topics)
      start = end
    }
    return results
  }

  #message (record: OutgoingRecord, partition: number, timestamp: number): MessageToProduce {
    // Distinct Buffer objects as keys keep duplicate header names, which Kafka allows.
    let headers: Map<Buffer, Buffer> | undefined
    if (record.headers !== undefined && record.headers.length > 0) {
      headers = new Map<Buffer, Buffer>()
      for (const [key, value] of record.headers) headers.set(Buffer.from(key, 'utf8'), toBuffer(value) as Buffer)
    }
    return { topic: record.topic, partition, key: toBuffer(record.key), value: toBuffer(record.value) as Buffer, headers, timestamp: BigInt(timestamp) }
  }

  async #sendChunk (messages: MessageToProduce[], firstIndex: number, results: RecordMetadata[], topics: string[]): Promise<void> {
    let produced
    try {
      produced = await this.#transaction!.send({ messages })
    } catch (error) {
      throw translateKafkaError(error, `send records to ${topics.join(', ')}`, this.#settings.brokers)
    }
    const baseOffsets = new Map<string, bigint>()
    for (const { topic, partition, offset } of produced.offsets ?? []) baseOffsets.set(`${partition}:${topic}`, offset)
    // Record i of a partition is at its base offset + i.
    const nextInPartition = new Map<string, bigint>()
    for (let i = 0; i < messages.length; i++) {
      const { topic, partition, timestamp } = messages[i]
      const key = `${partition}:${topic}`
      const index = nextInPartition.get(key) ?? 0n
      nextInPartition.set(key, index + 1n)
      const base = baseOffsets.get(key)
      results[firstIndex + i] = { topic, partition: partition!, offset: base === undefined ? -1n : base + index, timestamp: Number(timestamp) }
    }
  }

  async beginTransaction (): Promise<void> {
    if (this.#transaction !== null) throw new ConnectException('A transaction is already open on this producer')
    try {
      this.#transaction = await this.producer.beginTransaction()
    } catch (error) {
      throw this.#transactionError(error, 'begin a transaction')
    }
  }

  async commitTransaction (): Promise<void> {
    const transaction = this.#transaction
    if (transaction === null) throw new ConnectException('No transaction is open on this producer: call beginTransaction() first')
    try {
      await transaction.commit()
      this.#transaction = null
    } catch (error) {
      throw this.#transactionError(error, 'commit the transaction')
    }
  }

  async abortTransaction (): Promise<void> {
    const transaction = this.#transaction
    if (transaction === null) return
    try {
      await transaction.abort()
      this.#transaction = null
    } catch (error) {
      throw this.#transactionError(error, 'abort the transaction')
    }
  }

  async close (): Promise<void> {
    // An open transaction is aborted rather than left to time out on the broker.
    if (this.#transaction !== null) await settleWithin(this.#transaction.abort(), 5000)
    this.#transaction = null
    await settleWithin(this.producer.close(true), 5000)
  }

  #transactionError (error: unknown, action: string): ConnectException {
    const translated = translateKafkaError(error, `${action} (transactional.id ${this.#settings.transactionalId})`, this.#settings.brokers)
    if (/INVALID_PRODUCER_EPOCH|PRODUCER_FENCED/.test(translated.message)) {
      return new ConnectException(`The producer with transactional.id ${this.#settings.transactionalId} was fenced: another producer with ` +
        `the same transactional.id started. This producer can no longer write; close it. (${translated.message})`, { cause: error })
    }
    return translated
  }
}
