// Log compaction for topics with cleanup.policy=compact: of the records with one key, only the
// latest stays; a tombstone (null value) that is the latest for its key goes too once it is older
// than delete.retention.ms, so a consumer that reads the topic often enough still sees the delete.
// Markers of finished transactions and records of aborted ones go as well. Offsets never change:
// compaction leaves holes, which readers skip, as in Kafka.
//
// Only the stable part of a partition is compacted (below its first open transaction), because
// an open transaction may yet be aborted, and an aborted record must never shadow an older one.
// It runs lazily: when a partition has had enough appends since the last pass, and when the log
// is opened.

import type { DatabaseSync, StatementSync } from 'node:sqlite'
import { OFFSETS_PER_PARTITION } from './schema.ts'
import type { EmbeddedStore, TopicInfo } from './store.ts'

/** Kafka's default delete.retention.ms: how long a latest tombstone stays readable. */
export const DEFAULT_DELETE_RETENTION_MS = 86_400_000

/** Compacts partitions of compacted topics. */
export class Compactor {
  readonly #store: EmbeddedStore
  readonly #scan: StatementSync
  readonly #delete: StatementSync
  readonly #resetDirty: StatementSync
  readonly #dirtyPartitions: StatementSync

  constructor (store: EmbeddedStore) {
    this.#store = store
    const db: DatabaseSync = store.db
    // Only the columns compaction needs: keys, never values.
    this.#scan = db.prepare('SELECT id, key, value IS NULL AS tombstone, timestamp, kind, aborted FROM records WHERE id >= ? AND id < ? ORDER BY id')
    this.#scan.setReadBigInts(true)
    this.#delete = db.prepare('DELETE FROM records WHERE id = ?')
    this.#resetDirty = db.prepare('UPDATE partitions SET dirty_count = ? WHERE id = ?')
    this.#dirtyPartitions = db.prepare(`SELECT t.name AS topic, p.partition FROM partitions p JOIN topics t ON t.id = p.topic_id
      WHERE p.dirty_count > 0 ORDER BY t.name, p.partition`)
  }

  /** Compacts every partition of a compacted topic that had appends since its last compaction. */
  compactDirty (now = Date.now()): number {
    let removed = 0
    for (const { topic: name, partition } of this.#dirtyPartitions.all() as Array<{ topic: string, partition: number }>) {
      const topic = this.#store.topic(name)
      if (topic?.compact === true) removed += this.compact(topic, partition, now)
    }
    return removed
  }

  /** Compacts one partition now; returns how many records it removed. */
  compact (topic: TopicInfo, partition: number, now = Date.now()): number {
    const retentionMs = Number(topic.configs['delete.retention.ms'] ?? DEFAULT_DELETE_RETENTION_MS)
    const partitionId = topic.partitionIds[partition]
    const base = BigInt(partitionId) * OFFSETS_PER_PARTITION
    return this.#store.write(() => {
      const { logStartOffset, lastStableOffset, highWatermark } = this.#store.bounds(topic, partition)
      const doomed: bigint[] = []
      // Per key (as latin1 text, one char per byte), the latest record seen so far.
      const latest = new Map<string, { id: bigint, tombstone: boolean, timestamp: number }>()
      for (const row of this.#scan.iterate(base + logStartOffset, base + lastStableOffset) as Iterable<{ id: bigint, key: Uint8Array | null, tombstone: bigint, timestamp: bigint, kind: bigint, aborted: bigint }>) {
        if (row.kind !== 0n || row.aborted !== 0n) {
          doomed.push(row.id)
          continue
        }
        if (row.key === null) continue // only in files written before keys were enforced; kept
        const key = Buffer.from(row.key.buffer, row.key.byteOffset, row.key.byteLength).toString('latin1')
        const previous = latest.get(key)
        if (previous !== undefined) doomed.push(previous.id)
        latest.set(key, { id: row.id, tombstone: row.tombstone !== 0n, timestamp: Number(row.timestamp) })
      }
      for (const record of latest.values()) {
        if (record.tombstone && record.timestamp + retentionMs <= now) doomed.push(record.id)
      }
      for (const id of doomed) this.#delete.run(id)
      // What lies past an open transaction stays dirty, for a later pass.
      this.#resetDirty.run(highWatermark - lastStableOffset, partitionId)
      return doomed.length
    })
  }
}
