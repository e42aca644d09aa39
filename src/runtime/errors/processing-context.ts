// What is known about one record while a runner processes it (Kafka's ProcessingContext): the
// record as it first came in (a Kafka record for sinks, the task's SourceRecord for sources), the
// stage and class running now, how many attempts were made, and the error that made it fail.

import type { Stage } from './stage.ts'

/** The processing state of one record. */
export class ProcessingContext<T> {
  /** The record before any stage changed it: what a dead letter queue keeps. */
  readonly original: T
  #stage: Stage | null = null
  #executingClass: string | null = null
  #attempt = 0
  #failed = false
  #error: unknown = null
  /** When retries of the record's retriable failures must end (epoch ms); null before the first. */
  retryDeadline: number | null = null
  /** Retries scheduled so far for the record (the backoff grows with them). */
  retries = 0

  constructor (original: T) {
    this.original = original
  }

  /** The stage running now (or that failed). */
  get stage (): Stage | null {
    return this.#stage
  }

  /** The class (its Java name when it has one) running now (or that failed). */
  get executingClass (): string | null {
    return this.#executingClass
  }

  /** Attempts made at the current operation. */
  get attempt (): number {
    return this.#attempt
  }

  set attempt (attempt: number) {
    this.#attempt = attempt
  }

  /** The error that made the record fail, if it failed. */
  get error (): unknown {
    return this.#error
  }

  /** Sets the stage and class about to run. */
  currentContext (stage: Stage, executingClass: string): void {
    this.#stage = stage
    this.#executingClass = executingClass
  }

  /** Marks the record failed with `error`. */
  fail (error: unknown): void {
    this.#failed = true
    this.#error = error
  }

  /** Whether a stage failed for this record (later stages are then skipped). */
  failed (): boolean {
    return this.#failed
  }
}
