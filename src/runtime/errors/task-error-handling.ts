// A task's error handling, assembled from its connector's errors.* settings: the retry and
// tolerance operator, the error metrics, and the reporters (the log, and the dead letter queue
// when one is configured; sinks as in Kafka, sources as kconnect adds). The worker builds one per
// task; the runner opens it when the task starts (creating the dead letter queue topic, which
// fails the task with Kafka's message when it cannot) and closes it last.

import type { AbstractConfig } from '../../api/config/abstract-config.ts'
import type { SourceRecord } from '../../api/source/source-record.ts'
import type { ConnectorTaskId } from '../../herder/herder.ts'
import type { IncomingRecord } from '../../log/log.ts'
import {
  DLQ_CONTEXT_HEADERS_ENABLE_CONFIG, DLQ_TOPIC_NAME_CONFIG, DLQ_TOPIC_REPLICATION_FACTOR_CONFIG, ERRORS_LOG_ENABLE_CONFIG,
  ERRORS_LOG_INCLUDE_MESSAGES_CONFIG, ERRORS_RETRY_MAX_DELAY_CONFIG, ERRORS_RETRY_TIMEOUT_CONFIG, ERRORS_TOLERANCE_CONFIG,
} from '../config/connector-config.ts'
import { taskIdText } from '../status-listener.ts'
import type { DeadLetterQueue } from './dead-letter-queue.ts'
import { SinkDeadLetterQueueReporter, SourceDeadLetterQueueReporter, type SourceDeadLetterQueueConverters } from './dead-letter-queue-reporter.ts'
import { ErrorHandlingMetrics } from './error-handling-metrics.ts'
import type { ErrorReporter } from './error-reporter.ts'
import type { RecordCoordinates } from './error-summary.ts'
import { SinkLogReporter, SourceLogReporter } from './log-reporter.ts'
import { RetryWithToleranceOperator, type ToleranceType } from './retry-with-tolerance-operator.ts'
import { SecretScrubber } from './secret-scrubber.ts'

/** A dead letter queue's settings. */
export interface DeadLetterQueueSettings {
  readonly topic: string
  readonly replicationFactor: number
  readonly contextHeaders: boolean
}

/** The errors.* settings of a connector. */
export interface ErrorHandlingSettings {
  readonly retryTimeoutMs: number
  readonly maxDelayMs: number
  readonly tolerance: ToleranceType
  readonly logEnabled: boolean
  readonly logIncludeMessages: boolean
  /** Null when no dead letter queue topic is set. */
  readonly deadLetterQueue: DeadLetterQueueSettings | null
}

/** Reads the errors.* settings from a parsed connector configuration (sink, or source with kconnect's DLQ keys). */
export function errorHandlingSettings (config: AbstractConfig): ErrorHandlingSettings {
  const defined = config.definition.configKeys()
  const topic = defined.has(DLQ_TOPIC_NAME_CONFIG) ? (config.getString(DLQ_TOPIC_NAME_CONFIG) ?? '').trim() : ''
  return {
    retryTimeoutMs: Number(config.getLong(ERRORS_RETRY_TIMEOUT_CONFIG) ?? 0),
    maxDelayMs: Number(config.getLong(ERRORS_RETRY_MAX_DELAY_CONFIG) ?? 60000),
    tolerance: config.getString(ERRORS_TOLERANCE_CONFIG) === 'all' ? 'all' : 'none',
    logEnabled: config.getBoolean(ERRORS_LOG_ENABLE_CONFIG) === true,
    logIncludeMessages: config.getBoolean(ERRORS_LOG_INCLUDE_MESSAGES_CONFIG) === true,
    deadLetterQueue: topic === ''
      ? null
      : {
          topic,
          replicationFactor: Number(config.getShort(DLQ_TOPIC_REPLICATION_FACTOR_CONFIG) ?? 3),
          contextHeaders: config.getBoolean(DLQ_CONTEXT_HEADERS_ENABLE_CONFIG) === true,
        },
  }
}

/** Opens a task's dead letter queue (creating the topic if needed) with these settings. */
export type DeadLetterQueueOpener = (settings: DeadLetterQueueSettings, metrics: ErrorHandlingMetrics) => Promise<DeadLetterQueue>

/** How a task's error handling is built. */
export interface TaskErrorHandlingOptions {
  readonly id: ConnectorTaskId
  readonly connectorConfig: AbstractConfig
  /** Hides the task's secrets in logs, DLQ headers and traces; none by default. */
  readonly scrubber?: SecretScrubber
  /** Opens the dead letter queue; without it (tests), a configured DLQ is ignored. */
  readonly openDeadLetterQueue?: DeadLetterQueueOpener | null
}

