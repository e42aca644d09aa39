// Sends failed records to the dead letter queue (Kafka's DeadLetterQueueReporter, and kconnect's
// own for source connectors).
//
// Sink: the record exactly as it was consumed (key, value, headers and timestamp bytes), plus,
// with errors.deadletterqueue.context.headers.enable, Kafka's `__connect.errors.*` headers in
// Kafka's order: topic, partition, offset, connector.name, task.id, stage, class.name,
// exception.class.name, exception.message, exception.stacktrace.
//
// Source (beyond Kafka, which has no source DLQ): the record as the task gave it, before any
// transformation, written with the connector's converters. A part the converters cannot write (the
// very failure that sent it here) is written as JSON instead (JsonConverter, with its schema when
// the value fits it, else without), and the header `__connect.errors.fallback.json` lists those
// parts (key, value, headers), so a consumer can tell how to read it; a part not even JSON can
// write is null and listed in `__connect.errors.fallback.dropped`. Context headers are Kafka's set, with the source coordinates instead of
// Kafka's: `__connect.errors.topic` (the record's topic), `__connect.errors.partition` (only when
// the task chose one), `__connect.errors.source.partition` and `__connect.errors.source.offset`
// (JSON, as the offsets topic holds them), then connector.name … exception.stacktrace.
// Exception messages and traces are scrubbed of the task's secrets.

import type { Converter, HeaderConverter } from '../../api/converter/converter.ts'
import type { Schema } from '../../api/data/schema.ts'
import type { SourceRecord } from '../../api/source/source-record.ts'
import type { ConnectorTaskId } from '../../herder/herder.ts'
import type { IncomingRecord, LogHeader, OutgoingRecord } from '../../log/log.ts'
import { JsonConverter } from '../../converters/json/json-converter.ts'
import { traceOf } from '../stack-trace.ts'
import type { DeadLetterQueue } from './dead-letter-queue.ts'
import type { ErrorReporter } from './error-reporter.ts'
import { exceptionClassName, exceptionMessage } from './java-names.ts'
import type { ProcessingContext } from './processing-context.ts'
import type { SecretScrubber } from './secret-scrubber.ts'

/** The prefix of Kafka's error context headers. */
export const HEADER_PREFIX = '__connect.errors.'
export const ERROR_HEADER_ORIG_TOPIC = HEADER_PREFIX + 'topic'
export const ERROR_HEADER_ORIG_PARTITION = HEADER_PREFIX + 'partition'
export const ERROR_HEADER_ORIG_OFFSET = HEADER_PREFIX + 'offset'
export const ERROR_HEADER_CONNECTOR_NAME = HEADER_PREFIX + 'connector.name'
export const ERROR_HEADER_TASK_ID = HEADER_PREFIX + 'task.id'
export const ERROR_HEADER_STAGE = HEADER_PREFIX + 'stage'
export const ERROR_HEADER_EXECUTING_CLASS = HEADER_PREFIX + 'class.name'
export const ERROR_HEADER_EXCEPTION = HEADER_PREFIX + 'exception.class.name'
export const ERROR_HEADER_EXCEPTION_MESSAGE = HEADER_PREFIX + 'exception.message'
export const ERROR_HEADER_EXCEPTION_STACK_TRACE = HEADER_PREFIX + 'exception.stacktrace'
/** kconnect's source DLQ: where the record came from in the source system. */
export const ERROR_HEADER_SOURCE_PARTITION = HEADER_PREFIX + 'source.partition'
export const ERROR_HEADER_SOURCE_OFFSET = HEADER_PREFIX + 'source.offset'
/** kconnect's source DLQ: the parts written as JSON because the connector's converters failed. */
export const ERROR_HEADER_FALLBACK_JSON = HEADER_PREFIX + 'fallback.json'
/** kconnect's source DLQ: the parts left null because not even JSON could write them. */
export const ERROR_HEADER_FALLBACK_DROPPED = HEADER_PREFIX + 'fallback.dropped'

const utf8 = new TextEncoder()

function text (value: string | null): Uint8Array | null {
  return value === null ? null : utf8.encode(value)
}

/** What both reporters share. */
export interface DeadLetterQueueReporterOptions {
  readonly queue: DeadLetterQueue
  readonly id: ConnectorTaskId
  /** errors.deadletterqueue.context.headers.enable */
  readonly contextHeaders: boolean
  readonly scrubber: SecretScrubber
}

/** The headers every context gets after the record's coordinates: task, stage, class, exception. */
function taskAndErrorHeaders (context: ProcessingContext<unknown>, options: DeadLetterQueueReporterOptions): LogHeader[] {
  const headers: LogHeader[] = [
    [ERROR_HEADER_CONNECTOR_NAME, text(options.id.connector)],
    [ERROR_HEADER_TASK_ID, text(String(options.id.task))],
    [ERROR_HEADER_STAGE, text(context.stage)],
    [ERROR_HEADER_EXECUTING_CLASS, text(context.executingClass)],
  ]
  if (context.failed()) {
    const error = context.error
    headers.push([ERROR_HEADER_EXCEPTION, text(exceptionClassName(error))])
    headers.push([ERROR_HEADER_EXCEPTION_MESSAGE, text(options.scrubber.scrub(exceptionMessage(error)))])
    headers.push([ERROR_HEADER_EXCEPTION_STACK_TRACE, text(options.scrubber.scrub(traceOf(error)))])
  }
  return headers
}

/** Writes consumed records that failed to the dead letter queue, as Kafka does. */
export class SinkDeadLetterQueueReporter implements ErrorReporter<IncomingRecord> {
  readonly #options: DeadLetterQueueReporterOptions

