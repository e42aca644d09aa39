// Runs a source task (Kafka's AbstractWorkerSourceTask and WorkerSourceTask): poll the task for a
// batch, (transform,) convert keys, values and headers, and hand the batch to the producer, which
// writes with acks=all. Source offsets are committed only for records Kafka acknowledged
// (SubmittedRecords), every offset.flush.interval.ms and when the task stops; then the task's
// commit() is called. In-flight work is bounded by bytes and records, so a slow broker slows
// polling instead of filling memory.
//
// Error handling (src/runtime/errors/): transformation and conversion run through the retry and
// tolerance operator; a record that fails is reported (log, and kconnect's source dead letter
// queue, whose write must be acknowledged before the record's offset counts as done) and skipped
// with errors.tolerance=all. A send that fails with a retriable error is retried, in order, within
// errors.retry.timeout (forever when unset); a RetriableException from poll() is retried after a
// growing backoff.
//
// Exactly-once support (KIP-618, Kafka's ExactlyOnceWorkerSourceTask; options.exactlyOnce): the
// producer is transactional, records and their source offsets are written in one transaction, and
// transactions end where transaction.boundary says (source-transactions.ts); the periodic offset
// commit is off, and a task that fails commits nothing more.

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
import { scrubbedError } from '../errors/error-reporter.ts'
import { failureSummary } from '../errors/error-summary.ts'
import { ProcessingContext } from '../errors/processing-context.ts'
import { RetryInterrupted, RetryScheduled } from '../errors/retry-with-tolerance-operator.ts'
import { SourceErrorHandling } from '../errors/task-error-handling.ts'
import type { TransformationStep } from '../errors/transformation-step.ts'
import type { TaskClassNames } from '../sink/worker-sink-task.ts'
import { messageOf } from '../stack-trace.ts'
import { taskIdText, type TaskStatusListener } from '../status-listener.ts'
import { closeConverters, type TaskConverters } from '../task-converters.ts'
import { WorkerTask } from '../worker-task.ts'
import { TransactionBoundaries, WorkerTransactionContext, type BoundaryAction, type ExactlyOnceSourceSettings } from './source-transactions.ts'
import { SubmittedRecords, type SubmittedRecord } from './submitted-records.ts'

const SEND_FAILED_BACKOFF_MS = 100
/** The longest delay a timer takes (a longer one fires at once). */
const MAX_TIMER_MS = 2147483647
/** The class Kafka names for produce failures. */
const WORKER_SOURCE_TASK_CLASS = 'org.apache.kafka.connect.runtime.WorkerSourceTask'
/** Kafka's producer buffer.memory default: the bytes a task may have in flight. */
const DEFAULT_MAX_IN_FLIGHT_BYTES = 33554432
/**
 * Records a task may have in flight, whatever their size. A record in flight is held as objects
 * (the SourceRecord, its converted bytes, the producer's message, its SubmittedRecord), ten times
 * its size on the wire or more, so the byte bound alone lets a slow broker hold hundreds of MiB.
 * 10000 is five polls of FileStreamSource's 2000 lines: the producer's five requests in flight.
 */
const DEFAULT_MAX_IN_FLIGHT_RECORDS = 10000

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
  /** Retries, tolerance, reporters and metrics; by default built from connectorConfig, with no dead letter queue. */
  readonly errorHandling?: SourceErrorHandling
  /** The configured transformations, in order (none by default). */
  readonly transformations?: ReadonlyArray<TransformationStep<SourceRecord>>
  /** Class names (Java's where they have one) for error reports: the task's and its converters'. */
  readonly classNames?: TaskClassNames
  /**
   * Runs the task with exactly-once support: `producer` is transactional (and the offset writer's
   * store writes through it), so records and offsets commit together.
   */
  readonly exactlyOnce?: ExactlyOnceSourceSettings & { readonly offsetsTopic: string }
  /** An offset store of the task's own (a connector's offsets topic): started before the task, stopped after it. */
  readonly ownOffsetStore?: { start (): Promise<void>, stop (): Promise<void> }
}

