// Writes failed records to the log when errors.log.enable is set (Kafka's LogReporter), in Kafka's
// words: "Error encountered in task orders-0. Executing stage 'VALUE_CONVERTER' with class
// 'org.apache.kafka.connect.json.JsonConverter', where consumed record is {topic='in',
// partition=0, offset=3, timestamp=…, timestampType=CreateTime}." The record's details appear only
// with errors.log.include.messages; secrets of the task's configuration never do.

import type { SourceRecord } from '../../api/source/source-record.ts'
import type { ConnectorTaskId } from '../../herder/herder.ts'
import type { IncomingRecord } from '../../log/log.ts'
import { getLogger, type Logger } from '../../logging/index.ts'
import { taskIdText } from '../status-listener.ts'
import type { ErrorHandlingMetrics } from './error-handling-metrics.ts'
import { scrubbedError, type ErrorReporter } from './error-reporter.ts'
import type { ProcessingContext } from './processing-context.ts'
import type { SecretScrubber } from './secret-scrubber.ts'

/** What a log reporter needs. */
export interface LogReporterOptions {
  readonly id: ConnectorTaskId
  /** errors.log.enable */
  readonly enabled: boolean
  /** errors.log.include.messages */
  readonly includeMessages: boolean
  readonly metrics: ErrorHandlingMetrics
  readonly scrubber: SecretScrubber
}

/** Logs failed records; the record's rendering depends on the pipeline (sink or source). */
abstract class LogReporter<T> implements ErrorReporter<T> {
  readonly #options: LogReporterOptions
  readonly #log: Logger

  constructor (options: LogReporterOptions) {
    this.#options = options
    this.#log = getLogger('org.apache.kafka.connect.runtime.errors.LogReporter').withContext(`[${options.id.connector}|task-${options.id.task}] `)
  }

  report (context: ProcessingContext<T>): null {
    if (!this.#options.enabled || !context.failed()) return null
    const scrubber = this.#options.scrubber
    this.#log.error('{}', scrubber.scrub(this.message(context)), scrubbedError(context.error, scrubber))
    this.#options.metrics.recordErrorLogged()
    return null
  }

  /** The log line, as Kafka writes it. */
  message (context: ProcessingContext<T>): string {
    let text = `Error encountered in task ${taskIdText(this.#options.id)}. Executing stage '${context.stage ?? 'null'}' with class '${context.executingClass ?? 'null'}'`
    if (this.#options.includeMessages) text += this.describe(context.original)
    return text + '.'
  }

  protected abstract describe (original: T): string

  async close (): Promise<void> {}
}

/** Logs failed sink records with their Kafka coordinates. */
export class SinkLogReporter extends LogReporter<IncomingRecord> {
  protected describe (record: IncomingRecord): string {
    let text = `, where consumed record is {topic='${record.topic}', partition=${record.partition}, offset=${record.offset}`
    if (record.timestampType === 'CreateTime' || record.timestampType === 'LogAppendTime') {
      text += `, timestamp=${record.timestamp}, timestampType=${record.timestampType}`
    }
    return text + '}'
  }
}

/** Logs failed source records as the task gave them. */
export class SourceLogReporter extends LogReporter<SourceRecord> {
  protected describe (record: SourceRecord): string {
    return `, where source record is = ${record.toString()}`
  }
}