  constructor (options: DeadLetterQueueReporterOptions) {
    this.#options = options
  }

  report (context: ProcessingContext<IncomingRecord>): Promise<void> {
    const original = context.original
    const headers: LogHeader[] = [...original.headers]
    if (this.#options.contextHeaders) {
      headers.push([ERROR_HEADER_ORIG_TOPIC, text(original.topic)])
      headers.push([ERROR_HEADER_ORIG_PARTITION, text(String(original.partition))])
      headers.push([ERROR_HEADER_ORIG_OFFSET, text(String(original.offset))])
      headers.push(...taskAndErrorHeaders(context, this.#options))
    }
    const record: OutgoingRecord = {
      topic: this.#options.queue.topic,
      key: original.key,
      value: original.value,
      headers,
      timestamp: original.timestampType === 'NoTimestampType' || original.timestamp < 0 ? null : original.timestamp,
    }
    return this.#options.queue.write(record)
  }

  async close (): Promise<void> {
    await this.#options.queue.close()
  }
}

/** The converters a source DLQ writes records with. */
export interface SourceDeadLetterQueueConverters {
  readonly key: Converter
  readonly value: Converter
  readonly header: HeaderConverter
}

/** Writes source records that failed to the dead letter queue (kconnect's extension). */
export class SourceDeadLetterQueueReporter implements ErrorReporter<SourceRecord> {
  readonly #options: DeadLetterQueueReporterOptions
  readonly #converters: SourceDeadLetterQueueConverters
  /** JSON with the schema envelope; JSON of the value alone when the value does not fit its schema. */
  readonly #json: { readonly withSchema: JsonConverter, readonly withoutSchema: JsonConverter }

  constructor (options: DeadLetterQueueReporterOptions, converters: SourceDeadLetterQueueConverters) {
    this.#options = options
    this.#converters = converters
    const withSchema = new JsonConverter()
    withSchema.configure({ 'schemas.enable': 'true', 'converter.type': 'value' })
    const withoutSchema = new JsonConverter()
    withoutSchema.configure({ 'schemas.enable': 'false', 'converter.type': 'value' })
    this.#json = { withSchema, withoutSchema }
  }

  report (context: ProcessingContext<SourceRecord>): Promise<void> {
    const original = context.original
    const topic = original.topic
    const fallback: Fallback = { json: [], dropped: [] }
    const { key: keyConverter, value: valueConverter, header: headerConverter } = this.#converters
    const key = this.#convert('key', fallback, original.keySchema, original.key,
      () => keyConverter.fromConnectData(topic, original.keySchema, original.key, original.headers))
    const value = this.#convert('value', fallback, original.valueSchema, original.value,
      () => valueConverter.fromConnectData(topic, original.valueSchema, original.value, original.headers))
    let headers: LogHeader[] = []
    try {
      for (const header of original.headers) headers.push([header.key, headerConverter.fromConnectHeader(topic, header.key, header.schema, header.value)])
    } catch {
      headers = []
      for (const header of original.headers) {
        const bytes = this.#convert('headers', fallback, header.schema, header.value, null)
        // A header not even JSON can write is left out rather than losing the whole record.
        if (bytes !== null || header.value === null) headers.push([header.key, bytes])
      }
    }
    if (fallback.json.length > 0) headers.push([ERROR_HEADER_FALLBACK_JSON, text([...new Set(fallback.json)].join(','))])
    if (fallback.dropped.length > 0) headers.push([ERROR_HEADER_FALLBACK_DROPPED, text([...new Set(fallback.dropped)].join(','))])
    if (this.#options.contextHeaders) {
      headers.push([ERROR_HEADER_ORIG_TOPIC, text(topic)])
      if (original.kafkaPartition !== null) headers.push([ERROR_HEADER_ORIG_PARTITION, text(String(original.kafkaPartition))])
      headers.push([ERROR_HEADER_SOURCE_PARTITION, text(jsonText(original.sourcePartition))])
      headers.push([ERROR_HEADER_SOURCE_OFFSET, text(jsonText(original.sourceOffset))])
      headers.push(...taskAndErrorHeaders(context, this.#options))
    }
    const timestamp = original.timestamp !== null && original.timestamp >= 0 ? original.timestamp : null
    return this.#options.queue.write({ topic: this.#options.queue.topic, key, value, headers, timestamp })
  }

  /** The part as the connector's converter writes it, else as JSON (noted in `fallback`), else null. */
  #convert (part: string, fallback: Fallback, schema: Schema | null, value: unknown, primary: (() => Uint8Array | null) | null): Uint8Array | null {
    if (primary !== null) {
      try {
        return primary()
      } catch {
        // The failure that sent the record here, most likely: write it as JSON instead.
      }
    }
    for (const write of [() => this.#json.withSchema.fromConnectData('', schema, value), () => this.#json.withoutSchema.fromConnectData('', null, value)]) {
      try {
        const bytes = write()
        fallback.json.push(part)
        return bytes
      } catch {
        // The value does not fit its schema, or is not JSON material: try the next form.
      }
    }
    fallback.dropped.push(part)
    return null
  }

  async close (): Promise<void> {
    await this.#options.queue.close()
  }
}

/** The parts of a source DLQ record written as JSON, or dropped. */
interface Fallback {
  readonly json: string[]
  readonly dropped: string[]
}

/** A source partition or offset as JSON text (bigints as numbers, as the offsets topic writes them). */
function jsonText (value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) => typeof v === 'bigint' ? `__bigint__${v}` : v)
    .replace(/"__bigint__(-?\d+)"/g, '$1')
}
