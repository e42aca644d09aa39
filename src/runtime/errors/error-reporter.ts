// Where a failed record is reported (Kafka's ErrorReporter): the log (errors.log.enable) and the
// dead letter queue (errors.deadletterqueue.topic.name).

import { traceOf } from '../stack-trace.ts'
import type { ProcessingContext } from './processing-context.ts'
import type { SecretScrubber } from './secret-scrubber.ts'

/** Reports failed records somewhere. */
export interface ErrorReporter<T> {
  /**
   * Reports the failed record of `context`. Resolves once the report is safely stored (a dead
   * letter queue write acknowledged), rejects if it could not be; null when there is nothing to
   * wait for.
   */
  report (context: ProcessingContext<T>): Promise<void> | null
  /** Releases the reporter's resources, after waiting for reports in flight. */
  close (): Promise<void>
}

/**
 * `error` with its trace scrubbed of secrets: the same error when it holds none, else an Error
 * whose stack is the scrubbed trace (causes included), for loggers that print stacks.
 */
export function scrubbedError (error: unknown, scrubber: SecretScrubber): Error {
  const trace = traceOf(error)
  const scrubbed = scrubber.scrub(trace)
  if (scrubbed === trace && error instanceof Error) return error
  const copy = new Error(scrubber.scrub(error instanceof Error ? error.message : String(error)))
  Object.defineProperty(copy, 'stack', { value: scrubbed })
  return copy
}
