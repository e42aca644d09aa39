// What a consumer knows of each partition it owns: where poll() continues (the position), where
// the next fetch starts, whether it is paused, and the records fetched but not yet returned. Pure
// bookkeeping, no I/O: the fetcher fills the buffers, poll() drains them.
//
// Fetched records stay bytes until poll() takes them (FetchedRecords decodes as it is read), so
// a partition's buffer holds about its size on the wire.
//
// Java's semantics: a seek or a pause drops what was buffered for the partition (the next records
// come from the new position), and every change bumps the partition's epoch so a fetch answer that
// was in flight during the change is thrown away rather than applied at the wrong offset.

import { ConnectException } from '../../api/errors.ts'
import { TopicPartition, TopicPartitionMap, type TopicPartitionLike } from '../../api/sink/topic-partition.ts'
import type { IncomingRecord } from '../log.ts'
import type { FetchedRecords } from './record-batches.ts'

/** How a partition without a position gets one. */
export type PositionSource = 'committed' | 'reset'

/** One owned partition. */
export class PartitionState {
  readonly tp: TopicPartition
  /** The offset of the next record poll() returns; null until it is known. */
  position: bigint | null = null
  /** Where the next fetch starts (the position plus what is buffered); null until the position is known. */
  fetchOffset: bigint | null = null
  /** When the position is null: whether it comes from the group's committed offset or the reset policy. */
  positionSource: PositionSource
  paused = false
  /** Bumped on every seek, pause and position change, so answers to older fetches are dropped. */
  epoch = 0
  /** Whether a fetch for this partition is in flight. */
  fetching = false
  /** Whether a lookup of its position is in flight. */
  resolving = false
  readonly chunks: FetchedRecords[] = []
  bufferedBytes = 0

  constructor (tp: TopicPartition, positionSource: PositionSource) {
    this.tp = tp
    this.positionSource = positionSource
  }

  /**
   * Whether the fetcher may ask for more records of this partition now: as Java's consumer, not
   * while records fetched earlier are still buffered. Fetched records are held decoded, several
   * times their size on the wire, so prefetching up to fetch.max.bytes (50 MiB) held hundreds of
   * MiB; one answer per partition keeps poll() fed (the next fetch starts as the buffer drains).
   * Records are now held as bytes until poll() takes them, but one answer per partition still
   * bounds memory by max.partition.fetch.bytes per partition rather than by fetch.max.bytes.
   */
  get fetchable (): boolean {
    return !this.paused && !this.fetching && this.fetchOffset !== null && this.chunks.length === 0
  }
}

/** The partitions a consumer owns, with their positions and buffered records. */
export class PartitionStates {
  readonly #states = new TopicPartitionMap<PartitionState>()
  #bufferedBytes = 0
  // Where the next drain starts, so one busy partition does not starve the others.
  #drainStart = 0

  /** Total bytes buffered across partitions. */
  get bufferedBytes (): number {
    return this.#bufferedBytes
  }

  get size (): number {
    return this.#states.size
  }

  /** Replaces the owned partitions with `partitions`, keeping the state of those already owned. */
  assign (partitions: readonly TopicPartitionLike[], positionSource: PositionSource): void {
    const next = new TopicPartitionMap<PartitionState>()
    for (const like of partitions) {
      const tp = TopicPartition.from(like)
      next.set(tp, this.#states.get(tp) ?? new PartitionState(tp, positionSource))
    }
    for (const [tp, state] of this.#states) if (!next.has(tp)) this.#drop(state)
    this.#states.clear()
    for (const [tp, state] of next) this.#states.set(tp, state)
  }

  /** Forgets every partition. */
  clear (): void {
    for (const state of this.#states.values()) this.#drop(state)
    this.#states.clear()
  }

  get (tp: TopicPartitionLike): PartitionState | undefined {
    return this.#states.get(tp)
  }

  /** The state of `tp`, which must be owned. */
  owned (tp: TopicPartitionLike, action: string): PartitionState {
    const state = this.#states.get(tp)
    if (state === undefined) {
      throw new ConnectException(`You can only ${action} partitions assigned to this consumer; ${tp.topic}-${tp.partition} is not`)
    }
    return state
  }

  partitions (): TopicPartition[] {
    return [...this.#states.keys()]
  }

  states (): PartitionState[] {
    return [...this.#states.values()]
  }

  /** Moves `state` to `offset`: the next poll() returns the record there. */
  seek (state: PartitionState, offset: bigint): void {
    this.#discardBuffer(state)
    state.position = offset
    state.fetchOffset = offset
    state.epoch++
  }

  /** Forgets the position of `state`, to be looked up again from `source`. */
  resetPosition (state: PartitionState, source: PositionSource): void {
    this.#discardBuffer(state)
    state.position = null
    state.fetchOffset = null
    state.positionSource = source
    state.epoch++
  }

  pause (state: PartitionState): void {
    if (state.paused) return
    state.paused = true
    this.#discardBuffer(state)
    state.fetchOffset = state.position
    state.epoch++
  }

  resume (state: PartitionState): void {
    state.paused = false
  }

  /** Adds the records of `state` fetched at its fetch offset, and moves its fetch offset past them. */
  addFetched (state: PartitionState, fetched: FetchedRecords & { readonly nextOffset: bigint }): void {
    state.chunks.push(fetched)
    state.bufferedBytes += fetched.bytes
    this.#bufferedBytes += fetched.bytes
    state.fetchOffset = fetched.nextOffset
  }

  /** Whether poll() has something to give (records, or positions to move past filtered batches). */
  hasDrainable (): boolean {
    for (const state of this.#states.values()) {
      if (!state.paused && state.position !== null && state.chunks.length > 0) return true
    }
    return false
  }

  /**
   * Takes up to `max` buffered records of unpaused partitions, moving their positions past them.
   * A corrupt batch fails the drain that reaches it with nothing else to return (as Java's
   * consumer, records before it are returned first); the partition stays stuck there until a seek.
   */
  drain (max: number): IncomingRecord[] {
    const out: IncomingRecord[] = []
    const states = [...this.#states.values()]
    if (states.length === 0) return out
    const start = this.#drainStart % states.length
    this.#drainStart = start + 1
    for (let i = 0; i < states.length && out.length < max; i++) {
      const state = states[(start + i) % states.length]
      if (state.paused || state.position === null) continue
      while (state.chunks.length > 0 && out.length < max) {
        const chunk = state.chunks[0]
        const before = out.length
        chunk.read(out, max)
        if (out.length > before) state.position = out[out.length - 1].offset + 1n
        if (chunk.error !== null) {
          if (out.length === 0) throw chunk.error
          break
        }
        if (!chunk.done) break
        if (chunk.nextOffset !== null && chunk.nextOffset > state.position!) state.position = chunk.nextOffset
        state.chunks.shift()
        state.bufferedBytes -= chunk.bytes
        this.#bufferedBytes -= chunk.bytes
      }
    }
    return out
  }

  #discardBuffer (state: PartitionState): void {
    this.#bufferedBytes -= state.bufferedBytes
    state.bufferedBytes = 0
    state.chunks.length = 0
  }

  #drop (state: PartitionState): void {
    this.#discardBuffer(state)
    state.epoch++
  }
}
