// Runs a record's stages with retries and errors.tolerance (Kafka's RetryWithToleranceOperator).
//
// - A RetriableException is retried until errors.retry.timeout has passed since the record's first
//   failure (0: never; -1: forever), with exponential backoff from 300 ms, doubling up to
//   errors.retry.delay.max.ms, then jittered between half of it and all of it (so tasks that failed
//   together do not retry in lockstep).
// - A failure that remains is reported (log, dead letter queue) and then either skipped
//   (errors.tolerance=all) or turned into the ConnectException that fails the task, with Kafka's
//   message ("Tolerance exceeded in error handler") followed by a summary: stage, class,
//   connector, task, the record's coordinates and the root cause.
// - Converters and transformations may fail with anything and be tolerated; other stages only
//   with a RetriableException that ran out of time (Kafka's rule).
//
// Stages are synchronous (converters, transformations), and a record's conversion must not cost a
// promise. So execute() never waits: when a retry is due it throws RetryScheduled, and the runner
// awaits backoff() and runs the record's stages again (they have no side effects).

import { ConnectException, RetriableException } from '../../api/errors.ts'
import type { ConnectorTaskId } from '../../herder/herder.ts'
import type { ErrorHandlingMetrics } from './error-handling-metrics.ts'
import { scrubbedError, type ErrorReporter } from './error-reporter.ts'
import { failureSummary, type RecordCoordinates } from './error-summary.ts'
import type { ProcessingContext } from './processing-context.ts'
import type { SecretScrubber } from './secret-scrubber.ts'
import { RECORD_STAGES, type Stage } from './stage.ts'

/** Kafka's first retry delay. */
export const RETRIES_DELAY_MIN_MS = 300

/** errors.tolerance */
export type ToleranceType = 'none' | 'all'

/** Thrown by execute() when a retriable failure should be tried again after backoff(). */
export class RetryScheduled extends Error {
  readonly delayMs: number
  constructor (delayMs: number, cause: unknown) {
    super(`Retrying in ${delayMs} ms`, { cause })
    this.delayMs = delayMs
  }
}

/** Thrown when the task is asked to stop while a record waits for its retry: the record was not processed. */
export class RetryInterrupted extends ConnectException {
  constructor (cause: unknown) {
    super('The task is stopping; a failed operation was not retried and its record was not processed', { cause })
  }
}

/** How an operator is set up. */
export interface RetryWithToleranceOperatorOptions<T> {
  readonly id: ConnectorTaskId
  /** errors.retry.timeout: ms, 0 for no retries, -1 for no limit. */
  readonly retryTimeoutMs: number
  /** errors.retry.delay.max.ms */
  readonly maxDelayMs: number
  readonly tolerance: ToleranceType
  readonly metrics: ErrorHandlingMetrics
  /** Where a record's failure happened (its coordinates), for summaries. */
  readonly coordinatesOf: (original: T) => RecordCoordinates | null
  readonly scrubber: SecretScrubber
  /** Random numbers in [0, 1), for jitter (tests pin it). */
  readonly random?: () => number
}

/** Retries and tolerates record failures for one task. */
export class RetryWithToleranceOperator<T> {
  readonly #options: RetryWithToleranceOperatorOptions<T>
  readonly #random: () => number
  #reporters: ReadonlyArray<ErrorReporter<T>> = []
  #totalFailures = 0
  #stopping = false
  readonly #wakers = new Set<() => void>()

  constructor (options: RetryWithToleranceOperatorOptions<T>) {
    this.#options = options
    this.#random = options.random ?? Math.random
  }

  /** errors.tolerance */
  get tolerance (): ToleranceType {
    return this.#options.tolerance
  }

  get metrics (): ErrorHandlingMetrics {
    return this.#options.metrics
  }

  /** Sets where failures are reported. */
  reporters (reporters: ReadonlyArray<ErrorReporter<T>>): void {
    this.#reporters = reporters
  }

  /** Whether the failures so far are within errors.tolerance (with none, any failure is too many). */
  withinToleranceLimits (): boolean {
    return this.#options.tolerance === 'all' || this.#totalFailures === 0
  }

