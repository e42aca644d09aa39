// The Kafka log against a real broker: admin calls, produce and consume (order, offsets, headers,
// timestamps, Java's key placement), transactions seen by read_committed readers, pause/resume/
// seek, a consumer group that rebalances with no record lost or read twice, regex subscriptions
// that pick up new topics, wakeup, the group offset admin calls, and the errors of an unreachable
// cluster. Group timings are shortened (heartbeats every 200 ms) so rebalances take well under a second.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { ConnectException, RetriableException } from '../../../src/api/errors.ts'
import { TopicPartition, TopicPartitionMap } from '../../../src/api/sink/topic-partition.ts'
import { createKafkaLog } from '../../../src/log/kafka/index.ts'
import type { IncomingRecord, Log, LogConsumer, OutgoingRecord, RecordMetadata } from '../../../src/log/log.ts'
import { freePort } from '../../../scripts/servers/kafka.ts'
import { testBootstrap, uniqueName } from '../../support/kafka.ts'

const FAST_GROUP = { 'heartbeat.interval.ms': '200', 'session.timeout.ms': '6000', 'fetch.max.wait.ms': '100', 'metadata.max.age.ms': '500' }

let log: Log

before(async () => {
  log = createKafkaLog({ bootstrapServers: await testBootstrap(), clientId: uniqueName('admin') })
})
after(() => log?.close())

function text (bytes: Uint8Array | null): string | null {
  return bytes === null ? null : Buffer.from(bytes).toString('utf8')
}

function tp (topic: string, partition: number): TopicPartition {
  return new TopicPartition(topic, partition)
}

/** Polls until `done` holds for everything polled so far, or fails after `ms`. */
async function pollUntil (consumer: LogConsumer, done: (records: IncomingRecord[]) => boolean, ms = 15_000): Promise<IncomingRecord[]> {
  const records: IncomingRecord[] = []
  const deadline = Date.now() + ms
  while (!done(records)) {
    if (Date.now() > deadline) throw new Error(`gave up after ${ms} ms with ${records.length} records: ${records.map(r => text(r.value)).join(', ')}`)
    records.push(...await consumer.poll(200))
  }
  return records
}

async function newTopic (prefix: string, partitions: number, configs?: Record<string, string>): Promise<string> {
  const name = uniqueName(prefix)
  await log.createTopics([{ name, partitions, replicationFactor: 1, configs }])
  return name
}

describe('the Kafka log: admin calls', () => {
  test('creates topics (existing ones are no error), lists and describes them with their configs', async () => {
    const name = uniqueName('admin')
    const defaulted = uniqueName('defaulted')
    assert.deepEqual(await log.createTopics([
      { name, partitions: 3, replicationFactor: 1, configs: { 'cleanup.policy': 'compact', 'retention.ms': '123456' } },
      { name: defaulted, partitions: -1, replicationFactor: -1 },
    ]), [name, defaulted])
    assert.deepEqual(await log.createTopics([{ name, partitions: 5 }]), [], 'an existing topic is left as it is')

    // The controller answers createTopics; the broker learns of the topics a moment later (under
    // load, after the first describe), so this waits for both to be described, as a client must.
    const missing = uniqueName('missing')
    let described = await log.describeTopics([name, defaulted, missing])
    for (const deadline = Date.now() + 15_000; described.size < 2 && Date.now() < deadline;) {
      await new Promise(resolve => setTimeout(resolve, 100))
      described = await log.describeTopics([name, defaulted, missing])
    }
    assert.deepEqual([...described.keys()].sort(), [name, defaulted].sort(), 'a missing topic is absent')
    assert.ok((await log.listTopics()).includes(name))
    assert.equal(described.get(name)?.partitions, 3)
    assert.equal(described.get(name)?.configs['cleanup.policy'], 'compact')
    assert.equal(described.get(name)?.configs['retention.ms'], '123456')
    assert.equal(described.get(defaulted)?.partitions, 1, 'the broker\'s num.partitions')
    const [clusterId, askedAgain] = await Promise.all([log.clusterId(), log.clusterId()])
    assert.match(clusterId, /^[\w-]{22}$/)
    assert.equal(askedAgain, clusterId)
  })

  test('lists earliest and latest offsets of partitions', async () => {
    const topic = await newTopic('offsets', 2)
    const producer = log.createProducer({ clientId: uniqueName('producer') })
    await producer.send([0, 0, 0, 1].map(partition => ({ topic, partition, key: null, value: Buffer.from('x') })))
    await producer.close()
    const partitions = [tp(topic, 0), tp(topic, 1)]
    assert.deepEqual([...(await log.listOffsets(partitions, 'latest'))].map(([p, o]) => [p.partition, o]).sort(), [[0, 3n], [1, 1n]])
    assert.deepEqual([...(await log.listOffsets(partitions, 'earliest'))].map(([p, o]) => [p.partition, o]).sort(), [[0, 0n], [1, 0n]])
  })
})

