// Runs a source task (Kafka's AbstractWorkerSourceTask and WorkerSourceTask): poll the task for a
// batch, (transform,) convert keys, values and headers, and hand the batch to the producer, which
// writes with acks=all. Source offsets are committed only for records Kafka acknowledged
// (SubmittedRecords), every offset.flush.interval.ms and when the task stops; then the task's
// commit() is called. In-flight work is bounded by bytes and records, so a slow broker slows
// polling instead of filling memory.

import type { AbstractConfig } from '../../api/config/abstract-config.ts'
import { ConnectException, RetriableException } from '../../api/errors.ts'
import type { RecordMetadata } from '../../api/source/record-metadata.ts'
import type { SourceRecord } from '../../api/source/source-record.ts'
import type { SourceTask } from '../../api/source/source-task.ts'
import type { SourceTaskContext } from '../../api/source/source-task-context.ts'
import type { ConnectorTaskId, TargetState } from '../../herder/herder.ts'
import type { Log, LogHeader, LogProducer, OutgoingRecord } from '../../log/log.ts'
import type { OffsetStorageReaderImpl } from '../../storage/offset-storage-reader.ts'
import type { OffsetStorageWriter } from '../../storage/offset-storage-writer.ts'
import type { OffsetMap } from '../../storage/offset-utils.ts'
import type { TopicCreation } from '../config/topic-creation-config.ts'
import type { WorkerConfig } from '../config/worker-config.ts'
import { ErrorTolerance } from '../errors/error-tolerance.ts'
import { messageOf } from '../stack-trace.ts'
import type { TaskStatusListener } from '../status-listener.ts'
import { closeConverters, type TaskConverters } from '../task-converters.ts'
import { WorkerTask } from '../worker-task.ts'
import { SubmittedRecords, type SubmittedRecord } from './submitted-records.ts'

const SEND_FAILED_BACKOFF_MS = 100
/** Kafka's producer buffer.memory default: the bytes a task may have in flight. */
const DEFAULT_MAX_IN_FLIGHT_BYTES = 33554432
/** Records a task may have in flight, whatever their size. */
const DEFAULT_MAX_IN_FLIGHT_RECORDS = 100000

/** What a source task runner is made of; the worker builds it. */
export interface WorkerSourceTaskOptions {
  readonly id: ConnectorTaskId
  readonly task: SourceTask
  readonly taskConfig: Record<string, string>
  /** The task's latest configuration, for SourceTaskContext.configs(). */
  readonly latestTaskConfig: () => Record<string, string>
  readonly listener: TaskStatusListener
  readonly initialState: TargetState
  readonly workerConfig: WorkerConfig
  readonly connectorConfig: AbstractConfig
  readonly converters: TaskConverters
  readonly producer: LogProducer
  /** The log, for topic creation. */
  readonly log: Log
  readonly topicCreation: TopicCreation
  readonly offsetReader: OffsetStorageReaderImpl
  readonly offsetWriter: OffsetStorageWriter
  /** Called for each topic a record was written to, when topic tracking is on. */
  readonly recordActiveTopic: ((topic: string) => void) | null
  /** Bounds on in-flight work; Kafka's producer buffer.memory and 100000 records by default. */
  readonly maxInFlightBytes?: number
  readonly maxInFlightRecords?: number
}

interface PreparedRecord {
  readonly source: SourceRecord
  readonly outgoing: OutgoingRecord
  readonly size: number
}

/** A converted record waiting for (or in) a produce request. */
interface QueuedRecord extends PreparedRecord {
  readonly submitted: SubmittedRecord
}

