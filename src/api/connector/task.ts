// What source and sink tasks share (Kafka's Task): a version, and start and stop.

import type { MaybePromise } from '../maybe-promise.ts'

/** A unit of work that copies data between Kafka and another system. */
export interface Task {
  /** The task's version, usually that of its connector. */
  version (): string
  /** Starts the task with its configuration, as produced by Connector.taskConfigs. */
  start (props: Record<string, string>): MaybePromise<void>
  /** Stops the task and releases what it holds. */
  stop (): MaybePromise<void>
}

/** A task class, which the runtime instantiates once per task with no arguments. */
export type TaskClass<T extends Task = Task> = new () => T
