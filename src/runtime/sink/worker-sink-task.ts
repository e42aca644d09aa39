// Runs a sink task (Kafka's WorkerSinkTask): a consumer in group connect-<name> reads `topics` or
// `topics.regex`; each batch is converted (key, value, headers) to SinkRecords and given to put();
// every offset.flush.interval.ms, preCommit() says which offsets are safe and those are committed.
// Partition assignment drives open() and close(), committing offsets for revoked partitions
// first. A RetriableException from put() pauses every partition and retries the same batch (after
// the task's context.timeout(), else after a backoff growing up to errors.retry.delay.max.ms).
//
// Error handling (src/runtime/errors/): conversion and transformation run through the retry and
// tolerance operator; records that fail are reported (log, dead letter queue) and skipped with
// errors.tolerance=all. A batch put() rejects is, with errors.tolerance=all, narrowed down to the
// records that fail on their own (batch-narrowing.ts); otherwise it fails the task. Offsets of a
// partition are committed only once its reports (DLQ writes) are stored.

import type { AbstractConfig } from '../../api/config/abstract-config.ts'
import { ConnectException, RetriableException } from '../../api/errors.ts'
import type { SchemaAndValue } from '../../api/data/schema-and-value.ts'
import { ConnectHeaders } from '../../api/header/headers.ts'
import { OffsetAndMetadata } from '../../api/sink/offset-and-metadata.ts'
import type { SinkRecord } from '../../api/sink/sink-record.ts'
import type { SinkTask } from '../../api/sink/sink-task.ts'
import { TopicPartition, TopicPartitionMap, type TopicPartitionLike } from '../../api/sink/topic-partition.ts'
import type { ConnectorTaskId, TargetState } from '../../herder/herder.ts'
import type { IncomingRecord, LogConsumer } from '../../log/log.ts'
import { ensureValidSinkTopics, parseTopicsList, TOPICS_REGEX_CONFIG } from '../config/connector-config.ts'
import { compileJavaRegex } from '../config/java-regex.ts'
import type { WorkerConfig } from '../config/worker-config.ts'
import { BatchDelivery, MAX_CONSECUTIVE_REJECTED_RECORDS } from '../errors/batch-narrowing.ts'
import { scrubbedError } from '../errors/error-reporter.ts'
import { failureSummary, offsetRanges } from '../errors/error-summary.ts'
import { PendingReports } from '../errors/pending-reports.ts'
import { ProcessingContext } from '../errors/processing-context.ts'
import { RetryInterrupted, RetryScheduled } from '../errors/retry-with-tolerance-operator.ts'
import type { Stage } from '../errors/stage.ts'
import { SinkErrorHandling } from '../errors/task-error-handling.ts'
import type { TransformationStep } from '../errors/transformation-step.ts'
import { WorkerErrantRecordReporter } from '../errors/worker-errant-record-reporter.ts'
import { messageOf } from '../stack-trace.ts'
import type { TaskStatusListener } from '../status-listener.ts'
import { closeConverters, type TaskConverters } from '../task-converters.ts'
import { WorkerTask } from '../worker-task.ts'
import { consumedRecordOf, InternalSinkRecord } from './internal-sink-record.ts'
import { WorkerSinkTaskContext } from './worker-sink-task-context.ts'

/** What a sink task runner is made of; the worker builds it. */
export interface WorkerSinkTaskOptions {
  readonly id: ConnectorTaskId
  readonly task: SinkTask
  readonly taskConfig: Record<string, string>
  readonly latestTaskConfig: () => Record<string, string>
  readonly listener: TaskStatusListener
  readonly initialState: TargetState
  readonly workerConfig: WorkerConfig
  readonly connectorConfig: AbstractConfig
  readonly converters: TaskConverters
  readonly consumer: LogConsumer
  /** Called for each topic a record was read from, when topic tracking is on. */
  readonly recordActiveTopic: ((topic: string) => void) | null
  /** Retries, tolerance, reporters and metrics; by default built from connectorConfig, with no dead letter queue. */
  readonly errorHandling?: SinkErrorHandling
  /** The configured transformations, in order (none by default). */
  readonly transformations?: ReadonlyArray<TransformationStep<SinkRecord>>
  /** Class names (Java's where they have one) for error reports: the task's and its converters'. */
  readonly classNames?: TaskClassNames
}

