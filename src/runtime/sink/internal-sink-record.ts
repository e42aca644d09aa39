// The SinkRecord a sink task's put() receives from the runner (Kafka's InternalSinkRecord): it
// carries the record as it was consumed, so that a report about it (the errant record reporter, a
// record put() rejects) sends the original bytes to the dead letter queue. Keeping the consumed
// record on the record itself, rather than in a WeakMap keyed by it, spares the garbage collector
// an ephemeron per record (a WeakMap entry per record was about a third of a sink's CPU time).
// A record the task derives with newRecord() is a plain SinkRecord, as in Kafka.

import { SinkRecord, type SinkRecordOptions } from '../../api/sink/sink-record.ts'
import type { IncomingRecord } from '../../log/log.ts'

/** A SinkRecord that knows the record it was converted from. */
export class InternalSinkRecord extends SinkRecord {
  /** The record as the consumer read it. */
  readonly consumed: IncomingRecord

  constructor (options: SinkRecordOptions, consumed: IncomingRecord) {
    super(options)
    this.consumed = consumed
  }

  /** `record` (the result of the transformations of `consumed`'s record) as an InternalSinkRecord, sharing its headers. */
  static wrap (record: SinkRecord, consumed: IncomingRecord): InternalSinkRecord {
    if (record instanceof InternalSinkRecord && record.consumed === consumed) return record
    return new InternalSinkRecord({
      topic: record.topic,
      kafkaPartition: record.kafkaPartition,
      keySchema: record.keySchema,
      key: record.key,
      valueSchema: record.valueSchema,
      value: record.value,
      timestamp: record.timestamp,
      headers: record.headers,
      kafkaOffset: record.kafkaOffset,
      timestampType: record.timestampType,
      originalTopic: record.originalTopic,
      originalKafkaPartition: record.originalKafkaPartition,
      originalKafkaOffset: record.originalKafkaOffset,
    }, consumed)
  }
}

/** The consumed record `record` came from, when it is one the runner gave to put(). */
export function consumedRecordOf (record: SinkRecord): IncomingRecord | undefined {
  return record instanceof InternalSinkRecord ? record.consumed : undefined
}
