// The producer's fast path (every producer that is not transactional): record batches written by
// record-batch-writer.ts into one Produce request buffer per leader, sent over
// @platformatic/kafka's connections, with idempotence as Java's producer has it by default with
// acks=all. The library's own Producer builds each record from many small Buffers, concatenates
// every batch twice and validates every message with ajv: for a source task that was a third of
// its CPU. Transactions stay with the library (transactional-sender.ts).
//
// Idempotence: one InitProducerId gives a producer id and epoch; each partition's batches carry
// consecutive sequence numbers. A request that fails in a way that may pass (a leader moved, a
// broker restarting, a timeout, a lost connection) is sent again with the SAME batches and
// sequences, after a backoff and a fresh look at the leaders, until delivery.timeout.ms has
// passed; the broker discards what it already has (DUPLICATE_SEQUENCE_NUMBER is success). When
// the broker has lost track of the producer's sequences (OUT_OF_ORDER_SEQUENCE_NUMBER,
// UNKNOWN_PRODUCER_ID, INVALID_PRODUCER_EPOCH), or a send failed with sequences of unknown fate,
// the next send starts with a new producer id, and the failed send rejects with a
// RetriableException: its caller sends the whole batch again (at least once).
//
// Batches: up to batch.size bytes when the config gives it (0: one record each), as in Java;
// otherwise up to max.request.size, 1 MiB at most (see the constructor). A batch the broker
// refuses as too large (MESSAGE_TOO_LARGE: the topic's max.message.bytes is smaller) is cut in
// halves by record count, each half sent again in its place, until it fits or one record is left.
//
// Order: a partition's records go as consecutive batches in consecutive requests to its leader,
// one request at a time per leader (leaders are served concurrently); a batch that failed holds
// back the partition's later batches until it is through. send() calls run one after the other.

import { protocolErrors, protocolErrorsCodesById, type Base, type Connection, type ConnectionPool } from '@platformatic/kafka'
import { ConnectException, RetriableException } from '../../api/errors.ts'
import type { OutgoingRecord, RecordMetadata } from '../log.ts'
import { backoffMs, debug, type Timing } from './client-config.ts'
import { bootstrapConnection, connectionTo, getApi, sleep, withRetries } from './cluster.ts'
import { isNetworkError, kafkaErrorCodes, translateKafkaError } from './errors.ts'
import {
  PRODUCE_MAX_VERSION, PRODUCE_MIN_VERSION, encodeProduceRequest, sendProduceRequest, type PartitionAnswer,
} from './produce-request.ts'
import type { Leader, ProducerMetadata } from './producer-metadata.ts'
import {
  RECORD_BATCH_OVERHEAD, compressRecords, recordBodySize, recordSize, writeRecordBatch, type BatchRecords, type CompressionType,
} from './record-batch-writer.ts'

/**
 * The most bytes one batch gets, however large max.request.size is: the broker's default
 * message.max.bytes (1 MiB + 12), which a batch must not exceed. A single larger record still
 * gets a batch of its own, as in Java.
 */
const MAX_BATCH_BYTES = 1_048_576

/** Partition errors that mean the broker lost this producer's sequence state: a new producer id is needed. */
const SEQUENCE_TROUBLE = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH'])
/** Partition errors after which the partition's leader is looked up again. */
const STALE_LEADER = new Set(['NOT_LEADER_OR_FOLLOWER', 'LEADER_NOT_AVAILABLE', 'UNKNOWN_TOPIC_OR_PARTITION', 'FENCED_LEADER_EPOCH',
  'UNKNOWN_LEADER_EPOCH', 'KAFKA_STORAGE_ERROR', 'NOT_ENOUGH_REPLICAS', 'NOT_ENOUGH_REPLICAS_AFTER_APPEND', 'REPLICA_NOT_AVAILABLE'])

/** How the direct sender sends. */
export interface DirectSenderSettings {
  /** -1 (all), 1 or 0. */
  readonly acks: number
  readonly idempotent: boolean
  readonly compression: CompressionType
  readonly maxRequestSize: number
  /** batch.size when the config gives it, else null (kconnect's larger default). */
  readonly batchSize: number | null
  /** request.timeout.ms: also the time the broker may take to replicate (the request's timeout_ms). */
  readonly requestTimeoutMs: number
  readonly deliveryTimeoutMs: number
  /** retries=0 turns retrying off, as in Java. */
  readonly retry: boolean
  readonly timing: Timing
  /** bootstrap.servers, for messages. */
  readonly brokers: string
}

