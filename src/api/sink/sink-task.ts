// The base of a sink task (Kafka's SinkTask). Lifecycle: initialize(), start(), then open() for
// assigned partitions; put() with batches of records; flush() / preCommit() before each offset
// commit; close() for partitions taken away; finally stop().
//
// Offsets given to flush and preCommit are a TopicPartitionMap of OffsetAndMetadata, keyed by the
// partitions the records were read from, before transforms (SinkRecord.originalTopic,
// originalKafkaPartition and originalKafkaOffset tell them apart from the transformed ones).

import type { Task } from '../connector/task.ts'
import type { MaybePromise } from '../maybe-promise.ts'
import type { OffsetAndMetadata } from './offset-and-metadata.ts'
import type { SinkRecord } from './sink-record.ts'
import type { SinkTaskContext } from './sink-task-context.ts'
import type { TopicPartition, TopicPartitionMap } from './topic-partition.ts'

/** A task that writes records from Kafka to another system. */
export abstract class SinkTask implements Task {
  /** The setting that lists the topics to consume. */
  static readonly TOPICS_CONFIG = 'topics'
  /** The setting with a regular expression of the topics to consume. */
  static readonly TOPICS_REGEX_CONFIG = 'topics.regex'

  /** Set by initialize(), before start(). */
  protected context!: SinkTaskContext

  /** Gives the task its context; no partitions are assigned until open(). */
  initialize (context: SinkTaskContext): void {
    this.context = context
  }

  abstract version (): string

  /** Parses the configuration and sets up what the task needs. */
  abstract start (props: Record<string, string>): MaybePromise<void>

  /**
   * Writes records to the destination, or buffers them for flush(). Throw a RetriableException
   * to have the same batch retried (after SinkTaskContext.timeout()); any other error fails the
   * task. A record that cannot be written can go to SinkTaskContext.errantRecordReporter().
   */
  abstract put (records: readonly SinkRecord[]): MaybePromise<void>

  /** Makes everything put() so far durable in the destination. The default does nothing. */
  flush (_currentOffsets: TopicPartitionMap<OffsetAndMetadata>): MaybePromise<void> {}

  /**
   * Called before offsets are committed; returns the offsets that are safe to commit (an empty
   * map commits nothing). The default flushes, then returns `currentOffsets`.
   */
  async preCommit (currentOffsets: TopicPartitionMap<OffsetAndMetadata>): Promise<TopicPartitionMap<OffsetAndMetadata>> {
    await this.flush(currentOffsets)
    return currentOffsets
  }

  /** Partitions newly assigned to the task (a place to restore offsets with context.offset()). */
  open (_partitions: TopicPartition[]): MaybePromise<void> {}

  /** Partitions taken from the task; close what was opened for them. */
  close (_partitions: TopicPartition[]): MaybePromise<void> {}

  /** Releases what the task holds; the last flush and commit are done by then. */
  abstract stop (): MaybePromise<void>
}
