// Every read and write of the embedded log's SQLite file, through prepared statements. The
// producer, the consumers, compaction and the admin calls all go through here, so the SQL and the
// rowid arithmetic (partition id * 2^40 + offset, see schema.ts) live in one place.
//
// node:sqlite is synchronous: each method runs to completion without yielding, so within one
// process no two writes interleave. Writes that must be atomic run in BEGIN IMMEDIATE ... COMMIT,
// which also serialises them against another process writing the same file.

import { randomBytes } from 'node:crypto'
import type { DatabaseSync, StatementSync } from 'node:sqlite'
import { ConnectException } from '../../api/errors.ts'
import { OFFSETS_PER_PARTITION } from './schema.ts'

/** What the store knows of a topic; cached, since topics are never deleted or resized. */
export interface TopicInfo {
  readonly id: number
  readonly name: string
  readonly partitions: number
  readonly configs: Readonly<Record<string, string>>
  /** The id of each partition's row, indexed by partition number. */
  readonly partitionIds: readonly number[]
  /** cleanup.policy includes compact. */
  readonly compact: boolean
  /** message.timestamp.type=LogAppendTime: the log stamps records with the time it appends them. */
  readonly logAppendTime: boolean
}

/** A record ready to append: its partition chosen, its headers encoded, its timestamp fixed. */
export interface RecordToAppend {
  readonly topic: TopicInfo
  readonly partition: number
  readonly key: Uint8Array | null
  readonly value: Uint8Array | null
  readonly headers: Uint8Array | null
  readonly timestamp: number
  readonly timestampType: 0 | 1
}

/** The offsets a partition's readers care about. */
export interface PartitionBounds {
  readonly logStartOffset: bigint
  /** The offset the next record will get (Kafka's high watermark / log end offset). */
  readonly highWatermark: bigint
  /** The first offset of the earliest open transaction, else the high watermark. */
  readonly lastStableOffset: bigint
}

/** A data record as stored. */
export interface StoredRecord {
  readonly offset: bigint
  readonly timestamp: number
  readonly timestampType: 0 | 1
  readonly key: Uint8Array | null
  readonly value: Uint8Array | null
  readonly headers: Uint8Array | null
}

/** A committed consumer offset. */
export interface GroupOffset {
  readonly topic: string
  readonly partition: number
  readonly offset: bigint
}

/** A transaction's handle: its row id and the producer epoch that opened it. */
export interface TransactionHandle {
  readonly id: number
  readonly transactionalId: string
  readonly epoch: number
}

/** How a transaction ended. */
export type TransactionOutcome = 'commit' | 'abort'

/** A transaction no commit or abort may finish any more, and why. */
export class TransactionGoneException extends ConnectException {}

const KIND_DATA = 0
const KIND_COMMIT = 1
const KIND_ABORT = 2

interface Statements {
  topicByName: StatementSync
  topicNames: StatementSync
  partitionsOfTopic: StatementSync
  insertTopic: StatementSync
  insertPartition: StatementSync
  advancePartition: StatementSync
  insertRecord: StatementSync
  bounds: StatementSync
  readCommitted: StatementSync
  readUncommitted: StatementSync
  groupOffsets: StatementSync
  upsertGroupOffset: StatementSync
  deleteGroupOffset: StatementSync
  producerEpoch: StatementSync
  upsertProducerEpoch: StatementSync
  openTransactionsOf: StatementSync
  insertTransaction: StatementSync
  transactionById: StatementSync
  expiredTransactions: StatementSync
  deleteTransaction: StatementSync
  insertTransactionPartition: StatementSync
  transactionPartitions: StatementSync
  deleteTransactionPartitions: StatementSync
  markAborted: StatementSync
  metaValue: StatementSync
  insertMeta: StatementSync
  dataVersion: StatementSync
}

/** The embedded log's data, on one SQLite connection. */
export class EmbeddedStore {
  readonly db: DatabaseSync
  readonly #statements: Statements
  readonly #topics = new Map<string, TopicInfo>()
  #inWrite = false