/** One batch of one partition, encoded the same way on every attempt. */
interface PlannedBatch {
  readonly topic: string
  readonly partition: number
  readonly key: string
  readonly records: BatchRecords
  readonly maxTimestamp: number
  readonly bytes: number
  readonly compressed: Buffer | null
  baseSequence: number
}

/** A send's records: their partitions and timestamps resolved, and room for each record's size. */
export interface PreparedRecords {
  readonly records: readonly OutgoingRecord[]
  readonly partitions: Int32Array
  readonly timestamps: Float64Array
}

/** Java's DefaultRecordBatch.incrementSequence: sequences wrap from Integer.MAX_VALUE to 0. */
function nextSequence (sequence: number, increment: number): number {
  return sequence > 0x7fffffff - increment ? increment - (0x7fffffff - sequence) - 1 : sequence + increment
}

function errorName (code: number): string {
  return protocolErrorsCodesById[code] ?? String(code)
}

/** Sends record batches straight to partition leaders. */
export class DirectSender {
  readonly #client: Base
  readonly #pool: ConnectionPool
  readonly #metadata: ProducerMetadata
  readonly #settings: DirectSenderSettings
  readonly #batchLimit: number
  /** The next sequence of each partition, by topic then partition. */
  readonly #sequences = new Map<string, number[]>()
  #producerId = -1n
  #producerEpoch = -1
  #producerIdValid = false
  #tail: Promise<unknown> = Promise.resolve()
  #closed = false

  constructor (client: Base, metadata: ProducerMetadata, settings: DirectSenderSettings) {
    this.#client = client
    this.#pool = client.connections
    this.#metadata = metadata
    this.#settings = settings
    // Java's producer caps a batch at batch.size, 16384 bytes by default. kconnect does so only when
    // batch.size is given: by default a batch goes up to max.request.size (1 MiB at most), a
    // deliberate difference. Java Connect's source task sends one request at a time, so its 16 KiB
    // batches, a few hundred records per round trip, are the main reason it is slow (bench/README.md);
    // a topic whose max.message.bytes is smaller has its batches split (#split), so the larger
    // default is safe there too.
    this.#batchLimit = settings.batchSize === null
      ? Math.min(settings.maxRequestSize, MAX_BATCH_BYTES)
      : Math.min(settings.batchSize, settings.maxRequestSize)
  }

  /** Sends `prepared` and resolves with where each record landed. Calls queue up: one send at a time. */
  send (prepared: PreparedRecords): Promise<RecordMetadata[]> {
    const result = this.#tail.then(() => this.#send(prepared))
    this.#tail = result.catch(() => undefined)
    return result
  }

  /** Stops retrying: sends in progress fail at their next retry, new ones at once. */
  close (): void {
    this.#closed = true
  }