/** The state of a task running with exactly-once support. */
interface ExactlyOnceState {
  readonly settings: ExactlyOnceSourceSettings & { readonly offsetsTopic: string }
  readonly context: WorkerTransactionContext | null
  readonly boundaries: TransactionBoundaries
  /** Whether a transaction is open on the producer. */
  open: boolean
  /** Records written (or dropped) in the open transaction: commitRecord() is called once it commits. */
  committableRecords: Array<[SourceRecord, RecordMetadata | null]>
}

interface PreparedRecord {
  readonly source: SourceRecord
  readonly outgoing: OutgoingRecord
  readonly size: number
  readonly context: ProcessingContext<SourceRecord>
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
  readonly #errors: SourceErrorHandling
  readonly #transformations: ReadonlyArray<TransformationStep<SourceRecord>>
  readonly #classNames: TaskClassNames
  /** RetriableExceptions from poll() in a row, for the backoff. */
  #pollRetries = 0
  readonly #maxInFlightBytes: number
  readonly #maxInFlightRecords: number
  #toSend: SourceRecord[] | null = null
  #committable: Array<{ partition: OffsetMap | null, offset: OffsetMap | null }> = []
  #committableMessages = 0
  #producerSendError: unknown = null
  /** The first record whose send failed, for the failure's summary. */
  #producerSendFailedRecord: SourceRecord | null = null
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
  readonly #eos: ExactlyOnceState | null