describe('the Kafka log: producing and consuming', () => {
  test('records come back in order per partition, byte for byte, at the offsets send() reported', async () => {
    const topic = await newTopic('order', 3)
    // A small max.request.size splits each send into several requests; order and offsets must hold.
    const producer = log.createProducer({ clientId: uniqueName('producer'), config: { 'max.request.size': '2000' } })
    const sent: OutgoingRecord[] = []
    const metadata: RecordMetadata[] = []
    for (let batch = 0; batch < 3; batch++) {
      const records: OutgoingRecord[] = Array.from({ length: 40 }, (_, i) => {
        const n = batch * 40 + i
        return {
          topic,
          key: n % 10 === 0 ? null : Buffer.from(`key-${n % 7}`),
          value: n % 13 === 0 ? null : Buffer.from(`value-${n} ✓`.padEnd(60, '.')),
          headers: [['trace', Buffer.from(`t${n}`)], ['empty', null], ['trace', Buffer.from([0, 255, n & 0xff])]],
          timestamp: 1_700_000_000_000 + n,
          ...(n % 10 === 0 ? { partition: n % 3 } : {}),
        }
      })
      sent.push(...records)
      metadata.push(...await producer.send(records))
    }
    await producer.close()
    assert.equal(metadata.length, sent.length)

    const consumer = log.createConsumer({ clientId: uniqueName('reader') })
    consumer.assign([0, 1, 2].map(p => tp(topic, p)))
    const received = await pollUntil(consumer, records => records.length >= sent.length)
    await consumer.close()
    assert.equal(received.length, sent.length, 'nothing more than what was sent')

    const byPlace = new Map(received.map(r => [`${r.partition}@${r.offset}`, r]))
    sent.forEach((record, i) => {
      const place = metadata[i]
      assert.equal(place.topic, topic)
      if (record.partition !== undefined) assert.equal(place.partition, record.partition)
      const got = byPlace.get(`${place.partition}@${place.offset}`)
      assert.ok(got !== undefined, `record ${i} is where send() said (${place.partition}@${place.offset})`)
      assert.equal(text(got.key), text(record.key))
      assert.equal(text(got.value), text(record.value))
      assert.equal(got.timestamp, record.timestamp)
      assert.equal(place.timestamp, record.timestamp)
      assert.equal(got.timestampType, 'CreateTime')
      assert.deepEqual(got.headers.map(([k, v]) => [k, v === null ? null : [...v]]),
        record.headers!.map(([k, v]) => [k, v === null ? null : [...v]]), 'headers keep order, duplicates and nulls')
    })
    for (const partition of [0, 1, 2]) {
      const offsets = received.filter(r => r.partition === partition).map(r => r.offset)
      assert.deepEqual(offsets, offsets.map((_, i) => BigInt(i)), `partition ${partition} is read in offset order, without gaps`)
    }
    const keyed = new Map<string, number>()
    for (const [i, record] of sent.entries()) {
      if (record.key === null || record.partition !== undefined) continue
      const previous = keyed.get(text(record.key)!)
      if (previous !== undefined) assert.equal(metadata[i].partition, previous, 'one key, one partition')
      keyed.set(text(record.key)!, metadata[i].partition)
    }
  })

  test('a keyed record goes to the partition Java\'s default partitioner chooses', async () => {
    const topic = await newTopic('murmur2', 7)
    // Kafka 4.3.1's BuiltInPartitioner.partitionForKey(key, 7) for these keys (see test/log/partitioner.test.ts).
    const expected: Array<[string, number]> = [['', 2], ['a', 5], ['ab', 0], ['abc', 4], ['abcd', 5], ['key-1', 5], ['key-2', 4],
      ['hello world', 2], ['ünïcødé ✓', 3], ['connector-config-1', 4], ['{"schema":null,"payload":"x"}', 2]]
    const producer = log.createProducer({ clientId: uniqueName('producer') })
    const metadata = await producer.send(expected.map(([key]) => ({ topic, key: Buffer.from(key, 'utf8'), value: Buffer.from(key) })))
    await producer.close()
    assert.deepEqual(metadata.map(m => m.partition), expected.map(([, partition]) => partition))
  })

  test('unkeyed records stick to a partition for about batch.size bytes, then move on', async () => {
    const topic = await newTopic('sticky', 4)
    const producer = log.createProducer({ clientId: uniqueName('producer'), config: { 'batch.size': '200' } })
    const metadata = await producer.send(Array.from({ length: 40 }, () => ({ topic, key: null, value: Buffer.alloc(50) })))
    await producer.close()
    const runs = metadata.map(m => m.partition).filter((p, i, all) => i === 0 || all[i - 1] !== p)
    assert.ok(runs.length >= 4, `records spread over partitions in runs: ${metadata.map(m => m.partition).join('')}`)
    assert.equal(new Set(metadata.map(m => m.partition)).size, 4)
  })

  test('a read_committed consumer sees committed transactions only, and nothing past an open one', async () => {
    const topic = await newTopic('transactions', 1)
    const producer = log.createProducer({ clientId: uniqueName('tx-producer'), transactionalId: uniqueName('tx') })
    await assert.rejects(producer.send([{ topic, key: null, value: Buffer.from('outside') }]), /can only send inside a transaction/)
    const value = (v: string): OutgoingRecord => ({ topic, key: null, value: Buffer.from(v) })
    await producer.beginTransaction()
    await producer.send([value('aborted-1'), value('aborted-2')])
    await producer.abortTransaction()
    await producer.beginTransaction()
    await producer.send([value('committed-1'), value('committed-2')])
    await producer.commitTransaction()
    await producer.beginTransaction()
    await producer.send([value('open')])

    const partition = [tp(topic, 0)]
    const stable = (await log.listOffsets(partition, 'latest', 'read_committed')).get(partition[0])!
    const end = (await log.listOffsets(partition, 'latest', 'read_uncommitted')).get(partition[0])!
    assert.ok(stable < end, `the last stable offset ${stable} stops before the open transaction (end ${end})`)

    const committedReader = log.createConsumer({ clientId: uniqueName('rc'), isolationLevel: 'read_committed', config: FAST_GROUP })
    const uncommittedReader = log.createConsumer({ clientId: uniqueName('ru'), config: FAST_GROUP })
    committedReader.assign(partition)
    uncommittedReader.assign(partition)
    try {
      const all = await pollUntil(uncommittedReader, records => records.length >= 5)
      assert.deepEqual(all.map(r => text(r.value)), ['aborted-1', 'aborted-2', 'committed-1', 'committed-2', 'open'])

      const committed = await pollUntil(committedReader, records => records.length >= 2)
      assert.deepEqual(committed.map(r => text(r.value)), ['committed-1', 'committed-2'])
      assert.deepEqual(await committedReader.poll(300), [], 'the open transaction is not visible')
      await producer.commitTransaction()
      const later = await pollUntil(committedReader, records => records.length >= 1)
      assert.deepEqual(later.map(r => text(r.value)), ['open'])
      assert.equal(later[0].offset, all[4].offset)
    } finally {
      await Promise.all([committedReader.close(), uncommittedReader.close(), producer.close()])
    }
  })

  test('a second producer with the same transactional id fences the first', async () => {
    const topic = await newTopic('fenced', 1)
    const transactionalId = uniqueName('fence')
    const first = log.createProducer({ clientId: uniqueName('first'), transactionalId })
    const second = log.createProducer({ clientId: uniqueName('second'), transactionalId })
    try {
      await first.beginTransaction()
      await first.send([{ topic, key: null, value: Buffer.from('first') }])
      await second.beginTransaction()
      await assert.rejects(async () => {
        await first.send([{ topic, key: null, value: Buffer.from('first again') }])
        await first.commitTransaction()
      }, ConnectException)
      await second.send([{ topic, key: null, value: Buffer.from('second') }])
      await second.commitTransaction()
    } finally {
      await Promise.all([first.close(), second.close()])
    }
  })
})

