// The embedded log's producer: a send appends its whole batch in one SQLite transaction and
// resolves once it is committed, so a resolved send survives a crash of the process (see
// schema.ts). Partitions are chosen as Kafka's producer chooses them; topics that do not exist
// are created, as a broker with auto.create.topics.enable does.
//
// Transactions follow Kafka's: a producer with a transactional.id fences any earlier producer of
// that id (aborting what it left open); records of an open transaction are visible to
// read_uncommitted readers at once, to read_committed ones after the commit, to those never if
// it aborts; each commit or abort writes a marker that takes an offset in every partition it
// touched. A transaction still open after transaction.timeout.ms is aborted by the log.

import { ConnectException } from '../../api/errors.ts'
import type { LogProducer, LogProducerOptions, OutgoingRecord, RecordMetadata } from '../log.ts'
import { DefaultPartitioner } from '../partitioner.ts'
import { encodeHeaders } from './header-codec.ts'
import type { ProducerHost } from './host.ts'
import type { RecordToAppend, TopicInfo, TransactionHandle } from './store.ts'
import { TransactionGoneException } from './store.ts'
import { validateTopicName } from './topic-rules.ts'

/** Kafka's default transaction.timeout.ms. */
const DEFAULT_TRANSACTION_TIMEOUT_MS = 60_000

/** A producer on the embedded log. */
export class EmbeddedProducer implements LogProducer {
  readonly #host: ProducerHost
  readonly #clientId: string
  readonly #partitioner = new DefaultPartitioner()
  readonly #transactionalId: string | undefined
  readonly #epoch: number
  readonly #transactionTimeoutMs: number
  #inTransaction = false
  /** The open transaction's row, made by its first send (an empty transaction leaves no trace). */
  #transaction: TransactionHandle | null = null
  #closed = false