  constructor (options: WorkerSourceTaskOptions) {
    super(options.id, options.listener, options.initialState, 'org.apache.kafka.connect.runtime.WorkerSourceTask')
    this.#task = options.task
    this.#options = options
    this.#errors = options.errorHandling ?? new SourceErrorHandling({ id: options.id, connectorConfig: options.connectorConfig }, options.converters)
    this.#transformations = options.transformations ?? []
    this.#classNames = options.classNames ?? {
      task: options.task.constructor.name,
      keyConverter: options.converters.key.constructor.name,
      valueConverter: options.converters.value.constructor.name,
      headerConverter: options.converters.header.constructor.name,
    }
    const bufferMemory = Number(options.workerConfig.clientConfigs('producer.')['buffer.memory'])
    this.#maxInFlightBytes = options.maxInFlightBytes ?? (Number.isFinite(bufferMemory) && bufferMemory > 0 ? bufferMemory : DEFAULT_MAX_IN_FLIGHT_BYTES)
    this.#maxInFlightRecords = options.maxInFlightRecords ?? DEFAULT_MAX_IN_FLIGHT_RECORDS
    const exactlyOnce = options.exactlyOnce
    if (exactlyOnce === undefined) {
      this.#eos = null
    } else {
      const context = exactlyOnce.boundary === 'connector' ? new WorkerTransactionContext() : null
      this.#eos = { settings: exactlyOnce, context, boundaries: new TransactionBoundaries(exactlyOnce.boundary, exactlyOnce.intervalMs, context), open: false, committableRecords: [] }
    }
  }

  /** The task's error metrics (task-error-metrics). */
  errorMetrics (): Record<string, number> {
    return this.#errors.metrics.snapshot()
  }

  protected async initializeAndStart (): Promise<void> {
    const context: SourceTaskContext = {
      configs: () => this.#options.latestTaskConfig(),
      offsetStorageReader: () => this.#options.offsetReader,
      transactionContext: () => this.#eos?.context ?? null,
    }
    await this.#options.ownOffsetStore?.start()
    await this.#errors.open()
    if (this.#eos !== null) {
      await this.#eos.settings.beforeProducer()
      // Initializing the transactional producer fences older ones with the same id; not worth doing when stopping already.
      if (this.isStopping()) return
      await this.#beginTransaction()
      await this.#eos.settings.afterProducer()
    }
    this.#started = true
    await this.runAsTask(async () => {
      this.#task.initialize(context)
      await this.#task.start({ ...this.#options.taskConfig })
    })
    this.log.info('{} Source task finished initialization and start', this.toString())
  }

  protected async execute (): Promise<void> {
    if (this.#eos === null) this.#scheduleCommits()
    else this.#eos.boundaries.initialize(Date.now())
    try {
      while (!this.isStopping()) {
        await this.yieldNow()
        this.#updateCommittableOffsets()
        if (this.shouldPause()) {
          // No transaction stays open while paused: it would time out, and the producer be fenced.
          if (this.#eos !== null) await this.#endTransaction(this.#eos.boundaries.forFinal(Date.now()))
          this.onPause()
          if (await this.awaitUnpause()) {
            this.#eos?.boundaries.initialize(Date.now())
            this.onResume()
          }
          continue
        }
        if (this.#toSend === null) {
          this.#maybeThrowProducerSendError()
          this.#toSend = await this.#poll()
          if (this.isStopping()) break
        }
        if (this.#toSend === null || this.#toSend.length === 0) {
          this.#toSend = null
          // An empty poll is a batch boundary too, as in Kafka: an interval boundary commits what waits.
          if (this.#eos !== null) await this.#endTransaction(this.#eos.boundaries.forBatch(Date.now()))
          // A task with nothing to return may return at once; let timers and I/O run.
          await new Promise(resolve => setImmediate(resolve))
          continue
        }
        try {
          if (!await this.#sendRecords()) await this.#sleep(SEND_FAILED_BACKOFF_MS)
          else if (this.#eos !== null && this.#toSend === null) await this.#endTransaction(this.#eos.boundaries.forBatch(Date.now()))
        } catch (error) {
          // Stopped while a record waited for its retry: the batch was not sent, its offsets stay.
          if (error instanceof RetryInterrupted && this.isStopping()) break
          throw error
        }
      }
    } catch (error) {
      if (this.isCancelled()) throw error
      try {
        // A failed exactly-once task commits nothing more: its open transaction is aborted when the producer closes.
        if (this.#eos === null) await this.#finalOffsetCommit()
      } catch (commitError) {
        this.log.error('Failed to commit offsets for already-failing task', commitError)
      }
      throw error
    }
    await this.#finalOffsetCommit()
  }

  protected override onStopRequested (): void {
    this.#errors.operator.triggerStop()
    // A poll that waits for data should end now (SourceTask.stop() may be called during poll()).
    if (this.#pollPending) this.#stopTask()
  }

  protected override onCancel (): void {
    this.#errors.operator.triggerStop()
    this.#options.offsetReader.close()
    void this.#options.producer.close().catch(() => {})
  }

  protected async close (): Promise<void> {
    if (this.#commitTimer !== null) clearInterval(this.#commitTimer)
    if (this.#started) await this.#stopTask()
    await this.closeQuietly('close the producer', () => this.#options.producer.close())
    this.#options.offsetReader.close()
    await this.closeQuietly('stop the offset store', () => this.#options.ownOffsetStore?.stop())
    await this.closeQuietly('close the error reporters', () => this.#errors.close())
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
      this.#pollRetries = 0
      return records ?? null
    } catch (error) {
      if (error instanceof RetriableException) {
        this.log.warn('{} failed to poll records from SourceTask. Will retry operation.', this.toString(), error)
        // Kafka polls again at once; a growing pause spares a source that is down (and the CPU).
        this.#errors.metrics.recordFailure()
        this.#errors.metrics.recordRetry()
        const delay = this.#errors.operator.delayFor(++this.#pollRetries, Infinity) ?? 0
        this.#pollPending = false
        await this.#sleep(delay)
        return null
      }
      if (this.isStopping()) throw error
      this.#errors.metrics.recordFailure()
      this.#errors.metrics.recordError()
      this.#errors.metrics.recordErrorTimestamp()
      const summary = failureSummary({ stage: 'TASK_POLL', executingClass: this.#classNames.task, id: this.id, coordinates: null, error })
      throw new ConnectException(`SourceTask.poll() failed: ${this.#errors.scrubber.scrub(summary)}`, { cause: scrubbedError(error, this.#errors.scrubber) })
    } finally {
      this.#pollPending = false
    }
  }

  /** Converts the batch in #toSend and queues it for the producer; resolves false to back off and try again. */
  async #sendRecords (): Promise<boolean> {
    const records = this.#toSend as SourceRecord[]
    let prepared: PreparedRecord[] = []
    // With connector-defined transaction boundaries, a transaction may end after any record: the
    // batch is sent in segments that end at those records.
    const segments: Array<{ records: PreparedRecord[], endsAt: SourceRecord }> = []
    const endSegmentAt = (record: SourceRecord): void => {
      if (this.#eos?.boundaries.mayEndAt(record) !== true) return
      segments.push({ records: prepared, endsAt: record })
      prepared = []
    }
    for (const record of records) {
      const context = new ProcessingContext(record)
      const reported: { promise: Promise<void> | null } = { promise: null }
      const onReported = (report: Promise<void>): void => { reported.promise = report }
      let outgoing: OutgoingRecord | null
      for (;;) {
        try {
          const transformed = this.#transform(context, record, onReported)
          outgoing = transformed === null ? null : this.#convert(context, transformed, onReported)
          break
        } catch (error) {
          if (!(error instanceof RetryScheduled)) throw error
          this.log.warn('{} Retriable failure processing a record of source partition {}; retrying in {} ms: {}',
            this.toString(), JSON.stringify(record.sourcePartition), error.delayMs, this.#errors.scrubber.scrub(messageOf(error.cause)))
          await this.#errors.operator.backoff(error)
        }
      }
      if (outgoing === null) {
        if (reported.promise !== null && this.#errors.hasDeadLetterQueue()) this.#doneWhenReported(record, reported.promise)
        else if (this.#eos !== null) this.#eos.committableRecords.push([record, null])
        else this.#commitTaskRecord(record, null)
        endSegmentAt(record)
        continue
      }
      if (this.#eos !== null && outgoing.topic === this.#eos.settings.offsetsTopic) {
        // Its offsets could never be read while its own transaction is open: the task would wait forever.
        throw new ConnectException('Source tasks may not produce to their own offsets topics when exactly-once support is enabled')
      }
      prepared.push({ source: record, outgoing, size: sizeOf(outgoing), context })
      endSegmentAt(record)
    }
    for (const segment of segments) {
      if (!await this.#queueRecords(segment.records)) return true
      await this.#endTransaction((this.#eos as ExactlyOnceState).boundaries.forRecord(segment.endsAt))
    }
    await this.#queueRecords(prepared)
    return true
  }

  /** Queues converted records for the producer once they fit in the in-flight bounds; false when stopping first. */
  async #queueRecords (prepared: PreparedRecord[]): Promise<boolean> {
    if (prepared.length === 0) {
      this.#toSend = null
      return true
    }
    await this.#createTopics(prepared)
    const batchBytes = prepared.reduce((sum, r) => sum + r.size, 0)
    if (!await this.#awaitCapacity(batchBytes, prepared.length)) return false
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
    this.#sendWithRetries(batch).then(
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

  /**
   * Sends a batch; a retriable failure is retried after a backoff (the batch goes again whole: at
   * least once, in order): until errors.retry.timeout has passed since the first one when it is
   * set, else for as long as it takes, as Kafka does for sends that fail before reaching a broker
   * (a broker away must not fail a task that Kafka would keep alive).
   */
  async #sendWithRetries (batch: readonly QueuedRecord[]): Promise<RecordMetadata[]> {
    const operator = this.#errors.operator
    let deadline: number | null = null
    for (let attempt = 1; ; attempt++) {
      try {
        if (this.#eos !== null) await this.#beginTransaction()
        return await this.#options.producer.send(batch.map(r => r.outgoing))
      } catch (error) {
        if (!(error instanceof RetriableException)) throw error
        if (operator.isStopping()) throw new RetryInterrupted(error)
        deadline ??= this.#errors.settings.retryTimeoutMs > 0 ? operator.retryDeadline() : Infinity
        const delay = operator.delayFor(attempt, deadline)
        if (delay === null) throw error
        this.#errors.metrics.recordFailure()
        this.#errors.metrics.recordRetry()
        this.log.warn('{} Failed to send {} records to {}; retrying in {} ms (errors.retry.timeout): {}',
          this.toString(), batch.length, batch[0]?.outgoing.topic, delay, messageOf(error))
        await operator.backoff(new RetryScheduled(delay, error))
      }
    }
  }

  /** Applies the transformations in order, each through the operator (stage TRANSFORMATION); null drops the record. */
  #transform (context: ProcessingContext<SourceRecord>, record: SourceRecord, onReported: (report: Promise<void>) => void): SourceRecord | null {
    let current: SourceRecord | null = record
    for (const step of this.#transformations) {
      const input: SourceRecord = current
      current = this.#errors.operator.execute(context, 'TRANSFORMATION', step.className, () => step.apply(input), onReported)
      if (current === null) return null
    }
    return current
  }

  /** The record as bytes for the producer, or null when a tolerated conversion error skips it. */
  #convert (context: ProcessingContext<SourceRecord>, record: SourceRecord, onReported: (report: Promise<void>) => void): OutgoingRecord | null {
    const { key: keyConverter, value: valueConverter, header: headerConverter } = this.#options.converters
    const operator = this.#errors.operator
    const names = this.#classNames
    const topic = record.topic
    const connectHeaders = record.headers
    const headers = operator.execute(context, 'HEADER_CONVERTER', names.headerConverter, () => {
      const converted: LogHeader[] = []
      for (const header of connectHeaders) converted.push([header.key, headerConverter.fromConnectHeader(topic, header.key, header.schema, header.value)])
      return converted
    }, onReported)
    const key = operator.execute(context, 'KEY_CONVERTER', names.keyConverter,
      () => keyConverter.fromConnectData(topic, record.keySchema, record.key, connectHeaders), onReported)
    const value = operator.execute(context, 'VALUE_CONVERTER', names.valueConverter,
      () => valueConverter.fromConnectData(topic, record.valueSchema, record.value, connectHeaders), onReported)
    if (headers === null || context.failed()) return null
    return { topic, partition: record.kafkaPartition, key, value, headers, timestamp: checkTimestamp(record.timestamp) }
  }

  /**
   * A record sent to the dead letter queue instead of its topic: its offset counts as done (it
   * is submitted and acknowledged) only once the queue acknowledged it; if that fails, the task fails.
   */
  #doneWhenReported (record: SourceRecord, report: Promise<void>): void {
    const submitted = this.#submitted.submit(record.sourcePartition, record.sourceOffset)
    report.then(() => {
      submitted.ack()
      this.#commitTaskRecord(record, null)
    }, error => {
      submitted.abandon()
      this.#producerSendError ??= error
      this.#producerSendFailedRecord ??= record
    })
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
      // Under a transaction, the record is committed only once its transaction is.
      if (this.#eos !== null) this.#eos.committableRecords.push([prepared[i].source, metadata[i] ?? null])
      else this.#commitTaskRecord(prepared[i].source, metadata[i] ?? null)
    }
    const track = this.#options.recordActiveTopic
    if (track !== null) {
      for (const topic of new Set(prepared.map(r => r.outgoing.topic))) track(topic)
    }
  }

  #sendFailed (prepared: readonly QueuedRecord[], error: unknown): void {
    if (error instanceof RetryInterrupted) {
      // Stopping while the send waited for a retry: not written, so not committed.
      this.log.info('{} Stopping before {} records could be sent again; they will be polled again after a restart', this.toString(), prepared.length)
      for (const record of prepared) record.submitted.abandon()
      return
    }
    if (this.#errors.settings.tolerance === 'all') {
      this.log.trace('Ignoring failed record send: {} failed to send record to {}: ', this.toString(), prepared[0]?.outgoing.topic, error)
      for (const record of prepared) {
        // Reported (log, source DLQ) as Kafka's executeFailed does; done once the report is stored.
        const report = this.#errors.operator.executeFailed(record.context, 'KAFKA_PRODUCE', WORKER_SOURCE_TASK_CLASS, error)
        report.then(() => {
          record.submitted.ack()
          this.#commitTaskRecord(record.source, null)
        }, reportError => {
          record.submitted.abandon()
          this.#producerSendError ??= reportError
          this.#producerSendFailedRecord ??= record.source
        })
      }
      return
    }
    this.log.error('{} failed to send {} records to {}: ', this.toString(), prepared.length, prepared[0]?.outgoing.topic, error)
    // Never acknowledged, so never committed; the final commit need not wait for them.
    for (const record of prepared) record.submitted.abandon()
    this.#errors.metrics.recordFailure()
    this.#errors.metrics.recordError()
    this.#errors.metrics.recordErrorTimestamp()
    this.#producerSendError ??= error
    this.#producerSendFailedRecord ??= prepared[0]?.source ?? null
  }

  #maybeThrowProducerSendError (): void {
    if (this.#producerSendError !== null) {
      const record = this.#producerSendFailedRecord
      const summary = failureSummary({
        stage: 'KAFKA_PRODUCE',
        executingClass: WORKER_SOURCE_TASK_CLASS,
        id: this.id,
        coordinates: record === null ? null : { kind: 'source', topic: record.topic, sourcePartition: record.sourcePartition, sourceOffset: record.sourceOffset },
        error: this.#producerSendError,
      })
      throw new ConnectException(`Unrecoverable exception from producer send callback: ${this.#errors.scrubber.scrub(summary)}`,
        { cause: scrubbedError(this.#producerSendError, this.#errors.scrubber) })
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
    if (this.#eos !== null) {
      await this.#endTransaction(this.#eos.boundaries.forFinal(Date.now()))
      return
    }
    if (this.#commitTimer !== null) clearInterval(this.#commitTimer)
    const allAcked = await this.#submitted.awaitAllMessages(this.#options.workerConfig.offsetCommitTimeoutMs())
    if (!allAcked) {
      this.log.warn('{} {} records were not acknowledged within offset.flush.timeout.ms; their offsets are not committed',
        this.toString(), this.#submitted.unackedCount())
    }
    await this.commitOffsets()
  }

  /** Opens a transaction on the task's transactional producer unless one is open. */
  async #beginTransaction (): Promise<void> {
    const eos = this.#eos as ExactlyOnceState
    if (eos.open) return
    await this.#options.producer.beginTransaction()
    eos.open = true
  }

  /**
   * Ends the open transaction at a boundary (Kafka's ExactlyOnceWorkerSourceTask.commitTransaction):
   * waits for the records in flight, aborts them if asked, writes the offsets of what was sent (or
   * aborted: those records are not polled again) through the transactional producer, and commits.
   * Then the task's commitRecord() and commit() are called. A failure fails the task.
   */
  async #endTransaction (action: BoundaryAction): Promise<void> {
    const eos = this.#eos as ExactlyOnceState
    if (action === 'none') return
    while (this.#sending || this.#queued.length > 0) {
      await new Promise<void>(resolve => this.#sendCompleted.push(resolve))
    }
    this.#maybeThrowProducerSendError()
    if (action === 'abort') {
      if (eos.open) {
        this.log.info('{} Aborting transaction as requested by connector', this.toString())
        await this.#options.producer.abortTransaction()
        eos.open = false
      } else {
        this.log.warn('Ignoring request by task to abort transaction as the current transaction is empty')
      }
    }
    this.#updateCommittableOffsets()
    const writer = this.#options.offsetWriter
    for (const { partition, offset } of this.#committable) writer.offset(partition, offset)
    this.#committable = []
    this.#committableMessages = 0
    const started = Date.now()
    if (eos.open || writer.hasPending()) {
      this.log.debug('{} Committing offsets', this.toString())
      try {
        await this.#beginTransaction()
        // offset.flush.timeout.ms does not apply under exactly-once: the producer's own timeouts bound the writes.
        await writer.flush(MAX_TIMER_MS)
        await this.#options.producer.commitTransaction()
        eos.open = false
      } catch (error) {
        throw new ConnectException(`Failed to flush offsets and/or records for task ${taskIdText(this.id)}`, { cause: error })
      }
      this.log.debug('{} Finished commitOffsets successfully in {} ms', this.toString(), Date.now() - started)
    }
    const committed = eos.committableRecords
    eos.committableRecords = []
    for (const [record, metadata] of committed) this.#commitTaskRecord(record, metadata)
    try {
      await this.runAsTask(async () => { await this.#task.commit() })
    } catch (error) {
      this.log.error('{} Exception thrown while calling task.commit()', this.toString(), error)
    }
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
