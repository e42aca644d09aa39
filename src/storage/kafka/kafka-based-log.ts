// A shared, compacted log of records that every worker reads whole and keeps reading (Kafka's
// KafkaBasedLog): the config, offsets and status stores of a distributed cluster are each one of
// these on an internal topic. It reads the topic from the beginning on start, then follows it in
// the background, handing every record to the store's callback in order; it writes through its
// own producer; and readToEnd() resolves once everything written before the call (by anyone) has
// been handed over, which is how a worker agrees with the others on what the topic says.
//
// It runs on the Log contract (an assign()-mode consumer and a producer), so it works on a Kafka
// cluster and on the embedded log alike.

import { ConnectException, RetriableException } from '../../api/errors.ts'
import type { TopicPartition } from '../../api/sink/topic-partition.ts'
import type { IncomingRecord, IsolationLevel, Log, LogConsumer, LogProducer, OutgoingRecord, RecordMetadata } from '../../log/log.ts'
import { getLogger } from '../../logging/index.ts'
import { TimeoutError } from '../offset-storage-writer.ts'

const log = getLogger('org.apache.kafka.connect.util.KafkaBasedLog')

/** How long start() waits for the topic's partitions to be known (Java: 30 s). */
const TOPIC_METADATA_TIMEOUT_MS = 30_000
/** The longest poll of the background reader; a readToEnd() or stop() wakes it earlier. */
const POLL_TIMEOUT_MS = 5_000
/** Backoff after a failed poll or end-offsets lookup, doubling up to MAX_BACKOFF_MS. */
const INITIAL_BACKOFF_MS = 100
const MAX_BACKOFF_MS = 1_000
/** How long stop() waits for sends in flight before closing the producer. */
const STOP_SEND_TIMEOUT_MS = 5_000

/** What a KafkaBasedLog reads and writes, and with which clients. */
export interface KafkaBasedLogOptions {
  readonly log: Log
  readonly topic: string
  /** The client id of its producer and consumer. */
  readonly clientId: string
  /** Called for every record, in order per partition, never concurrently. */
  readonly onRecord: (record: IncomingRecord) => void
  /** read_committed when the cluster writes the topic in transactions (exactly-once source support). */
  readonly isolationLevel?: IsolationLevel
  /** Producer configs; null makes the log read-only. */
  readonly producerConfig?: Readonly<Record<string, string>> | null
  /**
   * A producer to write with instead of one of its own (a source task's, so offsets go in the
   * task's transactions); the log does not close it.
   */
  readonly producer?: LogProducer
  readonly consumerConfig?: Readonly<Record<string, string>>
  /** Runs first in start(): creates the topic, or checks it. */
  readonly initialize?: () => Promise<void>
  /** Which partitions to read (all by default). */
  readonly readPartition?: (partition: number) => boolean
  /** How long start() waits for the topic to exist (default 30 s). */
  readonly topicMetadataTimeoutMs?: number
}

interface EndWaiter {
  readonly ends: ReadonlyMap<number, bigint>
  readonly resolve: () => void
  readonly reject: (error: unknown) => void
}

interface QueuedSend {
  readonly record: OutgoingRecord
  readonly resolve: (metadata: RecordMetadata) => void
  readonly reject: (error: unknown) => void
}

/** Reads a topic into a store and writes to it. */
export class KafkaBasedLog {
  readonly topic: string
  readonly #options: KafkaBasedLogOptions
  #producer: LogProducer | null = null
  #ownsProducer = false
  #consumer: LogConsumer | null = null
  #partitions: TopicPartition[] = []
  readonly #waiters = new Set<EndWaiter>()
  readonly #sendQueue: QueuedSend[] = []
  readonly #inFlight = new Set<Promise<unknown>>()
  #sending = false
  #reader: Promise<void> | null = null
  #state: 'new' | 'starting' | 'running' | 'stopped' = 'new'

  constructor (options: KafkaBasedLogOptions) {
    this.topic = options.topic
    this.#options = options
  }

  /** The number of partitions read. */
  get partitionCount (): number {
    return this.#partitions.length
  }

