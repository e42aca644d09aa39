// The contract every Log implementation keeps: Kafka's semantics, as the runtime relies on them.
// test/log/kafka/contract.test.ts runs it against a real broker, test/log/embedded/contract.test.ts
// against the embedded log, so both backends are held to the same behaviour (and the cases are
// what Kafka does, checked on Kafka itself, not what is convenient for one backend).
//
// Names are unique per test, so the suite can share a broker with other tests running at once.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { TopicPartition, TopicPartitionMap, type TopicPartitionLike } from '../../src/api/sink/topic-partition.ts'
import type { IncomingRecord, Log, LogConsumer, LogConsumerOptions, OutgoingRecord, RebalanceListener } from '../../src/log/log.ts'
import { partitionForKey } from '../../src/log/partitioner.ts'
import { uniqueName } from '../support/kafka.ts'

/** How long a test waits for something that should happen soon (not a timing assertion). */
const PATIENCE_MS = 30_000

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)
const text = (value: Uint8Array | null): string | null => value === null ? null : new TextDecoder().decode(value)

/** Polls until `enough(received)` holds, or fails after PATIENCE_MS; returns everything received. */
async function pollUntil (consumer: LogConsumer, enough: (received: IncomingRecord[]) => boolean, what: string): Promise<IncomingRecord[]> {
  const received: IncomingRecord[] = []
  const deadline = Date.now() + PATIENCE_MS
  while (!enough(received)) {
    if (Date.now() > deadline) assert.fail(`Gave up waiting for ${what}; received ${received.length} records: ${received.map(r => `${r.topic}-${r.partition}@${r.offset}`).join(', ')}`)
    received.push(...await consumer.poll(250))
  }
  return received
}

/** Polls until `count` records arrived (and checks no more come with them). */
async function pollCount (consumer: LogConsumer, count: number): Promise<IncomingRecord[]> {
  const received = await pollUntil(consumer, r => r.length >= count, `${count} records`)
  assert.equal(received.length, count, 'no more records than were produced')
  return received
}

/** Polls until `condition()` holds (a rebalance finishing, say), feeding the records to `sink`. */
async function pollWhile (consumers: LogConsumer[], condition: () => boolean, what: string, sink: IncomingRecord[] = []): Promise<void> {
  const deadline = Date.now() + PATIENCE_MS
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`Gave up waiting for ${what}`)
    for (const batch of await Promise.all(consumers.map(c => c.poll(200)))) sink.push(...batch)
  }
}

/**
 * Retries `check` until it passes, or rethrows its failure after PATIENCE_MS. For what Kafka makes
 * true eventually: a created topic reaches every broker's metadata a moment after createTopics.
 */
async function eventually (check: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + PATIENCE_MS
  while (true) {
    try {
      return await check()
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise(resolve => setTimeout(resolve, 100))
    }
  }
}

function sortPartitions (partitions: readonly TopicPartitionLike[]): string[] {
  return partitions.map(tp => `${tp.topic}-${tp.partition}`).sort()
}

/**
 * Registers the Log contract's tests. `createLog` is called more than once; every call must
 * return a new Log over the same data (the same cluster, or the same embedded folder), so that
 * tests can prove what survives closing the log and opening it again.
 */
