// The errant record reporter a sink task gets from SinkTaskContext.errantRecordReporter() (Kafka's
// WorkerErrantRecordReporter, KIP-610). It exists when the connector has a dead letter queue or
// errors.log.enable, as in Kafka. report(record, error) sends the record as it was consumed
// (found through the record the task was given; a record the task built itself is converted back
// with the task's converters) to the reporters, with stage TASK_PUT and class
// org.apache.kafka.connect.sink.SinkTask, and resolves when the dead letter queue acknowledged it.
// The runner commits a partition's offsets only after its reports are stored.
//
// With errors.tolerance=none the report is still made, then report() rejects with Kafka's
// "Tolerance exceeded in error handler" and the task fails after put() returns, as in Kafka.

import { ConnectException } from '../../api/errors.ts'
import type { ErrantRecordReporter } from '../../api/sink/errant-record-reporter.ts'
import type { SinkRecord } from '../../api/sink/sink-record.ts'
import type { IncomingRecord, LogHeader } from '../../log/log.ts'
import type { TaskConverters } from '../task-converters.ts'
import type { PendingReports } from './pending-reports.ts'
import { ProcessingContext } from './processing-context.ts'
import type { RetryWithToleranceOperator } from './retry-with-tolerance-operator.ts'

/** The class Kafka names in errant records' reports. */
export const SINK_TASK_CLASS = 'org.apache.kafka.connect.sink.SinkTask'

/** What the reporter needs from its runner. */
export interface WorkerErrantRecordReporterOptions {
  readonly operator: RetryWithToleranceOperator<IncomingRecord>
  /** The consumed record a record given to put() came from, if it is one. */
  readonly originalOf: (record: SinkRecord) => IncomingRecord | undefined
  readonly converters: TaskConverters
  readonly pending: PendingReports
}

/** Reports records a sink task could not write. */
export class WorkerErrantRecordReporter implements ErrantRecordReporter {
  readonly #options: WorkerErrantRecordReporterOptions
  /** The first failure reported while errors.tolerance=none: it fails the task after put(). */
  #toleranceExceeded: ConnectException | null = null

  constructor (options: WorkerErrantRecordReporterOptions) {
    this.#options = options
  }

  report (record: SinkRecord, error: Error): Promise<void> {
    let context: ProcessingContext<IncomingRecord>
    try {
      context = new ProcessingContext(this.#options.originalOf(record) ?? this.#consumedForm(record))
    } catch (conversionError) {
      return handledRejection(new ConnectException('The errant record could not be converted for the dead letter queue', { cause: conversionError }))
    }
    let report: Promise<void>
    try {
      report = this.#options.operator.executeFailed(context, 'TASK_PUT', SINK_TASK_CLASS, error)
    } catch (exceeded) {
      this.#toleranceExceeded ??= exceeded as ConnectException
      return handledRejection(exceeded)
    }
    this.#options.pending.add({ topic: context.original.topic, partition: context.original.partition }, report)
    return report
  }

  /** Throws the tolerance failure a report caused during put(), if any (Kafka's maybeThrowAsyncError). */
  maybeThrowAsyncError (): void {
    if (this.#toleranceExceeded !== null) throw this.#toleranceExceeded
  }

  /** A record the task built itself, as Kafka would have consumed it: converted back with the task's converters. */
  #consumedForm (record: SinkRecord): IncomingRecord {
    const { key: keyConverter, value: valueConverter, header: headerConverter } = this.#options.converters
    const topic = record.topic
    const headers: LogHeader[] = []
    for (const header of record.headers) headers.push([header.key, headerConverter.fromConnectHeader(topic, header.key, header.schema, header.value)])
    return {
      topic,
      partition: record.kafkaPartition,
      offset: record.kafkaOffset,
      key: keyConverter.fromConnectData(topic, record.keySchema, record.key, record.headers),
      value: valueConverter.fromConnectData(topic, record.valueSchema, record.value, record.headers),
      headers,
      timestamp: record.timestamp ?? -1,
      timestampType: record.timestamp === null ? 'NoTimestampType' : record.timestampType,
    }
  }
}

/** A rejected promise that does not count as unhandled when the task ignores it (fire and forget is allowed). */
function handledRejection (error: unknown): Promise<void> {
  const rejected = Promise.reject(error)
  rejected.catch(() => {})
  return rejected
}
