// A task's error counters (Kafka's ErrorHandlingMetrics, the task-error-metrics group). Until the
// metrics work exposes metric groups in general, GET /connectors/{c}/tasks/{t}/metrics shows them.

/** The task-error-metrics group's name, as Kafka's ConnectMetricsRegistry names it. */
export const TASK_ERROR_METRICS_GROUP = 'task-error-metrics'

/** The counters of one task's error handling. */
export class ErrorHandlingMetrics {
  #recordFailures = 0
  #recordErrors = 0
  #recordsSkipped = 0
  #retries = 0
  #errorsLogged = 0
  #dlqProduceRequests = 0
  #dlqProduceFailures = 0
  #lastErrorTimestamp = 0

  /** An operation failed (each retriable attempt counts, and the final failure). */
  recordFailure (): void {
    this.#recordFailures++
  }

  /** A record could not be processed (after retries, tolerated or not). */
  recordError (): void {
    this.#recordErrors++
  }

  /** A record was skipped because errors.tolerance=all. */
  recordSkipped (): void {
    this.#recordsSkipped++
  }

  /** An operation was retried. */
  recordRetry (): void {
    this.#retries++
  }

  /** An error was written to the log (errors.log.enable). */
  recordErrorLogged (): void {
    this.#errorsLogged++
  }

  /** A record was sent to the dead letter queue. */
  recordDeadLetterQueueProduceRequest (): void {
    this.#dlqProduceRequests++
  }

  /** A record could not be written to the dead letter queue. */
  recordDeadLetterQueueProduceFailed (): void {
    this.#dlqProduceFailures++
  }

  /** Remembers now as the time of the last error. */
  recordErrorTimestamp (now = Date.now()): void {
    this.#lastErrorTimestamp = now
  }

  /** The metrics under Kafka's names, in the order Kafka documents them. */
  snapshot (): Record<string, number> {
    return {
      'total-record-failures': this.#recordFailures,
      'total-record-errors': this.#recordErrors,
      'total-records-skipped': this.#recordsSkipped,
      'total-retries': this.#retries,
      'total-errors-logged': this.#errorsLogged,
      'deadletterqueue-produce-requests': this.#dlqProduceRequests,
      'deadletterqueue-produce-failures': this.#dlqProduceFailures,
      'last-error-timestamp': this.#lastErrorTimestamp,
    }
  }
}
