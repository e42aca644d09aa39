// A small least-recently-used cache (Kafka's LRUCache): JsonConverter keeps its schema
// translations in two of these, bounded by schemas.cache.size.

/** Holds at most `maxSize` entries, dropping the least recently used first. */
export class LruCache<K, V> {
  readonly maxSize: number
  // A Map iterates in insertion order, so re-inserting on use keeps the eldest entry first.
  readonly #entries = new Map<K, V>()

  constructor (maxSize: number) {
    this.maxSize = maxSize
  }

  /** The value cached under `key` (now the most recently used), or undefined. */
  get (key: K): V | undefined {
    const value = this.#entries.get(key)
    if (value !== undefined) {
      this.#entries.delete(key)
      this.#entries.set(key, value)
    }
    return value
  }

  /** Caches `value`, evicting the least recently used entry when full. */
  set (key: K, value: V): void {
    this.#entries.delete(key)
    this.#entries.set(key, value)
    while (this.#entries.size > this.maxSize) {
      this.#entries.delete(this.#entries.keys().next().value as K)
    }
  }

  /** The number of cached entries. */
  get size (): number {
    return this.#entries.size
  }
}