describe('the Kafka log: positions', () => {
  test('pause stops a partition, resume continues it; seek, seekToBeginning/End and position move it', async () => {
    const topic = await newTopic('pause', 2)
    const producer = log.createProducer({ clientId: uniqueName('producer') })
    await producer.send([0, 1].flatMap(partition => Array.from({ length: 10 }, (_, i) => ({ topic, partition, key: null, value: Buffer.from(`${partition}/${i}`) }))))
    await producer.close()
    const p0 = tp(topic, 0)
    const p1 = tp(topic, 1)
    const consumer = log.createConsumer({ clientId: uniqueName('pauser'), maxPollRecords: 3, config: FAST_GROUP })
    try {
      consumer.assign([p0, p1])
      consumer.pause([p0])
      assert.deepEqual(consumer.paused(), [p0])
      const fromP1 = await pollUntil(consumer, records => records.length >= 10)
      assert.deepEqual(fromP1.map(r => text(r.value)), Array.from({ length: 10 }, (_, i) => `1/${i}`))
      assert.deepEqual(await consumer.poll(300), [], 'the paused partition gives nothing')
      assert.equal(await consumer.position(p0), 0n)
      assert.equal(await consumer.position(p1), 10n)

      consumer.resume([p0])
      assert.deepEqual(consumer.paused(), [])
      const first = await pollUntil(consumer, records => records.length >= 2)
      assert.ok(first.every(r => r.partition === 0))
      // Pausing drops what was fetched ahead: after resume, reading continues at the position.
      consumer.pause([p0])
      const position = await consumer.position(p0)
      consumer.resume([p0])
      const rest = await pollUntil(consumer, records => records.length >= Number(10n - position))
      assert.deepEqual(rest.map(r => r.offset), Array.from({ length: Number(10n - position) }, (_, i) => position + BigInt(i)))

      consumer.seek(p1, 7n)
      assert.equal(await consumer.position(p1), 7n)
      assert.deepEqual((await pollUntil(consumer, records => records.length >= 3)).map(r => text(r.value)), ['1/7', '1/8', '1/9'])
      await consumer.seekToBeginning([p0])
      assert.equal(await consumer.position(p0), 0n)
      assert.equal(text((await pollUntil(consumer, records => records.length >= 1))[0].value), '0/0')
      await consumer.seekToEnd([p0, p1])
      assert.equal(await consumer.position(p0), 10n)
      assert.deepEqual(await consumer.poll(200), [])
      assert.throws(() => consumer.seek(tp(topic, 5), 0n), /assigned to this consumer/)
    } finally {
      await consumer.close()
    }
  })

  test('wakeup() makes a waiting poll() return at once', async () => {
    const topic = await newTopic('wakeup', 1)
    const consumer = log.createConsumer({ clientId: uniqueName('sleeper'), config: FAST_GROUP })
    try {
      consumer.assign([tp(topic, 0)])
      const polling = consumer.poll(60_000)
      setTimeout(() => consumer.wakeup(), 100)
      let guard: NodeJS.Timeout | undefined
      const winner = await Promise.race([polling, new Promise(resolve => { guard = setTimeout(resolve, 20_000, 'still polling after 20 s') })])
      clearTimeout(guard)
      assert.deepEqual(winner, [])
    } finally {
      await consumer.close()
    }
  })
})

