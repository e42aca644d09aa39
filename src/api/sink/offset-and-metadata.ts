// A consumer offset to commit for a partition (Kafka's OffsetAndMetadata): the offset of the next
// record to read, with optional metadata and leader epoch.

import { ConnectException } from '../errors.ts'

/** The offset to commit for a partition: the offset of the next record to consume. */
export class OffsetAndMetadata {
  readonly offset: bigint
  readonly metadata: string
  readonly leaderEpoch: number | null

  constructor (offset: bigint, metadata = '', leaderEpoch: number | null = null) {
    if (typeof offset !== 'bigint') throw new ConnectException(`An offset must be a bigint, not ${String(offset)}`)
    if (offset < 0n) throw new ConnectException(`Invalid negative offset ${offset}`)
    this.offset = offset
    this.metadata = metadata
    this.leaderEpoch = leaderEpoch
  }

  equals (other: unknown): boolean {
    return other instanceof OffsetAndMetadata && other.offset === this.offset &&
      other.metadata === this.metadata && other.leaderEpoch === this.leaderEpoch
  }

  toString (): string {
    return `OffsetAndMetadata{offset=${this.offset}, leaderEpoch=${this.leaderEpoch}, metadata='${this.metadata}'}`
  }
}
