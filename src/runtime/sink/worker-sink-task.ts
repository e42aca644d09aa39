// Runs a sink task (Kafka's WorkerSinkTask): a consumer in group connect-<name> reads `topics` or
// `topics.regex`; each batch is converted (key, value, headers) to SinkRecords and given to put();
// every offset.flush.interval.ms, preCommit() says which offsets are safe and those are committed.
// Partition assignment drives open() and close(), committing offsets for revoked partitions
// first. A RetriableException from put() pauses every partition and retries the same batch (after
// the task's context.timeout()); any other error fails the task.

import type { AbstractConfig } from '../../api/config/abstract-config.ts'
import { ConnectException, RetriableException } from '../../api/errors.ts'
import { ConnectHeaders } from '../../api/header/headers.ts'
import { OffsetAndMetadata } from '../../api/sink/offset-and-metadata.ts'
import { SinkRecord } from '../../api/sink/sink-record.ts'
import type { SinkTask } from '../../api/sink/sink-task.ts'
import { TopicPartition, TopicPartitionMap, type TopicPartitionLike } from '../../api/sink/topic-partition.ts'
import type { ConnectorTaskId, TargetState } from '../../herder/herder.ts'
import type { IncomingRecord, LogConsumer } from '../../log/log.ts'
import { ensureValidSinkTopics, parseTopicsList, TOPICS_REGEX_CONFIG } from '../config/connector-config.ts'
import { compileJavaRegex } from '../config/java-regex.ts'
import type { WorkerConfig } from '../config/worker-config.ts'
import { ErrorTolerance } from '../errors/error-tolerance.ts'
import { messageOf } from '../stack-trace.ts'
import type { TaskStatusListener } from '../status-listener.ts'
import { closeConverters, type TaskConverters } from '../task-converters.ts'
import { WorkerTask } from '../worker-task.ts'
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
}

/** Runs one sink task. */
export class WorkerSinkTask extends WorkerTask {
  readonly #task: SinkTask
  readonly #options: WorkerSinkTaskOptions
  readonly #consumer: LogConsumer
  readonly #context: WorkerSinkTaskContext
  readonly #tolerance: ErrorTolerance
  /** Converted records not yet accepted by put(). */
  #batch: SinkRecord[] = []
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

  constructor (options: WorkerSinkTaskOptions) {
    super(options.id, options.listener, options.initialState, 'org.apache.kafka.connect.runtime.WorkerSinkTask')
    this.#task = options.task
    this.#options = options
    this.#consumer = options.consumer
    this.#tolerance = new ErrorTolerance(options.connectorConfig, this.log)
    this.#nextCommit = Date.now() + options.workerConfig.offsetCommitIntervalMs()
    this.#context = new WorkerSinkTaskContext({
      consumer: this.#consumer,
      shouldPause: () => this.shouldPause(),
      latestTaskConfig: () => options.latestTaskConfig(),
    })
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
        await this.#iteration()
      }
    } finally {
      // Commit what was processed and let the task close its partitions, even after a failure.
      await this.#closePartitions([...this.#current.keys()])
    }
  }

  protected override onStopRequested (): void {
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
    try {
      await this.#consumer.close()
    } catch (error) {
      this.log.warn('Could not close the consumer of {}: {}', this.toString(), messageOf(error))
    }
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
    }
    const records = await this.#consumer.poll(timeoutMs)
    if (this.#rebalanceError !== null) {
      const error = this.#rebalanceError
      this.#rebalanceError = null
      throw error
    }
    this.#convertMessages(records)
    await this.#deliverMessages()
  }

  #convertMessages (records: readonly IncomingRecord[]): void {
    for (const record of records) {
      const converted = this.#convertAndTransform(record)
      this.#original.set(record, record.offset + 1n)
      if (converted !== null) this.#batch.push(converted)
    }
  }

  #convertAndTransform (record: IncomingRecord): SinkRecord | null {
    const { key: keyConverter, value: valueConverter, header: headerConverter } = this.#options.converters
    const describe = (): string => `ConsumerRecord(topic = ${record.topic}, partition = ${record.partition}, offset = ${record.offset}, timestamp = ${record.timestamp})`
    let headers: ConnectHeaders
    try {
      headers = new ConnectHeaders()
      for (const [key, value] of record.headers) headers.add(key, headerConverter.toConnectHeader(record.topic, key, value))
    } catch (error) {
      this.#tolerance.failed('HEADER_CONVERTER', headerConverter.constructor.name, error, describe)
      return null
    }
    let key
    try {
      key = keyConverter.toConnectData(record.topic, record.key, headers)
    } catch (error) {
      this.#tolerance.failed('KEY_CONVERTER', keyConverter.constructor.name, error, describe)
      return null
    }
    let value
    try {
      value = valueConverter.toConnectData(record.topic, record.value, headers)
    } catch (error) {
      this.#tolerance.failed('VALUE_CONVERTER', valueConverter.constructor.name, error, describe)
      return null
    }
    const sinkRecord = new SinkRecord({
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
    })
    this.#options.recordActiveTopic?.(record.topic)
    return this.#transform(sinkRecord)
  }

  /** The transformation chain's seam (transforms arrive with their own issue): records pass unchanged. */
  #transform (record: SinkRecord): SinkRecord | null {
    return record
  }

  async #deliverMessages (): Promise<void> {
    try {
      await this.runAsTask(async () => { await this.#task.put([...this.#batch]) })
      for (const [tp, offset] of this.#original) this.#current.set(tp, offset)
      this.#original.clear()
      this.#batch = []
      if (this.#pausedForRedelivery) {
        if (!this.shouldPause()) this.#resumeAll()
        this.#pausedForRedelivery = false
      }
    } catch (error) {
      if (error instanceof RetriableException) {
        this.log.error('{} RetriableException from SinkTask:', this.toString(), error)
        if (!this.#pausedForRedelivery) {
          // Keep the batch; poll on (for the group's sake) with every partition paused, then retry.
          this.#pausedForRedelivery = true
          this.#pauseAll()
        }
        return
      }
      this.log.error('{} Task threw an uncaught and unrecoverable exception. Task is being killed and will not recover until manually restarted. Error: {}',
        this.toString(), messageOf(error), error)
      throw new ConnectException('Exiting WorkerSinkTask due to unrecoverable exception.', { cause: error })
    }
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
      this.#pausedForRedelivery = wasPausedForRedelivery && this.#batch.length > 0
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
    this.#batch = this.#batch.filter(record => !revoked.has({ topic: record.originalTopic, partition: record.originalKafkaPartition }))
  }

  override toString (): string {
    return `WorkerSinkTask{id=${this.id.connector}-${this.id.task}}`
  }
}

function sameOffsets (a: TopicPartitionMap<bigint>, b: TopicPartitionMap<bigint>): boolean {
  if (a.size !== b.size) return false
  for (const [tp, offset] of a) if (b.get(tp) !== offset) return false
  return true
}
