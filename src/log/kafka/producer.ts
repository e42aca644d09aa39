// The Kafka log's producer on @platformatic/kafka's Producer. kconnect chooses every record's
// partition itself (the library's own default hash differs from Java's for half the keys), so it
// knows where each record goes: the broker answers one base offset per partition batch, and
// record i of a partition's batch is at base + i. A send is split into requests of at most
// max.request.size bytes, sent one after the other so a partition's records keep their order.

import { Producer, ProduceAcks, type MessageToProduce } from '@platformatic/kafka'
import { ConfigException, ConnectException, RetriableException } from '../../api/errors.ts'
import type { LogProducer, LogProducerOptions, OutgoingRecord, RecordMetadata } from '../log.ts'
import { backoffMs, ClientConfig, readTiming, retriesWithin, type ConnectionSettings, type Timing } from './client-config.ts'
import { fetchMetadata, settleWithin, sleep } from './cluster.ts'
import { translateKafkaError } from './errors.ts'
import { StickyPartitioner } from './sticky-partitioner.ts'

type Transaction = Awaited<ReturnType<Producer['beginTransaction']>>

const COMPRESSION_TYPES = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const
type CompressionType = typeof COMPRESSION_TYPES[number]
// Per-record overhead of the record batch format (attributes, varints, headers count), as Java's
// producer estimates it, plus the batch header; used for max.request.size only.
const RECORD_OVERHEAD = 21
const BATCH_OVERHEAD = 61

function toBuffer (bytes: Uint8Array | null | undefined): Buffer | undefined {
  if (bytes === null || bytes === undefined) return undefined
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

function parseAcks (value: string | undefined): -1 | 0 | 1 {
  if (value === undefined || value === 'all' || value === '-1') return ProduceAcks.ALL
  if (value === '1') return ProduceAcks.LEADER
  if (value === '0') return ProduceAcks.NO_RESPONSE
  throw new ConfigException('acks', value, 'String must be one of: all, -1, 0, 1')
}

/** About how many bytes `record` takes in a request (Java's estimate: sizes of the parts plus overhead). */
function estimateSize (record: OutgoingRecord): number {
  let size = RECORD_OVERHEAD + (record.key?.length ?? 0) + (record.value?.length ?? 0)
  for (const [key, value] of record.headers ?? []) size += Buffer.byteLength(key) + (value?.length ?? 0) + 2
  return size
}

/** `promise`'s outcome, or the error `timeout()` makes once `deadline` passes first (the promise then runs on, ignored). */
async function beforeDeadline<T> (promise: Promise<T>, deadline: number, timeout: () => Error): Promise<T> {
  promise.catch(() => undefined)
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([promise, new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(timeout()), Math.max(0, deadline - Date.now()))
    })])
  } finally {
    clearTimeout(timer)
  }
}

// The record batch stores each record's timestamp as a delta from the batch's first one.
// @platformatic/dynamic-buffer 64-bit zigzag encoding is wrong for deltas below 0 or from 2^31 up,
// so records whose delta would fall outside [0, 2^31) go in a later request.
const MAX_TIMESTAMP_DELTA = 2n ** 31n

/**
 * Where the request that starts at `start` ends: at most max.request.size bytes (one record at
 * least), and within each partition, timestamps the library encodes correctly.
 */
export function chunkEnd (prepared: ReadonlyArray<{ message: MessageToProduce, size: number }>, start: number, maxRequestSize: number): number {
  const firstTimestamps = new Map<string, bigint>()
  let bytes = BATCH_OVERHEAD
  let end = start
  // Consecutive records of one partition (the usual case) reuse the previous lookup.
  let lastTopic: string | undefined
  let lastPartition: number | undefined
  let lastFirst: bigint | undefined
  for (; end < prepared.length; end++) {
    const { message, size } = prepared[end]
    const same = message.topic === lastTopic && message.partition === lastPartition
    let first = same ? lastFirst : firstTimestamps.get(`${message.partition}:${message.topic}`)
    const delta = first === undefined ? 0n : message.timestamp! - first
    const fits = bytes + size + BATCH_OVERHEAD <= maxRequestSize && delta >= 0n && delta < MAX_TIMESTAMP_DELTA
    if (end > start && !fits) break
    if (first === undefined) {
      first = message.timestamp!
      firstTimestamps.set(`${message.partition}:${message.topic}`, first)
    }
    lastTopic = message.topic
    lastPartition = message.partition
    lastFirst = first
    bytes += size
  }
  return end
}

