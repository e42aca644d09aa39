// A record a sink task receives: a ConnectRecord read from Kafka, with its offset, the kind of its
// timestamp, and where it was originally read (kept when transforms change topic or partition,
// so the task can commit the right offsets, as KIP-793 has it).

import { DataException } from '../errors.ts'
import { formatValue } from '../data/format-value.ts'
import { ConnectRecord } from '../connector/connect-record.ts'
import type { ConnectRecordOptions, RecordChanges } from '../connector/connect-record.ts'

/** What a record's timestamp means, named as Kafka's TimestampType prints. */
export type TimestampType = 'NoTimestampType' | 'CreateTime' | 'LogAppendTime'

/** The fields of a SinkRecord. The originals default to the topic, partition and offset. */
export interface SinkRecordOptions extends ConnectRecordOptions {
  kafkaPartition: number
  kafkaOffset: bigint
  timestampType?: TimestampType
  originalTopic?: string
  originalKafkaPartition?: number
  originalKafkaOffset?: bigint
}

/** A record delivered to a SinkTask. */
export class SinkRecord extends ConnectRecord<SinkRecord> {
  declare readonly kafkaPartition: number
  readonly kafkaOffset: bigint
  readonly timestampType: TimestampType
  readonly originalTopic: string
  readonly originalKafkaPartition: number
  readonly originalKafkaOffset: bigint

  constructor (options: SinkRecordOptions) {
    super(options)
    // JavaScript callers may pass a number; offsets are bigint everywhere so comparisons hold.
    const offset = toBigInt(options.kafkaOffset)
    this.kafkaOffset = offset
    this.timestampType = options.timestampType ?? 'NoTimestampType'
    this.originalTopic = options.originalTopic ?? options.topic
    this.originalKafkaPartition = options.originalKafkaPartition ?? options.kafkaPartition
    this.originalKafkaOffset = options.originalKafkaOffset === undefined ? offset : toBigInt(options.originalKafkaOffset)
  }

  /** A copy with some fields changed; the offset, timestamp type and originals are kept. */
  newRecord (changes: RecordChanges = {}): SinkRecord {
    const options = this.withChanges(changes) as SinkRecordOptions
    options.kafkaOffset = this.kafkaOffset
    options.timestampType = this.timestampType
    options.originalTopic = this.originalTopic
    options.originalKafkaPartition = this.originalKafkaPartition
    options.originalKafkaOffset = this.originalKafkaOffset
    return new SinkRecord(options)
  }

  override equals (other: unknown): boolean {
    if (!super.equals(other)) return false
    const that = other as SinkRecord
    return this.kafkaOffset === that.kafkaOffset &&
      this.timestampType === that.timestampType &&
      this.originalTopic === that.originalTopic &&
      this.originalKafkaPartition === that.originalKafkaPartition &&
      this.originalKafkaOffset === that.originalKafkaOffset
  }

  override toString (): string {
    return `SinkRecord{kafkaOffset=${this.kafkaOffset}, timestampType=${this.timestampType}, ` +
      `originalTopic=${this.originalTopic}, originalKafkaPartition=${this.originalKafkaPartition}, ` +
      `originalKafkaOffset=${formatValue(this.originalKafkaOffset)}} ` + super.toString()
  }
}

function toBigInt (offset: bigint | number): bigint {
  if (typeof offset === 'bigint') return offset
  if (Number.isSafeInteger(offset)) return BigInt(offset)
  throw new DataException(`A SinkRecord's Kafka offset must be a bigint, not ${String(offset)}`)
}
