// Which source offsets are safe to commit (Kafka's SubmittedRecords). Records are submitted in the
// order the task produced them and acknowledged by Kafka in any order; for each source partition,
// the committable offset is that of the latest record such that it and every record submitted
// before it (of that partition) were acknowledged. So a crash never skips a record Kafka does not
// have, whatever order acknowledgements come back in.

import { partitionIdentity, type OffsetMap } from '../../storage/offset-utils.ts'

/** A record handed to the producer, until Kafka acknowledges it. */
export interface SubmittedRecord {
  /** Kafka has the record. */
  ack (): void
  /**
   * Takes back the most recently submitted record (it was not sent after all, e.g. a retriable
   * send error): it must be the last submission of its partition. Returns whether it was found.
   */
  drop (): boolean
  /**
   * The record will never be acknowledged (its send failed): it no longer counts as awaited, but
   * still holds back the offsets of its partition, since Kafka does not have it.
   */
  abandon (): void
}

/** The offsets to commit now, and what is still waiting. */
export interface CommittableOffsets {
  /** Source partition -> latest committable offset (only partitions that advanced). */
  readonly offsets: ReadonlyArray<{ partition: OffsetMap | null, offset: OffsetMap | null }>
  /** Acknowledged records whose offsets these are. */
  readonly committableMessages: number
  /** Records still waiting for an acknowledgement (or behind one that is). */
  readonly uncommittableMessages: number
  /** Partitions with records waiting. */
  readonly pendingPartitions: number
}

/** A queue per source partition, with the head advancing over acknowledged records. */
interface PartitionQueue {
  readonly identity: string
  readonly partition: OffsetMap | null
  entries: Entry[]
  head: number
}

/** What an entry tells the records it belongs to. */
interface Tracker {
  messageAcked (): void
  queueEmptied (queue: PartitionQueue): void
}

/** One submitted record: a class rather than closures, since there is one per record sent. */
class Entry implements SubmittedRecord {
  readonly partition: OffsetMap | null
  readonly offset: OffsetMap | null
  readonly #queue: PartitionQueue
  readonly #tracker: Tracker
  acked = false
  dropped = false
  abandoned = false

  constructor (partition: OffsetMap | null, offset: OffsetMap | null, queue: PartitionQueue, tracker: Tracker) {
    this.partition = partition
    this.offset = offset
    this.#queue = queue
    this.#tracker = tracker
  }

  ack (): void {
    if (this.acked || this.dropped) return
    this.acked = true
    if (!this.abandoned) this.#tracker.messageAcked()
  }

  abandon (): void {
    if (this.acked || this.dropped || this.abandoned) return
    this.abandoned = true
    this.#tracker.messageAcked()
  }

  drop (): boolean {
    if (this.acked || this.dropped || this.abandoned) return false
    const queue = this.#queue
    if (queue.entries[queue.entries.length - 1] !== this) return false
    queue.entries.pop()
    this.dropped = true
    if (queue.entries.length === queue.head) this.#tracker.queueEmptied(queue)
    this.#tracker.messageAcked()
    return true
  }
}

/** Tracks submitted records per source partition. */
export class SubmittedRecords {
  readonly #queues = new Map<string, PartitionQueue>()
  #unacked = 0
  #drained: Array<() => void> = []
  readonly #tracker: Tracker = {
    messageAcked: () => this.#messageAcked(),
    queueEmptied: queue => { if (this.#queues.get(queue.identity) === queue) this.#queues.delete(queue.identity) },
  }

  /** The last partition seen and its identity: tasks usually give every record of a batch the same (frozen) object. */
  #lastPartition: OffsetMap | null | undefined = undefined
  #lastIdentity = ''

  /** Records a record about to be sent. */
  submit (partition: OffsetMap | null, offset: OffsetMap | null): SubmittedRecord {
    const identity = this.#identityOf(partition)
    let queue = this.#queues.get(identity)
    if (queue === undefined) {
      queue = { identity, partition, entries: [], head: 0 }
      this.#queues.set(identity, queue)
    }
    const entry = new Entry(partition, offset, queue, this.#tracker)
    queue.entries.push(entry)
    this.#unacked++
    return entry
  }

  /** partitionIdentity, computed once for a partition object given again that cannot have changed (frozen). */
  #identityOf (partition: OffsetMap | null): string {
    if (partition === this.#lastPartition && (partition === null || Object.isFrozen(partition))) return this.#lastIdentity
    const identity = partitionIdentity(partition)
    this.#lastPartition = partition
    this.#lastIdentity = identity
    return identity
  }

  /** Records not acknowledged yet. */
  unackedCount (): number {
    return this.#unacked
  }

  /** Removes every acknowledged head of every partition's queue, returning the offsets they reach. */
  committableOffsets (): CommittableOffsets {
    const offsets: Array<{ partition: OffsetMap | null, offset: OffsetMap | null }> = []
    let committable = 0
    let uncommittable = 0
    for (const [identity, queue] of this.#queues) {
      let latest: Entry | null = null
      while (queue.head < queue.entries.length && queue.entries[queue.head].acked) {
        latest = queue.entries[queue.head]
        queue.head++
        committable++
      }
      if (latest !== null) offsets.push({ partition: queue.partition, offset: latest.offset })
      const waiting = queue.entries.length - queue.head
      uncommittable += waiting
      if (waiting === 0) {
        this.#queues.delete(identity)
      } else if (queue.head > 1024 && queue.head * 2 > queue.entries.length) {
        // Compact now and then, so a long-lived partition's queue does not grow without bound.
        queue.entries = queue.entries.slice(queue.head)
        queue.head = 0
      }
    }
    return { offsets, committableMessages: committable, uncommittableMessages: uncommittable, pendingPartitions: this.#queues.size }
  }

  /** Resolves true once every submitted record is acknowledged (or dropped), false after `timeoutMs`. */
  awaitAllMessages (timeoutMs: number): Promise<boolean> {
    if (this.#unacked === 0) return Promise.resolve(true)
    return new Promise(resolve => {
      const timer = setTimeout(() => {
        this.#drained = this.#drained.filter(f => f !== done)
        resolve(false)
      }, Math.max(0, timeoutMs))
      const done = (): void => {
        clearTimeout(timer)
        resolve(true)
      }
      this.#drained.push(done)
    })
  }

  #messageAcked (): void {
    this.#unacked--
    if (this.#unacked === 0 && this.#drained.length > 0) {
      const waiting = this.#drained
      this.#drained = []
      for (const done of waiting) done()
    }
  }
}