describe('the Kafka log: consumer groups', () => {
  test('a third member joining moves partitions with revoke before assign, and nothing is lost or read twice', async () => {
    const topic = await newTopic('group', 6)
    const groupId = uniqueName('group')
    const producer = log.createProducer({ clientId: uniqueName('producer') })
    const seen: string[] = []
    const events: string[] = []
    const members: Array<{ name: string, consumer: LogConsumer, owned: () => TopicPartition[] }> = []
    let stop = false

    function start (name: string): Promise<void> {
      const consumer = log.createConsumer({ clientId: uniqueName(name), groupId, maxPollRecords: 7, config: FAST_GROUP })
      let owned: TopicPartition[] = []
      consumer.subscribe([topic], {
        onPartitionsRevoked: async partitions => {
          events.push(`${name} revoked ${partitions.length}`)
          const offsets = new TopicPartitionMap<bigint>()
          for (const partition of partitions) offsets.set(partition, await consumer.position(partition))
          await consumer.commit(offsets)
          owned = []
        },
        onPartitionsAssigned: partitions => {
          events.push(`${name} assigned ${partitions.length}`)
          owned = partitions
        },
      })
      members.push({ name, consumer, owned: () => owned })
      return (async () => {
        while (!stop) for (const record of await consumer.poll(100)) seen.push(text(record.value)!)
      })()
    }

    const send = async (from: number, count: number): Promise<void> => {
      await producer.send(Array.from({ length: count }, (_, i) => ({ topic, key: Buffer.from(`k${from + i}`), value: Buffer.from(`r${from + i}`) })))
    }
    const waitFor = async (what: string, condition: () => boolean): Promise<void> => {
      const deadline = Date.now() + 20_000
      while (!condition()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; events: ${events.join('; ')}; seen ${seen.length}`)
        await new Promise(resolve => setTimeout(resolve, 20))
      }
    }

    const loops = [start('a'), start('b')]
    try {
      await waitFor('a and b to share the partitions', () => members.every(m => m.owned().length === 3))
      await send(0, 200)
      await waitFor('the first 200 records', () => seen.length >= 200)
      loops.push(start('c'))
      // Records keep coming while the group rebalances.
      for (let batch = 0; batch < 10; batch++) await send(200 + batch * 20, 20)
      await waitFor('a, b and c to own two partitions each', () => members.every(m => m.owned().length === 2))
      await send(400, 100)
      await waitFor('all 500 records', () => seen.length >= 500)
      await new Promise(resolve => setTimeout(resolve, 300))
    } finally {
      stop = true
      await Promise.all(loops)
      await Promise.all(members.map(m => m.consumer.close()))
      await producer.close()
    }
    assert.equal(seen.length, 500, 'no record was read twice')
    assert.equal(new Set(seen).size, 500, 'every record was read')
    for (const name of ['a', 'b']) {
      const mine = events.filter(e => e.startsWith(name))
      assert.deepEqual(mine.slice(0, 3), [`${name} assigned 3`, `${name} revoked 3`, `${name} assigned 2`], `${name}: ${mine.join(', ')}`)
    }
    assert.equal(events.find(e => e.startsWith('c')), 'c assigned 2')
    const committed = await log.committedOffsets(groupId)
    assert.ok(committed.size > 0, 'offsets were committed in onPartitionsRevoked')
  })

  test('a regex subscription picks up a matching topic created later, and only whole-name matches', async () => {
    const prefix = uniqueName('rx')
    const first = `${prefix}-a`
    await log.createTopics([{ name: first, partitions: 1 }, { name: `x${prefix}-b`, partitions: 1 }])
    const producer = log.createProducer({ clientId: uniqueName('producer') })
    const consumer = log.createConsumer({ clientId: uniqueName('rx'), groupId: uniqueName('rx-group'), config: FAST_GROUP })
    const assigned: string[][] = []
    try {
      consumer.subscribe(new RegExp(`${prefix}-.*`), {
        onPartitionsAssigned: partitions => { assigned.push(partitions.map(p => p.topic)) },
        // Without this commit the eager rebalance would start the partition over (as in Java).
        onPartitionsRevoked: async partitions => {
          const offsets = new TopicPartitionMap<bigint>()
          for (const partition of partitions) offsets.set(partition, await consumer.position(partition))
          await consumer.commit(offsets)
        },
      })
      await producer.send([{ topic: first, key: null, value: Buffer.from('one') }, { topic: `x${prefix}-b`, key: null, value: Buffer.from('not mine') }])
      assert.deepEqual((await pollUntil(consumer, records => records.length >= 1)).map(r => text(r.value)), ['one'])

      const second = `${prefix}-c`
      await log.createTopics([{ name: second, partitions: 2 }])
      await producer.send([{ topic: second, partition: 1, key: null, value: Buffer.from('two') }])
      const later = await pollUntil(consumer, records => records.length >= 1)
      assert.deepEqual(later.map(r => [r.topic, text(r.value)]), [[second, 'two']])
      assert.deepEqual(consumer.assignment().map(p => `${p.topic}-${p.partition}`).sort(), [`${first}-0`, `${second}-0`, `${second}-1`])
      assert.deepEqual(assigned.at(-1), [first, second, second])
    } finally {
      await Promise.all([consumer.close(), producer.close()])
    }
  })

  test('reads, alters and deletes a group\'s committed offsets; refuses to alter them under active members', async () => {
    const topic = await newTopic('committed', 2)
    const groupId = uniqueName('offsets')
    // Committed offsets within the partitions (past their end, a new member would reset to the start).
    const producer = log.createProducer({ clientId: uniqueName('producer') })
    await producer.send([0, 1].flatMap(partition => Array.from({ length: 50 }, () => ({ topic, partition, key: null, value: null }))))
    await producer.close()
    assert.equal((await log.committedOffsets(groupId)).size, 0, 'an unknown group has no offsets')
    const committer = log.createConsumer({ clientId: uniqueName('committer'), groupId })
    committer.assign([tp(topic, 0), tp(topic, 1)])
    await committer.commit(new TopicPartitionMap([[tp(topic, 0), 42n], [tp(topic, 1), 7n]]))
    await committer.close()
    assert.equal((await log.committedOffsets(groupId)).toString(), `{${topic}-0=42, ${topic}-1=7}`)

    await log.alterCommittedOffsets(groupId, new TopicPartitionMap([[tp(topic, 1), 3n]]))
    assert.equal((await log.committedOffsets(groupId)).toString(), `{${topic}-0=42, ${topic}-1=3}`)
    await log.deleteCommittedOffsets(groupId, [tp(topic, 0)])
    assert.equal((await log.committedOffsets(groupId)).toString(), `{${topic}-1=3}`)

    const member = log.createConsumer({ clientId: uniqueName('member'), groupId, config: FAST_GROUP })
    try {
      member.subscribe([topic])
      const read = await pollUntil(member, records => records.filter(r => r.partition === 1).length >= 47 && records.some(r => r.partition === 0))
      assert.equal(read.find(r => r.partition === 1)?.offset, 3n, 'a new member starts at the committed offset')
      assert.equal(read.find(r => r.partition === 0)?.offset, 0n, 'without a committed offset, at auto.offset.reset (earliest)')
      await assert.rejects(log.alterCommittedOffsets(groupId, new TopicPartitionMap([[tp(topic, 1), 0n]])), /the group has active members/)
    } finally {
      await member.close()
    }
  })
})

describe('the Kafka log: misuse and lost membership', () => {
  test('poll() without subscribe or assign, and a partition outside the topic, are errors with Java\'s words', async () => {
    const topic = await newTopic('misuse', 2)
    const consumer = log.createConsumer({ clientId: uniqueName('idle') })
    await assert.rejects(consumer.poll(10), /Consumer is not subscribed to any topics or assigned any partitions/)
    await consumer.close()
    await assert.rejects(consumer.poll(10), /is closed/)
    const producer = log.createProducer({ clientId: uniqueName('producer') })
    await assert.rejects(producer.send([{ topic, partition: 2, key: null, value: null }]),
      /Invalid partition given with record: 2 is not in the range \[0\.\.\.2\)\./)
    await producer.close()
  })

  test('a member that stops polling past max.poll.interval.ms loses its partitions: commits fail, the next poll() calls onPartitionsLost', async () => {
    const topic = await newTopic('lost', 2)
    const groupId = uniqueName('lost')
    const events: string[] = []
    const slow = log.createConsumer({ clientId: uniqueName('slow'), groupId, config: { ...FAST_GROUP, 'max.poll.interval.ms': '1000' } })
    const busy = log.createConsumer({ clientId: uniqueName('busy'), groupId, config: FAST_GROUP })
    try {
      slow.subscribe([topic], {
        onPartitionsAssigned: partitions => { events.push(`slow assigned ${partitions.length}`) },
        onPartitionsRevoked: partitions => { events.push(`slow revoked ${partitions.length}`) },
        onPartitionsLost: partitions => { events.push(`slow lost ${partitions.length}`) },
      })
      await pollUntil(slow, () => slow.assignment().length === 2)
      busy.subscribe([topic])
      // busy's join waits for slow, which does not poll: after max.poll.interval.ms slow leaves the group.
      await pollUntil(busy, () => busy.assignment().length === 2)
      await assert.rejects(slow.commit(new TopicPartitionMap([[tp(topic, 0), 0n]])), /Commit cannot be completed since the group has already rebalanced/)
      const deadline = Date.now() + 15_000
      while (slow.assignment().length !== 1 || busy.assignment().length !== 1) {
        assert.ok(Date.now() < deadline, `the group did not settle 1 + 1: ${events.join(', ')}`)
        await Promise.all([slow.poll(100), busy.poll(100)])
      }
      assert.deepEqual(events, ['slow assigned 2', 'slow lost 2', 'slow assigned 1'])
    } finally {
      await Promise.all([slow.close(), busy.close()])
    }
  })
})

describe('the Kafka log: an unreachable cluster', () => {
  test('calls fail with the broker address and what to check; close() completes', async () => {
    const address = `127.0.0.1:${await freePort()}`
    const config = { 'default.api.timeout.ms': '600', 'retry.backoff.ms': '50', 'retry.backoff.max.ms': '100', 'socket.connection.setup.timeout.ms': '500' }
    const unreachable = createKafkaLog({ bootstrapServers: address, config })
    try {
      await assert.rejects(unreachable.clusterId(), (error: Error) => {
        assert.ok(error instanceof RetriableException, error.constructor.name)
        assert.match(error.message, /Failed to connect to and describe Kafka cluster/)
        assert.ok(error.message.includes(address), error.message)
        assert.match(error.message, /bootstrap\.servers/)
        return true
      })
      await assert.rejects(unreachable.listTopics(), (error: Error) => error instanceof ConnectException && error.message.includes(address))
      const producer = unreachable.createProducer({ clientId: 'p', config: { 'max.block.ms': '600' } })
      await assert.rejects(producer.send([{ topic: 't', key: null, value: null }]), (error: Error) => error instanceof ConnectException && error.message.includes(address))
      const consumer = unreachable.createConsumer({ clientId: 'c', groupId: 'g', config: FAST_GROUP })
      consumer.subscribe(['t'])
      assert.deepEqual(await consumer.poll(300), [], 'poll() keeps trying in the background rather than failing')
    } finally {
      await unreachable.close()
    }
  })
})
