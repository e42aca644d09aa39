// What a sink task may ask of its runner (Kafka's WorkerSinkTaskContext): rewind partitions, ask
// for a pause before retrying a batch, pause and resume partitions, and request an offset commit.

import { ConnectException } from '../../api/errors.ts'
import type { ErrantRecordReporter } from '../../api/sink/errant-record-reporter.ts'
import type { SinkTaskContext } from '../../api/sink/sink-task-context.ts'
import { TopicPartition, TopicPartitionMap, type TopicPartitionLike } from '../../api/sink/topic-partition.ts'
import type { LogConsumer } from '../../log/log.ts'

/** The runner-side state a sink task's context reads and changes. */
export interface SinkTaskContextHost {
  readonly consumer: LogConsumer
  /** Whether the connector is paused (partitions stay paused whatever the task asks). */
  shouldPause (): boolean
  /** The task's latest configuration. */
  latestTaskConfig (): Record<string, string>
  /** What errantRecordReporter() gives: null when the connector has neither a dead letter queue nor errors.log.enable. */
  readonly errantRecordReporter?: ErrantRecordReporter | null
}

/** A sink task's context. */
export class WorkerSinkTaskContext implements SinkTaskContext {
  readonly #host: SinkTaskContextHost
  readonly #offsets = new TopicPartitionMap<bigint>()
  readonly #paused = new TopicPartitionMap<TopicPartition>()
  #timeoutMs = -1
  #commitRequested = false

  constructor (host: SinkTaskContextHost) {
    this.#host = host
  }

  configs (): Record<string, string> {
    return this.#host.latestTaskConfig()
  }

  offset (offsets: TopicPartitionMap<bigint>): void
  offset (topicPartition: TopicPartitionLike, offset: bigint): void
  offset (first: TopicPartitionMap<bigint> | TopicPartitionLike, offset?: bigint): void {
    if (first instanceof TopicPartitionMap) {
      for (const [tp, value] of first) this.#offsets.set(tp, checkedOffset(tp, value))
    } else {
      this.#offsets.set(first, checkedOffset(first, offset))
    }
  }

  /** Offsets the task asked to rewind to, until the runner applies them. */
  pendingOffsets (): TopicPartitionMap<bigint> {
    return this.#offsets
  }

  clearOffsets (): void {
    this.#offsets.clear()
  }

  timeout (timeoutMs: number): void {
    this.#timeoutMs = timeoutMs
  }

  /** The timeout the task asked for after a RetriableException, or -1. */
  retryTimeout (): number {
    return this.#timeoutMs
  }

  clearTimeout (): void {
    this.#timeoutMs = -1
  }

  assignment (): TopicPartition[] {
    return this.#host.consumer.assignment()
  }

  pause (...partitions: TopicPartitionLike[]): void {
    this.#checkAssigned(partitions, 'pause')
    for (const tp of partitions) this.#paused.set(tp, TopicPartition.from(tp))
    // While the connector is paused every partition is; the task's wish applies on resume.
    if (!this.#host.shouldPause()) this.#host.consumer.pause(partitions)
  }

  resume (...partitions: TopicPartitionLike[]): void {
    this.#checkAssigned(partitions, 'resume')
    for (const tp of partitions) this.#paused.delete(tp)
    if (!this.#host.shouldPause()) this.#host.consumer.resume(partitions)
  }

  /** The partitions the task paused. */
  pausedPartitions (): TopicPartition[] {
    return [...this.#paused.values()]
  }

  /** Forgets paused partitions that are no longer assigned. */
  retainPaused (assignment: readonly TopicPartitionLike[]): void {
    const assigned = new TopicPartitionMap(assignment.map(tp => [tp, true] as const))
    for (const tp of [...this.#paused.keys()]) if (!assigned.has(tp)) this.#paused.delete(tp)
  }

  isPaused (tp: TopicPartitionLike): boolean {
    return this.#paused.has(tp)
  }

  requestCommit (): void {
    this.#commitRequested = true
  }

  isCommitRequested (): boolean {
    return this.#commitRequested
  }

  clearCommitRequest (): void {
    this.#commitRequested = false
  }

  errantRecordReporter (): ErrantRecordReporter | null {
    return this.#host.errantRecordReporter ?? null
  }

  #checkAssigned (partitions: readonly TopicPartitionLike[], action: 'pause' | 'resume'): void {
    const assigned = new TopicPartitionMap(this.#host.consumer.assignment().map(tp => [tp, true] as const))
    const unassigned = partitions.filter(tp => !assigned.has(tp))
    if (unassigned.length > 0) {
      throw new ConnectException(`SinkTasks may not ${action} partitions that are not currently assigned to them. ` +
        `Not assigned: ${unassigned.map(tp => `${tp.topic}-${tp.partition}`).join(', ')}`)
    }
  }

  toString (): string {
    return 'WorkerSinkTaskContext'
  }
}

function checkedOffset (tp: TopicPartitionLike, offset: unknown): bigint {
  if (typeof offset === 'bigint' && offset >= 0n) return offset
  if (typeof offset === 'number' && Number.isSafeInteger(offset) && offset >= 0) return BigInt(offset)
  throw new ConnectException(`An offset for ${tp.topic}-${tp.partition} must be a non-negative bigint, not ${String(offset)}`)
}
