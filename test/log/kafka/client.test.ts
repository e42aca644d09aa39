// Proves the whole path through @platformatic/kafka against the real broker, before anything is
// built on it: topic creation with configs, produce with keys/headers/timestamps, consume, commit
// and read back consumer offsets, and transactions seen by a read_committed consumer only on commit.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  Admin, ConfigResourceTypes, Consumer, FetchIsolationLevels, MessagesStreamModes, Producer,
  type Message,
} from '@platformatic/kafka'
import { testBootstrap, uniqueName } from '../../support/kafka.ts'

let bootstrapBrokers: string[]
let admin: Admin

before(async () => {
  bootstrapBrokers = [await testBootstrap()]
  admin = new Admin({ clientId: uniqueName('admin'), bootstrapBrokers })
})
after(() => admin.close())

/** Reads `count` messages of `topic` from the start with a fresh consumer, then closes it. */
async function readMessages (topic: string, count: number, isolationLevel: number = FetchIsolationLevels.READ_UNCOMMITTED): Promise<Message[]> {
  const consumer = new Consumer({ clientId: uniqueName('reader'), groupId: uniqueName('reader'), bootstrapBrokers, isolationLevel })
  try {
    const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, autocommit: false, maxWaitTime: 200 })
    const messages: Message[] = []
    for await (const message of stream) {
      messages.push(message)
      if (messages.length === count) break
    }
    await stream.close()
    return messages
  } finally {
    await consumer.close(true)
  }
}

describe('the Kafka client against a real broker', () => {
  test('creates a topic with partitions and configs that the broker reports back', async () => {
    const topic = uniqueName('configured')
    await admin.createTopics({
      topics: [topic], partitions: 3, replicas: 1,
      configs: [{ name: 'cleanup.policy', value: 'compact' }, { name: 'retention.ms', value: '123456' }],
    })
    const metadata = await admin.metadata({ topics: [topic] })
    assert.equal(metadata.topics.get(topic)?.partitionsCount, 3)

    const [description] = await admin.describeConfigs({ resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic }] })
    const config = new Map(description.configs.map(c => [c.name, c.value]))
    assert.equal(config.get('cleanup.policy'), 'compact')
    assert.equal(config.get('retention.ms'), '123456')
  })

  test('produces keys, headers and timestamps that a consumer reads back byte for byte', async () => {
    const topic = uniqueName('records')
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 })
    const producer = new Producer({ clientId: uniqueName('producer'), bootstrapBrokers, acks: -1 })
    const sent = Array.from({ length: 5 }, (_, i) => ({
      topic,
      key: i === 0 ? undefined : Buffer.from(`key-${i}`),
      value: Buffer.from(`value-${i} ✓`),
      headers: new Map([[Buffer.from('trace'), Buffer.from(`t${i}`)], [Buffer.from('bin'), Buffer.from([0, 255, i])]]),
      timestamp: 1_700_000_000_000n + BigInt(i),
    }))
    try {
      const result = await producer.send({ messages: sent })
      // The broker answers with the base offset of the batch; record i is at base + i.
      assert.deepEqual(result.offsets?.map(o => [o.partition, o.offset]), [[0, 0n]])
    } finally {
      await producer.close()
    }

    const received = await readMessages(topic, sent.length)
    assert.deepEqual(received.map(m => m.offset), [0n, 1n, 2n, 3n, 4n])
    for (const [i, message] of received.entries()) {
      assert.equal(message.partition, 0)
      assert.deepEqual(message.value, sent[i].value)
      if (i === 0) assert.ok(message.key === undefined || message.key === null || message.key.length === 0, 'a null key stays null')
      else assert.deepEqual(message.key, sent[i].key)
      assert.equal(message.timestamp, sent[i].timestamp)
      assert.deepEqual(message.headerEntries.map(([k, v]) => [k.toString(), [...v]]),
        [['trace', [...Buffer.from(`t${i}`)]], ['bin', [0, 255, i]]])
    }
  })

  test('commits consumer group offsets and reads them back, also after the consumer is gone', async () => {
    const topic = uniqueName('commits')
    const groupId = uniqueName('group')
    await admin.createTopics({ topics: [topic], partitions: 2, replicas: 1 })
    const consumer = new Consumer({ clientId: uniqueName('committer'), groupId, bootstrapBrokers })
    try {
      await consumer.joinGroup({})
      await consumer.commit({ offsets: [
        { topic, partition: 0, offset: 42n, leaderEpoch: -1 },
        { topic, partition: 1, offset: 7n, leaderEpoch: -1 },
      ] })
      const committed = await consumer.listCommittedOffsets({ topics: [{ topic, partitions: [0, 1] }] })
      assert.deepEqual(committed.get(topic), [42n, 7n])
    } finally {
      await consumer.close(true)
    }
    const [group] = await admin.listConsumerGroupOffsets({ groups: [groupId] })
    const offsets = group.topics.find(t => t.name === topic)?.partitions.map(p => [p.partitionIndex, p.committedOffset])
    assert.deepEqual(offsets?.sort((a, b) => Number(a[0]) - Number(b[0])), [[0, 42n], [1, 7n]])
  })

  test('a read_committed consumer sees transactional records only after the commit, never aborted ones', async () => {
    const topic = uniqueName('transactional')
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 })
    const producer = new Producer({
      clientId: uniqueName('tx-producer'), bootstrapBrokers, idempotent: true, transactionalId: uniqueName('tx'),
    })
    try {
      const aborted = await producer.beginTransaction()
      await aborted.send({ messages: [{ topic, value: Buffer.from('aborted') }] })
      await aborted.abort()

      const transaction = await producer.beginTransaction()
      await transaction.send({ messages: [{ topic, value: Buffer.from('one') }, { topic, value: Buffer.from('two') }] })

      // Before the commit: the end offset a read_committed reader may see stops at the open
      // transaction, while a read_uncommitted reader already sees its records.
      const [committedEnd] = await admin.listOffsets({ topics: [{ name: topic, partitions: [{ partitionIndex: 0, timestamp: -1n }] }], isolationLevel: FetchIsolationLevels.READ_COMMITTED })
      const [uncommittedEnd] = await admin.listOffsets({ topics: [{ name: topic, partitions: [{ partitionIndex: 0, timestamp: -1n }] }], isolationLevel: FetchIsolationLevels.READ_UNCOMMITTED })
      assert.ok(committedEnd.partitions[0].offset < uncommittedEnd.partitions[0].offset,
        `the last stable offset (${committedEnd.partitions[0].offset}) is below the high watermark (${uncommittedEnd.partitions[0].offset}) while the transaction is open`)

      await transaction.commit()
    } finally {
      await producer.close()
    }

    const messages = await readMessages(topic, 2, FetchIsolationLevels.READ_COMMITTED)
    assert.deepEqual(messages.map(m => m.value.toString()), ['one', 'two'])
  })
})
