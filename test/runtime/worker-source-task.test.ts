// Source tasks end to end, on the embedded log and on the test broker: records reach the topic
// converted, offsets are committed only for what the log acknowledged, a restart resumes after the
// last committed offset, commitRecord/commit are called, and a slow log slows polling.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { uniqueName } from '../support/kafka.ts'
import { BACKENDS, eventually, readTopic, startWorker, tempFolder, texts, workerConfig } from './fixtures/harness.ts'
import { hooks, observed } from './fixtures/test-connectors.ts'

for (const backend of BACKENDS) {
  describe(`source tasks on the ${backend} log`, () => {
    test('records reach the topic in order, offsets follow acknowledgements, and a restart resumes without loss or duplicates', async () => {
      const folder = await tempFolder()
      const topic = uniqueName('seq')
      const name = uniqueName('src')
      const config = await workerConfig(backend, folder)
      const connector = { config: { name, 'connector.class': 'SequenceSource', topic, count: '40', batch: '7' } }
      let runtime = await startWorker(config, [connector])
      await eventually(async () => texts(await readTopic(runtime.log, topic)).length === 40, '40 records')
      const o = observed(name)
      await eventually(() => o.acked.length === 40, 'commitRecord for each record')
      assert.ok(o.acked.every(a => a.metadata !== null && a.metadata.topic === topic && a.metadata.offset >= 0n))
      await eventually(() => o.commits > 0, 'task.commit() after an offset flush')
      const status = await runtime.herder.connectorStatus(name)
      assert.equal(status.connector.state, 'RUNNING')
      assert.deepEqual(status.tasks.map(t => [t.id, t.state, t.worker_id, t.version]), [[0, 'RUNNING', 'test-host:8083', '0.0.1-test']])
      assert.deepEqual(await runtime.herder.connectorActiveTopics(name), { [name]: { topics: [topic] } })
      await runtime.stop()

      // The offsets file says where the task got to; a new worker resumes from there.
      runtime = await startWorker(config, [{ config: { ...connector.config, count: '60' } }])
      await eventually(async () => texts(await readTopic(runtime.log, topic)).length === 60, '60 records after the restart')
      const values = texts(await readTopic(runtime.log, topic))
      assert.deepEqual(values, Array.from({ length: 60 }, (_, i) => `0:${i}`))
      await runtime.herder.stopConnector(name)
      assert.deepEqual(await runtime.herder.connectorOffsets(name), { offsets: [{ partition: { shard: 0n }, offset: { seq: 59n } }] })
      await runtime.stop()
    })

    test('several tasks, several source partitions, each committed on its own', async () => {
      const folder = await tempFolder()
      const topic = uniqueName('multi')
      const name = uniqueName('src')
      const runtime = await startWorker(await workerConfig(backend, folder), [
        { config: { name, 'connector.class': 'test.SequenceSourceConnector', topic, count: '12', batch: '5', 'tasks.max': '3' } },
      ])
      await eventually(async () => texts(await readTopic(runtime.log, topic)).length === 36, '36 records')
      const byShard = new Map<string, string[]>()
      for (const value of texts(await readTopic(runtime.log, topic))) {
        const [shard] = value.split(':')
        byShard.set(shard, [...(byShard.get(shard) ?? []), value])
      }
      for (const shard of ['0', '1', '2']) assert.deepEqual(byShard.get(shard), Array.from({ length: 12 }, (_, i) => `${shard}:${i}`))
      await runtime.herder.stopConnector(name)
      const offsets = (await runtime.herder.connectorOffsets(name)).offsets
      assert.deepEqual(offsets.map(o => [o.partition.shard, o.offset?.seq]).sort(), [[0n, 11n], [1n, 11n], [2n, 11n]])
    })
  })
}

test('a failing poll fails the task with the trace; the connector and other connectors keep running', async () => {
  const folder = await tempFolder()
  const topic = uniqueName('fail')
  const bad = uniqueName('bad')
  const good = uniqueName('good')
  hooks.set(bad, { onPoll: call => { if (call === 2) throw new Error('poll exploded') } })
  const runtime = await startWorker(await workerConfig('embedded', folder), [
    { config: { name: bad, 'connector.class': 'test.SequenceSourceConnector', topic, count: '100', batch: '5' } },
    { config: { name: good, 'connector.class': 'test.SequenceSourceConnector', topic: topic + '-good', count: '10' } },
  ])
  const status = await eventually(async () => {
    const s = await runtime.herder.connectorStatus(bad)
    return s.tasks[0]?.state === 'FAILED' ? s : undefined
  }, 'the task to fail')
  assert.equal(status.connector.state, 'RUNNING')
  assert.match(status.tasks[0].trace ?? '', /Error: poll exploded\n\s+at /)
  await eventually(async () => texts(await readTopic(runtime.log, topic + '-good')).length === 10, 'the other connector to finish')
  // The records of the first poll were acknowledged, so their offsets were committed on the way out.
  await runtime.herder.stopConnector(bad)
  assert.deepEqual(await runtime.herder.connectorOffsets(bad), { offsets: [{ partition: { shard: 0n }, offset: { seq: 4n } }] })
})

test('an unhandled rejection from a task fails that task only', async (t) => {
  // The test runner fails a test on any unhandled rejection; for this one, the worker's handler alone decides.
  const runnerListeners = process.listeners('unhandledRejection')
  for (const listener of runnerListeners) process.off('unhandledRejection', listener)
  t.after(() => { for (const listener of runnerListeners) process.on('unhandledRejection', listener) })
  const folder = await tempFolder()
  const name = uniqueName('leaky')
  hooks.set(name, {
    onPoll: call => {
      // A task that starts work it never awaits, which later fails.
      if (call === 1) void new Promise((_resolve, reject) => setTimeout(() => reject(new Error('forgotten promise')), 10))
    },
  })
  const runtime = await startWorker(await workerConfig('embedded', folder), [
    { config: { name, 'connector.class': 'test.SequenceSourceConnector', topic: uniqueName('t'), count: '1000000', batch: '1' } },
  ])
  const status = await eventually(async () => {
    const s = await runtime.herder.connectorStatus(name)
    return s.tasks[0]?.state === 'FAILED' ? s : undefined
  }, 'the task to fail')
  assert.match(status.tasks[0].trace ?? '', /forgotten promise/)
  assert.equal(status.connector.state, 'RUNNING')
  assert.equal(runtime.herder.health().status, 'healthy')
})