/** A LogProducer on a Kafka cluster. */
export class KafkaLogProducer implements LogProducer {
  readonly #producer: Producer
  readonly #transactionalId: string | undefined
  readonly #brokers: string
  readonly #timing: Timing
  readonly #partitioner: StickyPartitioner
  readonly #maxRequestSize: number
  readonly #maxBlockMs: number
  readonly #onClose: () => void
  readonly #partitionCounts = new Map<string, { count: number, at: number }>()
  #transaction: Transaction | null = null
  #closing: Promise<void> | null = null

  constructor (options: LogProducerOptions, bootstrapServers: string[], connection: ConnectionSettings, onClose: () => void) {
    const config = new ClientConfig(options.config)
    this.#timing = readTiming(config)
    this.#brokers = bootstrapServers.join(',')
    this.#onClose = onClose
    this.#transactionalId = options.transactionalId ?? config.string('transactional.id')
    const acks = parseAcks(config.string('acks'))
    const compression = (config.string('compression.type', 'none')).toLowerCase()
    if (!(COMPRESSION_TYPES as readonly string[]).includes(compression)) {
      throw new ConfigException('compression.type', compression, `String must be one of: ${COMPRESSION_TYPES.join(', ')}`)
    }
    // Java's producer is idempotent by default when acks=all; a transactional one always is.
    const idempotent = this.#transactionalId !== undefined || config.bool('enable.idempotence', acks === ProduceAcks.ALL)
    if (idempotent && acks !== ProduceAcks.ALL) {
      throw new ConfigException('acks', config.string('acks'), 'Must be all (or -1) when enable.idempotence or transactional.id is set')
    }
    this.#maxRequestSize = config.int('max.request.size', 1_048_576)
    this.#maxBlockMs = config.ms('max.block.ms', 60_000)
    this.#partitioner = new StickyPartitioner(config.int('batch.size', 16_384))
    const deliveryTimeoutMs = config.ms('delivery.timeout.ms', 120_000)
    const retries = config.int('retries', 2_147_483_647) === 0 ? 0 : retriesWithin(this.#timing, deliveryTimeoutMs)
    const maxInflights = config.int('max.in.flight.requests.per.connection', 5)
    // linger.ms has nothing to wait for: send() is given whole batches by its caller.
    config.raw('linger.ms')
    config.noteIgnored(`producer ${options.clientId}`, new Set(['client.id', 'bootstrap.servers', 'key.serializer', 'value.serializer',
      'request.timeout.ms', 'security.protocol', 'client.rack']))

    this.#producer = new Producer({
      ...connection,
      clientId: options.clientId,
      acks,
      compression: compression as CompressionType,
      idempotent,
      retries,
      maxInflights,
      autocreateTopics: false,
      // InitProducerId must say "no producer yet" (-1/-1): the library's default (0/0) makes the
      // broker fence a producer whose transactional.id was used before, such as a restarted task's.
      producerId: -1n,
      producerEpoch: -1,
      ...(this.#transactionalId === undefined ? {} : { transactionalId: this.#transactionalId }),
    })
  }