  async #send (prepared: PreparedRecords): Promise<RecordMetadata[]> {
    if (this.#closed) throw new ConnectException('The producer is closed')
    const started = Date.now()
    const results: RecordMetadata[] = new Array(prepared.records.length)
    const batches = this.#plan(prepared)
    const topics = [...new Set(batches.map(batch => batch.topic))]
    try {
      if (this.#settings.idempotent) {
        if (!this.#producerIdValid) await this.#initProducerId()
        for (const batch of batches) batch.baseSequence = this.#takeSequence(batch.topic, batch.partition, batch.records.to - batch.records.from)
      }
      await this.#deliver(batches, started, results)
      return results
    } catch (error) {
      // Sequences went out whose fate is unknown: the next send starts afresh (KIP-360's epoch bump, simplified).
      if (this.#settings.idempotent) this.#producerIdValid = false
      throw error instanceof ConnectException ? error : translateKafkaError(error, `send records to ${topics.join(', ')}`, this.#settings.brokers)
    }
  }

  /** Groups the records by partition, in order, and cuts each partition's records into batches of at most the batch limit. */
  #plan (prepared: PreparedRecords): PlannedBatch[] {
    const { records, partitions, timestamps } = prepared
    const groups = new Map<string, { topic: string, partition: number, indices: number[] }>()
    let last: { topic: string, partition: number, indices: number[] } | undefined
    for (let i = 0; i < records.length; i++) {
      const topic = records[i].topic
      const partition = partitions[i]
      if (last === undefined || last.topic !== topic || last.partition !== partition) {
        const key = `${partition}:${topic}`
        last = groups.get(key)
        if (last === undefined) groups.set(key, last = { topic, partition, indices: [] })
      }
      last.indices.push(i)
    }
    const bodySizes = new Int32Array(records.length)
    const batches: PlannedBatch[] = []
    for (const [key, { topic, partition, indices }] of groups) {
      let from = 0
      while (from < indices.length) {
        const first = timestamps[indices[from]]
        let bytes = RECORD_BATCH_OVERHEAD
        let maxTimestamp = first
        let to = from
        for (; to < indices.length; to++) {
          const index = indices[to]
          const body = recordBodySize(records[index], timestamps[index] - first, to - from)
          const size = recordSize(body)
          if (to > from && bytes + size > this.#batchLimit) break
          bodySizes[index] = body
          bytes += size
          if (timestamps[index] > maxTimestamp) maxTimestamp = timestamps[index]
        }
        batches.push(this.#planned(topic, partition, key, { records, timestamps, bodySizes, indices, from, to }, maxTimestamp, bytes))
        from = to
      }
    }
    return batches
  }

  /** A batch of `records` (sized: `bytes` uncompressed, with its header), compressed if compression is on. */
  #planned (topic: string, partition: number, key: string, records: BatchRecords, maxTimestamp: number, bytes: number): PlannedBatch {
    const compression = this.#settings.compression
    const compressed = compression === 'none' ? null : compressRecords(records, compression)
    return {
      topic, partition, key, records, maxTimestamp, compressed, baseSequence: -1,
      bytes: compressed === null ? bytes : RECORD_BATCH_OVERHEAD + compressed.length,
    }
  }

  /**
   * `batch` (of two records or more) cut in two by record count. The broker wrote none of it, so
   * the first part reuses its base sequence and the second continues from there: the partition's
   * later batches keep theirs. The second part's records are sized again (their deltas change).
   */
  #split (batch: PlannedBatch): [PlannedBatch, PlannedBatch] {
    const { records, timestamps, bodySizes, indices, from, to } = batch.records
    const middle = from + Math.ceil((to - from) / 2)
    const parts = [[from, middle], [middle, to]].map(([start, end]) => {
      const first = timestamps[indices[start]]
      let bytes = RECORD_BATCH_OVERHEAD
      let maxTimestamp = first
      for (let i = start; i < end; i++) {
        const index = indices[i]
        bodySizes[index] = recordBodySize(records[index], timestamps[index] - first, i - start)
        bytes += recordSize(bodySizes[index])
        if (timestamps[index] > maxTimestamp) maxTimestamp = timestamps[index]
      }
      return this.#planned(batch.topic, batch.partition, batch.key, { records, timestamps, bodySizes, indices, from: start, to: end }, maxTimestamp, bytes)
    })
    if (batch.baseSequence >= 0) {
      parts[0].baseSequence = batch.baseSequence
      parts[1].baseSequence = nextSequence(batch.baseSequence, middle - from)
    }
    return [parts[0], parts[1]]
  }

  /** Sends `batches` until all are through; retriable failures go again within delivery.timeout.ms. */
  async #deliver (batches: PlannedBatch[], started: number, results: RecordMetadata[]): Promise<void> {
    const deadline = started + this.#settings.deliveryTimeoutMs
    let pending = batches
    let lastError: unknown = null
    for (let attempt = 1; ; attempt++) {
      const byLeader = new Map<number, { leader: Leader, batches: PlannedBatch[] }>()
      const failed: PlannedBatch[] = []
      for (const batch of pending) {
        const leader = this.#metadata.leader(batch.topic, batch.partition)
        if (leader === undefined) {
          failed.push(batch)
          lastError ??= new RetriableException(`The partition ${batch.topic}-${batch.partition} has no leader right now`)
          continue
        }
        let entry = byLeader.get(leader.nodeId)
        if (entry === undefined) byLeader.set(leader.nodeId, entry = { leader, batches: [] })
        entry.batches.push(batch)
      }
      const outcomes = await Promise.all([...byLeader.values()].map(({ leader, batches }) => this.#sendToLeader(leader, batches, results)))
      for (const outcome of outcomes) {
        failed.push(...outcome.failed)
        if (outcome.error !== null) lastError = outcome.error
      }
      if (failed.length === 0) return
      const pause = backoffMs(this.#settings.timing, attempt)
      if (this.#closed) throw new ConnectException('The producer was closed while sending')
      if (!this.#settings.retry || Date.now() + pause >= deadline) {
        const records = failed.reduce((sum, batch) => sum + batch.records.to - batch.records.from, 0)
        const first = failed[0]
        const why = lastError === null ? '' : `: ${translateKafkaError(lastError, `send records to ${first.topic}-${first.partition}`, this.#settings.brokers).message}`
        // Java's TimeoutException (retriable): the caller may send the batch again later.
        throw new RetriableException(`Expiring ${records} record(s) for ${first.topic}-${first.partition}: ${Date.now() - started} ms has passed since ` +
          `the send started (delivery.timeout.ms ${this.#settings.deliveryTimeoutMs})${why}`, lastError === null ? undefined : { cause: lastError })
      }
      debug('producer: %d batch(es) failed, retrying in %d ms: %s', failed.length, pause, (lastError as Error | null)?.message)
      this.#metadata.forget(new Set(failed.map(batch => batch.topic)))
      await sleep(pause)
      try {
        await this.#metadata.refresh([...new Set(failed.map(batch => batch.topic))])
      } catch (error) {
        lastError = error
      }
      pending = failed
    }
  }

  /**
   * Sends `batches` to `leader`, one request at a time, each with at most one batch per partition
   * and at most max.request.size bytes. Returns the batches that failed in a way worth retrying
   * (and, in order after each, the same partitions' later batches, held back).
   */
  async #sendToLeader (leader: Leader, batches: PlannedBatch[], results: RecordMetadata[]): Promise<{ failed: PlannedBatch[], error: unknown }> {
    const failed: PlannedBatch[] = []
    const blocked = new Set<string>()
    let queue = batches
    let error: unknown = null
    let version: number
    let connection: Connection
    try {
      version = Math.min((await getApi(this.#client, 'Produce', PRODUCE_MIN_VERSION)).version, PRODUCE_MAX_VERSION)
      connection = await connectionTo(this.#pool, leader.broker)
    } catch (connectError) {
      if (!isRetriableSendError(connectError)) throw connectError
      return { failed: batches, error: connectError }
    }
    while (queue.length > 0) {
      const request: PlannedBatch[] = []
      // Partitions with a batch in this request, or one held back for a later request: their
      // later batches wait too, so each partition's batches go out in order.
      const taken = new Set<string>()
      const rest: PlannedBatch[] = []
      let bytes = 0
      for (const batch of queue) {
        if (blocked.has(batch.key)) {
          failed.push(batch)
        } else if (taken.has(batch.key) || (request.length > 0 && bytes + batch.bytes > this.#settings.maxRequestSize)) {
          rest.push(batch)
          taken.add(batch.key)
        } else {
          request.push(batch)
          taken.add(batch.key)
          bytes += batch.bytes
        }
      }
      queue = rest
      if (request.length === 0) break
      const body = encodeProduceRequest(this.#settings.acks, this.#settings.requestTimeoutMs, request.map(batch => this.#partitionRecords(batch)))
      let answers: PartitionAnswer[] | null
      try {
        answers = await sendProduceRequest(connection, version, this.#settings.acks, body)
      } catch (sendError) {
        if (!isRetriableSendError(sendError)) throw sendError
        error = sendError
        failed.push(...request, ...queue)
        break
      }
      const split: PlannedBatch[] = []
      const partitionError = this.#apply(request, answers, results, failed, blocked, split)
      if (partitionError !== null) error = partitionError
      // The parts of a batch too large go first, ahead of their partition's later batches.
      if (split.length > 0) queue = [...split, ...queue]
    }
    return { failed, error }
  }

  /** The batch as the request encoder takes it. */
  #partitionRecords (batch: PlannedBatch): { topic: string, partition: number, bytes: number, write: (buffer: Buffer, offset: number) => number } {
    const producer = { producerId: this.#producerId, producerEpoch: this.#producerEpoch, baseSequence: batch.baseSequence }
    const compression = this.#settings.compression
    return {
      topic: batch.topic,
      partition: batch.partition,
      bytes: batch.bytes,
      write: (buffer, offset) => writeRecordBatch(buffer, offset, batch.records, producer, batch.maxTimestamp, compression, batch.compressed),
    }
  }

  /**
   * Records each answered batch's offsets in `results`; retriable partition errors put the batch in
   * `failed` and block its partition; a batch too large for the broker goes to `split` in two
   * parts. Returns the last retriable error, throws any other.
   */
  #apply (
    request: PlannedBatch[], answers: PartitionAnswer[] | null, results: RecordMetadata[], failed: PlannedBatch[], blocked: Set<string>,
    split: PlannedBatch[],
  ): unknown {
    let retriable: unknown = null
    for (const batch of request) {
      const answer = answers?.find(a => a.partition === batch.partition && a.topic === batch.topic)
      const code = answer === undefined ? 'NONE' : errorName(answer.errorCode)
      if (answer === undefined && answers !== null) {
        throw new ConnectException(`The broker did not answer for ${batch.topic}-${batch.partition} in its Produce response`)
      }
      if (code === 'NONE' || code === 'DUPLICATE_SEQUENCE_NUMBER') {
        this.#record(batch, answer, results)
        continue
      }
      if (code === 'MESSAGE_TOO_LARGE') {
        if (batch.records.to - batch.records.from > 1) {
          split.push(...this.#split(batch))
          continue
        }
        const words = serverWords(answer!)
        // Java's RecordTooLargeException: not retriable, the record can never be written to this topic.
        throw new ConnectException('The request included a message larger than the max message size the server will accept. ' +
          `(a record of ${batch.bytes - RECORD_BATCH_OVERHEAD} bytes, alone in a batch of ${batch.bytes} bytes, to ${batch.topic}-${batch.partition}: ` +
          `the topic's max.message.bytes, or the broker's message.max.bytes, is smaller${words === null ? '' : `; the broker said: ${words}`})`)
      }
      const problem = {
        apiId: code,
        canRetry: (protocolErrors as Record<string, { canRetry: boolean }>)[code]?.canRetry === true,
        serverErrorMessage: serverWords(answer!),
        message: `${code} for ${batch.topic}-${batch.partition}`,
      }
      if (SEQUENCE_TROUBLE.has(code)) {
        this.#producerIdValid = false
        throw new RetriableException(`The broker lost this producer's sequence of ${batch.topic}-${batch.partition} (${code}); ` +
          'the producer starts again with a new producer id and the records are sent again', { cause: problem })
      }
      if (!problem.canRetry && !STALE_LEADER.has(code)) {
        throw translateKafkaError(problem, `send records to ${batch.topic}-${batch.partition}`, this.#settings.brokers)
      }
      failed.push(batch)
      blocked.add(batch.key)
      retriable = problem
    }
    return retriable
  }

  #record (batch: PlannedBatch, answer: PartitionAnswer | undefined, results: RecordMetadata[]): void {
    const { timestamps, indices, from, to } = batch.records
    const { topic, partition } = batch
    const known = answer !== undefined && answer.baseOffset >= 0n
    // One bigint per record (offset += 1n), not two (base + BigInt(i)): this loop runs for every record sent.
    let offset = known ? answer.baseOffset : -1n
    const appendTime = answer === undefined || answer.logAppendTimeMs < 0n ? null : Number(answer.logAppendTimeMs)
    for (let i = from; i < to; i++) {
      const index = indices[i]
      results[index] = { topic, partition, offset, timestamp: appendTime ?? timestamps[index] }
      if (known) offset += 1n
    }
  }

  /** The base sequence for `count` more records of `topic`-`partition`. */
  #takeSequence (topic: string, partition: number, count: number): number {
    let list = this.#sequences.get(topic)
    if (list === undefined) this.#sequences.set(topic, list = [])
    const sequence = list[partition] ?? 0
    list[partition] = nextSequence(sequence, count)
    return sequence
  }

  /** Gets a producer id and epoch (InitProducerId, no transactional id) and starts every sequence at 0. */
  async #initProducerId (): Promise<void> {
    const api = await getApi<[string | null, number, bigint, number], { producerId: bigint, producerEpoch: number }>(this.#client, 'InitProducerId', 0)
    const response = await withRetries(async () => {
      const connection = await bootstrapConnection(this.#client)
      // Java's idempotent producer asks with no transactional id and Integer.MAX_VALUE as the transaction timeout.
      return await api.async(connection, null, 0x7fffffff, -1n, -1)
    }, this.#settings.timing, { deadline: Date.now() + this.#settings.deliveryTimeoutMs })
    this.#producerId = response.producerId
    this.#producerEpoch = response.producerEpoch
    this.#sequences.clear()
    this.#producerIdValid = true
    debug('producer: producer id %s, epoch %d', this.#producerId, this.#producerEpoch)
  }
}

/** The broker's words on a partition it refused: its message and the first few records it names (KIP-467). */
function serverWords (answer: PartitionAnswer): string | null {
  const words = answer.errorMessage === null || answer.errorMessage === '' ? [] : [answer.errorMessage]
  words.push(...answer.recordErrors.slice(0, 3))
  if (answer.recordErrors.length > 3) words.push(`and ${answer.recordErrors.length - 3} more records`)
  return words.length === 0 ? null : words.join('; ')
}

/** Whether a failed Produce request may succeed when sent again: the network, a timeout, a retriable error code. */
function isRetriableSendError (error: unknown): boolean {
  if (error instanceof RetriableException) return true
  if (error instanceof ConnectException) return false
  if (isNetworkError(error)) return true
  const codes = kafkaErrorCodes(error)
  return codes.length > 0 && codes.every(code => code.canRetry)
}