export function describeLogContract (name: string, createLog: () => Promise<Log>): void {
  describe(`the Log contract: ${name}`, () => {
    let log: Log
    const extraLogs: Log[] = []
    const consumers: LogConsumer[] = []

    before(async () => {
      log = await createLog()
    })
    after(async () => {
      for (const consumer of consumers) await consumer.close().catch(() => {})
      for (const other of extraLogs) await other.close().catch(() => {})
      await log.close()
    })

    /** A consumer closed when the suite ends (if the test did not close it). */
    function consumer (options: Partial<LogConsumerOptions> = {}, on: Log = log): LogConsumer {
      const created = on.createConsumer({ clientId: uniqueName('contract-consumer'), autoOffsetReset: 'earliest', ...options })
      consumers.push(created)
      return created
    }

    async function topicWith (partitions: number, configs?: Record<string, string>): Promise<string> {
      const topic = uniqueName('contract')
      assert.deepEqual(await log.createTopics([{ name: topic, partitions, replicationFactor: 1, configs }]), [topic])
      return topic
    }

    async function produce (records: OutgoingRecord[]): Promise<void> {
      const producer = log.createProducer({ clientId: uniqueName('contract-producer') })
      try {
        await producer.send(records)
      } finally {
        await producer.close()
      }
    }

    test('has a cluster id, the same on every call', async () => {
      const id = await log.clusterId()
      assert.equal(typeof id, 'string')
      assert.ok(id.length > 0)
      assert.equal(await log.clusterId(), id)
    })

    test('creates topics with partitions and configs, lists and describes them; an existing topic is not an error', async () => {
      const compacted = uniqueName('contract-compacted')
      const plain = uniqueName('contract-plain')
      const created = await log.createTopics([
        { name: compacted, partitions: 3, replicationFactor: 1, configs: { 'cleanup.policy': 'compact', 'retention.ms': '123456' } },
        { name: plain, partitions: 1, replicationFactor: 1 },
      ])
      assert.deepEqual([...created].sort(), [compacted, plain].sort())

      await eventually(async () => {
        const topics = await log.listTopics()
        assert.ok(topics.includes(compacted) && topics.includes(plain), 'both topics are listed')
      })

      const missing = uniqueName('contract-missing')
      await eventually(async () => {
        const descriptions = await log.describeTopics([compacted, plain, missing])
        assert.equal(descriptions.get(compacted)?.partitions, 3)
        assert.equal(descriptions.get(compacted)?.configs['cleanup.policy'], 'compact')
        assert.equal(descriptions.get(compacted)?.configs['retention.ms'], '123456')
        assert.equal(descriptions.get(plain)?.partitions, 1)
        assert.equal(descriptions.has(missing), false, 'a topic that does not exist is absent')
      })

      const again = uniqueName('contract-again')
      assert.deepEqual(await log.createTopics([{ name: compacted, partitions: 5 }, { name: again, partitions: 2 }]), [again],
        'only the new topic is reported created')
      assert.equal((await log.describeTopics([compacted])).get(compacted)?.partitions, 3, 'the existing topic is unchanged')
    })

    test('refuses an illegal topic name', async () => {
      await assert.rejects(log.createTopics([{ name: 'no spaces allowed!', partitions: 1 }]))
    })

    test('creates a topic on first produce', async () => {
      const topic = uniqueName('contract-auto')
      await produce([{ topic, key: null, value: bytes('first') }])
      await eventually(async () => assert.ok((await log.listTopics()).includes(topic)))
      const reader = consumer()
      reader.assign([{ topic, partition: 0 }])
      const [record] = await pollCount(reader, 1)
      assert.equal(text(record.value), 'first')
    })

    test('appends in order with consecutive offsets, and send reports where each record landed', async () => {
      const topic = await topicWith(1)
      const producer = log.createProducer({ clientId: uniqueName('contract-producer') })
      const first = await producer.send([0, 1, 2, 3, 4].map(i => ({ topic, key: null, value: bytes(`v${i}`) })))
      const second = await producer.send([5, 6, 7].map(i => ({ topic, partition: 0, key: null, value: bytes(`v${i}`) })))
      await producer.close()
      assert.deepEqual([...first, ...second].map(m => [m.topic, m.partition, m.offset]),
        [0, 1, 2, 3, 4, 5, 6, 7].map(i => [topic, 0, BigInt(i)]))

      const reader = consumer()
      reader.assign([{ topic, partition: 0 }])
      const records = await pollCount(reader, 8)
      assert.deepEqual(records.map(r => [r.topic, r.partition, r.offset, text(r.value)]),
        [0, 1, 2, 3, 4, 5, 6, 7].map(i => [topic, 0, BigInt(i), `v${i}`]))
    })

    test('keeps keys, values, headers and timestamps exactly, nulls and empties distinct', async () => {
      const topic = await topicWith(1)
      const binary = Uint8Array.from([0, 1, 127, 128, 254, 255])
      const sent: OutgoingRecord[] = [
        { topic, key: bytes('key-1'), value: bytes('value ✓'), timestamp: 1_700_000_000_001, headers: [['trace', bytes('t1')], ['bin', binary]] },
        { topic, key: null, value: binary, timestamp: 0 },
        { topic, key: bytes('tombstone'), value: null, timestamp: 1_700_000_000_003 },
        { topic, key: new Uint8Array(0), value: new Uint8Array(0), timestamp: 1_700_000_000_004 },
        { topic, key: bytes('k'), value: bytes('v'), timestamp: 1_700_000_000_005, headers: [['dup', bytes('a')], ['nothing', null], ['dup', bytes('b')], ['', new Uint8Array(0)]] },
      ]
      const before = Date.now()
      const producer = log.createProducer({ clientId: uniqueName('contract-producer') })
      const metadata = await producer.send([...sent, { topic, key: null, value: bytes('now') }])
      await producer.close()
      const afterSend = Date.now()
      assert.equal(metadata[0].timestamp, 1_700_000_000_001, 'the metadata carries the record\'s timestamp')

      const reader = consumer()
      reader.assign([{ topic, partition: 0 }])
      const records = await pollCount(reader, sent.length + 1)
      for (const [i, expected] of sent.entries()) {
        const record = records[i]
        assert.deepEqual(record.key === null ? null : [...record.key], expected.key === null ? null : [...expected.key], `key of record ${i}`)
        assert.deepEqual(record.value === null ? null : [...record.value], expected.value === null ? null : [...expected.value], `value of record ${i}`)
        assert.equal(record.timestamp, expected.timestamp, `timestamp of record ${i}`)
        assert.equal(record.timestampType, 'CreateTime')
        assert.deepEqual(record.headers.map(([k, v]) => [k, v === null ? null : [...v]]),
          (expected.headers ?? []).map(([k, v]) => [k, v === null ? null : [...v]]), `headers of record ${i}`)
      }
      const stamped = records[sent.length].timestamp
      assert.ok(stamped >= before - 1000 && stamped <= afterSend + 1000, `a record sent without a timestamp gets the time of sending (${stamped})`)
    })

    test('one send to many partitions of several topics, timestamps years apart in any order, lands in order per partition', async () => {
      const topics = [await topicWith(3), await topicWith(2)]
      const sent: OutgoingRecord[] = []
      // Interleaved partitions and topics; per partition, timestamps jump back and forth by years.
      for (let i = 0; i < 300; i++) {
        const topic = topics[i % 2]
        const timestamp = [1_700_000_000_000, 5, 946_684_800_000, 1_600_000_000_000 + i][i % 4]
        sent.push({ topic, partition: i % (i % 2 === 0 ? 3 : 2), key: i % 5 === 0 ? null : bytes(`k${i}`), value: i % 7 === 0 ? null : bytes(`v${i}`), timestamp })
      }
      const producer = log.createProducer({ clientId: uniqueName('contract-producer') })
      const metadata = await producer.send(sent)
      await producer.close()
      const reader = consumer()
      reader.assign([0, 1, 2].map(partition => ({ topic: topics[0], partition })).concat([0, 1].map(partition => ({ topic: topics[1], partition }))))
      const records = await pollCount(reader, sent.length)
      const byPlace = new Map(records.map(r => [`${r.topic}/${r.partition}@${r.offset}`, r]))
      for (const [i, record] of sent.entries()) {
        const place = metadata[i]
        assert.deepEqual([place.topic, place.partition], [record.topic, record.partition], `record ${i} went where it was sent`)
        const read = byPlace.get(`${place.topic}/${place.partition}@${place.offset}`)
        assert.ok(read !== undefined, `record ${i} is at the offset send() reported`)
        assert.equal(text(read.value), record.value === null ? null : `v${i}`)
        assert.equal(read.key === null, record.key === null)
        assert.equal(read.timestamp, record.timestamp, `timestamp of record ${i}`)
      }
      for (const [i, record] of sent.entries()) {
        const later = sent.findIndex((other, j) => j > i && other.topic === record.topic && other.partition === record.partition)
        if (later >= 0) assert.equal(metadata[later].offset, metadata[i].offset + 1n, `record ${later} follows record ${i} in its partition`)
      }
    })

    test('places keyed records by murmur2 of the key, as Kafka\'s default partitioner does', async () => {
      const topic = await topicWith(5)
      const keys = Array.from({ length: 20 }, (_, i) => `key-${i}`)
      const producer = log.createProducer({ clientId: uniqueName('contract-producer') })
      const metadata = await producer.send(keys.map(key => ({ topic, key: bytes(key), value: bytes(key) })))
      const unkeyed = await producer.send(Array.from({ length: 10 }, () => ({ topic, key: null, value: bytes('unkeyed') })))
      await producer.close()
      assert.deepEqual(metadata.map(m => m.partition), keys.map(key => partitionForKey(bytes(key), 5)))
      for (const m of unkeyed) assert.ok(m.partition >= 0 && m.partition < 5)

      const reader = consumer()
      reader.assign([0, 1, 2, 3, 4].map(partition => ({ topic, partition })))
      const records = await pollCount(reader, keys.length + 10)
      for (const record of records.filter(r => r.key !== null)) {
        assert.equal(record.partition, partitionForKey(record.key!, 5), `partition of ${text(record.key)}`)
      }
    })

    test('a group member commits, and the group resumes from the commit after close and reopen', async () => {
      const topic = await topicWith(2)
      const groupId = uniqueName('contract-group')
      await produce([0, 1, 2, 3, 4].flatMap(i => [0, 1].map(partition => ({ topic, partition, key: null, value: bytes(`p${partition}-${i}`) }))))

      const first = consumer({ groupId })
      const assigned: string[][] = []
      first.subscribe([topic], { onPartitionsAssigned: partitions => { assigned.push(sortPartitions(partitions)) } })
      const records = await pollCount(first, 10)
      assert.deepEqual(assigned, [[`${topic}-0`, `${topic}-1`]], 'the only member gets every partition, through the callback')
      for (const partition of [0, 1]) {
        assert.deepEqual(records.filter(r => r.partition === partition).map(r => r.offset), [0n, 1n, 2n, 3n, 4n], 'each partition in order')
      }
      assert.equal(await first.position({ topic, partition: 0 }), 5n)
      // Processed up to offset 1 of partition 0 and offset 2 of partition 1.
      await first.commit(new TopicPartitionMap([[{ topic, partition: 0 }, 2n], [{ topic, partition: 1 }, 3n]]))
      await first.close()

      const committed = await log.committedOffsets(groupId)
      assert.deepEqual([...committed].map(([tp, offset]) => [tp.toString(), offset]).sort(), [[`${topic}-0`, 2n], [`${topic}-1`, 3n]])

      const reopened = await createLog()
      extraLogs.push(reopened)
      assert.deepEqual([...await reopened.committedOffsets(groupId)].map(([tp, offset]) => [tp.toString(), offset]).sort(),
        [[`${topic}-0`, 2n], [`${topic}-1`, 3n]], 'committed offsets persist')
      const second = consumer({ groupId }, reopened)
      second.subscribe([topic])
      const rest = await pollCount(second, 5)
      assert.deepEqual(rest.filter(r => r.partition === 0).map(r => r.offset), [2n, 3n, 4n])
      assert.deepEqual(rest.filter(r => r.partition === 1).map(r => r.offset), [3n, 4n])
      await second.close()
    })

    test('two members of a group split the partitions by range; a partition moves only after its revoke callback', async () => {
      const topic = await topicWith(4)
      const groupId = uniqueName('contract-split')
      await produce([0, 1, 2, 3].map(partition => ({ topic, partition, key: null, value: bytes(`p${partition}`) })))
      const events: Array<[string, 'assigned' | 'revoked', string[]]> = []

      const a = consumer({ groupId })
      const aListener: RebalanceListener = {
        onPartitionsRevoked: async partitions => {
          events.push(['a', 'revoked', sortPartitions(partitions)])
          // What a sink task does: commit what it processed before the partitions move.
          const offsets = new TopicPartitionMap<bigint>()
          for (const tp of partitions) offsets.set(tp, await a.position(tp))
          await a.commit(offsets)
        },
        onPartitionsAssigned: partitions => { events.push(['a', 'assigned', sortPartitions(partitions)]) },
      }
      a.subscribe([topic], aListener)
      await pollCount(a, 4)
      assert.deepEqual(sortPartitions(a.assignment()), [0, 1, 2, 3].map(p => `${topic}-${p}`))

      const b = consumer({ groupId })
      b.subscribe([topic], {
        onPartitionsRevoked: partitions => { events.push(['b', 'revoked', sortPartitions(partitions)]) },
        onPartitionsAssigned: partitions => { events.push(['b', 'assigned', sortPartitions(partitions)]) },
      })
      const afterJoin: IncomingRecord[] = []
      await pollWhile([a, b], () => a.assignment().length === 2 && b.assignment().length === 2, 'the group to split 2 + 2', afterJoin)
      assert.deepEqual(afterJoin, [], 'the records were committed before their partitions moved, so none is read twice')

      const aOwns = sortPartitions(a.assignment())
      const bOwns = sortPartitions(b.assignment())
      assert.deepEqual([...aOwns, ...bOwns].sort(), [0, 1, 2, 3].map(p => `${topic}-${p}`), 'every partition has one owner')
      const ranges = [[`${topic}-0`, `${topic}-1`], [`${topic}-2`, `${topic}-3`]]
      assert.ok(ranges.some(r => JSON.stringify(r) === JSON.stringify(aOwns)), `range assignment gives contiguous partitions (a has ${aOwns.join(', ')})`)

      for (const partition of bOwns) {
        const revokedAt = events.findIndex(([who, what, ps]) => who === 'a' && what === 'revoked' && ps.includes(partition))
        const assignedAt = events.findIndex(([who, what, ps]) => who === 'b' && what === 'assigned' && ps.includes(partition))
        assert.ok(revokedAt >= 0 && revokedAt < assignedAt, `${partition} is revoked from a before b gets it: ${JSON.stringify(events)}`)
      }

      // b leaves: a gets everything back, after b's revoke callback ran in close().
      await b.close()
      await pollWhile([a], () => a.assignment().length === 4, 'a to own all four partitions again')
      const bRevoked = events.findIndex(([who, what]) => who === 'b' && what === 'revoked')
      const aRegained = events.findLastIndex(([who, what, ps]) => who === 'a' && what === 'assigned' && ps.length === 4)
      assert.ok(bRevoked >= 0 && bRevoked < aRegained, `b's partitions are revoked before a gets them back: ${JSON.stringify(events)}`)
    })

    test('pause, resume, seek, position and max poll records', async () => {
      const topic = await topicWith(1)
      const tp = new TopicPartition(topic, 0)
      await produce([0, 1, 2, 3, 4].map(i => ({ topic, key: null, value: bytes(`v${i}`) })))
      const reader = consumer({ maxPollRecords: 3 })
      reader.assign([tp])
      assert.deepEqual(reader.assignment().map(String), [tp.toString()])
      assert.equal(await reader.position(tp), 0n)

      const firstBatch = await pollUntil(reader, r => r.length > 0, 'a first batch')
      assert.ok(firstBatch.length <= 3, `at most maxPollRecords records in one poll (${firstBatch.length})`)
      await pollUntil(reader, r => r.length >= 5 - firstBatch.length, 'the rest')
      assert.equal(await reader.position(tp), 5n)

      reader.seek(tp, 2n)
      assert.equal(await reader.position(tp), 2n)
      const again = await pollCount(reader, 3)
      assert.deepEqual(again.map(r => r.offset), [2n, 3n, 4n])

      reader.pause([tp])
      assert.deepEqual(reader.paused().map(String), [tp.toString()])
      await produce([{ topic, key: null, value: bytes('while paused') }])
      assert.deepEqual(await reader.poll(300), [], 'a paused partition returns nothing')
      reader.resume([tp])
      assert.deepEqual(reader.paused(), [])
      const resumed = await pollCount(reader, 1)
      assert.deepEqual(resumed.map(r => [r.offset, text(r.value)]), [[5n, 'while paused']])

      assert.throws(() => reader.seek({ topic, partition: 7 }, 0n), 'seeking an unassigned partition is an error')
    })

    test('seekToBeginning and seekToEnd', async () => {
      const topic = await topicWith(1)
      const tp = { topic, partition: 0 }
      await produce([0, 1, 2].map(i => ({ topic, key: null, value: bytes(`v${i}`) })))
      const reader = consumer({ autoOffsetReset: 'latest' })
      reader.assign([tp])
      assert.equal(await reader.position(tp), 3n, 'latest: a new reader starts at the end')
      await reader.seekToBeginning([tp])
      assert.equal(await reader.position(tp), 0n)
      assert.deepEqual((await pollCount(reader, 3)).map(r => r.offset), [0n, 1n, 2n])
      await reader.seekToBeginning([tp])
      await reader.seekToEnd([tp])
      assert.equal(await reader.position(tp), 3n)
      await produce([{ topic, key: null, value: bytes('v3') }])
      assert.deepEqual((await pollCount(reader, 1)).map(r => r.offset), [3n])
    })

    test('lists the earliest and latest offsets of partitions', async () => {
      const topic = await topicWith(2)
      await produce([0, 1, 2].map(i => ({ topic, partition: 0, key: null, value: bytes(`v${i}`) })))
      const partitions = [{ topic, partition: 0 }, { topic, partition: 1 }]
      const earliest = await log.listOffsets(partitions, 'earliest')
      const latest = await log.listOffsets(partitions, 'latest')
      assert.deepEqual([earliest.get(partitions[0]), earliest.get(partitions[1])], [0n, 0n])
      assert.deepEqual([latest.get(partitions[0]), latest.get(partitions[1])], [3n, 0n])
    })

    test('alters and deletes a group\'s committed offsets; a consumer of the group starts from them', async () => {
      const topic = await topicWith(2)
      const groupId = uniqueName('contract-alter')
      await produce([0, 1, 2, 3].flatMap(i => [0, 1].map(partition => ({ topic, partition, key: null, value: bytes(`v${i}`) }))))
      assert.equal((await log.committedOffsets(groupId)).size, 0, 'a group that never committed has no offsets')

      await log.alterCommittedOffsets(groupId, new TopicPartitionMap([[{ topic, partition: 0 }, 3n], [{ topic, partition: 1 }, 1n]]))
      assert.deepEqual([...await log.committedOffsets(groupId)].map(([tp, o]) => [tp.toString(), o]).sort(), [[`${topic}-0`, 3n], [`${topic}-1`, 1n]])
      await log.deleteCommittedOffsets(groupId, [{ topic, partition: 1 }])
      assert.deepEqual([...await log.committedOffsets(groupId)].map(([tp, o]) => [tp.toString(), o]), [[`${topic}-0`, 3n]])

      const member = consumer({ groupId })
      member.subscribe([topic])
      const records = await pollCount(member, 1 + 4)
      assert.deepEqual(records.filter(r => r.partition === 0).map(r => r.offset), [3n], 'partition 0 from the altered offset')
      assert.deepEqual(records.filter(r => r.partition === 1).map(r => r.offset), [0n, 1n, 2n, 3n], 'partition 1, deleted, from auto.offset.reset')

      await assert.rejects(log.alterCommittedOffsets(groupId, new TopicPartitionMap([[{ topic, partition: 0 }, 0n]])),
        'the offsets of a group with active members cannot be altered')
      await member.close()
      await log.alterCommittedOffsets(groupId, new TopicPartitionMap([[{ topic, partition: 0 }, 0n]]))
      assert.equal((await log.committedOffsets(groupId)).get({ topic, partition: 0 }), 0n, 'once the group is empty they can')
    })

    test('read_committed sees a transaction\'s records only when it commits, never aborted ones; markers take offsets', async () => {
      const topic = await topicWith(1)
      const tp = { topic, partition: 0 }
      const producer = log.createProducer({ clientId: uniqueName('contract-tx'), transactionalId: uniqueName('contract-tx') })
      try {
        await producer.beginTransaction()
        await producer.send([{ topic, key: null, value: bytes('aborted-1') }, { topic, key: null, value: bytes('aborted-2') }])
        await producer.abortTransaction()

        await producer.beginTransaction()
        const metadata = await producer.send([{ topic, key: null, value: bytes('committed-1') }, { topic, key: null, value: bytes('committed-2') }])
        // Offsets 0-1 aborted records, 2 the abort marker, 3-4 this transaction.
        assert.deepEqual(metadata.map(m => m.offset), [3n, 4n])

        const committedReader = consumer({ isolationLevel: 'read_committed' })
        committedReader.assign([tp])
        assert.deepEqual(await committedReader.poll(500), [], 'nothing is visible to read_committed while the transaction is open')
        assert.equal((await log.listOffsets([tp], 'latest', 'read_committed')).get(tp), 3n, 'the last stable offset stops at the open transaction')
        assert.equal((await log.listOffsets([tp], 'latest', 'read_uncommitted')).get(tp), 5n)

        const uncommittedReader = consumer({ isolationLevel: 'read_uncommitted' })
        uncommittedReader.assign([tp])
        const all = await pollCount(uncommittedReader, 4)
        assert.deepEqual(all.map(r => text(r.value)), ['aborted-1', 'aborted-2', 'committed-1', 'committed-2'],
          'read_uncommitted sees everything, aborted records included')

        await producer.commitTransaction()
        const visible = await pollCount(committedReader, 2)
        assert.deepEqual(visible.map(r => [r.offset, text(r.value)]), [[3n, 'committed-1'], [4n, 'committed-2']])
        assert.equal((await log.listOffsets([tp], 'latest', 'read_committed')).get(tp), 6n, 'the commit marker takes offset 5')
        assert.equal(await committedReader.position(tp), 6n, 'the reader moves past the marker')
      } finally {
        await producer.close()
      }
    })

    test('a partition assigned before its topic exists is read once the topic exists, as Java\'s consumer waits', async () => {
      // Also what a reader sees when it assigns a topic created a moment ago, before every broker knows it.
      const topic = uniqueName('contract-later')
      const reader = consumer()
      reader.assign([{ topic, partition: 0 }])
      assert.deepEqual(await reader.poll(300), [], 'nothing yet, and no error')
      await produce([{ topic, partition: 0, key: null, value: Buffer.from('arrived') }])
      const records: IncomingRecord[] = []
      await pollWhile([reader], () => records.length > 0, 'the record of the topic created meanwhile', records)
      assert.deepEqual(records.map(r => text(r.value)), ['arrived'])
    })

    test('wakeup makes a waiting poll return at once', async () => {
      const topic = await topicWith(1)
      const reader = consumer()
      reader.assign([{ topic, partition: 0 }])
      const polled = reader.poll(10 * PATIENCE_MS)
      setTimeout(() => reader.wakeup(), 100)
      let timer: NodeJS.Timeout | undefined
      const gaveUp = new Promise<'gave up'>(resolve => { timer = setTimeout(() => resolve('gave up'), PATIENCE_MS) })
      const result = await Promise.race([polled, gaveUp])
      clearTimeout(timer)
      assert.deepEqual(result, [], 'the poll returned, with nothing')
    })
  })
}
