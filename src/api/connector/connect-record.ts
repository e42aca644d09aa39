// What every record in Connect has, source or sink: where it goes in Kafka, its key and value with
// their schemas, a timestamp and headers. Created once per record on hot paths, so it stays lean:
// no copies of values, no closures.

import { schemaEquals, valueEquals } from '../data/connect-schema.ts'
import { formatValue } from '../data/format-value.ts'
import type { Schema } from '../data/schema.ts'
import { ConnectHeaders } from '../header/headers.ts'
import type { Header } from '../header/headers.ts'

/** The fields of a ConnectRecord; all but the topic may be left out (they are then null). */
export interface ConnectRecordOptions {
  topic: string
  kafkaPartition?: number | null
  keySchema?: Schema | null
  key?: unknown
  valueSchema?: Schema | null
  value?: unknown
  /** Milliseconds since the epoch. */
  timestamp?: number | null
  /** Used as is when a ConnectHeaders, copied otherwise; empty when left out. */
  headers?: Iterable<Header> | null
}

/**
 * The fields newRecord may change. A field left out (or undefined) keeps its value; pass null to
 * clear it. Headers left out are a copy of the record's, so the new record may change them freely.
 */
export type RecordChanges = Partial<ConnectRecordOptions>

/** The base of SourceRecord and SinkRecord. */
export abstract class ConnectRecord<R extends ConnectRecord<R>> {
  readonly topic: string
  readonly kafkaPartition: number | null
  readonly keySchema: Schema | null
  readonly key: unknown
  readonly valueSchema: Schema | null
  readonly value: unknown
  readonly timestamp: number | null
  readonly headers: ConnectHeaders

  constructor (options: ConnectRecordOptions) {
    this.topic = options.topic
    this.kafkaPartition = options.kafkaPartition ?? null
    this.keySchema = options.keySchema ?? null
    this.key = options.key ?? null
    this.valueSchema = options.valueSchema ?? null
    this.value = options.value ?? null
    this.timestamp = options.timestamp ?? null
    const headers = options.headers
    this.headers = headers instanceof ConnectHeaders ? headers : new ConnectHeaders(headers)
  }

  /** A record like this one with some fields changed (see RecordChanges); the rest of the subclass's fields are kept. */
  abstract newRecord (changes?: RecordChanges): R

  /** The same class and deeply equal fields. */
  equals (other: unknown): boolean {
    if (this === other) return true
    if (!(other instanceof ConnectRecord) || other.constructor !== this.constructor) return false
    return this.kafkaPartition === other.kafkaPartition &&
      this.topic === other.topic &&
      this.timestamp === other.timestamp &&
      schemaEquals(this.keySchema, other.keySchema) &&
      valueEquals(this.key, other.key) &&
      schemaEquals(this.valueSchema, other.valueSchema) &&
      valueEquals(this.value, other.value) &&
      this.headers.equals(other.headers)
  }

  toString (): string {
    return `ConnectRecord{topic='${this.topic}', kafkaPartition=${this.kafkaPartition}, key=${formatValue(this.key)}, ` +
      `keySchema=${String(this.keySchema)}, value=${formatValue(this.value)}, valueSchema=${String(this.valueSchema)}, ` +
      `timestamp=${this.timestamp}, headers=${String(this.headers)}}`
  }

  /** The base fields with `changes` applied, for a subclass's newRecord. */
  protected withChanges (changes: RecordChanges): ConnectRecordOptions {
    return {
      topic: changes.topic ?? this.topic,
      kafkaPartition: changes.kafkaPartition !== undefined ? changes.kafkaPartition : this.kafkaPartition,
      keySchema: changes.keySchema !== undefined ? changes.keySchema : this.keySchema,
      key: changes.key !== undefined ? changes.key : this.key,
      valueSchema: changes.valueSchema !== undefined ? changes.valueSchema : this.valueSchema,
      value: changes.value !== undefined ? changes.value : this.value,
      timestamp: changes.timestamp !== undefined ? changes.timestamp : this.timestamp,
      headers: changes.headers ?? this.headers.duplicate(),
    }
  }
}
