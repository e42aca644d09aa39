// What a sink task can ask of the runtime (Kafka's SinkTaskContext). Offsets are bigints, the
// offset of the next record to read.

import type { ErrantRecordReporter } from './errant-record-reporter.ts'
import type { TopicPartition, TopicPartitionLike, TopicPartitionMap } from './topic-partition.ts'

/** Given to a sink task by initialize(). */
export interface SinkTaskContext {
  /** The task's latest configuration (it may differ from start's if a secret was rotated). */
  configs (): Record<string, string>
  /**
   * Makes the consumer read on from these offsets, for a task that stores its offsets in the
   * destination system (typically called from open()).
   */
  offset (offsets: TopicPartitionMap<bigint>): void
  /** Makes the consumer read `topicPartition` on from `offset`. */
  offset (topicPartition: TopicPartitionLike, offset: bigint): void
  /** After a RetriableException from put(), wait this long before retrying the batch. */
  timeout (timeoutMs: number): void
  /** The partitions currently assigned to the task. */
  assignment (): TopicPartition[]
  /** Stops fetching from these partitions until resume(). */
  pause (...partitions: TopicPartitionLike[]): void
  /** Fetches again from paused partitions. */
  resume (...partitions: TopicPartitionLike[]): void
  /** Asks for an offset commit soon, e.g. right after the task flushed; a hint, not a promise. */
  requestCommit (): void
  /** Where to report records put() could not write; null when no dead letter queue is configured. */
  errantRecordReporter (): ErrantRecordReporter | null
}