/** Runs one source task. */
export class WorkerSourceTask extends WorkerTask {
  readonly #task: SourceTask
  readonly #options: WorkerSourceTaskOptions
  readonly #submitted = new SubmittedRecords()
  readonly #tolerance: ErrorTolerance
  readonly #maxInFlightBytes: number
  readonly #maxInFlightRecords: number
  #toSend: SourceRecord[] | null = null
  #committable: Array<{ partition: OffsetMap | null, offset: OffsetMap | null }> = []
  #committableMessages = 0
  #producerSendError: unknown = null
  #inFlightBytes = 0
  #inFlightRecords = 0
  #sendCompleted: Array<() => void> = []
  #queued: QueuedRecord[] = []
  #sending = false
  #started = false
  #taskStopped = false
  #pollPending = false
  #commitTimer: NodeJS.Timeout | null = null
  #committing: Promise<boolean> | null = null

  constructor (options: WorkerSourceTaskOptions) {
    super(options.id, options.listener, options.initialState, 'org.apache.kafka.connect.runtime.WorkerSourceTask')
    this.#task = options.task
    this.#options = options
    this.#tolerance = new ErrorTolerance(options.connectorConfig, this.log)
    const bufferMemory = Number(options.workerConfig.clientConfigs('producer.')['buffer.memory'])
    this.#maxInFlightBytes = options.maxInFlightBytes ?? (Number.isFinite(bufferMemory) && bufferMemory > 0 ? bufferMemory : DEFAULT_MAX_IN_FLIGHT_BYTES)
    this.#maxInFlightRecords = options.maxInFlightRecords ?? DEFAULT_MAX_IN_FLIGHT_RECORDS
  }

  protected async initializeAndStart (): Promise<void> {
    const context: SourceTaskContext = {
      configs: () => this.#options.latestTaskConfig(),
      offsetStorageReader: () => this.#options.offsetReader,
      transactionContext: () => null,
    }
    this.#started = true
    await this.runAsTask(async () => {
      this.#task.initialize(context)
      await this.#task.start({ ...this.#options.taskConfig })
    })
    this.log.info('{} Source task finished initialization and start', this.toString())
  }

