// What the embedded log does beyond the Log contract (test/log/contract.ts): its file and schema,
// compaction, partition choice, topic configs it acts on, transactions' fencing and timeout,
// pattern subscriptions, dropping a member that stops polling, and how poll() waits.

import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { after, describe, test } from 'node:test'
import { TopicPartitionMap } from '../../../src/api/sink/topic-partition.ts'
import { DATABASE_FILE, openEmbeddedLog, type EmbeddedLogOptions } from '../../../src/log/embedded/index.ts'
import { SCHEMA_VERSION } from '../../../src/log/embedded/schema.ts'
import type { IncomingRecord, Log, LogConsumer, OutgoingRecord } from '../../../src/log/log.ts'
import { uniqueName } from '../../support/kafka.ts'

const PATIENCE_MS = 20_000
const folders: string[] = []
after(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true })
})

function freshDir (): string {
  const dir = mkdtempSync(join(tmpdir(), 'kconnect-embedded-'))
  folders.push(dir)
  return dir
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)
const text = (value: Uint8Array | null): string | null => value === null ? null : new TextDecoder().decode(value)

/** Opens a log in a fresh folder, runs `body`, closes the log. */
async function withLog (body: (log: Log, dir: string) => Promise<void>, options: Partial<EmbeddedLogOptions> = {}): Promise<void> {
  const dir = options.dir ?? freshDir()
  const log = await openEmbeddedLog({ pollIntervalMs: 20, ...options, dir })
  try {
    await body(log, dir)
  } finally {
    await log.close()
  }
}

async function produce (log: Log, records: OutgoingRecord[]): Promise<void> {
  const producer = log.createProducer({ clientId: 'test-producer' })
  await producer.send(records)
  await producer.close()
}

async function pollUntil (consumer: LogConsumer, enough: (received: IncomingRecord[]) => boolean): Promise<IncomingRecord[]> {
  const received: IncomingRecord[] = []
  const deadline = Date.now() + PATIENCE_MS
  while (!enough(received)) {
    if (Date.now() > deadline) assert.fail(`gave up waiting; received ${received.length} records`)
    received.push(...await consumer.poll(200))
  }
  return received
}

/** Every record of partition 0 of `topic`, read from the start. */
async function readAll (log: Log, topic: string, expected: number, isolationLevel: 'read_committed' | 'read_uncommitted' = 'read_uncommitted'): Promise<IncomingRecord[]> {
  const consumer = log.createConsumer({ clientId: 'reader', isolationLevel })
  consumer.assign([{ topic, partition: 0 }])
  try {
    const records = await pollUntil(consumer, r => r.length >= expected)
    assert.deepEqual(await consumer.poll(0), [], 'nothing more')
    return records
  } finally {
    await consumer.close()
  }
}

