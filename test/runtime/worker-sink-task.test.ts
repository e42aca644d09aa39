// Sink tasks end to end, on the embedded log and on the test broker: delivery in order with Kafka
// coordinates, committed consumer offsets (group connect-<name>), rebalances driving open/close,
// pause and resume, seeking from open() through the context, and retrying a batch after a
// RetriableException.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { RetriableException } from '../../src/api/errors.ts'
import type { Log } from '../../src/log/log.ts'
import { uniqueName } from '../support/kafka.ts'
import { BACKENDS, eventually, startWorker, tempFolder, workerConfig, type Backend } from './fixtures/harness.ts'
import { hooks, observed } from './fixtures/test-connectors.ts'

async function produce (log: Log, topic: string, values: readonly string[], partition = 0): Promise<void> {
  const producer = log.createProducer({ clientId: 'test-producer' })
  try {
    await producer.send(values.map(value => ({ topic, partition, key: null, value: Buffer.from(value) })))
  } finally {
    await producer.close()
  }
}

async function newTopic (log: Log, partitions = 1): Promise<string> {
  const topic = uniqueName('in')
  await log.createTopics([{ name: topic, partitions, replicationFactor: 1 }])
  await eventually(async () => (await log.describeTopics([topic])).has(topic), `topic ${topic}`)
  return topic
}

const sinkConfig = (name: string, topic: string, extra: Record<string, string> = {}): Record<string, string> =>
  ({ name, 'connector.class': 'RecordingSink', topics: topic, ...extra })

for (const backend of BACKENDS) {
  describe(`sink tasks on the ${backend} log`, () => {
    const start = async (extra: Record<string, string> = {}) => startWorker(await workerConfig(backend as Backend, await tempFolder(), extra))

    test('records arrive in order with their coordinates; offsets are committed for the group and a restart goes on from them', async () => {
      const folder = await tempFolder()
      const config = await workerConfig(backend, folder)
      let runtime = await startWorker(config)
      const topic = await newTopic(runtime.log)
      const name = uniqueName('sink')
      await produce(runtime.log, topic, ['a', 'b', 'c'])
      await runtime.herder.putConnectorConfig(name, sinkConfig(name, topic), { allowReplace: false })
      const o = observed(name)
      await eventually(() => o.received.length === 3, 'three records')
      assert.deepEqual(o.received.map(r => [r.topic, r.partition, r.offset, r.value]), [[topic, 0, 0n, 'a'], [topic, 0, 1n, 'b'], [topic, 0, 2n, 'c']])
      assert.ok(o.received.every(r => r.timestampType === 'CreateTime'))
      assert.deepEqual(o.opened, [[`${topic}-0`]])
      await eventually(async () => (await runtime.log.committedOffsets(`connect-${name}`)).get({ topic, partition: 0 }) === 3n, 'offset 3 committed')
      await runtime.stop()
      assert.deepEqual(o.closed.at(-1), [`${topic}-0`])

      runtime = await startWorker(config)
      await produce(runtime.log, topic, ['d'])
      await runtime.herder.putConnectorConfig(name, sinkConfig(name, topic), { allowReplace: false })
      await eventually(() => o.received.length === 4, 'the fourth record')
      assert.equal(o.received[3].value, 'd')
      await runtime.herder.stopConnector(name)
      assert.deepEqual((await runtime.herder.connectorOffsets(name)).offsets,
        [{ partition: { kafka_partition: 0, kafka_topic: topic }, offset: { kafka_offset: 4n } }])
    })

    test('pausing stops delivery until resumed', async () => {
      const runtime = await start()
      const topic = await newTopic(runtime.log)
      const name = uniqueName('sink')
      await runtime.herder.putConnectorConfig(name, sinkConfig(name, topic), { allowReplace: false })
      await produce(runtime.log, topic, ['1'])
      const o = observed(name)
      await eventually(() => o.received.length === 1, 'the first record')
      await runtime.herder.pauseConnector(name)
      await eventually(async () => {
        const status = await runtime.herder.connectorStatus(name)
        return status.connector.state === 'PAUSED' && status.tasks[0]?.state === 'PAUSED'
      }, 'connector and task PAUSED')
      await produce(runtime.log, topic, ['2', '3'])
      await new Promise(resolve => setTimeout(resolve, 500))
      assert.equal(o.received.length, 1)
      await runtime.herder.resumeConnector(name)
      await eventually(() => o.received.length === 3, 'the rest after resuming')
      assert.equal((await runtime.herder.connectorStatus(name)).tasks[0].state, 'RUNNING')
    })

    test('open() can rewind a partition through the context; put() can ask for the batch again with a RetriableException', async () => {
      const runtime = await start()
      const topic = await newTopic(runtime.log)
      const name = uniqueName('sink')
      await produce(runtime.log, topic, ['r0', 'r1', 'r2', 'r3', 'r4'])
      let failures = 0
      hooks.set(name, {
        onOpen: (partitions, context) => { for (const tp of partitions) context.offset(tp, 2n) },
        onPut: (records, _call, context) => {
          if (records.length > 0 && failures < 2) {
            failures++
            context.timeout(50)
            throw new RetriableException('not now')
          }
        },
      })
      await runtime.herder.putConnectorConfig(name, sinkConfig(name, topic), { allowReplace: false })
      const o = observed(name)
      await eventually(() => o.received.length === 3, 'records from offset 2')
      assert.deepEqual(o.received.map(r => r.value), ['r2', 'r3', 'r4'])
      assert.equal(failures, 2)
      assert.equal((await runtime.herder.connectorStatus(name)).tasks[0].state, 'RUNNING')
    })

    test('a rebalance closes what a task loses and opens what it gets', async () => {
      const runtime = await start()
      const topic = await newTopic(runtime.log, 2)
      const name = uniqueName('sink')
      await produce(runtime.log, topic, ['p0'], 0)
      await produce(runtime.log, topic, ['p1'], 1)
      await runtime.herder.putConnectorConfig(name, sinkConfig(name, topic), { allowReplace: false })
      const o = observed(name)
      await eventually(() => o.received.length === 2, 'both partitions read')
      assert.deepEqual(o.opened, [[`${topic}-0`, `${topic}-1`]])
      // Two tasks now: the old task closes everything, the new ones end up with a partition each
      // (the first to join may own both for a moment, closing one when the second joins).
      await runtime.herder.patchConnectorConfig(name, { 'tasks.max': '2' })
      await eventually(() => {
        const last = o.opened.slice(-2)
        return o.opened.length >= 3 && last.every(p => p.length === 1) && last.flat().sort().join() === `${topic}-0,${topic}-1`
      }, 'the two new tasks to own a partition each')
      assert.deepEqual(o.closed[0], [`${topic}-0`, `${topic}-1`])
      // Every partition is closed before another task opens it.
      assert.equal(o.opened.flat().length - o.closed.flat().length, 2)
      await produce(runtime.log, topic, ['p0-again'], 0)
      await produce(runtime.log, topic, ['p1-again'], 1)
      await eventually(() => o.received.length === 4, 'new records, each delivered once')
      assert.deepEqual(o.received.map(r => r.value).sort(), ['p0', 'p0-again', 'p1', 'p1-again'])
      const status = await runtime.herder.connectorStatus(name)
      assert.deepEqual(status.tasks.map(t => [t.id, t.state]), [[0, 'RUNNING'], [1, 'RUNNING']])
    })
  })
}
