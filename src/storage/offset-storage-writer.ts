// Buffers a connector's source offsets and flushes them to the offset store (Kafka's
// OffsetStorageWriter). A flush takes everything buffered so far; while it is being written, new
// offsets buffer for the next one. A failed or timed-out flush puts its offsets back (newer ones
// for the same partition win), so they are written by the next flush.

import { getLogger } from '../logging/index.ts'
import type { OffsetBackingStore } from './offset-backing-store.ts'
import { offsetKeyBytes, offsetValueBytes, partitionIdentity, type OffsetMap } from './offset-utils.ts'

const log = getLogger('org.apache.kafka.connect.storage.OffsetStorageWriter')

interface PendingOffset {
  readonly partition: OffsetMap | null
  readonly offset: OffsetMap | null
}

/** What a flush did. */
export type FlushResult = 'empty' | 'flushed'

/** Collects offsets for one connector and writes them in flushes, one flush at a time. */
export class OffsetStorageWriter {
  readonly #store: OffsetBackingStore
  readonly #connector: string
  #data = new Map<string, PendingOffset>()
  #flushing: Promise<unknown> | null = null

  constructor (store: OffsetBackingStore, connector: string) {
    this.#store = store
    this.#connector = connector
  }

  /** Records the latest offset of a source partition (null resets it), to be written by the next flush. */
  offset (partition: OffsetMap | null, offset: OffsetMap | null): void {
    this.#data.set(partitionIdentity(partition), { partition, offset })
  }

  /** Whether offsets wait to be flushed. */
  hasPending (): boolean {
    return this.#data.size > 0
  }

  /**
   * Writes the buffered offsets. Waits up to `timeoutMs` for a flush in progress to finish first,
   * and for this one to be durable; on a timeout or a store error it rejects and keeps the offsets
   * for the next flush. Resolves 'empty' when there was nothing to write.
   */
  async flush (timeoutMs: number): Promise<FlushResult> {
    const deadline = Date.now() + timeoutMs
    while (this.#flushing !== null) {
      const previous = this.#flushing
      await withTimeout(previous.catch(() => {}), deadline - Date.now(), 'Timed out waiting for previous flush to finish')
      if (this.#flushing === previous) this.#flushing = null
    }
    if (this.#data.size === 0) return 'empty'
    const toFlush = this.#data
    this.#data = new Map()
    let entries: Array<[Uint8Array, Uint8Array | null]>
    try {
      entries = [...toFlush.values()].map(({ partition, offset }) =>
        [offsetKeyBytes(this.#connector, partition), offsetValueBytes(this.#connector, offset)])
    } catch (error) {
      log.error(`CRITICAL: Failed to serialize offset data, making it impossible to commit offsets under namespace ${this.#connector}. ` +
        'This likely won\'t recover unless the unserializable partition or offset information is overwritten.', error)
      this.#restore(toFlush)
      throw error
    }
    log.debug(`Submitting ${entries.length} entries to backing store for ${this.#connector}`)
    const write = this.#store.set(entries)
    this.#flushing = write
    try {
      await withTimeout(write, deadline - Date.now(), `Timed out writing the offsets of ${this.#connector}`)
      return 'flushed'
    } catch (error) {
      this.#restore(toFlush)
      throw error
    } finally {
      if (this.#flushing === write) {
        // A write that timed out may still be in progress: the next flush waits for it.
        write.then(() => { if (this.#flushing === write) this.#flushing = null }, () => { if (this.#flushing === write) this.#flushing = null })
      }
    }
  }

  /** Puts offsets of a failed flush back, unless newer ones arrived for the same partition. */
  #restore (flushed: Map<string, PendingOffset>): void {
    for (const [identity, pending] of flushed) {
      if (!this.#data.has(identity)) this.#data.set(identity, pending)
    }
  }
}

/** Waits for `promise`, rejecting with `message` after `ms` (at once when ms <= 0 and it is pending). */
export async function withTimeout<T> (promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(message)), Math.max(0, ms))
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** An operation did not finish in time. */
export class TimeoutError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'TimeoutError'
  }
}