  /**
   * Runs `operation` as stage `stage` of the record of `context`. Returns its result, or null
   * when the record already failed or fails now and that is tolerated (the runner then skips the
   * record). Throws RetryScheduled when a retriable failure should be retried, and a
   * ConnectException when the failure is not tolerated. The record's reports (if it failed) go
   * to `onReported`, which the runner uses to hold offsets back until they are stored.
   */
  execute<V> (context: ProcessingContext<T>, stage: Stage, executingClass: string, operation: () => V,
    onReported?: (report: Promise<void>) => void): V | null {
    if (context.failed()) return null
    context.currentContext(stage, executingClass)
    try {
      context.attempt++
      return operation()
    } catch (error) {
      this.#options.metrics.recordFailure()
      if (error instanceof RetriableException && this.#options.retryTimeoutMs !== 0) {
        // Stopping: the record is left unprocessed (and uncommitted) rather than failed or skipped.
        if (this.#stopping) throw new RetryInterrupted(error)
        const delay = this.#retryDelay(context)
        if (delay !== null) {
          this.#options.metrics.recordRetry()
          throw new RetryScheduled(delay, error)
        }
      }
      this.#markAsFailed()
      context.fail(error)
      this.#options.metrics.recordError()
      const report = this.report(context)
      if (report !== null) onReported?.(report)
      const tolerable = RECORD_STAGES.has(stage) || error instanceof RetriableException
      if (!tolerable) throw this.#failure('Unhandled exception in error handler', context)
      if (!this.withinToleranceLimits()) throw this.#failure('Tolerance exceeded in error handler', context)
      this.#options.metrics.recordSkipped()
      return null
    }
  }

  /**
   * Reports a failure that happened outside execute() (a produce that failed, a record put()
   * rejected, a record a task reported). Returns the reports' completion; throws the task's
   * ConnectException when the failure is not tolerated (after reporting it, as Kafka does).
   */
  executeFailed (context: ProcessingContext<T>, stage: Stage, executingClass: string, error: unknown): Promise<void> {
    this.#markAsFailed()
    context.currentContext(stage, executingClass)
    context.fail(error)
    this.#options.metrics.recordFailure()
    const report = this.report(context) ?? Promise.resolve()
    if (!this.withinToleranceLimits()) {
      this.#options.metrics.recordError()
      // The caller fails; the report still completes (or fails) on its own.
      report.catch(() => {})
      throw this.#failure('Tolerance exceeded in error handler', context)
    }
    return report
  }

  /** Sends the context to every reporter; resolves when all stored it, rejects if one could not. */
  report (context: ProcessingContext<T>): Promise<void> | null {
    const pending: Array<Promise<void>> = []
    for (const reporter of this.#reporters) {
      const result = reporter.report(context)
      if (result !== null) pending.push(result)
    }
    if (pending.length === 0) return null
    const all = Promise.all(pending).then(() => {})
    // Whoever holds offsets back awaits it; nobody else must see an unhandled rejection.
    all.catch(() => {})
    return all
  }

  /** Waits `delayMs`, or less if the task is asked to stop (then throws RetryInterrupted). */
  async backoff (retry: RetryScheduled): Promise<void> {
    if (this.#stopping) throw new RetryInterrupted(retry.cause)
    await new Promise<void>(resolve => {
      const wake = (): void => {
        clearTimeout(timer)
        this.#wakers.delete(wake)
        resolve()
      }
      const timer = setTimeout(wake, retry.delayMs)
      this.#wakers.add(wake)
    })
    if (this.#stopping) throw new RetryInterrupted(retry.cause)
  }

  /**
   * The wait before retry number `attempt` (1 for the first retry) of an operation that must end
   * by `deadline` (epoch ms, Infinity for none): null when no retry is left.
   */
  delayFor (attempt: number, deadline: number, now = Date.now()): number | null {
    if (now >= deadline) return null
    const max = Math.max(0, this.#options.maxDelayMs)
    const exponential = RETRIES_DELAY_MIN_MS * 2 ** Math.min(attempt - 1, 30)
    const delay = exponential < max ? exponential : max / 2 + this.#random() * max / 2
    return Math.max(0, Math.min(Math.floor(delay), deadline - now))
  }

  /** The deadline of retries that start now: errors.retry.timeout from now (Infinity for -1). */
  retryDeadline (now = Date.now()): number {
    const timeout = this.#options.retryTimeoutMs
    return timeout < 0 ? Infinity : now + timeout
  }

  /** Ends every wait and lets no operation retry any more (the task is stopping). */
  triggerStop (): void {
    this.#stopping = true
    for (const wake of [...this.#wakers]) wake()
  }

  /** Whether triggerStop() was called. */
  isStopping (): boolean {
    return this.#stopping
  }

  /** The one-line summary of the failed record of `context`. */
  summary (context: ProcessingContext<T>): string {
    return this.#options.scrubber.scrub(failureSummary({
      stage: context.stage,
      executingClass: context.executingClass,
      id: this.#options.id,
      coordinates: this.#options.coordinatesOf(context.original),
      error: context.error,
    }))
  }

  /** Closes the reporters (waiting for their writes). */
  async close (): Promise<void> {
    const reporters = this.#reporters
    this.#reporters = []
    const errors: unknown[] = []
    for (const reporter of reporters) {
      try {
        await reporter.close()
      } catch (error) {
        errors.push(error)
      }
    }
    if (errors.length > 0) throw new ConnectException('Failed to close all reporters', { cause: errors[0] })
  }

  #retryDelay (context: ProcessingContext<T>): number | null {
    if (this.#options.retryTimeoutMs === 0) return null
    const now = Date.now()
    context.retryDeadline ??= this.retryDeadline(now)
    const delay = this.delayFor(context.retries + 1, context.retryDeadline, now)
    if (delay !== null) context.retries++
    return delay
  }

  #markAsFailed (): void {
    this.#options.metrics.recordErrorTimestamp()
    this.#totalFailures++
  }

  #failure (message: string, context: ProcessingContext<T>): ConnectException {
    return new ConnectException(`${message}: ${this.summary(context)}`, { cause: scrubbedError(context.error, this.#options.scrubber) })
  }
}
