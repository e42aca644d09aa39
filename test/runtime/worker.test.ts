// Worker behaviour around the tasks: per-connector converters, topic creation (KIP-158) on the
// test broker, task reconfiguration requested by a connector, and tasks.max enforcement.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { uniqueName } from '../support/kafka.ts'
import { eventually, readTopic, startWorker, tempFolder, texts, workerConfig } from './fixtures/harness.ts'
import { hooks, sourceConnectors } from './fixtures/test-connectors.ts'

test('a connector\'s own converters and their settings win over the worker\'s; JsonConverter writes Kafka\'s envelope', async () => {
  const runtime = await startWorker(await workerConfig('embedded', await tempFolder(), {
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
  }))
  const withSchemas = uniqueName('t')
  const plain = uniqueName('t')
  const a = uniqueName('src')
  const b = uniqueName('src')
  await runtime.herder.putConnectorConfig(a, { name: a, 'connector.class': 'SequenceSource', topic: withSchemas, count: '1' }, { allowReplace: false })
  await runtime.herder.putConnectorConfig(b, {
    name: b, 'connector.class': 'SequenceSource', topic: plain, count: '1', 'value.converter': 'JsonConverter', 'value.converter.schemas.enable': 'false',
  }, { allowReplace: false })
  await eventually(async () => (await readTopic(runtime.log, withSchemas)).length === 1 && (await readTopic(runtime.log, plain)).length === 1, 'one record each')
  assert.deepEqual(texts(await readTopic(runtime.log, withSchemas)), ['{"schema":{"type":"string","optional":false},"payload":"0:0"}'])
  assert.deepEqual(texts(await readTopic(runtime.log, plain)), ['"0:0"'])
})

test('topic creation: a source task creates its topic from the matching group, with its configs; a failed send fails the task at once', async () => {
  const runtime = await startWorker(await workerConfig('kafka', await tempFolder()))
  const name = uniqueName('src')
  const compacted = uniqueName('state')
  const plain = uniqueName('plain')
  const creation = {
    'topic.creation.groups': 'compacted',
    'topic.creation.default.replication.factor': '1',
    'topic.creation.default.partitions': '2',
    'topic.creation.compacted.include': 'state-.*',
    'topic.creation.compacted.partitions': '3',
    'topic.creation.compacted.retention.ms': '3600000',
  }
  await runtime.herder.putConnectorConfig(name, { name, 'connector.class': 'SequenceSource', topic: compacted, count: '3', ...creation }, { allowReplace: false })
  await eventually(async () => (await readTopic(runtime.log, compacted)).length === 3, 'three records')
  const description = (await runtime.log.describeTopics([compacted])).get(compacted)
  assert.equal(description?.partitions, 3)
  assert.equal(description?.configs['retention.ms'], '3600000')
  const other = uniqueName('src')
  await runtime.herder.putConnectorConfig(other, { name: other, 'connector.class': 'SequenceSource', topic: plain, count: '1', ...creation }, { allowReplace: false })
  await eventually(async () => (await readTopic(runtime.log, plain)).length === 1, 'one record')
  assert.equal((await runtime.log.describeTopics([plain])).get(plain)?.partitions, 2)

  // Records without keys cannot go to a compacted topic: the task fails with Kafka's reason.
  const refused = uniqueName('state')
  const failing = uniqueName('src')
  await runtime.herder.putConnectorConfig(failing, {
    name: failing, 'connector.class': 'SequenceSource', topic: refused, count: '3', ...creation, 'topic.creation.compacted.cleanup.policy': 'compact',
  }, { allowReplace: false })
  const status = await eventually(async () => {
    const s = await runtime.herder.connectorStatus(failing)
    return s.tasks[0]?.state === 'FAILED' ? s : undefined
  }, 'the task to fail', 4000)
  assert.match(status.tasks[0].trace ?? '', /Compacted topic cannot accept message without key/)
})

test('a connector that asks for new task configs gets its tasks replaced; too many tasks fail the connector', async () => {
  const runtime = await startWorker(await workerConfig('embedded', await tempFolder()))
  const name = uniqueName('src')
  let count = 1
  hooks.set(name, { taskCount: () => count })
  await runtime.herder.putConnectorConfig(name, { name, 'connector.class': 'SequenceSource', topic: uniqueName('t'), count: '1', 'tasks.max': '3' }, { allowReplace: false })
  assert.equal((await runtime.herder.taskConfigs(name)).length, 1)
  count = 3
  sourceConnectors.get(name)?.requestReconfiguration()
  await eventually(async () => (await runtime.herder.connectorStatus(name)).tasks.filter(t => t.state === 'RUNNING').length === 3, 'three running tasks')
  count = 4
  sourceConnectors.get(name)?.requestReconfiguration()
  const status = await eventually(async () => {
    const s = await runtime.herder.connectorStatus(name)
    return s.connector.state === 'FAILED' ? s : undefined
  }, 'the connector to fail')
  assert.match(status.connector.trace ?? '', new RegExp(`The connector ${name} has generated 4 tasks, which is greater than 3, the maximum number of tasks it is configured to create\\.`))
})