/** The classes error reports name. */
export interface TaskClassNames {
  readonly task: string
  readonly keyConverter: string
  readonly valueConverter: string
  readonly headerConverter: string
}

/** Runs one sink task. */
export class WorkerSinkTask extends WorkerTask {
  readonly #task: SinkTask
  readonly #options: WorkerSinkTaskOptions
  readonly #consumer: LogConsumer
  readonly #context: WorkerSinkTaskContext
  readonly #errors: SinkErrorHandling
  readonly #errantRecordReporter: WorkerErrantRecordReporter | null
  readonly #pendingReports = new PendingReports()
  readonly #transformations: ReadonlyArray<TransformationStep<SinkRecord>>
  readonly #classNames: TaskClassNames
  /** Converted records not yet accepted by put(), and how far their delivery got. */
  #delivery = new BatchDelivery<SinkRecord>([])
  /** Records put() rejected on their own in a row, with no put() accepting anything since. */
  #consecutiveRejected = 0
  /** RetriableExceptions from put() in a row, for the backoff. */
  #putRetries = 0
  /** The wait before redelivering a batch after a RetriableException, when the task set no timeout. */
  #redeliveryBackoffMs: number | null = null
  /** Offsets (next to read) the last commit wrote, per partition. */
  readonly #lastCommitted = new TopicPartitionMap<bigint>()
  /** Offsets (next to read) of what put() accepted, per partition. */
  readonly #current = new TopicPartitionMap<bigint>()
  /** Offsets (next to read) of what the current batch holds, per partition. */
  readonly #original = new TopicPartitionMap<bigint>()
  #rebalanceError: unknown = null
  #nextCommit: number
  #committing = false
  #commitFailures = 0
  #pausedForRedelivery = false
  #pausedByTargetState = false
  #started = false
  #taskStopped = false
  /** The topic last noted active in this poll's conversion. */
  #activeTopicNoted: string | null = null