/** The error handling of one task, for records of type T (consumed records, or source records). */
export abstract class TaskErrorHandling<T> {
  readonly settings: ErrorHandlingSettings
  readonly metrics = new ErrorHandlingMetrics()
  readonly operator: RetryWithToleranceOperator<T>
  readonly scrubber: SecretScrubber
  protected readonly options: TaskErrorHandlingOptions
  #queue: DeadLetterQueue | null = null

  constructor (options: TaskErrorHandlingOptions, coordinatesOf: (original: T) => RecordCoordinates | null) {
    this.options = options
    this.settings = errorHandlingSettings(options.connectorConfig)
    this.scrubber = options.scrubber ?? SecretScrubber.NONE
    this.operator = new RetryWithToleranceOperator<T>({
      id: options.id,
      retryTimeoutMs: this.settings.retryTimeoutMs,
      maxDelayMs: this.settings.maxDelayMs,
      tolerance: this.settings.tolerance,
      metrics: this.metrics,
      coordinatesOf,
      scrubber: this.scrubber,
    })
  }

  /** Whether records that fail go to a dead letter queue (once open). */
  hasDeadLetterQueue (): boolean {
    return this.#queue !== null
  }

  /** Sets up the reporters: the log always (it logs only with errors.log.enable), the DLQ when configured. */
  async open (): Promise<void> {
    const reporters: Array<ErrorReporter<T>> = [this.logReporter()]
    const dlq = this.settings.deadLetterQueue
    const opener = this.options.openDeadLetterQueue
    if (dlq !== null && opener !== undefined && opener !== null) {
      this.#queue = await opener(dlq, this.metrics)
      reporters.push(this.deadLetterQueueReporter(this.#queue, dlq))
    }
    this.operator.reporters(reporters)
  }

  /** Stops retries, waits for reports in flight, closes the dead letter queue. */
  async close (): Promise<void> {
    this.operator.triggerStop()
    await this.operator.close()
  }

  protected logOptions (): ConstructorParameters<typeof SinkLogReporter>[0] {
    return {
      id: this.options.id,
      enabled: this.settings.logEnabled,
      includeMessages: this.settings.logIncludeMessages,
      metrics: this.metrics,
      scrubber: this.scrubber,
    }
  }

  protected abstract logReporter (): ErrorReporter<T>
  protected abstract deadLetterQueueReporter (queue: DeadLetterQueue, settings: DeadLetterQueueSettings): ErrorReporter<T>
}

/** A sink task's error handling: failures of consumed records. */
export class SinkErrorHandling extends TaskErrorHandling<IncomingRecord> {
  constructor (options: TaskErrorHandlingOptions) {
    super(options, record => ({ kind: 'kafka', topic: record.topic, partition: record.partition, offset: record.offset }))
  }

  /** Whether the task gets an errant record reporter: with a DLQ or errors.log.enable, as in Kafka. */
  errantRecordReporterEnabled (): boolean {
    return this.settings.deadLetterQueue !== null || this.settings.logEnabled
  }

  protected logReporter (): ErrorReporter<IncomingRecord> {
    return new SinkLogReporter(this.logOptions())
  }

  protected deadLetterQueueReporter (queue: DeadLetterQueue, settings: DeadLetterQueueSettings): ErrorReporter<IncomingRecord> {
    return new SinkDeadLetterQueueReporter({ queue, id: this.options.id, contextHeaders: settings.contextHeaders, scrubber: this.scrubber })
  }
}

/** A source task's error handling: failures of the task's records. */
export class SourceErrorHandling extends TaskErrorHandling<SourceRecord> {
  readonly #converters: SourceDeadLetterQueueConverters

  constructor (options: TaskErrorHandlingOptions, converters: SourceDeadLetterQueueConverters) {
    super(options, record => ({ kind: 'source', topic: record.topic, sourcePartition: record.sourcePartition, sourceOffset: record.sourceOffset }))
    this.#converters = converters
  }

  protected logReporter (): ErrorReporter<SourceRecord> {
    return new SourceLogReporter(this.logOptions())
  }

  protected deadLetterQueueReporter (queue: DeadLetterQueue, settings: DeadLetterQueueSettings): ErrorReporter<SourceRecord> {
    return new SourceDeadLetterQueueReporter({ queue, id: this.options.id, contextHeaders: settings.contextHeaders, scrubber: this.scrubber }, this.#converters)
  }
}

/** Kafka's client id for a task's dead letter queue producer. */
export function deadLetterQueueClientId (id: ConnectorTaskId): string {
  return `connector-dlq-producer-${taskIdText(id)}`
}