  constructor (host: ProducerHost, options: LogProducerOptions) {
    this.#host = host
    this.#clientId = options.clientId
    this.#transactionalId = options.transactionalId
    const timeout = Number(options.config?.['transaction.timeout.ms'] ?? DEFAULT_TRANSACTION_TIMEOUT_MS)
    this.#transactionTimeoutMs = Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TRANSACTION_TIMEOUT_MS
    if (this.#transactionalId === undefined) {
      this.#epoch = -1
    } else {
      const { epoch, touchedTopics } = host.store.initTransactionalProducer(this.#transactionalId)
      this.#epoch = epoch
      host.appended(touchedTopics, [])
    }
  }

  async send (records: readonly OutgoingRecord[]): Promise<RecordMetadata[]> {
    this.#checkOpen()
    if (this.#transactionalId !== undefined && !this.#inTransaction) {
      throw new ConnectException(`Cannot send records outside a transaction: this producer has transactional.id ${this.#transactionalId}, so call beginTransaction() first`)
    }
    if (records.length === 0) return []
    const created: string[] = []
    const prepared = records.map(record => this.#prepare(record, created))
    const store = this.#host.store
    if (this.#transactionalId !== undefined && this.#transaction === null) {
      this.#transaction = store.beginTransaction(this.#transactionalId, this.#epoch, this.#transactionTimeoutMs)
    }
    const offsets = store.append(prepared, this.#transaction, (topic, partition, dirty) => this.#host.compactionDue(topic, partition, dirty))
    this.#host.appended(new Set(prepared.map(record => record.topic.name)), created)
    return prepared.map((record, i) => ({ topic: record.topic.name, partition: record.partition, offset: offsets[i], timestamp: record.timestamp }))
  }

  async beginTransaction (): Promise<void> {
    const transactionalId = this.#requireTransactional()
    if (this.#inTransaction) throw new ConnectException(`A transaction is already open on the producer with transactional.id ${transactionalId}; commit or abort it first`)
    this.#checkOpen()
    this.#inTransaction = true
  }

  async commitTransaction (): Promise<void> {
    this.#requireOpenTransaction('commit')
    if (this.#transaction !== null) {
      // If this throws (fenced, or aborted for its timeout), the transaction stays "open" here so
      // that the caller can abort it, as with Kafka's abortable errors.
      this.#host.appended(this.#host.store.endTransaction(this.#transaction, 'commit'), [])
    }
    this.#transaction = null
    this.#inTransaction = false
  }

  async abortTransaction (): Promise<void> {
    this.#requireOpenTransaction('abort')
    this.#abortQuietly()
  }

  async close (): Promise<void> {
    if (this.#closed) return
    // A transaction left open could never commit; aborting it now, rather than after its timeout,
    // lets read_committed readers move on at once.
    if (this.#inTransaction) this.#abortQuietly()
    this.#closed = true
    this.#host.producerClosed(this)
  }

  #abortQuietly (): void {
    const transaction = this.#transaction
    this.#transaction = null
    this.#inTransaction = false
    if (transaction === null) return
    try {
      this.#host.appended(this.#host.store.endTransaction(transaction, 'abort'), [])
    } catch (error) {
      // Already aborted by its timeout or by a newer producer: nothing is left to abort.
      if (!(error instanceof TransactionGoneException)) throw error
    }
  }

  #prepare (record: OutgoingRecord, created: string[]): RecordToAppend {
    const { topic: name, key, value } = record
    validateTopicName(name)
    if (key !== null && !(key instanceof Uint8Array)) throw new ConnectException(`A record key must be bytes (Uint8Array) or null, not ${typeof key} (topic ${name})`)
    if (value !== null && !(value instanceof Uint8Array)) throw new ConnectException(`A record value must be bytes (Uint8Array) or null, not ${typeof value} (topic ${name})`)
    const topic = this.#topic(name, created)
    let partition = record.partition
    if (partition === null || partition === undefined) {
      partition = this.#partitioner.partition(name, key, topic.partitions)
    } else if (!Number.isInteger(partition) || partition < 0 || partition >= topic.partitions) {
      throw new ConnectException(`Invalid partition given with record: ${partition} is not in the range [0...${topic.partitions}).`)
    }
    if (topic.compact && key === null) {
      throw new ConnectException(`Compacted topic cannot accept message without key in topic partition ${name}-${partition}.`)
    }
    const timestamp = record.timestamp
    if (timestamp !== null && timestamp !== undefined && !(Number.isInteger(timestamp) && timestamp >= 0)) {
      throw new ConnectException(`Invalid timestamp: ${timestamp}. Timestamp should always be non-negative or null.`)
    }
    for (const header of record.headers ?? []) {
      if (typeof header[0] !== 'string' || (header[1] !== null && !(header[1] instanceof Uint8Array))) {
        throw new ConnectException(`A record header must be a string key and a bytes (Uint8Array) or null value (topic ${name})`)
      }
    }
    return {
      topic,
      partition,
      key,
      value,
      headers: encodeHeaders(record.headers),
      timestamp: topic.logAppendTime || timestamp === null || timestamp === undefined ? Date.now() : timestamp,
      timestampType: topic.logAppendTime ? 1 : 0,
    }
  }

  #topic (name: string, created: string[]): TopicInfo {
    const store = this.#host.store
    let topic = store.topic(name)
    if (topic === undefined) {
      if (store.createTopic(name, this.#host.defaultPartitions, {})) created.push(name)
      topic = store.topic(name)
      if (topic === undefined) throw new ConnectException(`Could not create topic ${name} in the embedded log`)
    }
    return topic
  }

  #requireTransactional (): string {
    if (this.#transactionalId === undefined) {
      throw new ConnectException(`Cannot use transactional methods without enabling transactions by setting the transactional.id configuration property (producer ${this.#clientId})`)
    }
    return this.#transactionalId
  }

  #requireOpenTransaction (what: 'commit' | 'abort'): void {
    const transactionalId = this.#requireTransactional()
    this.#checkOpen()
    if (!this.#inTransaction) throw new ConnectException(`Cannot ${what}: no transaction is open on the producer with transactional.id ${transactionalId}; call beginTransaction() first`)
  }

  #checkOpen (): void {
    if (this.#closed) throw new ConnectException(`Cannot use producer ${this.#clientId}: it is closed`)
  }
}