  constructor (options: WorkerSinkTaskOptions) {
    super(options.id, options.listener, options.initialState, 'org.apache.kafka.connect.runtime.WorkerSinkTask')
    this.#task = options.task
    this.#options = options
    this.#consumer = options.consumer
    this.#errors = options.errorHandling ?? new SinkErrorHandling({ id: options.id, connectorConfig: options.connectorConfig })
    this.#transformations = options.transformations ?? []
    this.#classNames = options.classNames ?? {
      task: options.task.constructor.name,
      keyConverter: options.converters.key.constructor.name,
      valueConverter: options.converters.value.constructor.name,
      headerConverter: options.converters.header.constructor.name,
    }
    this.#errantRecordReporter = this.#errors.errantRecordReporterEnabled()
      ? new WorkerErrantRecordReporter({
        operator: this.#errors.operator,
        originalOf: consumedRecordOf,
        converters: options.converters,
        pending: this.#pendingReports,
      })
      : null
    this.#nextCommit = Date.now() + options.workerConfig.offsetCommitIntervalMs()
    this.#context = new WorkerSinkTaskContext({
      consumer: this.#consumer,
      shouldPause: () => this.shouldPause(),
      latestTaskConfig: () => options.latestTaskConfig(),
      errantRecordReporter: this.#errantRecordReporter,
    })
  }

  /** The task's error metrics (task-error-metrics). */
  errorMetrics (): Record<string, number> {
    return this.#errors.metrics.snapshot()
  }

  /** Commits that failed in a row. */
  commitFailures (): number {
    return this.#commitFailures
  }

  protected async initializeAndStart (): Promise<void> {
    const taskConfig = this.#options.taskConfig
    ensureValidSinkTopics(taskConfig)
    const listener = {
      onPartitionsAssigned: (partitions: TopicPartition[]) => this.#onPartitionsAssigned(partitions),
      onPartitionsRevoked: (partitions: TopicPartition[]) => this.#onPartitionsRevoked(partitions),
    }
    const topics = parseTopicsList(taskConfig)
    if (topics.length > 0) {
      this.#consumer.subscribe(topics, listener)
      this.log.debug('{} Initializing and starting task for topics {}', this.toString(), topics.join(', '))
    } else {
      const regex = taskConfig[TOPICS_REGEX_CONFIG]
      this.#consumer.subscribe(compileJavaRegex(regex), listener)
      this.log.debug('{} Initializing and starting task for topics regex {}', this.toString(), regex)
    }
    await this.#errors.open()
    this.#started = true
    await this.runAsTask(async () => {
      this.#task.initialize(this.#context)
      await this.#task.start({ ...taskConfig })
    })
    this.log.info('{} Sink task finished initialization and start', this.toString())
  }

  protected async execute (): Promise<void> {
    this.log.info('{} Executing sink task', this.toString())
    try {
      while (!this.isStopping()) {
        await this.yieldNow()
        try {
          await this.#iteration()
        } catch (error) {
          // Stopped while a record waited for its retry: it was not processed, nor committed.
          if (error instanceof RetryInterrupted && this.isStopping()) break
          throw error
        }
      }
    } finally {
      // Commit what was processed and let the task close its partitions, even after a failure.
      await this.#closePartitions([...this.#current.keys()])
    }
  }

  protected override onStopRequested (): void {
    this.#errors.operator.triggerStop()
    this.#consumer.wakeup()
  }

  protected override onTargetStateChanged (): void {
    this.#consumer.wakeup()
  }

  protected async close (): Promise<void> {
    if (this.#started) {
      try {
        await this.runAsTask(async () => { await this.#task.stop() })
      } catch (error) {
        this.log.warn('Could not stop task', error)
      }
    }
    this.#taskStopped = true
    await this.closeQuietly('close the consumer', () => this.#consumer.close())
    await this.closeQuietly('close the error reporters', () => this.#errors.close())
    closeConverters(this.#options.converters)
  }

  async #iteration (): Promise<void> {
    const interval = this.#options.workerConfig.offsetCommitIntervalMs()
    const now = Date.now()
    if (!this.#committing && (this.#context.isCommitRequested() || now >= this.#nextCommit)) {
      await this.#commitOffsets(false, this.#consumer.assignment())
      this.#nextCommit = now + interval
      this.#context.clearCommitRequest()
    }
    await this.#poll(Math.max(this.#nextCommit - now, 0))
    if (this.isStopping()) return
    if (this.shouldPause()) {
      if (!this.#pausedByTargetState) {
        this.#pausedByTargetState = true
        this.#pauseAll()
        this.onPause()
        this.#context.requestCommit()
      }
    } else if (this.#pausedByTargetState) {
      this.#pausedByTargetState = false
      if (!this.#pausedForRedelivery) this.#resumeAll()
      this.onResume()
    }
  }

  async #poll (timeoutMs: number): Promise<void> {
    this.#rewind()
    const retryTimeout = this.#context.retryTimeout()
    if (retryTimeout > 0) {
      timeoutMs = Math.min(timeoutMs, retryTimeout)
      this.#context.clearTimeout()
    } else if (this.#pausedForRedelivery && this.#redeliveryBackoffMs !== null) {
      timeoutMs = Math.min(timeoutMs, this.#redeliveryBackoffMs)
    }
    const records = await this.#consumer.poll(timeoutMs)
    if (this.#rebalanceError !== null) {
      const error = this.#rebalanceError
      this.#rebalanceError = null
      throw error
    }
    await this.#convertMessages(records)
    await this.#deliverMessages()
  }

  async #convertMessages (records: readonly IncomingRecord[]): Promise<void> {
    const converted: SinkRecord[] = []
    // The next offset of each partition is noted once per run of its records rather than per record
    // (a TopicPartitionMap entry is a key string and two objects): the records of a poll come
    // partition by partition, in order, so the last converted record of a run gives the offset.
    let lastConverted: IncomingRecord | null = null
    // Active topics are noted once per topic and poll, not per record (each note is a status store lookup).
    this.#activeTopicNoted = null
    try {
      for (const record of records) {
        if (lastConverted !== null && (lastConverted.partition !== record.partition || lastConverted.topic !== record.topic)) {
          this.#original.set(lastConverted, lastConverted.offset + 1n)
          lastConverted = null
        }
        // A record that converts and transforms cleanly (nearly all) needs none of the operator's
        // bookkeeping; its ProcessingContext is made when a stage fails, and the operator then takes
        // the failure as if it had run that stage (retry, tolerance, reports, metrics alike).
        let context: ProcessingContext<IncomingRecord> | null = null
        let sinkRecord: SinkRecord | null
        for (;;) {
          try {
            if (context !== null) {
              sinkRecord = this.#convertAndTransform(context, record)
            } else {
              try {
                sinkRecord = this.#convertAndTransformUnguarded(record)
              } catch (error) {
                if (!(error instanceof StageFailure)) throw error
                context = new ProcessingContext(record)
                sinkRecord = this.#errors.operator.execute(context, error.stage, error.executingClass, error.rethrow, this.#holdOffsetsFor(record))
              }
            }
            break
          } catch (error) {
            if (!(error instanceof RetryScheduled)) throw error
            this.log.warn('{} Retriable failure converting the record at topic \'{}\', partition {}, offset {}; retrying in {} ms: {}',
              this.toString(), record.topic, record.partition, record.offset, error.delayMs, this.#scrubbed(error.cause))
            // Whatever runs during the backoff sees the offsets noted so far, as when they were noted per record.
            if (lastConverted !== null) this.#original.set(lastConverted, lastConverted.offset + 1n)
            lastConverted = null
            await this.#errors.operator.backoff(error)
          }
        }
        lastConverted = record
        if (sinkRecord !== null) {
          converted.push(sinkRecord)
        } else if (context?.failed() === true) {
          this.log.trace('{} Dropping the record at topic \'{}\', partition {}, offset {}: it failed and errors.tolerance=all',
            this.toString(), record.topic, record.partition, record.offset)
        }
      }
    } finally {
      if (lastConverted !== null) this.#original.set(lastConverted, lastConverted.offset + 1n)
    }
    this.#delivery.append(converted)
  }

  /**
   * #convertAndTransform without the operator: the same stages in the same order, each failure
   * thrown as a StageFailure naming its stage and class, for the operator to take over.
   */
  #convertAndTransformUnguarded (record: IncomingRecord): SinkRecord | null {
    const converters = this.#options.converters
    const names = this.#classNames
    const topic = record.topic
    let headers: ConnectHeaders
    try {
      headers = this.#convertHeaders(record)
    } catch (error) {
      throw new StageFailure('HEADER_CONVERTER', names.headerConverter, error)
    }
    let key: SchemaAndValue | null
    try {
      key = converters.key.toConnectData(topic, record.key, headers)
    } catch (error) {
      throw new StageFailure('KEY_CONVERTER', names.keyConverter, error)
    }
    let value: SchemaAndValue | null
    try {
      value = converters.value.toConnectData(topic, record.value, headers)
    } catch (error) {
      throw new StageFailure('VALUE_CONVERTER', names.valueConverter, error)
    }
    if (key === null || value === null) return null
    const sinkRecord = this.#sinkRecord(record, key, value, headers)
    if (this.#activeTopicNoted !== topic) {
      this.#options.recordActiveTopic?.(topic)
      this.#activeTopicNoted = topic
    }
    const steps = this.#transformations
    if (steps.length === 0) return sinkRecord
    let current: SinkRecord | null = sinkRecord
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]
      try {
        current = step.apply(current)
      } catch (error) {
        throw new StageFailure('TRANSFORMATION', step.className, error)
      }
      if (current === null) return null
    }
    return InternalSinkRecord.wrap(current, record)
  }

  /** The record's headers, converted by the header converter. */
  #convertHeaders (record: IncomingRecord): ConnectHeaders {
    const converted = new ConnectHeaders()
    const headerConverter = this.#options.converters.header
    for (const [headerKey, headerValue] of record.headers) converted.add(headerKey, headerConverter.toConnectHeader(record.topic, headerKey, headerValue))
    return converted
  }

  /** The record put() receives, before transformations; it carries the consumed record for reports about it. */
  #sinkRecord (record: IncomingRecord, key: SchemaAndValue, value: SchemaAndValue, headers: ConnectHeaders): InternalSinkRecord {
    return new InternalSinkRecord({
      topic: record.topic,
      kafkaPartition: record.partition,
      keySchema: key.schema,
      key: key.value,
      valueSchema: value.schema,
      value: value.value,
      kafkaOffset: record.offset,
      timestamp: record.timestamp >= 0 ? record.timestamp : null,
      timestampType: record.timestampType,
      headers,
    }, record)
  }

  /** Reports (DLQ writes) hold their partition's offsets back until they are stored. */
  #holdOffsetsFor (record: IncomingRecord): (report: Promise<void>) => void {
    return report => this.#pendingReports.add({ topic: record.topic, partition: record.partition }, report)
  }

  #convertAndTransform (context: ProcessingContext<IncomingRecord>, record: IncomingRecord): SinkRecord | null {
    const { key: keyConverter, value: valueConverter } = this.#options.converters
    const operator = this.#errors.operator
    const names = this.#classNames
    const onReported = this.#holdOffsetsFor(record)
    // Headers first, so that converters reading them see them converted.
    const headers = operator.execute(context, 'HEADER_CONVERTER', names.headerConverter, () => this.#convertHeaders(record), onReported)
    const key = operator.execute(context, 'KEY_CONVERTER', names.keyConverter,
      () => keyConverter.toConnectData(record.topic, record.key, headers ?? undefined), onReported)
    const value = operator.execute(context, 'VALUE_CONVERTER', names.valueConverter,
      () => valueConverter.toConnectData(record.topic, record.value, headers ?? undefined), onReported)
    if (key === null || value === null || headers === null || context.failed()) return null
    const sinkRecord = this.#sinkRecord(record, key, value, headers)
    this.#options.recordActiveTopic?.(record.topic)
    return this.#transform(context, sinkRecord, onReported)
  }

  /** Applies the transformations in order, each through the operator (stage TRANSFORMATION); null drops the record. */
  #transform (context: ProcessingContext<IncomingRecord>, record: SinkRecord, onReported: (report: Promise<void>) => void): SinkRecord | null {
    let current: SinkRecord | null = record
    for (const step of this.#transformations) {
      const input: SinkRecord = current
      current = this.#errors.operator.execute(context, 'TRANSFORMATION', step.className, () => step.apply(input), onReported)
      if (current === null) return null
    }
    return InternalSinkRecord.wrap(current, context.original)
  }

  /**
   * Gives the batch to put(). A RetriableException keeps it for another try (every partition
   * paused meanwhile); with errors.tolerance=all another failure narrows it down to the records
   * that fail alone, which are reported and skipped; otherwise the task fails.
   */
  async #deliverMessages (): Promise<void> {
    const delivery = this.#delivery
    do {
      const segment = delivery.current
      try {
        await this.runAsTask(async () => { await this.#task.put([...segment]) })
        this.#errantRecordReporter?.maybeThrowAsyncError()
      } catch (error) {
        if (error instanceof RetriableException) {
          this.#retryLater(error)
          return
        }
        this.#putRejected(segment, error)
        continue
      }
      delivery.accepted()
      if (segment.length > 0) this.#consecutiveRejected = 0
    } while (!delivery.done)
    this.#putRetries = 0
    this.#redeliveryBackoffMs = null
    for (const [tp, offset] of this.#original) this.#current.set(tp, offset)
    this.#original.clear()
    this.#delivery = new BatchDelivery<SinkRecord>([])
    if (this.#pausedForRedelivery) {
      if (!this.shouldPause()) this.#resumeAll()
      this.#pausedForRedelivery = false
    }
  }

  /** After a RetriableException from put(): pause every partition, poll on (for the group's sake), retry after a backoff. */
  #retryLater (error: RetriableException): void {
    this.log.error('{} RetriableException from SinkTask:', this.toString(), scrubbedError(error, this.#errors.scrubber))
    this.#errors.metrics.recordFailure()
    this.#errors.metrics.recordRetry()
    this.#putRetries++
    this.#redeliveryBackoffMs = this.#errors.operator.delayFor(this.#putRetries, Infinity)
    if (!this.#pausedForRedelivery) {
      this.#pausedForRedelivery = true
      this.#pauseAll()
    }
  }

  /** put() rejected `segment` with a non-retriable error: narrow it down (tolerance all), or fail the task. */
  #putRejected (segment: readonly SinkRecord[], error: unknown): void {
    const delivery = this.#delivery
    if (this.#errors.settings.tolerance !== 'all' || segment.length === 0 || error instanceof ConnectException && isToleranceFailure(error)) {
      this.#failPut(segment, error)
    }
    if (!delivery.narrowing) {
      this.log.warn('{} put() failed for a batch of {} records; narrowing it down to the records that fail on their own: {}',
        this.toString(), segment.length, this.#scrubbed(error))
    }
    const rejected = delivery.rejected()
    if (rejected === null) return
    this.#consecutiveRejected++
    if (this.#consecutiveRejected >= MAX_CONSECUTIVE_REJECTED_RECORDS) {
      this.log.error('{} put() rejected {} records in a row on their own; taking the failure to be the sink\'s rather than the records\'',
        this.toString(), this.#consecutiveRejected)
      this.#failPut([rejected], error, `put() rejected ${this.#consecutiveRejected} records in a row on their own, with nothing accepted ` +
        'between them, so the sink itself is failing rather than these records; ')
    }
    const consumed = consumedRecordOf(rejected)
    if (consumed === undefined) return
    const context = new ProcessingContext(consumed)
    const report = this.#errors.operator.executeFailed(context, 'TASK_PUT', this.#classNames.task, error)
    this.#errors.metrics.recordSkipped()
    this.#holdOffsetsFor(consumed)(report)
    this.log.warn('{} put() rejected the record at topic \'{}\', partition {}, offset {} on its own; it was reported and skipped: {}',
      this.toString(), consumed.topic, consumed.partition, consumed.offset, this.#scrubbed(error))
  }

  /** Fails the task for a put() failure, with a summary naming the records involved. */
  #failPut (segment: readonly SinkRecord[], error: unknown, reason = ''): never {
    if (error instanceof ConnectException && isToleranceFailure(error)) throw error
    const cause = scrubbedError(error, this.#errors.scrubber)
    this.log.error('{} Task threw an uncaught and unrecoverable exception. Task is being killed and will not recover until manually restarted. Error: {}',
      this.toString(), cause.message, cause)
    const records = segment.map(r => consumedRecordOf(r) ?? { topic: r.originalTopic, partition: r.originalKafkaPartition, offset: r.originalKafkaOffset })
    const summary = failureSummary({
      stage: 'TASK_PUT',
      executingClass: this.#classNames.task,
      id: this.id,
      coordinates: records.length === 1
        ? { kind: 'kafka', topic: records[0].topic, partition: records[0].partition, offset: records[0].offset }
        : records.length > 0 ? { kind: 'batch', ranges: offsetRanges(records) } : null,
      error,
    })
    throw new ConnectException(`Exiting WorkerSinkTask due to unrecoverable exception: ${reason}${this.#errors.scrubber.scrub(summary)}`, { cause })
  }

  /** An error's message with the task's secrets hidden, for log lines. */
  #scrubbed (error: unknown): string {
    return this.#errors.scrubber.scrub(messageOf(error))
  }

  /** Applies offsets the task set through context.offset(). */
  #rewind (): void {
    const offsets = this.#context.pendingOffsets()
    if (offsets.size === 0) return
    for (const [tp, offset] of offsets) {
      this.log.trace('{} Rewind {} to offset {}', this.toString(), tp.toString(), offset)
      this.#consumer.seek(tp, offset)
      this.#lastCommitted.set(tp, offset)
      this.#current.set(tp, offset)
    }
    this.#context.clearOffsets()
  }

  #pauseAll (): void {
    this.#consumer.pause(this.#consumer.assignment())
  }

  #resumeAll (): void {
    const resumable = this.#consumer.assignment().filter(tp => !this.#context.isPaused(tp))
    if (resumable.length > 0) this.#consumer.resume(resumable)
  }

  /**
   * Asks the task which offsets are safe (preCommit) and commits them for `partitions`. When
   * `closing`, the task closes those partitions after preCommit and the commit is awaited.
   */
  async #commitOffsets (closing: boolean, partitions: readonly TopicPartitionLike[]): Promise<void> {
    // Reports about these partitions' records (DLQ writes) must be stored before their offsets move on.
    await this.#pendingReports.awaitFor(partitions)
    const offsetsToCommit = new TopicPartitionMap<bigint>()
    for (const tp of partitions) {
      const offset = this.#current.get(tp)
      if (offset !== undefined) offsetsToCommit.set(tp, offset)
    }
    if (offsetsToCommit.size === 0) return
    if (this.isCancelled()) {
      this.log.debug('Skipping final offset commit as task has been cancelled')
      return
    }
    this.#committing = true
    const lastCommittedForPartitions = new TopicPartitionMap<bigint>()
    for (const [tp] of offsetsToCommit) {
      const last = this.#lastCommitted.get(tp)
      if (last !== undefined) lastCommittedForPartitions.set(tp, last)
    }
    let taskProvided: TopicPartitionMap<OffsetAndMetadata>
    try {
      const current = new TopicPartitionMap<OffsetAndMetadata>([...offsetsToCommit].map(([tp, offset]) => [tp, new OffsetAndMetadata(offset)] as const))
      const provided = await this.runAsTask(async () => await this.#task.preCommit(current))
      if (!(provided instanceof TopicPartitionMap)) {
        throw new ConnectException(`${this.#task.constructor.name}.preCommit() must return a TopicPartitionMap of OffsetAndMetadata`)
      }
      taskProvided = provided
    } catch (error) {
      if (closing) {
        this.log.warn('{} Offset commit failed during close', this.toString(), error)
      } else {
        this.log.error('{} Offset commit failed, rewinding to last committed offsets', this.toString(), error)
        for (const [tp, offset] of lastCommittedForPartitions) {
          this.#consumer.seek(tp, offset)
          this.#current.set(tp, offset)
        }
      }
      this.#commitCompleted(error, null)
      return
    } finally {
      if (closing) {
        try {
          await this.runAsTask(async () => { await this.#task.close(partitions.map(tp => TopicPartition.from(tp))) })
        } catch (error) {
          this.log.error('{} The task failed to close partitions', this.toString(), error)
          this.#rebalanceError ??= error
        }
      }
    }
    if (taskProvided.size === 0) {
      this.log.debug('{} Skipping offset commit, task opted-out by returning no offsets from preCommit', this.toString())
      this.#commitCompleted(null, null)
      return
    }
    const assigned = new TopicPartitionMap(this.#consumer.assignment().map(tp => [tp, true] as const))
    const committable = new TopicPartitionMap<bigint>(lastCommittedForPartitions)
    for (const [tp, provided] of taskProvided) {
      const requested = offsetsToCommit.get(tp)
      if (requested !== undefined) {
        if (provided.offset <= requested) committable.set(tp, provided.offset)
        else this.log.warn('{} Ignoring invalid task provided offset {}/{} -- not yet consumed, taskOffset={} currentOffset={}', this.toString(), tp.toString(), provided.toString(), provided.offset, requested)
      } else if (!assigned.has(tp)) {
        this.log.warn('{} Ignoring invalid task provided offset {}/{} -- partition not assigned', this.toString(), tp.toString(), provided.toString())
      } else {
        this.log.debug('{} Ignoring task provided offset {}/{} -- partition not requested', this.toString(), tp.toString(), provided.toString())
      }
    }
    if (sameOffsets(committable, lastCommittedForPartitions)) {
      this.log.debug('{} Skipping offset commit, no change since last commit', this.toString())
      this.#commitCompleted(null, null)
      return
    }
    try {
      await this.#consumer.commit(committable)
      this.#commitCompleted(null, committable)
    } catch (error) {
      this.#commitCompleted(error, null)
    }
  }

  #commitCompleted (error: unknown, committed: TopicPartitionMap<bigint> | null): void {
    if (error !== null) {
      this.log.error('{} Commit of offsets threw an unexpected exception: ', this.toString(), error)
      this.#commitFailures++
    } else {
      if (committed !== null) for (const [tp, offset] of committed) this.#lastCommitted.set(tp, offset)
      this.#commitFailures = 0
    }
    this.#committing = false
  }

  /** Commits for partitions being taken away (or the task stopping) and lets the task close them. */
  async #closePartitions (partitions: readonly TopicPartition[]): Promise<void> {
    if (partitions.length === 0) return
    await this.#commitOffsets(true, partitions)
    for (const tp of partitions) {
      this.#lastCommitted.delete(tp)
      this.#current.delete(tp)
      this.#original.delete(tp)
    }
  }

  async #onPartitionsAssigned (partitions: TopicPartition[]): Promise<void> {
    this.log.debug('{} Partitions assigned {}', this.toString(), partitions.map(String).join(', '))
    try {
      for (const tp of partitions) {
        const position = await this.#consumer.position(tp)
        this.#lastCommitted.set(tp, position)
        this.#current.set(tp, position)
      }
      const wasPausedForRedelivery = this.#pausedForRedelivery
      this.#pausedForRedelivery = wasPausedForRedelivery && this.#delivery.remaining().length > 0
      if (this.#pausedForRedelivery) {
        this.#pauseAll()
      } else {
        if (wasPausedForRedelivery) this.#resumeAll()
        this.#context.retainPaused(this.#consumer.assignment())
        if (this.shouldPause()) this.#pauseAll()
        else if (this.#context.pausedPartitions().length > 0) this.#consumer.pause(this.#context.pausedPartitions())
      }
      if (partitions.length === 0 || this.#rebalanceError !== null) return
      await this.runAsTask(async () => { await this.#task.open([...partitions]) })
      this.#rewind()
    } catch (error) {
      // Raised after poll() returns, so the task fails with it.
      this.#rebalanceError = error
    }
  }

  async #onPartitionsRevoked (partitions: TopicPartition[]): Promise<void> {
    if (this.#taskStopped) return
    this.log.debug('{} Partitions revoked: {}', this.toString(), partitions.map(String).join(', '))
    if (partitions.length === 0) return
    try {
      await this.#closePartitions(partitions)
    } catch (error) {
      this.#rebalanceError = error
    }
    // Their records will be read again from the committed offsets by whoever owns them now.
    const revoked = new TopicPartitionMap(partitions.map(tp => [tp, true] as const))
    this.#delivery.retain(record => !revoked.has({ topic: record.originalTopic, partition: record.originalKafkaPartition }))
  }

  override toString (): string {
    return `WorkerSinkTask{id=${this.id.connector}-${this.id.task}}`
  }
}

/** A stage's failure in #convertAndTransformUnguarded, carried to the operator. */
class StageFailure extends Error {
  readonly stage: Stage
  readonly executingClass: string
  readonly failure: unknown

  constructor (stage: Stage, executingClass: string, failure: unknown) {
    super(`${stage} failed`)
    this.stage = stage
    this.executingClass = executingClass
    this.failure = failure
  }

  /** An operation that fails as the stage did: what the operator runs to take the failure over. */
  readonly rethrow = (): never => {
    throw this.failure
  }
}

/** Whether `error` is the operator's own verdict (tolerance exceeded), which fails the task as it is. */
function isToleranceFailure (error: ConnectException): boolean {
  return error.message.startsWith('Tolerance exceeded in error handler') || error.message.startsWith('Unhandled exception in error handler')
}

function sameOffsets (a: TopicPartitionMap<bigint>, b: TopicPartitionMap<bigint>): boolean {
  if (a.size !== b.size) return false
  for (const [tp, offset] of a) if (b.get(tp) !== offset) return false
  return true
}
