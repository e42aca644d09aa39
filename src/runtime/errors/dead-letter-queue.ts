// The dead letter queue topic of one task: created when missing (one partition, the configured
// replication factor, as Kafka's DeadLetterQueueReporter.createAndSetup does), written by a
// producer of its own. Writes queue up behind one request in flight, so a burst of bad records
// costs a few produce requests rather than one each, and they land in the order reported.

import { ConnectException } from '../../api/errors.ts'
import type { Log, LogProducer, OutgoingRecord } from '../../log/log.ts'
import type { Logger } from '../../logging/index.ts'
import { messageOf } from '../stack-trace.ts'
import type { ErrorHandlingMetrics } from './error-handling-metrics.ts'

/** Kafka creates dead letter queue topics with one partition. */
const DLQ_PARTITIONS = 1

/** What a dead letter queue is made of. */
export interface DeadLetterQueueOptions {
  readonly log: Log
  readonly topic: string
  /** errors.deadletterqueue.topic.replication.factor, for a topic that does not exist yet. */
  readonly replicationFactor: number
  /** The producer's settings (the task's producer settings: acks=all, overrides). */
  readonly producerConfig: Readonly<Record<string, string>>
  /** connector-dlq-producer-<connector>-<task>, as Kafka names it. */
  readonly clientId: string
  readonly metrics: ErrorHandlingMetrics
  readonly logger: Logger
}

interface Pending {
  readonly record: OutgoingRecord
  readonly resolve: () => void
  readonly reject: (error: unknown) => void
}

/** Writes records to a dead letter queue topic. */
export class DeadLetterQueue {
  readonly topic: string
  readonly #producer: LogProducer
  readonly #metrics: ErrorHandlingMetrics
  readonly #logger: Logger
  #queued: Pending[] = []
  #inFlight: Promise<void> | null = null
  #closed = false

  private constructor (options: DeadLetterQueueOptions, producer: LogProducer) {
    this.topic = options.topic
    this.#producer = producer
    this.#metrics = options.metrics
    this.#logger = options.logger
  }

  /** Creates the topic if needed and opens the producer; throws Kafka's ConnectException when it cannot. */
  static async open (options: DeadLetterQueueOptions): Promise<DeadLetterQueue> {
    const topic = options.topic
    try {
      const existing = await options.log.describeTopics([topic])
      if (!existing.has(topic)) {
        options.logger.error('Topic {} doesn\'t exist. Will attempt to create topic.', topic)
        await options.log.createTopics([{ name: topic, partitions: DLQ_PARTITIONS, replicationFactor: options.replicationFactor }])
      }
    } catch (error) {
      const hint = /replication/i.test(messageOf(error))
        ? ` (errors.deadletterqueue.topic.replication.factor is ${options.replicationFactor}; set it to at most the number of brokers, or create the topic beforehand)`
        : ''
      throw new ConnectException(`Could not initialize dead letter queue with topic=${topic}${hint}`, { cause: error })
    }
    const producer = options.log.createProducer({ clientId: options.clientId, config: options.producerConfig })
    return new DeadLetterQueue(options, producer)
  }

  /**
   * Appends `record` (its topic is replaced by the queue's). Resolves once the log acknowledged
   * it; rejects, after logging, when it could not be written.
   */
  write (record: OutgoingRecord): Promise<void> {
    this.#metrics.recordDeadLetterQueueProduceRequest()
    if (this.#closed) {
      this.#metrics.recordDeadLetterQueueProduceFailed()
      return Promise.reject(new ConnectException(`The dead letter queue ${this.topic} is closed; the record was not written`))
    }
    return new Promise<void>((resolve, reject) => {
      this.#queued.push({ record: { ...record, topic: this.topic }, resolve, reject })
      this.#pump()
    })
  }

  /** Waits for the writes queued so far, then closes the producer. */
  async close (): Promise<void> {
    this.#closed = true
    while (this.#inFlight !== null) await this.#inFlight
    await this.#producer.close()
  }

  #pump (): void {
    if (this.#inFlight !== null || this.#queued.length === 0) return
    const batch = this.#queued
    this.#queued = []
    this.#inFlight = (async () => {
      try {
        await this.#producer.send(batch.map(p => p.record))
        for (const pending of batch) pending.resolve()
      } catch (error) {
        this.#logger.error('Could not produce message to dead letter queue. topic={}', this.topic, error)
        for (const pending of batch) {
          this.#metrics.recordDeadLetterQueueProduceFailed()
          pending.reject(new ConnectException(`Could not write a record to the dead letter queue ${this.topic}`, { cause: error }))
        }
      } finally {
        this.#inFlight = null
        this.#pump()
      }
    })()
  }
}