describe('the embedded log', () => {
  describe('its file', () => {
    test('is created with its folder, in WAL mode, with the schema version recorded', async () => {
      const dir = join(freshDir(), 'nested', 'data')
      await withLog(async () => {}, { dir })
      assert.ok(existsSync(join(dir, DATABASE_FILE)))
      const db = new DatabaseSync(join(dir, DATABASE_FILE))
      try {
        assert.equal((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode, 'wal')
        assert.deepEqual({ ...db.prepare('SELECT version FROM schema_version').get() }, { version: SCHEMA_VERSION })
      } finally {
        db.close()
      }
    })

    test('keeps topics, records, offsets and the cluster id across close and reopen', async () => {
      const dir = freshDir()
      let clusterId = ''
      await withLog(async log => {
        clusterId = await log.clusterId()
        assert.match(clusterId, /^[A-Za-z0-9_-]{22}$/, 'a cluster id shaped like Kafka\'s')
        await log.createTopics([{ name: 'kept', partitions: 2, configs: { 'cleanup.policy': 'compact' } }])
        await produce(log, [{ topic: 'kept', partition: 1, key: bytes('k'), value: bytes('v') }])
        await log.alterCommittedOffsets('g', new TopicPartitionMap([[{ topic: 'kept', partition: 1 }, 1n]]))
      }, { dir })
      await withLog(async log => {
        assert.equal(await log.clusterId(), clusterId)
        assert.deepEqual(await log.describeTopics(['kept']), new Map([['kept', { name: 'kept', partitions: 2, configs: { 'cleanup.policy': 'compact' } }]]))
        assert.equal((await log.listOffsets([{ topic: 'kept', partition: 1 }], 'latest')).get({ topic: 'kept', partition: 1 }), 1n)
        assert.equal((await log.committedOffsets('g')).get({ topic: 'kept', partition: 1 }), 1n)
      }, { dir })
    })

    test('written by a newer schema is refused with a message that says what to do', async () => {
      const dir = freshDir()
      await withLog(async () => {}, { dir })
      const db = new DatabaseSync(join(dir, DATABASE_FILE))
      db.prepare('UPDATE schema_version SET version = ?').run(SCHEMA_VERSION + 1)
      db.close()
      await assert.rejects(openEmbeddedLog({ dir }), /newer kconnect \(schema version 2; this one knows up to 1\)\. Upgrade kconnect, or point log\.embedded\.dir at another folder/)
    })
  })

  describe('producing', () => {
    test('creates a topic on first send with numPartitions partitions, and spreads unkeyed records round-robin', async () => {
      await withLog(async log => {
        const producer = log.createProducer({ clientId: 'p' })
        const metadata = await producer.send(Array.from({ length: 6 }, () => ({ topic: 'spread', key: null, value: bytes('x') })))
        await producer.close()
        assert.equal((await log.describeTopics(['spread'])).get('spread')?.partitions, 3)
        assert.deepEqual(metadata.map(m => m.partition), [0, 1, 2, 0, 1, 2])
        assert.deepEqual(metadata.map(m => m.offset), [0n, 0n, 0n, 1n, 1n, 1n])
      }, { numPartitions: 3 })
    })

    test('refuses bad records with Kafka\'s messages, writing none of the batch', async () => {
      await withLog(async log => {
        await log.createTopics([{ name: 'two', partitions: 2 }, { name: 'compacted', partitions: 1, configs: { 'cleanup.policy': 'compact' } }])
        const producer = log.createProducer({ clientId: 'p' })
        await assert.rejects(producer.send([{ topic: 'two', key: null, value: bytes('ok') }, { topic: 'two', partition: 2, key: null, value: null }]),
          { message: 'Invalid partition given with record: 2 is not in the range [0...2).' })
        await assert.rejects(producer.send([{ topic: 'two', key: null, value: null, timestamp: -5 }]),
          { message: 'Invalid timestamp: -5. Timestamp should always be non-negative or null.' })
        await assert.rejects(producer.send([{ topic: 'compacted', key: null, value: bytes('v') }]),
          { message: 'Compacted topic cannot accept message without key in topic partition compacted-0.' })
        await assert.rejects(producer.send([{ topic: 'bad/name', key: null, value: null }]), /Topic name is invalid: 'bad\/name' contains one or more characters other than ASCII alphanumerics/)
        await producer.close()
        const latest = await log.listOffsets([{ topic: 'two', partition: 0 }, { topic: 'two', partition: 1 }], 'latest')
        assert.deepEqual([...latest.values()], [0n, 0n], 'nothing of a refused batch was written')
      })
    })

    test('stamps records with the append time on a LogAppendTime topic', async () => {
      await withLog(async log => {
        await log.createTopics([{ name: 'appended', partitions: 1, configs: { 'message.timestamp.type': 'LogAppendTime' } }])
        const before = Date.now()
        await produce(log, [{ topic: 'appended', key: null, value: null, timestamp: 5 }])
        const [record] = await readAll(log, 'appended', 1)
        assert.equal(record.timestampType, 'LogAppendTime')
        assert.ok(record.timestamp >= before, 'the log\'s time, not the producer\'s')
      })
    })

    test('validates the topic configs it acts on', async () => {
      await withLog(async log => {
        await assert.rejects(log.createTopics([{ name: 't', configs: { 'cleanup.policy': 'shred' } }]),
          { message: 'Invalid value shred for configuration cleanup.policy: String must be one of: compact, delete' })
        await assert.rejects(log.createTopics([{ name: 't', partitions: 0 }]), /number of partitions is below 1/)
        assert.deepEqual(await log.createTopics([{ name: 't', configs: { 'cleanup.policy': 'compact,delete', 'some.kafka.config': 'kept' } }]), ['t'])
        assert.equal((await log.describeTopics(['t'])).get('t')?.configs['some.kafka.config'], 'kept')
      })
    })
  })

  describe('compaction', () => {
    test('keeps the latest record per key, offsets unchanged, and drops expired tombstones', async () => {
      await withLog(async log => {
        await log.createTopics([{ name: 'state', partitions: 1, configs: { 'cleanup.policy': 'compact', 'delete.retention.ms': '1000' } }])
        const now = Date.now()
        await produce(log, [
          { topic: 'state', key: bytes('a'), value: bytes('a1') }, // 0
          { topic: 'state', key: bytes('b'), value: bytes('b1') }, // 1
          { topic: 'state', key: bytes('a'), value: bytes('a2') }, // 2
          { topic: 'state', key: bytes('c'), value: bytes('c1') }, // 3
          { topic: 'state', key: bytes('c'), value: null, timestamp: now - 5000 }, // 4: an old tombstone, removed
          { topic: 'state', key: bytes('b'), value: null }, // 5: a fresh tombstone, kept
          { topic: 'state', key: bytes('d'), value: bytes('d1') }, // 6: reaches the threshold of 7
        ])
        // The pass runs right after the send that made it due.
        await new Promise(resolve => setImmediate(resolve))
        const records = await readAll(log, 'state', 3)
        assert.deepEqual(records.map(r => [r.offset, text(r.key), text(r.value)]), [[2n, 'a', 'a2'], [5n, 'b', null], [6n, 'd', 'd1']])
        assert.equal((await log.listOffsets([{ topic: 'state', partition: 0 }], 'latest')).get({ topic: 'state', partition: 0 }), 7n, 'offsets go on from 7')
        assert.equal((await log.listOffsets([{ topic: 'state', partition: 0 }], 'earliest')).get({ topic: 'state', partition: 0 }), 0n)
      }, { compactionThreshold: 7 })
    })

    test('runs when the log is opened, for partitions written since the last pass', async () => {
      const dir = freshDir()
      await withLog(async log => {
        await log.createTopics([{ name: 'configs', partitions: 1, configs: { 'cleanup.policy': 'compact' } }])
        await produce(log, [1, 2, 3].map(i => ({ topic: 'configs', key: bytes('connector-a'), value: bytes(`v${i}`) })))
      }, { dir })
      await withLog(async log => {
        const records = await readAll(log, 'configs', 1)
        assert.deepEqual(records.map(r => [r.offset, text(r.value)]), [[2n, 'v3']])
      }, { dir })
    })

    test('leaves an open transaction and what follows it alone, and removes aborted records and markers', async () => {
      const dir = freshDir()
      await withLog(async log => {
        await log.createTopics([{ name: 'tx-state', partitions: 1, configs: { 'cleanup.policy': 'compact' } }])
        const aborting = log.createProducer({ clientId: 'a', transactionalId: 'aborting' })
        await aborting.beginTransaction()
        await aborting.send([{ topic: 'tx-state', key: bytes('k'), value: bytes('aborted') }]) // 0
        await aborting.abortTransaction() // marker at 1
        await produce(log, [{ topic: 'tx-state', key: bytes('k'), value: bytes('kept') }]) // 2
        const open = log.createProducer({ clientId: 'o', transactionalId: 'open' })
        await open.beginTransaction()
        await open.send([{ topic: 'tx-state', key: bytes('k'), value: bytes('pending') }]) // 3
        await produce(log, [{ topic: 'tx-state', key: bytes('k'), value: bytes('after') }]) // 4
        await aborting.close()
        // A second log on the same file compacts when it opens, while `open` is still open.
        const second = await openEmbeddedLog({ dir })
        try {
          const records = await readAll(second, 'tx-state', 3)
          assert.deepEqual(records.map(r => [r.offset, text(r.value)]), [[2n, 'kept'], [3n, 'pending'], [4n, 'after']])
        } finally {
          await second.close()
        }
        await open.close()
      }, { dir })
    })
  })

  describe('transactions', () => {
    test('a transactional producer cannot send outside a transaction', async () => {
      await withLog(async log => {
        const producer = log.createProducer({ clientId: 'p', transactionalId: 'tx' })
        await assert.rejects(producer.send([{ topic: 't', key: null, value: null }]), /call beginTransaction\(\) first/)
        await assert.rejects(producer.commitTransaction(), /no transaction is open/)
        const plain = log.createProducer({ clientId: 'plain' })
        await assert.rejects(plain.beginTransaction(), /Cannot use transactional methods without enabling transactions by setting the transactional.id/)
      })
    })

    test('a new producer with the same transactional.id fences the old one and aborts what it left open', async () => {
      await withLog(async log => {
        const old = log.createProducer({ clientId: 'old', transactionalId: 'same' })
        await old.beginTransaction()
        await old.send([{ topic: 'fenced', key: null, value: bytes('orphan') }])
        const reader = log.createConsumer({ clientId: 'r', isolationLevel: 'read_committed' })
        reader.assign([{ topic: 'fenced', partition: 0 }])
        assert.deepEqual(await reader.poll(50), [])

        const replacement = log.createProducer({ clientId: 'new', transactionalId: 'same' })
        await assert.rejects(old.send([{ topic: 'fenced', key: null, value: null }]), /There is a newer producer with the same transactionalId which fences the current one/)
        await assert.rejects(old.commitTransaction(), /fences the current one/)
        await replacement.beginTransaction()
        await replacement.send([{ topic: 'fenced', key: null, value: bytes('fresh') }])
        await replacement.commitTransaction()
        const records = await pollUntil(reader, r => r.length > 0)
        assert.deepEqual(records.map(r => [r.offset, text(r.value)]), [[2n, 'fresh']], 'the orphan was aborted (its marker is offset 1)')
        await reader.close()
      })
    })

    test('a transaction open past transaction.timeout.ms is aborted, and its commit fails', async () => {
      await withLog(async log => {
        const slow = log.createProducer({ clientId: 'slow', transactionalId: 'slow', config: { 'transaction.timeout.ms': '50' } })
        await slow.beginTransaction()
        await slow.send([{ topic: 'expiring', key: null, value: bytes('too late') }])
        await produce(log, [{ topic: 'expiring', key: null, value: bytes('plain') }])
        const reader = log.createConsumer({ clientId: 'r', isolationLevel: 'read_committed' })
        reader.assign([{ topic: 'expiring', partition: 0 }])
        // Blocked behind the open transaction until the log aborts it.
        const records = await pollUntil(reader, r => r.length > 0)
        assert.deepEqual(records.map(r => [r.offset, text(r.value)]), [[1n, 'plain']])
        await assert.rejects(slow.commitTransaction(), /stayed open longer than transaction.timeout.ms; abort it and begin a new one/)
        await slow.abortTransaction()
        await slow.beginTransaction()
        await slow.send([{ topic: 'expiring', key: null, value: bytes('second try') }])
        await slow.commitTransaction()
        await reader.close()
        await slow.close()
      }, { maintenanceIntervalMs: 20 })
    })

    test('read_committed stops at the first open transaction, even for later committed records', async () => {
      await withLog(async log => {
        const open = log.createProducer({ clientId: 'open', transactionalId: 'open' })
        await open.beginTransaction()
        await open.send([{ topic: 'lso', key: null, value: bytes('open') }]) // 0
        await produce(log, [{ topic: 'lso', key: null, value: bytes('plain') }]) // 1
        const tp = { topic: 'lso', partition: 0 }
        assert.equal((await log.listOffsets([tp], 'latest', 'read_committed')).get(tp), 0n)
        const reader = log.createConsumer({ clientId: 'r', isolationLevel: 'read_committed' })
        reader.assign([tp])
        assert.deepEqual(await reader.poll(50), [])
        await open.commitTransaction()
        const records = await pollUntil(reader, r => r.length >= 2)
        assert.deepEqual(records.map(r => text(r.value)), ['open', 'plain'])
        await reader.close()
        await open.close()
      })
    })

    test('a transaction spans partitions and topics, and closing its producer aborts it', async () => {
      await withLog(async log => {
        const producer = log.createProducer({ clientId: 'p', transactionalId: 'multi' })
        await producer.beginTransaction()
        await producer.send([{ topic: 'm1', partition: 0, key: null, value: bytes('x') }, { topic: 'm2', key: null, value: bytes('y') }])
        await producer.close()
        const latest = await log.listOffsets([{ topic: 'm1', partition: 0 }, { topic: 'm2', partition: 0 }], 'latest', 'read_committed')
        assert.deepEqual([...latest.values()], [2n, 2n], 'aborted: stable again, each partition with its abort marker')
        assert.deepEqual(await readAll(log, 'm1', 0, 'read_committed'), [])
      })
    })
  })

  describe('consumers', () => {
    test('a pattern subscription matches whole topic names, including topics created later', async () => {
      await withLog(async log => {
        await log.createTopics([{ name: 'orders' }, { name: 'orders-archive' }, { name: 'preorders' }])
        const consumer = log.createConsumer({ clientId: 'c', groupId: 'pattern' })
        consumer.subscribe(/orders|refunds/)
        await pollUntil(consumer, () => consumer.assignment().length === 1)
        assert.deepEqual(consumer.assignment().map(String), ['orders-0'])
        await produce(log, [{ topic: 'refunds', key: null, value: bytes('r') }])
        const records = await pollUntil(consumer, r => r.length > 0)
        assert.deepEqual(consumer.assignment().map(String).sort(), ['orders-0', 'refunds-0'])
        assert.deepEqual(records.map(r => text(r.value)), ['r'])
        await consumer.close()
      })
    })

    test('a member that does not poll within max.poll.interval.ms is dropped from a rebalance; its commit then fails', async () => {
      await withLog(async log => {
        await log.createTopics([{ name: 'slow', partitions: 2 }])
        const config = { 'max.poll.interval.ms': '100' }
        const sleepy = log.createConsumer({ clientId: 'sleepy', groupId: 'g', config })
        const lost: string[] = []
        sleepy.subscribe(['slow'], { onPartitionsLost: ps => { lost.push(...ps.map(String)) } })
        await pollUntil(sleepy, () => sleepy.assignment().length === 2)
        const eager = log.createConsumer({ clientId: 'eager', groupId: 'g', config })
        eager.subscribe(['slow'])
        // sleepy does not poll; after 100 ms the group goes on without it.
        await pollUntil(eager, () => eager.assignment().length === 2)
        await assert.rejects(sleepy.commit(new TopicPartitionMap([[{ topic: 'slow', partition: 0 }, 0n]])), /Commit cannot be completed since the group has already rebalanced/)
        // Its next poll loses the partitions and joins again: the group splits.
        await Promise.all([
          pollUntil(sleepy, () => sleepy.assignment().length === 1),
          pollUntil(eager, () => eager.assignment().length === 1),
        ])
        assert.deepEqual(lost.sort(), ['slow-0', 'slow-1'], 'the partitions went through the lost callback')
        await sleepy.close()
        await eager.close()
      })
    })

    test('a waiting poll returns as soon as a producer of the process appends', async () => {
      await withLog(async log => {
        const consumer = log.createConsumer({ clientId: 'c' })
        consumer.assign([{ topic: 'prompt', partition: 0 }])
        const polled = consumer.poll(10 * PATIENCE_MS)
        setTimeout(() => { void produce(log, [{ topic: 'prompt', key: null, value: bytes('now') }]) }, 20)
        const records = await polled
        assert.deepEqual(records.map(r => text(r.value)), ['now'])
        await consumer.close()
      }, { pollIntervalMs: 60_000 })
    })

    test('reads in batches of max.poll.records, 500 by default', async () => {
      await withLog(async log => {
        await produce(log, Array.from({ length: 1200 }, (_, i) => ({ topic: 'big', key: null, value: bytes(`${i}`) })))
        const consumer = log.createConsumer({ clientId: 'c' })
        consumer.assign([{ topic: 'big', partition: 0 }])
        assert.deepEqual([(await consumer.poll(1000)).length, (await consumer.poll(1000)).length, (await consumer.poll(1000)).length], [500, 500, 200])
        await consumer.close()
      })
    })

    test('seeking past the end resets by auto.offset.reset', async () => {
      await withLog(async log => {
        await produce(log, [{ topic: 'reset', key: null, value: bytes('only') }])
        const consumer = log.createConsumer({ clientId: 'c', autoOffsetReset: 'earliest' })
        consumer.assign([{ topic: 'reset', partition: 0 }])
        consumer.seek({ topic: 'reset', partition: 0 }, 99n)
        assert.deepEqual((await pollUntil(consumer, r => r.length > 0)).map(r => r.offset), [0n])
        await consumer.close()
      })
    })

    test('guards its state: one poll at a time, no group calls without a group id, assign and subscribe exclusive', async () => {
      await withLog(async log => {
        const loner = log.createConsumer({ clientId: 'loner' })
        assert.throws(() => loner.subscribe(['t']), /you must provide a valid group.id/)
        await assert.rejects(loner.commit(new TopicPartitionMap()), /you must provide a valid group.id/)
        await assert.rejects(loner.poll(0), /not subscribed to any topics or assigned any partitions/)
        loner.assign([{ topic: 't', partition: 0 }])
        const first = loner.poll(10_000)
        await assert.rejects(loner.poll(0), /already in poll/)
        loner.wakeup()
        assert.deepEqual(await first, [])

        const member = log.createConsumer({ clientId: 'member', groupId: 'g' })
        member.subscribe(['t'])
        assert.throws(() => member.assign([{ topic: 't', partition: 0 }]), /mutually exclusive/)
        await member.close()
        await loner.close()
        await assert.rejects(loner.poll(0), /it is closed/)
      })
    })

    test('closing the log ends a waiting poll and closes its clients', async () => {
      const log = await openEmbeddedLog({ dir: freshDir() })
      const consumer = log.createConsumer({ clientId: 'c', groupId: uniqueName('g') })
      consumer.subscribe(['anything'])
      const polled = consumer.poll(10 * PATIENCE_MS)
      await log.close()
      assert.deepEqual(await polled, [])
      await assert.rejects(log.listTopics(), /The embedded log is closed/)
    })
  })
})
