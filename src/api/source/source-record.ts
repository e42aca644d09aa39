// A record a source task produces: a ConnectRecord plus where in the source system it came from
// (the source partition) and how far the task has read there (the source offset).

import { valueEquals } from '../data/connect-schema.ts'
import { formatValue } from '../data/format-value.ts'
import { ConnectRecord } from '../connector/connect-record.ts'
import type { ConnectRecordOptions, RecordChanges } from '../connector/connect-record.ts'

/** The fields of a SourceRecord: a ConnectRecord's plus the source partition and offset. */
export interface SourceRecordOptions extends ConnectRecordOptions {
  /** Identifies the part of the source this record came from, e.g. { filename: 'in.txt' }. */
  sourcePartition?: Record<string, unknown> | null
  /** The position within that partition after this record, e.g. { position: 120 }. */
  sourceOffset?: Record<string, unknown> | null
}

/** A record produced by a SourceTask. */
export class SourceRecord extends ConnectRecord<SourceRecord> {
  readonly sourcePartition: Record<string, unknown> | null
  readonly sourceOffset: Record<string, unknown> | null

  constructor (options: SourceRecordOptions) {
    super(options)
    this.sourcePartition = options.sourcePartition ?? null
    this.sourceOffset = options.sourceOffset ?? null
  }

  /** A copy with some fields changed; the source partition and offset are kept. */
  newRecord (changes: RecordChanges = {}): SourceRecord {
    const options: SourceRecordOptions = this.withChanges(changes)
    options.sourcePartition = this.sourcePartition
    options.sourceOffset = this.sourceOffset
    return new SourceRecord(options)
  }

  override equals (other: unknown): boolean {
    return super.equals(other) &&
      valueEquals(this.sourcePartition, (other as SourceRecord).sourcePartition) &&
      valueEquals(this.sourceOffset, (other as SourceRecord).sourceOffset)
  }

  override toString (): string {
    return `SourceRecord{sourcePartition=${formatValue(this.sourcePartition)}, sourceOffset=${formatValue(this.sourceOffset)}} ` +
      super.toString()
  }
}