  protected async execute (): Promise<void> {
    this.#scheduleCommits()
    try {
      while (!this.isStopping()) {
        await this.yieldNow()
        this.#updateCommittableOffsets()
        if (this.shouldPause()) {
          this.onPause()
          if (await this.awaitUnpause()) this.onResume()
          continue
        }
        if (this.#toSend === null) {
          this.#maybeThrowProducerSendError()
          this.#toSend = await this.#poll()
          if (this.isStopping()) break
        }
        if (this.#toSend === null || this.#toSend.length === 0) {
          this.#toSend = null
          // A task with nothing to return may return at once; let timers and I/O run.
          await new Promise(resolve => setImmediate(resolve))
          continue
        }
        if (!await this.#sendRecords()) await this.#sleep(SEND_FAILED_BACKOFF_MS)
      }
    } catch (error) {
      if (this.isCancelled()) throw error
      try {
        await this.#finalOffsetCommit()
      } catch (commitError) {
        this.log.error('Failed to commit offsets for already-failing task', commitError)
      }
      throw error
    }
    await this.#finalOffsetCommit()
  }

  protected override onStopRequested (): void {
    // A poll that waits for data should end now (SourceTask.stop() may be called during poll()).
    if (this.#pollPending) this.#stopTask()
  }

  protected override onCancel (): void {
    this.#options.offsetReader.close()
    void this.#options.producer.close().catch(() => {})
  }

  protected async close (): Promise<void> {
    if (this.#commitTimer !== null) clearInterval(this.#commitTimer)
    if (this.#started) await this.#stopTask()
    try {
      await this.#options.producer.close()
    } catch (error) {
      this.log.warn('Could not close the producer of {}: {}', this.toString(), messageOf(error))
    }
    this.#options.offsetReader.close()
    closeConverters(this.#options.converters)
  }

  /** Calls the task's stop() once. */
  async #stopTask (): Promise<void> {
    if (this.#taskStopped) return
    this.#taskStopped = true
    try {
      await this.runAsTask(async () => { await this.#task.stop() })
    } catch (error) {
      this.log.warn('Could not stop task', error)
    }
  }

  async #poll (): Promise<SourceRecord[] | null> {
    this.#pollPending = true
    try {
      const records = await this.runAsTask(async () => await this.#task.poll())
      if (records !== null && records !== undefined && !Array.isArray(records)) {
        throw new ConnectException(`${this.#task.constructor.name}.poll() must return an array of SourceRecords or null, not ${typeof records}`)
      }
      return records ?? null
    } catch (error) {
      if (error instanceof RetriableException) {
        this.log.warn('{} failed to poll records from SourceTask. Will retry operation.', this.toString(), error)
        return null
      }
      throw error
    } finally {
      this.#pollPending = false
    }
  }

  /** Converts the batch in #toSend and queues it for the producer; resolves false to back off and try again. */
  async #sendRecords (): Promise<boolean> {
    const records = this.#toSend as SourceRecord[]
    const prepared: PreparedRecord[] = []
    for (const record of records) {
      const transformed = this.#transform(record)
      const outgoing = transformed === null ? null : this.#convert(transformed)
      if (outgoing === null) {
        this.#commitTaskRecord(record, null)
        continue
      }
      prepared.push({ source: record, outgoing, size: sizeOf(outgoing) })
    }
    if (prepared.length === 0) {
      this.#toSend = null
      return true
    }
    await this.#createTopics(prepared)
    const batchBytes = prepared.reduce((sum, r) => sum + r.size, 0)
    if (!await this.#awaitCapacity(batchBytes, prepared.length)) return true
    this.#maybeThrowProducerSendError()
    this.#toSend = null
    this.#inFlightBytes += batchBytes
    this.#inFlightRecords += prepared.length
    for (const record of prepared) {
      this.#queued.push({ ...record, submitted: this.#submitted.submit(record.source.sourcePartition, record.source.sourceOffset) })
    }
    this.#pump()
    return true
  }

  /**
   * Sends what is queued, as one request, when no request is in flight. One request at a time
   * keeps records in order across batches even when a send is retried (Kafka's
   * max.in.flight.requests.per.connection=1 for Connect's producers); what is polled meanwhile
   * queues up and goes with the next request, so throughput does not depend on batch sizes.
   */
  #pump (): void {
    if (this.#sending || this.#queued.length === 0) return
    const batch = this.#queued
    this.#queued = []
    this.#sending = true
    let sending: Promise<RecordMetadata[]>
    try {
      sending = this.#options.producer.send(batch.map(r => r.outgoing))
    } catch (error) {
      sending = Promise.reject(error)
    }
    sending.then(
      metadata => this.#sent(batch, metadata),
      error => this.#sendFailed(batch, error),
    ).finally(() => {
      this.#sending = false
      for (const record of batch) {
        this.#inFlightBytes -= record.size
        this.#inFlightRecords--
      }
      const waiting = this.#sendCompleted
      this.#sendCompleted = []
      for (const wake of waiting) wake()
      this.#pump()
    })
  }

  /** The transformation chain's seam (transforms arrive with their own issue): records pass unchanged. */
  #transform (record: SourceRecord): SourceRecord | null {
    return record
  }

  /** The record as bytes for the producer, or null when a tolerated conversion error skips it. */
  #convert (record: SourceRecord): OutgoingRecord | null {
    const { key: keyConverter, value: valueConverter, header: headerConverter } = this.#options.converters
    const topic = record.topic
    let headers: LogHeader[]
    try {
      headers = []
      for (const header of record.headers) {
        headers.push([header.key, headerConverter.fromConnectHeader(topic, header.key, header.schema, header.value)])
      }
    } catch (error) {
      this.#tolerance.failed('HEADER_CONVERTER', headerConverter.constructor.name, error, () => record.toString())
      return null
    }
    const connectHeaders = record.headers
    let key: Uint8Array | null
    try {
      key = keyConverter.fromConnectData(topic, record.keySchema, record.key, connectHeaders)
    } catch (error) {
      this.#tolerance.failed('KEY_CONVERTER', keyConverter.constructor.name, error, () => record.toString())
      return null
    }
    let value: Uint8Array | null
    try {
      value = valueConverter.fromConnectData(topic, record.valueSchema, record.value, connectHeaders)
    } catch (error) {
      this.#tolerance.failed('VALUE_CONVERTER', valueConverter.constructor.name, error, () => record.toString())
      return null
    }
    return { topic, partition: record.kafkaPartition, key, value, headers, timestamp: checkTimestamp(record.timestamp) }
  }

  /** Creates, once per topic, the topics of this batch that do not exist yet (KIP-158). */
  async #createTopics (prepared: readonly PreparedRecord[]): Promise<void> {
    const creation = this.#options.topicCreation
    const topics = [...new Set(prepared.map(r => r.outgoing.topic))].filter(t => creation.isTopicCreationRequired(t))
    for (const topic of topics) {
      this.log.info('The task will send records to topic \'{}\' for the first time. Checking whether topic exists', topic)
      const existing = await this.#options.log.describeTopics([topic])
      if (existing.has(topic)) {
        this.log.info('Topic \'{}\' already exists.', topic)
        creation.addTopic(topic)
        continue
      }
      const group = creation.findFirstGroup(topic)
      const newTopic = group.newTopic(topic)
      this.log.info('Creating topic \'{}\'', topic)
      const created = await this.#options.log.createTopics([newTopic])
      if (created.includes(topic) || (await this.#options.log.describeTopics([topic])).has(topic)) {
        creation.addTopic(topic)
        this.log.info('Created topic \'{}\' using creation group {}', topic, group.toString())
      } else {
        throw new ConnectException(`Task failed to create new topic ${JSON.stringify(newTopic)}. Ensure that the task is authorized to ` +
          'create topics or that the topic exists and restart the task')
      }
    }
  }

  /** Waits until the batch fits in the in-flight bounds (an empty pipeline always takes it); false when stopping. */
  async #awaitCapacity (bytes: number, records: number): Promise<boolean> {
    while (this.#inFlightRecords > 0 &&
      (this.#inFlightBytes + bytes > this.#maxInFlightBytes || this.#inFlightRecords + records > this.#maxInFlightRecords)) {
      if (this.isStopping()) return false
      await this.untilStateChange(new Promise<void>(resolve => this.#sendCompleted.push(resolve)))
    }
    return !this.isStopping()
  }

  #sent (prepared: readonly QueuedRecord[], metadata: readonly RecordMetadata[]): void {
    for (let i = 0; i < prepared.length; i++) {
      prepared[i].submitted.ack()
      this.#commitTaskRecord(prepared[i].source, metadata[i] ?? null)
    }
    const track = this.#options.recordActiveTopic
    if (track !== null) {
      for (const topic of new Set(prepared.map(r => r.outgoing.topic))) track(topic)
    }
  }

  #sendFailed (prepared: readonly QueuedRecord[], error: unknown): void {
    if (this.#tolerance.toleratesAll) {
      this.log.trace('Ignoring failed record send: {} failed to send record to {}: ', this.toString(), prepared[0]?.outgoing.topic, error)
      for (const record of prepared) {
        record.submitted.ack()
        this.#commitTaskRecord(record.source, null)
      }
      return
    }
    this.log.error('{} failed to send {} records to {}: ', this.toString(), prepared.length, prepared[0]?.outgoing.topic, error)
    // Never acknowledged, so never committed; the final commit need not wait for them.
    for (const record of prepared) record.submitted.abandon()
    this.#producerSendError ??= error
  }

  #maybeThrowProducerSendError (): void {
    if (this.#producerSendError !== null) {
      throw new ConnectException('Unrecoverable exception from producer send callback', { cause: this.#producerSendError })
    }
  }

  #commitTaskRecord (record: SourceRecord, metadata: RecordMetadata | null): void {
    try {
      const result = this.runAsTask(() => this.#task.commitRecord(record, metadata))
      if (result instanceof Promise) {
        result.catch(error => this.log.error('{} Exception thrown while calling task.commitRecord()', this.toString(), error))
      }
    } catch (error) {
      this.log.error('{} Exception thrown while calling task.commitRecord()', this.toString(), error)
    }
  }

  #updateCommittableOffsets (): void {
    const committable = this.#submitted.committableOffsets()
    if (committable.offsets.length > 0) this.#committable.push(...committable.offsets)
    this.#committableMessages += committable.committableMessages
  }

  #scheduleCommits (): void {
    const interval = this.#options.workerConfig.offsetCommitIntervalMs()
    this.#commitTimer = setInterval(() => {
      if (this.isFailed() || this.isStopping() || this.#committing !== null) return
      void this.commitOffsets()
    }, Math.max(1, interval))
    this.#commitTimer.unref()
  }

  /**
   * Writes the offsets of acknowledged records to the offset store and then calls the task's
   * commit(). Resolves whether the offsets were written (a failed write keeps them for the next commit).
   */
  commitOffsets (): Promise<boolean> {
    const run = (this.#committing ?? Promise.resolve(true)).then(() => this.#commitOffsets())
    const tracked = run.finally(() => { if (this.#committing === tracked) this.#committing = null })
    this.#committing = tracked
    return tracked
  }

  async #commitOffsets (): Promise<boolean> {
    this.#updateCommittableOffsets()
    const toCommit = this.#committable
    const messages = this.#committableMessages
    this.#committable = []
    this.#committableMessages = 0
    const writer = this.#options.offsetWriter
    for (const { partition, offset } of toCommit) writer.offset(partition, offset)
    if (messages > 0) this.log.info('{} Committing offsets for {} acknowledged messages', this.toString(), messages)
    try {
      await writer.flush(this.#options.workerConfig.offsetCommitTimeoutMs())
    } catch (error) {
      this.log.error('{} Failed to flush offsets to storage: ', this.toString(), error)
      return false
    }
    try {
      await this.runAsTask(async () => { await this.#task.commit() })
    } catch (error) {
      this.log.error('{} Exception thrown while calling task.commit()', this.toString(), error)
    }
    return true
  }

  async #finalOffsetCommit (): Promise<void> {
    if (this.#commitTimer !== null) clearInterval(this.#commitTimer)
    const allAcked = await this.#submitted.awaitAllMessages(this.#options.workerConfig.offsetCommitTimeoutMs())
    if (!allAcked) {
      this.log.warn('{} {} records were not acknowledged within offset.flush.timeout.ms; their offsets are not committed',
        this.toString(), this.#submitted.unackedCount())
    }
    await this.commitOffsets()
  }

  async #sleep (ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    await this.untilStateChange(new Promise(resolve => { timer = setTimeout(resolve, ms) }))
    clearTimeout(timer)
  }

  override toString (): string {
    return `WorkerSourceTask{id=${this.id.connector}-${this.id.task}}`
  }
}

/** A record's timestamp for Kafka: null stays null (now), negative ones are refused (Kafka's checkAndConvertTimestamp). */
function checkTimestamp (timestamp: number | null): number | null {
  if (timestamp === null || timestamp >= 0) return timestamp
  if (timestamp === -1) return null
  throw new ConnectException(`Invalid record timestamp ${timestamp}`)
}

/** Bytes a record holds in flight, about what the producer buffers for it. */
function sizeOf (record: OutgoingRecord): number {
  let size = 70 + record.topic.length + (record.key?.length ?? 0) + (record.value?.length ?? 0)
  for (const [key, value] of record.headers ?? []) size += key.length + (value?.length ?? 0) + 8
  return size
}