  constructor (db: DatabaseSync) {
    this.db = db
    const prepare = (sql: string, bigints = false): StatementSync => {
      const statement = db.prepare(sql)
      if (bigints) statement.setReadBigInts(true)
      return statement
    }
    this.#statements = {
      topicByName: prepare('SELECT id, name, partitions, configs FROM topics WHERE name = ?'),
      topicNames: prepare('SELECT name FROM topics ORDER BY name'),
      partitionsOfTopic: prepare('SELECT id, partition FROM partitions WHERE topic_id = ? ORDER BY partition'),
      insertTopic: prepare('INSERT INTO topics (name, partitions, configs, created_ms) VALUES (?, ?, ?, ?) RETURNING id'),
      insertPartition: prepare('INSERT INTO partitions (topic_id, partition) VALUES (?, ?)'),
      // Reserves `count` offsets: returns the new next offset, so the first reserved is next - count.
      advancePartition: prepare('UPDATE partitions SET next_offset = next_offset + ?, dirty_count = dirty_count + ? WHERE id = ? RETURNING next_offset, dirty_count', true),
      insertRecord: prepare('INSERT INTO records (id, timestamp, timestamp_type, key, value, headers, txn, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      bounds: prepare(`SELECT log_start_offset, next_offset,
          (SELECT MIN(first_offset) FROM transaction_partitions WHERE partition_id = partitions.id) AS first_unstable
        FROM partitions WHERE id = ?`, true),
      readCommitted: prepare(`SELECT id, timestamp, timestamp_type, key, value, headers FROM records
        WHERE id >= ? AND id < ? AND kind = 0 AND aborted = 0 ORDER BY id LIMIT ?`, true),
      readUncommitted: prepare(`SELECT id, timestamp, timestamp_type, key, value, headers FROM records
        WHERE id >= ? AND id < ? AND kind = 0 ORDER BY id LIMIT ?`, true),
      groupOffsets: prepare('SELECT topic, partition, offset FROM group_offsets WHERE group_id = ? ORDER BY topic, partition', true),
      upsertGroupOffset: prepare(`INSERT INTO group_offsets (group_id, topic, partition, offset) VALUES (?, ?, ?, ?)
        ON CONFLICT (group_id, topic, partition) DO UPDATE SET offset = excluded.offset`),
      deleteGroupOffset: prepare('DELETE FROM group_offsets WHERE group_id = ? AND topic = ? AND partition = ?'),
      producerEpoch: prepare('SELECT epoch FROM transactional_producers WHERE transactional_id = ?'),
      upsertProducerEpoch: prepare(`INSERT INTO transactional_producers (transactional_id, epoch) VALUES (?, 0)
        ON CONFLICT (transactional_id) DO UPDATE SET epoch = epoch + 1 RETURNING epoch`),
      openTransactionsOf: prepare('SELECT id FROM open_transactions WHERE transactional_id = ?'),
      insertTransaction: prepare('INSERT INTO open_transactions (transactional_id, epoch, deadline_ms) VALUES (?, ?, ?) RETURNING id'),
      transactionById: prepare('SELECT id, epoch FROM open_transactions WHERE id = ?'),
      expiredTransactions: prepare('SELECT id FROM open_transactions WHERE deadline_ms <= ?'),
      deleteTransaction: prepare('DELETE FROM open_transactions WHERE id = ?'),
      insertTransactionPartition: prepare('INSERT OR IGNORE INTO transaction_partitions (txn, partition_id, first_offset) VALUES (?, ?, ?)'),
      transactionPartitions: prepare(`SELECT tp.partition_id, tp.first_offset, t.name AS topic FROM transaction_partitions tp
        JOIN partitions p ON p.id = tp.partition_id JOIN topics t ON t.id = p.topic_id WHERE tp.txn = ?`, true),
      deleteTransactionPartitions: prepare('DELETE FROM transaction_partitions WHERE txn = ?'),
      markAborted: prepare('UPDATE records SET aborted = 1 WHERE id >= ? AND id < ? AND txn = ?'),
      metaValue: prepare('SELECT value FROM meta WHERE name = ?'),
      insertMeta: prepare('INSERT OR IGNORE INTO meta (name, value) VALUES (?, ?)'),
      dataVersion: prepare('PRAGMA data_version'),
    }
  }

  /**
   * Runs `fn` in one write transaction (BEGIN IMMEDIATE: the write lock is taken up front, so the
   * reads inside see the latest state even when another process writes the same file). A write
   * inside a write joins the outer one.
   */
  write<T> (fn: () => T): T {
    if (this.#inWrite) return fn()
    this.db.exec('BEGIN IMMEDIATE')
    this.#inWrite = true
    try {
      const result = fn()
      this.db.exec('COMMIT')
      return result
    } catch (error) {
      this.db.exec('ROLLBACK')
      throw error
    } finally {
      this.#inWrite = false
    }
  }

  /**
   * A number that changes when another connection (another process) commits to the file; this
   * connection's own commits do not change it. Consumers poll it to notice other processes' writes.
   */
  dataVersion (): number {
    return Number((this.#statements.dataVersion.get() as { data_version: number }).data_version)
  }

  /** The log's cluster id, made once when the file is new: 22 characters, as Kafka's are. */
  clusterId (): string {
    const existing = this.#statements.metaValue.get('cluster.id') as { value: string } | undefined
    if (existing !== undefined) return existing.value
    return this.write(() => {
      this.#statements.insertMeta.run('cluster.id', randomBytes(16).toString('base64url'))
      return (this.#statements.metaValue.get('cluster.id') as { value: string }).value
    })
  }

  /** The topic of this name, or undefined when there is none. */
  topic (name: string): TopicInfo | undefined {
    const cached = this.#topics.get(name)
    if (cached !== undefined) return cached
    const row = this.#statements.topicByName.get(name) as { id: number, name: string, partitions: number, configs: string } | undefined
    if (row === undefined) return undefined
    const configs = JSON.parse(row.configs) as Record<string, string>
    const partitionIds: number[] = []
    for (const p of this.#statements.partitionsOfTopic.all(row.id) as Array<{ id: number, partition: number }>) partitionIds[p.partition] = p.id
    const info: TopicInfo = {
      id: row.id,
      name: row.name,
      partitions: row.partitions,
      configs,
      partitionIds,
      compact: (configs['cleanup.policy'] ?? '').split(',').some(policy => policy.trim() === 'compact'),
      logAppendTime: configs['message.timestamp.type'] === 'LogAppendTime',
    }
    this.#topics.set(name, info)
    return info
  }

  /** Every topic's name, sorted. */
  topicNames (): string[] {
    return (this.#statements.topicNames.all() as Array<{ name: string }>).map(row => row.name)
  }

  /** Creates a topic unless one of that name exists; true when this call created it. */
  createTopic (name: string, partitions: number, configs: Readonly<Record<string, string>>): boolean {
    return this.write(() => {
      if (this.topic(name) !== undefined) return false
      const { id } = this.#statements.insertTopic.get(name, partitions, JSON.stringify(configs), Date.now()) as { id: number }
      for (let p = 0; p < partitions; p++) this.#statements.insertPartition.run(id, p)
      return true
    })
  }

  /**
   * Appends records in one SQLite transaction and returns each one's offset, in the order given.
   * Records of one partition take consecutive offsets in the order given. With `transaction`, the
   * records belong to that open Kafka transaction (which must still be open, or this throws).
   * `onDirty` hears, per partition of a compacted topic, how many records await compaction.
   */
  append (records: readonly RecordToAppend[], transaction: TransactionHandle | null, onDirty: (topic: TopicInfo, partition: number, dirty: number) => void): bigint[] {
    const offsets = new Array<bigint>(records.length)
    this.write(() => {
      if (transaction !== null) this.#checkTransactionOpen(transaction)
      const byPartition = new Map<number, number[]>()
      for (const [i, record] of records.entries()) {
        const partitionId = record.topic.partitionIds[record.partition]
        let indexes = byPartition.get(partitionId)
        if (indexes === undefined) byPartition.set(partitionId, indexes = [])
        indexes.push(i)
      }
      for (const [partitionId, indexes] of byPartition) {
        const count = BigInt(indexes.length)
        const { next_offset: next, dirty_count: dirty } = this.#statements.advancePartition.get(count, count, partitionId) as { next_offset: bigint, dirty_count: bigint }
        if (next > OFFSETS_PER_PARTITION) {
          throw new ConnectException(`The embedded log's partition ${records[indexes[0]].topic.name}-${records[indexes[0]].partition} is full (2^40 offsets); move this topic to a Kafka cluster`)
        }
        const first = next - count
        const base = BigInt(partitionId) * OFFSETS_PER_PARTITION
        for (const [j, i] of indexes.entries()) {
          const record = records[i]
          offsets[i] = first + BigInt(j)
          this.#statements.insertRecord.run(base + offsets[i], record.timestamp, record.timestampType, record.key, record.value,
            record.headers, transaction?.id ?? null, KIND_DATA)
        }
        if (transaction !== null) this.#statements.insertTransactionPartition.run(transaction.id, partitionId, first)
        const sample = records[indexes[0]]
        if (sample.topic.compact) onDirty(sample.topic, sample.partition, Number(dirty))
      }
    })
    return offsets
  }

  /** The log start, high watermark and last stable offset of a partition. */
  bounds (topic: TopicInfo, partition: number): PartitionBounds {
    const row = this.#statements.bounds.get(topic.partitionIds[partition]) as { log_start_offset: bigint, next_offset: bigint, first_unstable: bigint | null }
    return { logStartOffset: row.log_start_offset, highWatermark: row.next_offset, lastStableOffset: row.first_unstable ?? row.next_offset }
  }

  /**
   * Up to `limit` data records of a partition with offsets in [from, to), in order; markers are
   * skipped, and so are records of aborted transactions when `readCommitted`.
   */
  read (topic: TopicInfo, partition: number, from: bigint, to: bigint, limit: number, readCommitted: boolean): StoredRecord[] {
    const base = BigInt(topic.partitionIds[partition]) * OFFSETS_PER_PARTITION
    const statement = readCommitted ? this.#statements.readCommitted : this.#statements.readUncommitted
    const rows = statement.all(base + from, base + to, limit) as Array<{ id: bigint, timestamp: bigint, timestamp_type: bigint, key: Uint8Array | null, value: Uint8Array | null, headers: Uint8Array | null }>
    return rows.map(row => ({
      offset: row.id - base,
      timestamp: Number(row.timestamp),
      timestampType: row.timestamp_type === 1n ? 1 : 0,
      key: row.key,
      value: row.value,
      headers: row.headers,
    }))
  }

  /** The offsets a group committed. */
  groupOffsets (groupId: string): GroupOffset[] {
    return (this.#statements.groupOffsets.all(groupId) as Array<{ topic: string, partition: bigint, offset: bigint }>)
      .map(row => ({ topic: row.topic, partition: Number(row.partition), offset: row.offset }))
  }

  /** Stores these offsets for the group, in one transaction. */
  commitGroupOffsets (groupId: string, offsets: Iterable<GroupOffset>): void {
    this.write(() => {
      for (const { topic, partition, offset } of offsets) this.#statements.upsertGroupOffset.run(groupId, topic, partition, offset)
    })
  }

  /** Forgets the group's offsets of these partitions. */
  deleteGroupOffsets (groupId: string, partitions: Iterable<{ topic: string, partition: number }>): void {
    this.write(() => {
      for (const { topic, partition } of partitions) this.#statements.deleteGroupOffset.run(groupId, topic, partition)
    })
  }

  /**
   * Registers a producer for `transactionalId` (Kafka's InitProducerId): aborts the transaction an
   * earlier producer of that id left open, and returns a new epoch, which fences that producer.
   */
  initTransactionalProducer (transactionalId: string): { epoch: number, touchedTopics: string[] } {
    return this.write(() => {
      const touched: string[] = []
      for (const { id } of this.#statements.openTransactionsOf.all(transactionalId) as Array<{ id: number }>) {
        touched.push(...this.#endTransaction(id, 'abort'))
      }
      const { epoch } = this.#statements.upsertProducerEpoch.get(transactionalId) as { epoch: number }
      return { epoch, touchedTopics: touched }
    })
  }

  /** Opens a transaction for a producer, unless a newer producer fenced it. */
  beginTransaction (transactionalId: string, epoch: number, timeoutMs: number): TransactionHandle {
    return this.write(() => {
      this.#checkEpoch(transactionalId, epoch)
      const { id } = this.#statements.insertTransaction.get(transactionalId, epoch, Date.now() + timeoutMs) as { id: number }
      return { id, transactionalId, epoch }
    })
  }

  /**
   * Commits or aborts an open transaction: writes a marker at the end of every partition it
   * touched, marks an aborted one's records, and makes them stable. Returns the topics touched.
   */
  endTransaction (transaction: TransactionHandle, outcome: TransactionOutcome): string[] {
    return this.write(() => {
      this.#checkTransactionOpen(transaction)
      return this.#endTransaction(transaction.id, outcome)
    })
  }

  /** Aborts every transaction open past its deadline (transaction.timeout.ms); returns the topics touched. */
  abortExpiredTransactions (now: number): string[] {
    const expired = this.#statements.expiredTransactions.all(now) as Array<{ id: number }>
    if (expired.length === 0) return []
    return this.write(() => expired.flatMap(({ id }) =>
      this.#statements.transactionById.get(id) === undefined ? [] : this.#endTransaction(id, 'abort')))
  }

  #endTransaction (id: number, outcome: TransactionOutcome): string[] {
    const touched = this.#statements.transactionPartitions.all(id) as Array<{ partition_id: bigint, first_offset: bigint, topic: string }>
    const now = Date.now()
    for (const { partition_id: partitionId, first_offset: first } of touched) {
      const base = partitionId * OFFSETS_PER_PARTITION
      const { next_offset: next } = this.#statements.advancePartition.get(1n, 1n, partitionId) as { next_offset: bigint }
      const markerOffset = next - 1n
      if (outcome === 'abort') this.#statements.markAborted.run(base + first, base + markerOffset, id)
      this.#statements.insertRecord.run(base + markerOffset, now, 0, null, null, null, id, outcome === 'commit' ? KIND_COMMIT : KIND_ABORT)
    }
    this.#statements.deleteTransactionPartitions.run(id)
    this.#statements.deleteTransaction.run(id)
    return [...new Set(touched.map(t => t.topic))]
  }

  #checkEpoch (transactionalId: string, epoch: number): void {
    const row = this.#statements.producerEpoch.get(transactionalId) as { epoch: number } | undefined
    if (row === undefined || row.epoch !== epoch) {
      throw new TransactionGoneException(`There is a newer producer with the same transactionalId which fences the current one (transactional.id ${transactionalId}). Close this producer.`)
    }
  }

  #checkTransactionOpen (transaction: TransactionHandle): void {
    this.#checkEpoch(transaction.transactionalId, transaction.epoch)
    if (this.#statements.transactionById.get(transaction.id) === undefined) {
      throw new TransactionGoneException(`The transaction of transactional.id ${transaction.transactionalId} was aborted because it stayed open longer than transaction.timeout.ms; abort it and begin a new one.`)
    }
  }
}
