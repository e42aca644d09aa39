// The base of a source task (Kafka's SourceTask): the runtime calls poll() in a loop, converts
// and produces the records it returns, and commits their source offsets once Kafka has them.

import type { Task } from '../connector/task.ts'
import type { MaybePromise } from '../maybe-promise.ts'
import type { RecordMetadata } from './record-metadata.ts'
import type { SourceRecord } from './source-record.ts'
import type { SourceTaskContext } from './source-task-context.ts'
import { TRANSACTION_BOUNDARY_CONFIG } from './transaction-boundary.ts'

/** A task that reads from another system and returns records for Kafka. */
export abstract class SourceTask implements Task {
  /** The connector setting that chooses how transactions are delimited. */
  static readonly TRANSACTION_BOUNDARY_CONFIG = TRANSACTION_BOUNDARY_CONFIG

  /** Set by initialize(), before start(). */
  protected context!: SourceTaskContext

  /** Gives the task its context. */
  initialize (context: SourceTaskContext): void {
    this.context = context
  }

  abstract version (): string

  /** Parses the configuration and sets up what the task needs. */
  abstract start (props: Record<string, string>): MaybePromise<void>

  /**
   * The next records, or null (or []) when there are none yet. Wait a little for data if none
   * is ready, but return regularly so the task can be paused or stopped; stop() may be called
   * while a poll is pending, and the poll should then finish quickly.
   */
  abstract poll (): MaybePromise<SourceRecord[] | null>

  /**
   * Called after the runtime committed source offsets, for systems that also keep offsets
   * themselves. The committed offsets need not be those of the latest poll.
   */
  commit (): MaybePromise<void> {}

  /** Stops the task: ends any pending poll and releases what the task holds. */
  abstract stop (): MaybePromise<void>

  /**
   * Called for each record once Kafka acknowledged it (with its metadata), or once it was
   * dropped by a transform or skipped under errors.tolerance=all (metadata null).
   */
  commitRecord (_record: SourceRecord, _metadata: RecordMetadata | null): MaybePromise<void> {}
}