  /**
   * Initializes the topic, creates the clients, reads the topic from the beginning to its end
   * (handing each record to onRecord), then keeps following it in the background.
   */
  async start (): Promise<void> {
    if (this.#state !== 'new') throw new ConnectException(`The log of topic ${this.topic} was started already`)
    this.#state = 'starting'
    log.info('Starting KafkaBasedLog with topic {}', this.topic)
    const options = this.#options
    try {
      await options.initialize?.()
      const partitionCount = await this.#awaitTopic()
      const partitions: TopicPartition[] = []
      for (let partition = 0; partition < partitionCount; partition++) {
        if (options.readPartition === undefined || options.readPartition(partition)) partitions.push({ topic: this.topic, partition } as TopicPartition)
      }
      if (partitions.length === 0) {
        throw new ConnectException(`Some partitions for ${this.topic} exist, but no partitions matched the required filter.`)
      }
      this.#partitions = partitions
      if (options.producer !== undefined) {
        this.#producer = options.producer
      } else if (options.producerConfig !== null) {
        this.#producer = options.log.createProducer({ clientId: options.clientId, config: options.producerConfig ?? {} })
        this.#ownsProducer = true
      } else {
        log.trace('Creating read-only KafkaBasedLog for topic {}', this.topic)
      }
      const consumer = options.log.createConsumer({
        clientId: options.clientId,
        isolationLevel: options.isolationLevel ?? 'read_uncommitted',
        autoOffsetReset: 'earliest',
        config: options.consumerConfig ?? {},
      })
      this.#consumer = consumer
      consumer.assign(partitions)
      // Always from the beginning: the topic is the state, whatever a group may have committed.
      await consumer.seekToBeginning(partitions)
      if (this.#state !== 'starting') throw new ConnectException(`The log of topic ${this.topic} was stopped while it started`)
      this.#state = 'running'
      this.#reader = this.#readLoop(consumer)
      await this.readToEnd()
      log.info('Finished reading KafkaBasedLog for topic {}', this.topic)
      log.info('Started KafkaBasedLog for topic {}', this.topic)
    } catch (error) {
      await this.stop()
      throw error
    }
  }

  /** Stops reading, waits briefly for pending writes, and closes the clients. */
  async stop (): Promise<void> {
    if (this.#state === 'stopped') return
    log.info('Stopping KafkaBasedLog for topic {}', this.topic)
    this.#state = 'stopped'
    this.#consumer?.wakeup()
    await this.#reader?.catch(() => {})
    const stopped = new ConnectException(`The log of topic ${this.topic} was stopped`)
    for (const waiter of this.#waiters) waiter.reject(stopped)
    this.#waiters.clear()
    await this.#withDeadline(this.flush(), Date.now() + STOP_SEND_TIMEOUT_MS, '').catch(() => {
      log.warn('Writes to topic {} were still in progress when its log stopped', this.topic)
    })
    for (const queued of this.#sendQueue.splice(0)) queued.reject(stopped)
    await Promise.allSettled([this.#ownsProducer ? this.#producer?.close() : undefined, this.#consumer?.close()])
    this.#producer = null
    this.#consumer = null
    log.info('Stopped KafkaBasedLog for topic {}', this.topic)
  }

  /**
   * Resolves once every record written to the topic before this call (by this log's sends and by
   * anyone else) has been handed to onRecord. Rejects after `timeoutMs` (the read goes on).
   */
  async readToEnd (timeoutMs = Number.POSITIVE_INFINITY): Promise<void> {
    const deadline = Date.now() + timeoutMs
    this.#ensureRunning()
    await this.#withDeadline(this.flush(), deadline, `Timed out waiting for the writes to topic ${this.topic} to complete`)
    const ends = await this.#endOffsets(deadline)
    const reached = new Promise<void>((resolve, reject) => {
      const waiter: EndWaiter = {
        ends,
        resolve: () => { this.#waiters.delete(waiter); resolve() },
        reject: (error) => { this.#waiters.delete(waiter); reject(error) },
      }
      this.#waiters.add(waiter)
    })
    this.#consumer?.wakeup()
    try {
      await this.#withDeadline(reached, deadline, `Timed out reading topic ${this.topic} to its end`)
    } finally {
      // A waiter that timed out is forgotten; the reader goes on.
      for (const waiter of this.#waiters) if (waiter.ends === ends) this.#waiters.delete(waiter)
    }
  }

  /**
   * Appends a record. Records are sent in the order of the calls, one request at a time (what was
   * asked meanwhile goes in the next request), so a later write never lands before an earlier one.
   */
  send (key: Uint8Array | null, value: Uint8Array | null): Promise<RecordMetadata> {
    this.#ensureRunning()
    if (this.#producer === null) {
      throw new ConnectException('This KafkaBasedLog was created in read-only mode and does not support write operations')
    }
    const sent = new Promise<RecordMetadata>((resolve, reject) => {
      this.#sendQueue.push({ record: { topic: this.topic, key, value }, resolve, reject })
    })
    const tracked = sent.finally(() => this.#inFlight.delete(tracked)).catch(() => {})
    this.#inFlight.add(tracked)
    this.#drainSends()
    return sent
  }

  /** Resolves once every send asked so far completed (successfully or not). */
  async flush (): Promise<void> {
    await Promise.allSettled([...this.#inFlight])
  }

  async #drainSends (): Promise<void> {
    if (this.#sending) return
    this.#sending = true
    try {
      while (this.#sendQueue.length > 0 && this.#producer !== null) {
        const batch = this.#sendQueue.splice(0)
        try {
          const metadata = await this.#producer.send(batch.map(queued => queued.record))
          batch.forEach((queued, i) => queued.resolve(metadata[i]))
        } catch (error) {
          for (const queued of batch) queued.reject(error)
        }
      }
    } finally {
      this.#sending = false
    }
  }

  /** Waits until the topic exists, returning its partition count. */
  async #awaitTopic (): Promise<number> {
    const timeoutMs = this.#options.topicMetadataTimeoutMs ?? TOPIC_METADATA_TIMEOUT_MS
    const deadline = Date.now() + timeoutMs
    let sleepMs = 100
    while (true) {
      let partitions = 0
      try {
        partitions = (await this.#options.log.describeTopics([this.topic])).get(this.topic)?.partitions ?? 0
      } catch (error) {
        if (!(error instanceof RetriableException)) throw error
        log.debug('Looking up topic {} failed, retrying: {}', this.topic, (error as Error).message)
      }
      if (partitions > 0) return partitions
      if (Date.now() + sleepMs > deadline) {
        throw new ConnectException(`Could not look up partition metadata for topic '${this.topic}' in the allotted period. ` +
          'This could indicate a connectivity issue, unavailable topic partitions, or if this is your first use of the topic ' +
          'it may have taken too long to create.')
      }
      await sleep(sleepMs)
      sleepMs = Math.min(2 * sleepMs, MAX_BACKOFF_MS)
    }
  }

  /**
   * The offsets after the last record of each read partition, as written (transactions still open
   * included), so a read_committed reader waits for them to end, as Java's does.
   */
  async #endOffsets (deadline: number): Promise<ReadonlyMap<number, bigint>> {
    let backoff = INITIAL_BACKOFF_MS
    while (true) {
      this.#ensureRunning()
      try {
        const offsets = await this.#options.log.listOffsets(this.#partitions, 'latest', 'read_uncommitted')
        return new Map(this.#partitions.map(tp => [tp.partition, offsets.get(tp) ?? 0n]))
      } catch (error) {
        if (!(error instanceof RetriableException) || Date.now() + backoff > deadline) throw error
        log.warn('Retriable error while reading log to end for topic \'{}\'. Retrying automatically. Reason: {}', this.topic, (error as Error).message)
        await sleep(backoff)
        backoff = Math.min(2 * backoff, MAX_BACKOFF_MS)
      }
    }
  }

  async #readLoop (consumer: LogConsumer): Promise<void> {
    let backoff = INITIAL_BACKOFF_MS
    while (this.#state === 'running') {
      try {
        const records = await consumer.poll(this.#waiters.size > 0 ? INITIAL_BACKOFF_MS : POLL_TIMEOUT_MS)
        for (const record of records) this.#deliver(record)
        if (this.#waiters.size > 0) await this.#releaseWaiters(consumer)
        backoff = INITIAL_BACKOFF_MS
      } catch (error) {
        if (this.#state !== 'running') break
        if (isClosedConsumerError(error)) {
          // The log (and so this consumer) was closed under a running store: nothing more can be read.
          log.error('The consumer of topic {} was closed before its KafkaBasedLog stopped; it stops reading', this.topic)
          for (const waiter of this.#waiters) waiter.reject(error)
          break
        }
        log.error('Error polling: ', error)
        await sleep(backoff)
        backoff = Math.min(2 * backoff, MAX_BACKOFF_MS)
      }
    }
  }

  #deliver (record: IncomingRecord): void {
    try {
      this.#options.onRecord(record)
    } catch (error) {
      // A store's callback logs what it cannot read; this only guards the reader against a bug there.
      log.error('Unexpected exception handling record {}-{}@{} of the log', record.topic, record.partition, record.offset, error)
    }
  }

  /** Resolves the readToEnd() calls whose end offsets every partition's position has reached. */
  async #releaseWaiters (consumer: LogConsumer): Promise<void> {
    const positions = new Map<number, bigint>()
    for (const tp of this.#partitions) positions.set(tp.partition, await consumer.position(tp))
    for (const waiter of [...this.#waiters]) {
      if ([...waiter.ends].every(([partition, end]) => (positions.get(partition) ?? 0n) >= end)) waiter.resolve()
    }
  }

  #ensureRunning (): void {
    if (this.#state !== 'running') throw new ConnectException(`The log of topic ${this.topic} is not running`)
  }

  async #withDeadline<T> (promise: Promise<T>, deadline: number, message: string): Promise<T> {
    if (deadline === Number.POSITIVE_INFINITY) return await promise
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(message)), Math.max(0, deadline - Date.now()))
    })
    try {
      return await Promise.race([promise, timeout])
    } finally {
      clearTimeout(timer)
    }
  }
}

/** Both Log backends refuse a closed consumer with a ConnectException that says so. */
function isClosedConsumerError (error: unknown): boolean {
  return error instanceof ConnectException && !(error instanceof RetriableException) && /\bclosed\b/i.test(error.message)
}

function sleep (ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}
