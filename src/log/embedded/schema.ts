// The embedded log's SQLite file: how it is opened (WAL, durability) and its schema, with a
// version table so a later release can migrate files written by an earlier one.
//
// Durability: journal_mode=WAL with synchronous=NORMAL. A commit writes the transaction to the WAL
// file with write(2) before it returns, so once a send resolves the records are in the operating
// system's page cache, and a crash or kill -9 of the process loses nothing; only a crash of the
// OS or a power cut can lose the last commits (never corrupt the file: WAL replays whole
// transactions only). That is the same bargain a single Kafka broker makes, which does not fsync
// each write either (log.flush.interval.messages is unlimited by default). synchronous=FULL would
// fsync every commit and cost several milliseconds a batch on ordinary disks.

import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { ConnectException } from '../../api/errors.ts'

/** The name of the SQLite file inside the log's folder. */
export const DATABASE_FILE = 'kconnect-log.sqlite'

/**
 * Offsets of one partition live in a range of SQLite rowids: rowid = partition id * 2^40 + offset.
 * A partition's records are then one contiguous stretch of the table's own B-tree, read in order
 * without a second index. 2^40 offsets (a trillion records) per partition is far beyond what a
 * local log holds; the append refuses to pass it rather than spill into the next partition.
 */
export const OFFSETS_PER_PARTITION = 2n ** 40n

// Each entry moves the schema from version i to i + 1. Never edit a released entry; append one.
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE topics (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    partitions INTEGER NOT NULL,
    configs TEXT NOT NULL,          -- JSON object of the topic configs given at creation
    created_ms INTEGER NOT NULL
  );

  CREATE TABLE partitions (
    id INTEGER PRIMARY KEY,         -- the high part of its records' rowids
    topic_id INTEGER NOT NULL REFERENCES topics (id),
    partition INTEGER NOT NULL,
    log_start_offset INTEGER NOT NULL DEFAULT 0,
    next_offset INTEGER NOT NULL DEFAULT 0,   -- the high watermark
    dirty_count INTEGER NOT NULL DEFAULT 0,   -- records appended since the last compaction
    UNIQUE (topic_id, partition)
  );

  -- kind: 0 a data record, 1 a transaction commit marker, 2 an abort marker (markers take an
  -- offset, as Kafka's control records do, and are never returned to consumers).
  -- aborted: 1 for data records of an aborted transaction (read_committed skips them).
  -- timestamp_type: 0 CreateTime, 1 LogAppendTime.
  CREATE TABLE records (
    id INTEGER PRIMARY KEY,         -- partition id * 2^40 + offset
    timestamp INTEGER NOT NULL,
    timestamp_type INTEGER NOT NULL,
    key BLOB,
    value BLOB,
    headers BLOB,
    txn INTEGER,
    kind INTEGER NOT NULL DEFAULT 0,
    aborted INTEGER NOT NULL DEFAULT 0
  );

  -- One epoch per transactional.id: a new producer with the same id bumps it and fences the old.
  CREATE TABLE transactional_producers (
    transactional_id TEXT PRIMARY KEY,
    epoch INTEGER NOT NULL
  ) WITHOUT ROWID;

  -- Transactions in progress; a row disappears when its transaction commits or aborts.
  CREATE TABLE open_transactions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    transactional_id TEXT NOT NULL,
    epoch INTEGER NOT NULL,
    deadline_ms INTEGER NOT NULL    -- aborted by the log when still open at this time
  );

  -- The partitions an open transaction wrote, from its first offset there: the lowest of these is
  -- the partition's last stable offset (read_committed reads stop before it).
  CREATE TABLE transaction_partitions (
    txn INTEGER NOT NULL,
    partition_id INTEGER NOT NULL,
    first_offset INTEGER NOT NULL,
    PRIMARY KEY (txn, partition_id)
  ) WITHOUT ROWID;
  CREATE INDEX transaction_partitions_by_partition ON transaction_partitions (partition_id, first_offset);

  CREATE TABLE group_offsets (
    group_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    partition INTEGER NOT NULL,
    offset INTEGER NOT NULL,
    PRIMARY KEY (group_id, topic, partition)
  ) WITHOUT ROWID;
  `,
]

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length

/** Opens (creating when missing) the log's database in `dir`, migrated to SCHEMA_VERSION. */
export function openDatabase (dir: string): DatabaseSync {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, DATABASE_FILE)
  let db: DatabaseSync
  try {
    db = new DatabaseSync(path)
  } catch (error) {
    throw new ConnectException(`Could not open the embedded log at ${path}: ${(error as Error).message}. Check that the folder is writable (log.embedded.dir).`, { cause: error })
  }
  try {
    // Another process (the CLI reading a topic while the worker writes) may hold the write lock
    // for a moment; wait for it rather than fail.
    db.exec('PRAGMA busy_timeout = 10000')
    db.exec('PRAGMA journal_mode = WAL')
    db.exec('PRAGMA synchronous = NORMAL')
    db.exec('PRAGMA foreign_keys = ON')
    migrate(db, path)
  } catch (error) {
    db.close()
    if (error instanceof ConnectException) throw error
    throw new ConnectException(`Could not open the embedded log at ${path}: ${(error as Error).message}`, { cause: error })
  }
  return db
}

function migrate (db: DatabaseSync, path: string): void {
  db.exec('BEGIN IMMEDIATE')
  try {
    db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)')
    const row = db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined
    const current = row?.version ?? 0
    if (current > SCHEMA_VERSION) {
      throw new ConnectException(`The embedded log at ${path} was written by a newer kconnect (schema version ${current}; this one knows up to ${SCHEMA_VERSION}). Upgrade kconnect, or point log.embedded.dir at another folder.`)
    }
    for (let version = current; version < SCHEMA_VERSION; version++) db.exec(MIGRATIONS[version])
    if (row === undefined) db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(SCHEMA_VERSION)
    else if (current !== SCHEMA_VERSION) db.prepare('UPDATE schema_version SET version = ?').run(SCHEMA_VERSION)
    db.exec('COMMIT')
  } catch (error) {
    db.exec('ROLLBACK')
    throw error
  }
}