  async send (records: readonly OutgoingRecord[]): Promise<RecordMetadata[]> {
    this.#ensureOpen()
    if (this.#transactionalId !== undefined && this.#transaction === null) {
      throw new ConnectException(`The producer with transactional.id ${this.#transactionalId} can only send inside a transaction: ` +
        'call beginTransaction() first')
    }
    if (records.length === 0) return []
    const topics = [...new Set(records.map(record => record.topic))]
    let counts = await this.#counts(topics)
    // A partition beyond a remembered count may be one added since: look the topic up again first.
    const beyond = new Set(records.filter(record => (record.partition ?? -1) >= counts.get(record.topic)!).map(record => record.topic))
    if (beyond.size > 0) {
      for (const topic of beyond) this.#partitionCounts.delete(topic)
      counts = await this.#counts(topics)
    }

    const now = BigInt(Date.now())
    const prepared: Array<{ message: MessageToProduce, size: number }> = records.map(record => {
      const size = estimateSize(record)
      if (size + BATCH_OVERHEAD > this.#maxRequestSize) {
        throw new ConnectException(`The message is ${size} bytes when serialized which is larger than ${this.#maxRequestSize}, ` +
          'which is the value of the max.request.size configuration.')
      }
      const count = counts.get(record.topic)!
      let partition = record.partition
      if (partition === null || partition === undefined) {
        partition = this.#partitioner.partition(record.topic, record.key, count, size)
      } else if (!Number.isInteger(partition) || partition < 0 || partition >= count) {
        throw new ConnectException(`Invalid partition given with record: ${partition} is not in the range [0...${count}).`)
      }
      // Distinct Buffer objects as keys keep duplicate header names, which Kafka allows. No map at
      // all for a record without headers (the library writes a count of 0): one object less per record.
      let headers: Map<Buffer, Buffer> | undefined
      if (record.headers !== undefined && record.headers.length > 0) {
        headers = new Map<Buffer, Buffer>()
        for (const [key, value] of record.headers) headers.set(Buffer.from(key, 'utf8'), toBuffer(value) as Buffer)
      }
      return {
        size,
        message: {
          topic: record.topic,
          partition,
          key: toBuffer(record.key),
          value: toBuffer(record.value) as Buffer,
          headers,
          timestamp: record.timestamp === null || record.timestamp === undefined ? now : BigInt(record.timestamp),
        },
      }
    })

    const results: RecordMetadata[] = new Array(records.length)
    let start = 0
    while (start < prepared.length) {
      const end = chunkEnd(prepared, start, this.#maxRequestSize)
      await this.#sendChunk(prepared.slice(start, end).map(p => p.message), start, results, topics)
      start = end
    }
    return results
  }

  async #sendChunk (messages: MessageToProduce[], firstIndex: number, results: RecordMetadata[], topics: string[]): Promise<void> {
    let produced
    try {
      produced = this.#transaction !== null
        ? await this.#transaction.send({ messages })
        : await this.#producer.send({ messages })
    } catch (error) {
      for (const topic of topics) this.#partitionCounts.delete(topic)
      throw translateKafkaError(error, `send records to ${topics.join(', ')}`, this.#brokers)
    }
    const baseOffsets = new Map<string, bigint>()
    for (const { topic, partition, offset } of produced.offsets ?? []) baseOffsets.set(`${partition}:${topic}`, offset)
    // Record i of a partition is at its base offset + i; runs of one partition skip the lookups.
    const nextInPartition = new Map<string, bigint>()
    let lastKey: string | null = null
    let lastTopic: string | undefined
    let lastPartition: number | undefined
    let base: bigint | undefined
    let index = 0n
    for (let i = 0; i < messages.length; i++) {
      const message = messages[i]
      if (message.topic !== lastTopic || message.partition !== lastPartition) {
        if (lastKey !== null) nextInPartition.set(lastKey, index)
        lastKey = `${message.partition}:${message.topic}`
        lastTopic = message.topic
        lastPartition = message.partition
        base = baseOffsets.get(lastKey)
        index = nextInPartition.get(lastKey) ?? 0n
      }
      results[firstIndex + i] = {
        topic: message.topic,
        partition: message.partition!,
        offset: base === undefined ? -1n : base + index,
        timestamp: Number(message.timestamp),
      }
      index++
    }
  }

  /** Partition counts of `topics`, waiting (up to max.block.ms) for topics the broker is still creating. */
  async #counts (topics: string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>()
    const now = Date.now()
    const unknown = topics.filter(topic => {
      const cached = this.#partitionCounts.get(topic)
      if (cached !== undefined && now - cached.at < this.#timing.metadataMaxAgeMs) counts.set(topic, cached.count)
      return !counts.has(topic)
    })
    const deadline = now + this.#maxBlockMs
    let lastError: unknown = null
    for (let attempt = 1; unknown.length > 0; attempt++) {
      let missing: string[]
      try {
        // Asking creates missing topics where the broker allows it (auto.create.topics.enable), as Java's
        // producer does. The wait is bounded by max.block.ms, not by the library's delivery retries.
        const snapshot = await beforeDeadline(fetchMetadata(this.#producer, unknown, true), deadline, () =>
          new RetriableException(`Could not look up topics ${unknown.join(', ')}: no answer from the Kafka broker(s) at ${this.#brokers} ` +
            `within max.block.ms (${this.#maxBlockMs} ms). Check bootstrap.servers, that the brokers are running and reachable ` +
            'from this machine, and security.protocol.'))
        for (const [name, topic] of snapshot.topics) {
          this.#partitionCounts.set(name, { count: topic.partitions.length, at: Date.now() })
          counts.set(name, topic.partitions.length)
        }
        missing = unknown.filter(topic => !counts.has(topic))
      } catch (error) {
        if (error instanceof RetriableException || Date.now() >= deadline) throw translateKafkaError(error, `look up topics ${unknown.join(', ')}`, this.#brokers)
        lastError = error
        missing = unknown
      }
      if (missing.length === 0) break
      if (Date.now() + backoffMs(this.#timing, attempt) >= deadline) {
        // Java's TimeoutException, a retriable error: the topic may appear, or the brokers come back.
        const reason = lastError === null ? '' : ` (last error: ${translateKafkaError(lastError, `look up topics ${missing.join(', ')}`, this.#brokers).message})`
        throw new RetriableException(`Topic ${missing.join(', ')} not present in metadata after ${this.#maxBlockMs} ms${reason}. ` +
          'Create the topic, or enable auto.create.topics.enable on the brokers.', lastError === null ? undefined : { cause: lastError })
      }
      unknown.splice(0, unknown.length, ...missing)
      await sleep(backoffMs(this.#timing, attempt))
    }
    return counts
  }

  async beginTransaction (): Promise<void> {
    this.#ensureOpen()
    if (this.#transactionalId === undefined) throw new ConnectException('Transactions need a producer created with a transactionalId')
    if (this.#transaction !== null) throw new ConnectException('A transaction is already open on this producer')
    try {
      this.#transaction = await this.#producer.beginTransaction()
    } catch (error) {
      throw this.#transactionError(error, 'begin a transaction')
    }
  }

  async commitTransaction (): Promise<void> {
    this.#ensureOpen()
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
    this.#ensureOpen()
    const transaction = this.#transaction
    if (transaction === null) return
    try {
      await transaction.abort()
      this.#transaction = null
    } catch (error) {
      throw this.#transactionError(error, 'abort the transaction')
    }
  }

  close (): Promise<void> {
    this.#closing ??= (async () => {
      // An open transaction is aborted rather than left to time out on the broker.
      if (this.#transaction !== null) await settleWithin(this.#transaction.abort(), 5000)
      this.#transaction = null
      await settleWithin(this.#producer.close(true), 5000)
      this.#onClose()
    })()
    return this.#closing
  }

  #ensureOpen (): void {
    if (this.#closing !== null) throw new ConnectException('The producer is closed')
  }

  #transactionError (error: unknown, action: string): ConnectException {
    const translated = translateKafkaError(error, `${action} (transactional.id ${this.#transactionalId})`, this.#brokers)
    if (/INVALID_PRODUCER_EPOCH|PRODUCER_FENCED/.test(translated.message)) {
      return new ConnectException(`The producer with transactional.id ${this.#transactionalId} was fenced: another producer with ` +
        `the same transactional.id started. This producer can no longer write; close it. (${translated.message})`, { cause: error })
    }
    return translated
  }
}
