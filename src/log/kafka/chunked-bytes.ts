// A byte range that arrived in several chunks (socket reads of 64 KiB or so), read in place: a
// Fetch answer of megabytes comes in dozens of chunks, and joining them would copy every byte into
// a freshly allocated buffer (page faults included) only to read each once. Reads go mostly
// forward, so the chunk of the last read is where the next lookup starts.

/** Bytes spread over chunks, addressed as one range from 0. */
export class ChunkedBytes {
  readonly length: number
  readonly #chunks: readonly Buffer[]
  /** Where each chunk starts in the range. */
  readonly #starts: number[]
  /** The chunk of the last lookup. */
  #current = 0

  constructor (chunks: readonly Buffer[]) {
    this.#chunks = chunks
    this.#starts = []
    let length = 0
    for (const chunk of chunks) {
      this.#starts.push(length)
      length += chunk.length
    }
    this.length = length
  }

  /** The index of the chunk holding byte `at` (which must be in range). */
  #chunkAt (at: number): number {
    if (at < 0 || at >= this.length) throw new RangeError(`byte ${at} is outside the ${this.length} bytes of the answer`)
    let index = this.#current
    while (at < this.#starts[index]) index--
    while (at >= this.#starts[index] + this.#chunks[index].length) index++
    this.#current = index
    return index
  }

  byte (at: number): number {
    const index = this.#chunkAt(at)
    return this.#chunks[index][at - this.#starts[index]]
  }

  /**
   * Bytes `start` to `end`: a view of a chunk when they lie in one (nearly always, for a record
   * batch of a few KiB in chunks of 64), else a copy of the pieces.
   */
  slice (start: number, end: number): Buffer {
    if (end > this.length || start > end) throw new RangeError(`bytes ${start} to ${end} are outside the ${this.length} bytes of the answer`)
    if (start === end) return Buffer.alloc(0)
    const first = this.#chunkAt(start)
    const from = start - this.#starts[first]
    const chunk = this.#chunks[first]
    if (end - start <= chunk.length - from) return chunk.subarray(from, from + end - start)
    const copy = Buffer.allocUnsafe(end - start)
    let written = chunk.copy(copy, 0, from)
    for (let index = first + 1; written < copy.length; index++) {
      written += this.#chunks[index].copy(copy, written, 0, Math.min(this.#chunks[index].length, copy.length - written))
    }
    return copy
  }

  int16 (at: number): number {
    return this.#fixed(at, 2).readInt16BE(0)
  }

  int32 (at: number): number {
    return this.#fixed(at, 4).readInt32BE(0)
  }

  int64 (at: number): bigint {
    return this.#fixed(at, 8).readBigInt64BE(0)
  }

  /** `size` bytes at `at` as a buffer to read a number from. */
  #fixed (at: number, size: number): Buffer {
    return this.slice(at, at + size)
  }
}
