// Narrowing a sink batch that put() rejected down to the records that fail on their own, so one
// poison record does not fail the task or take its neighbours with it (kconnect's addition; Kafka
// fails the task). With errors.tolerance=all, a batch whose put() throws anything but a
// RetriableException is split in halves, each half put() again, and so on: a half that is
// accepted is delivered, a single record that is rejected alone is reported (log, dead letter
// queue) and skipped. Halves are tried in order, so records of a partition reach put() in order.
// One bad record in a batch of n costs about 2·log2(n) more put() calls.
//
// A sink that is down rejects every record, and narrowing would send a whole topic to the dead
// letter queue. So when MAX_CONSECUTIVE_REJECTED_RECORDS records in a row are rejected alone, with
// no put() accepting anything between them, the failure is taken to be the sink's: the task fails
// as Kafka's would (the last of them is not reported, and its batch's offsets are not committed).

/** Records rejected alone in a row, with no put() accepted between them, that make a failure the sink's. */
export const MAX_CONSECUTIVE_REJECTED_RECORDS = 5

/** The delivery of one batch: what remains to put(), as segments tried front first. */
export class BatchDelivery<R> {
  #segments: Array<readonly R[]>
  #narrowing = false

  constructor (batch: readonly R[]) {
    // An empty batch is still given to put(), as Kafka does on every poll.
    this.#segments = [batch]
  }

  /** Whether every segment was delivered or dropped. */
  get done (): boolean {
    return this.#segments.length === 0
  }

  /** The records to put() next. */
  get current (): readonly R[] {
    return this.#segments[0] ?? []
  }

  /** Whether the batch is being narrowed down (its first put() failed). */
  get narrowing (): boolean {
    return this.#narrowing
  }

  /** The records not delivered yet. */
  remaining (): R[] {
    return this.#segments.flat()
  }

  /** Adds records converted since (while a batch waits for redelivery, for instance). */
  append (records: readonly R[]): void {
    if (records.length === 0) return
    if (this.#segments.length === 1 && !this.#narrowing) this.#segments[0] = [...this.#segments[0], ...records]
    else this.#segments.push(records)
  }

  /** put() accepted the current segment. */
  accepted (): void {
    this.#segments.shift()
  }

  /**
   * put() rejected the current segment: it is split in two (null is returned), or, when it is a
   * single record, that record is dropped and returned: it fails on its own.
   */
  rejected (): R | null {
    const segment = this.#segments.shift()
    if (segment === undefined) return null
    this.#narrowing = true
    if (segment.length <= 1) return segment[0] ?? null
    const middle = Math.ceil(segment.length / 2)
    this.#segments.unshift(segment.slice(0, middle), segment.slice(middle))
    return null
  }

  /** Records of partitions no longer assigned are dropped (their new owner reads them again). */
  retain (keep: (record: R) => boolean): void {
    this.#segments = this.#segments.map(s => s.filter(keep)).filter((s, i) => s.length > 0 || (i === 0 && !this.#narrowing))
  }
}
