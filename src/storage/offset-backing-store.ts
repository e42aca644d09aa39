// Where source offsets live, as raw key and value bytes (Kafka's OffsetBackingStore). The bytes are
// those of src/storage/offset-utils.ts; a store does not interpret them, except to list each
// connector's source partitions for the REST API's offsets endpoints. Implementations: in memory
// (tests), the standalone offsets file (FileOffsetBackingStore), and later the offsets topic.

import type { ByteMapEntry } from './java-serialized-map.ts'
import { parseOffsetKey, partitionIdentity, type OffsetMap } from './offset-utils.ts'

/** Reads and writes offsets as bytes. */
export interface OffsetBackingStore {
  /** Loads what the store holds; called once before use. */
  start (): Promise<void>
  /** Waits for pending writes and releases the store. */
  stop (): Promise<void>
  /** The value of each key (null when absent or reset), in the order of `keys`. */
  get (keys: readonly Uint8Array[]): Promise<Array<Uint8Array | null>>
  /**
   * Stores these entries (a null value resets the key) and resolves once they are durable.
   * Writes complete in the order they were asked for.
   */
  set (entries: ReadonlyArray<readonly [Uint8Array, Uint8Array | null]>): Promise<void>
  /** The source partitions that have a (non-null) offset for this connector. */
  connectorPartitions (connector: string): OffsetMap[]
  /**
   * For a store others write to as well (an offsets topic): catches up with everything written
   * before the call, so connectorPartitions() includes what other workers committed.
   */
  readToEnd? (timeoutMs?: number): Promise<void>
}

const NULL_KEY = '\u0000null'

function keyText (key: Uint8Array | null): string {
  return key === null ? NULL_KEY : Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('latin1')
}

/**
 * Offsets held in memory; subclasses persist them (persist() runs after every set, one at a time).
 * Keys with a null value are kept, as Java keeps them.
 */
export class MemoryOffsetBackingStore implements OffsetBackingStore {
  readonly #data = new Map<string, ByteMapEntry>()
  readonly #partitions = new Map<string, Map<string, OffsetMap>>()
  #writes: Promise<void> = Promise.resolve()

  async start (): Promise<void> {}

  async stop (): Promise<void> {
    await this.#writes.catch(() => {})
  }

  async get (keys: readonly Uint8Array[]): Promise<Array<Uint8Array | null>> {
    return keys.map(key => this.#data.get(keyText(key))?.[1] ?? null)
  }

  set (entries: ReadonlyArray<readonly [Uint8Array, Uint8Array | null]>): Promise<void> {
    // Applied at once, so a read right after sees them; persisted in order, one write at a time.
    this.putAll(entries)
    const write = this.#writes.catch(() => {}).then(() => this.persist())
    this.#writes = write
    return write
  }

  connectorPartitions (connector: string): OffsetMap[] {
    return [...(this.#partitions.get(connector)?.values() ?? [])]
  }

  /** Every entry, in insertion order. */
  entries (): ByteMapEntry[] {
    return [...this.#data.values()]
  }

  /** Replaces or adds entries, keeping the partition index current. */
  protected putAll (entries: Iterable<ByteMapEntry>): void {
    for (const [key, value] of entries) {
      this.#data.set(keyText(key), [key, value])
      this.#indexPartition(key, value)
    }
  }

  /** Makes the current entries durable; the in-memory store has nothing to do. */
  protected async persist (): Promise<void> {}

  #indexPartition (key: Uint8Array | null, value: Uint8Array | null): void {
    const parsed = parseOffsetKey(key)
    if (parsed === null || parsed.partition === null) return
    let partitions = this.#partitions.get(parsed.connector)
    if (partitions === undefined) {
      partitions = new Map()
      this.#partitions.set(parsed.connector, partitions)
    }
    const identity = partitionIdentity(parsed.partition)
    if (value === null) partitions.delete(identity)
    else partitions.set(identity, parsed.partition)
  }
}
