// The standalone herder on the embedded log: lifecycle, failures and restarts, offsets (KIP-875),
// validation, and Kafka Connect's messages for bad requests.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { AlreadyExistsException, ConnectException, NotFoundException } from '../../src/api/errors.ts'
import { BadRequestException, ForbiddenException } from '../../src/herder/errors.ts'
import type { Log } from '../../src/log/log.ts'
import { uniqueName } from '../support/kafka.ts'
import { eventually, readTopic, startWorker, tempFolder, texts, workerConfig } from '../runtime/fixtures/harness.ts'
import { hooks, observed, TEST_PLUGINS } from '../runtime/fixtures/test-connectors.ts'
import { join } from 'node:path'
import { openEmbeddedLog } from '../../src/log/embedded/index.ts'
import { StandaloneConfig } from '../../src/runtime/config/worker-config.ts'
import { builtinPluginRegistry } from '../../src/runtime/plugins/builtin-plugins.ts'
import { Worker } from '../../src/runtime/worker.ts'
import { StandaloneHerder } from '../../src/herder/standalone/standalone-herder.ts'
import { MemoryOffsetBackingStore } from '../../src/storage/offset-backing-store.ts'
import { MemoryStatusBackingStore } from '../../src/storage/memory-status-store.ts'

const start = async (extra: Record<string, string> = {}) => startWorker(await workerConfig('embedded', await tempFolder(), extra))

const source = (name: string, topic: string, extra: Record<string, string> = {}): Record<string, string> =>
  ({ name, 'connector.class': 'SequenceSource', topic, count: '10', batch: '5', ...extra })

async function taskState (herder: { connectorStatus (name: string): Promise<{ tasks: Array<{ state: string }> }> }, name: string, state: string): Promise<void> {
  await eventually(async () => (await herder.connectorStatus(name)).tasks[0]?.state === state, `task of ${name} ${state}`)
}

test('a connector whose start() throws is FAILED with its trace; the request fails as in Kafka; other connectors run on', async () => {
  const runtime = await start()
  const good = uniqueName('good')
  const bad = uniqueName('bad')
  await runtime.herder.putConnectorConfig(good, source(good, uniqueName('t')), { allowReplace: false })
  await assert.rejects(runtime.herder.putConnectorConfig(bad, { name: bad, 'connector.class': 'test.FailingSourceConnector' }, { allowReplace: false }),
    (e: Error) => e instanceof ConnectException && e.message === `Failed to transition connector ${bad} to state STARTED`)
  const status = await runtime.herder.connectorStatus(bad)
  assert.equal(status.connector.state, 'FAILED')
  assert.match(status.connector.trace ?? '', /^Error: boom at start\n\s+at FailingSourceConnector.start/)
  assert.equal(status.type, 'source')
  assert.deepEqual((await runtime.herder.connectors()).sort(), [good, bad].sort())
  assert.equal((await runtime.herder.connectorStatus(good)).connector.state, 'RUNNING')
  await taskState(runtime.herder, good, 'RUNNING')
})

test('restart with includeTasks and onlyFailed restarts only what failed, and answers with the plan', async () => {
  const runtime = await start()
  const name = uniqueName('flaky')
  let failing = true
  hooks.set(name, { onPoll: () => { if (failing) throw new Error('not yet') } })
  await runtime.herder.putConnectorConfig(name, source(name, uniqueName('t')), { allowReplace: false })
  await taskState(runtime.herder, name, 'FAILED')
  failing = false
  const plan = await runtime.herder.restartConnector(name, { includeTasks: true, onlyFailed: true })
  assert.equal(plan?.connector.state, 'RUNNING')
  assert.deepEqual(plan?.tasks.map(t => [t.id, t.state]), [[0, 'RESTARTING']])
  // As in Kafka, the plan still shows the trace of what is being restarted.
  assert.match(plan?.tasks[0].trace ?? '', /not yet/)
  await taskState(runtime.herder, name, 'RUNNING')
  assert.equal((await runtime.herder.connectorStatus(name)).tasks[0].trace, undefined)
  // A plain restart answers nothing (the REST API's 204) and restarts the connector only.
  assert.equal(await runtime.herder.restartConnector(name, { includeTasks: false, onlyFailed: false }), null)
  // Restarting one task.
  failing = true
  await taskState(runtime.herder, name, 'RUNNING')
  await runtime.herder.restartTask(name, 0)
  await taskState(runtime.herder, name, 'FAILED')
  await assert.rejects(runtime.herder.restartTask(name, 7), (e: Error) => e instanceof NotFoundException && e.message === `Task ${name}-7 not found`)
})

test('source offsets: only when STOPPED; altered offsets are where the task resumes, reset starts over', async () => {
  const runtime = await start()
  const name = uniqueName('src')
  const topic = uniqueName('t')
  await runtime.herder.putConnectorConfig(name, source(name, topic), { allowReplace: false })
  await eventually(async () => texts(await readTopic(runtime.log, topic)).length === 10, 'ten records')
  await assert.rejects(runtime.herder.resetConnectorOffsets(name), (e: Error) => e instanceof BadRequestException &&
    e.message === `Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/${name}/stop' endpoint`)
  await runtime.herder.stopConnector(name)
  const stopped = await runtime.herder.connectorStatus(name)
  assert.equal(stopped.connector.state, 'STOPPED')
  assert.deepEqual(stopped.tasks, [])
  assert.deepEqual(await runtime.herder.connectorOffsets(name), { offsets: [{ partition: { shard: 0n }, offset: { seq: 9n } }] })
  await assert.rejects(runtime.herder.alterConnectorOffsets(name, { offsets: [] }), /^BadRequestException: Partitions \/ offsets need to be provided for an alter offsets request$/)
  assert.equal(await runtime.herder.alterConnectorOffsets(name, { offsets: [{ partition: { shard: 0 }, offset: { seq: 4 } }] }),
    'The Connect framework-managed offsets for this connector have been altered successfully. However, if this connector manages offsets ' +
    'externally, they will need to be manually altered in the system that the connector uses.')
  assert.deepEqual(await runtime.herder.connectorOffsets(name), { offsets: [{ partition: { shard: 0n }, offset: { seq: 4n } }] })
  await runtime.herder.resumeConnector(name)
  await eventually(async () => texts(await readTopic(runtime.log, topic)).length === 15, 'records 5..9 again')
  assert.deepEqual(texts(await readTopic(runtime.log, topic)).slice(10), ['0:5', '0:6', '0:7', '0:8', '0:9'])

  await runtime.herder.stopConnector(name)
  assert.match(await runtime.herder.resetConnectorOffsets(name), /^The Connect framework-managed offsets for this connector have been reset successfully/)
  assert.deepEqual(await runtime.herder.connectorOffsets(name), { offsets: [] })
  await runtime.herder.resumeConnector(name)
  await eventually(async () => texts(await readTopic(runtime.log, topic)).length === 25, 'all ten again')
})

test('sink offsets live in the consumer group and can be altered and reset while STOPPED', async () => {
  const runtime = await start()
  const name = uniqueName('sink')
  const topic = uniqueName('in')
  await produce(runtime.log, topic, ['a', 'b', 'c', 'd'])
  await runtime.herder.putConnectorConfig(name, { name, 'connector.class': 'RecordingSink', topics: topic }, { allowReplace: false })
  const o = observed(name)
  await eventually(() => o.received.length === 4, 'four records')
  await runtime.herder.stopConnector(name)
  assert.deepEqual(await runtime.herder.connectorOffsets(name), { offsets: [{ partition: { kafka_partition: 0, kafka_topic: topic }, offset: { kafka_offset: 4n } }] })
  assert.equal(await runtime.herder.alterConnectorOffsets(name, { offsets: [{ partition: { kafka_topic: topic, kafka_partition: '0' }, offset: { kafka_offset: '2' } }] }),
    'The Connect framework-managed offsets for this connector have been altered successfully. However, if this connector manages offsets ' +
    'externally, they will need to be manually altered in the system that the connector uses.')
  await runtime.herder.resumeConnector(name)
  await eventually(() => o.received.length === 6, 'c and d again')
  assert.deepEqual(o.received.slice(4).map(r => r.value), ['c', 'd'])
  await runtime.herder.stopConnector(name)
  await runtime.herder.resetConnectorOffsets(name)
  assert.deepEqual(await runtime.herder.connectorOffsets(name), { offsets: [] })
  await runtime.herder.resumeConnector(name)
  await eventually(() => o.received.length === 10, 'everything again')
  for (const [offsets, message] of [
    [[{ partition: { kafka_topic: topic }, offset: { kafka_offset: 1 } }], 'The partition for a sink connector offset must contain the keys \'kafka_topic\' and \'kafka_partition\''],
    [[{ partition: { kafka_topic: topic, kafka_partition: 'x' }, offset: null }], 'Failed to parse the following Kafka partition value in the provided offsets: \'x\'. Partition values for sink connectors need to be integers.'],
    [[{ partition: { kafka_topic: topic, kafka_partition: 0 }, offset: { other: 1 } }], 'The offset for a sink connector should either be null or contain the key \'kafka_offset\''],
  ] as const) {
    await runtime.herder.stopConnector(name)
    await assert.rejects(runtime.herder.alterConnectorOffsets(name, { offsets: offsets as never }), (e: Error) => e instanceof BadRequestException && e.message === message)
  }
})

test('validation: Kafka\'s messages for missing and unknown classes and invalid settings, and the ConfigInfos shape', async () => {
  const runtime = await start()
  const { herder } = runtime
  await assert.rejects(herder.validateConnectorConfig({ name: 'x', 'db.password': 'secret' }), (e: Error) => e instanceof BadRequestException &&
    e.message === 'Connector config {name=x, db.password=[hidden]} contains no connector type')
  await assert.rejects(herder.validateConnectorConfig({ 'connector.class': 'FileStreamSorce' }), (e: Error) => e instanceof BadRequestException &&
    /^Failed to find any class that implements Connector and which name matches FileStreamSorce, available connectors are: .*Did you mean FileStreamSource\?$/.test(e.message))
  const infos = await herder.validateConnectorConfig({ 'connector.class': 'FileStreamSink', name: 'v', 'key.converter': 'JsonConverter', 'key.converter.schemas.enable': 'maybe' })
  assert.equal(infos.name, 'FileStreamSink')
  // The key converter's own groups follow the connector's.
  assert.deepEqual(infos.groups, ['Common', 'Transforms', 'Predicates', 'Error Handling', 'Schemas', 'Serialization'])
  const byName = new Map(infos.configs.map(c => [c.value?.name ?? c.definition?.name, c]))
  assert.deepEqual(byName.get('topics')?.value?.errors, ['Must configure one of topics or topics.regex'])
  assert.equal(byName.get('key.converter')?.value?.value, 'org.apache.kafka.connect.json.JsonConverter')
  assert.deepEqual(byName.get('key.converter.schemas.enable')?.value?.errors, ['Invalid value maybe for configuration schemas.enable: Expected value to be either true or false'])
  assert.equal(infos.error_count, 3)

  const name = uniqueName('invalid')
  await assert.rejects(herder.putConnectorConfig(name, { name, 'connector.class': 'FileStreamSink' }, { allowReplace: false }), (e: Error) =>
    e instanceof BadRequestException && e.message === 'Connector configuration is invalid and contains the following 2 error(s):\n' +
      'Must configure one of topics or topics.regex\nMust configure one of topics or topics.regex\n' +
      'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`')
  await assert.rejects(herder.connectorInfo(name), /^NotFoundException: Connector .* not found$/)
})

test('not found, already exists, initial states, delete, and topic tracking switches', async () => {
  const runtime = await start({ 'topic.tracking.allow.reset': 'false' })
  const { herder } = runtime
  const missing = uniqueName('missing')
  await assert.rejects(herder.connectorStatus(missing), (e: Error) => e instanceof NotFoundException && e.message === `No status found for connector ${missing}`)
  await assert.rejects(herder.taskStatus(missing, 0), (e: Error) => e.message === `No status found for task ${missing}-0`)
  await assert.rejects(herder.pauseConnector(missing), (e: Error) => e instanceof NotFoundException && e.message === `Unknown connector ${missing}`)
  await assert.rejects(herder.restartConnector(missing, { includeTasks: true, onlyFailed: false }), (e: Error) => e.message === `Unknown connector: ${missing}`)
  await assert.rejects(herder.deleteConnector(missing), (e: Error) => e instanceof NotFoundException && e.message === `Connector ${missing} not found`)
  await assert.rejects(herder.connectorOffsets(missing), (e: Error) => e.message === `Connector ${missing} not found`)
  // As in Kafka's standalone mode, stopping an unknown connector is an internal error.
  await assert.rejects(herder.stopConnector(missing), (e: Error) => e instanceof ConnectException && !(e instanceof NotFoundException))

  const paused = uniqueName('paused')
  const created = await herder.putConnectorConfig(paused, source(paused, uniqueName('t')), { allowReplace: false, initialState: 'PAUSED' })
  assert.equal(created.created, true)
  assert.deepEqual(created.info, { name: paused, config: source(paused, created.info.config.topic), tasks: [], type: 'source' })
  assert.equal((await herder.connectorStatus(paused)).connector.state, 'PAUSED')
  await assert.rejects(herder.putConnectorConfig(paused, source(paused, 'x'), { allowReplace: false }), (e: Error) =>
    e instanceof AlreadyExistsException && e.message === `Connector ${paused} already exists`)
  const updated = await herder.putConnectorConfig(paused, source(paused, 'x'), { allowReplace: true })
  assert.equal(updated.created, false)
  assert.equal((await herder.connectorStatus(paused)).connector.state, 'PAUSED')
  await herder.resumeConnector(paused)
  await taskState(herder, paused, 'RUNNING')
  assert.deepEqual((await herder.taskConfigs(paused)).map(t => t.id), [{ connector: paused, task: 0 }])

  const stopped = uniqueName('stopped')
  await herder.putConnectorConfig(stopped, source(stopped, uniqueName('t')), { allowReplace: false, initialState: 'STOPPED' })
  assert.equal((await herder.connectorStatus(stopped)).connector.state, 'STOPPED')

  await eventually(async () => (await herder.connectorActiveTopics(paused))[paused].topics.length === 1, 'an active topic')
  await assert.rejects(herder.resetConnectorActiveTopics(paused), (e: Error) => e instanceof ForbiddenException && e.message === 'Topic tracking reset is disabled.')

  await herder.deleteConnector(paused)
  await assert.rejects(herder.connectorStatus(paused), NotFoundException)
  assert.deepEqual(await herder.connectors(), [stopped])
  assert.equal(herder.health().status, 'healthy')
  const info = await herder.serverInfo()
  assert.equal(typeof info.kafka_cluster_id, 'string')
  assert.match(info.version, /^\d+\.\d+\.\d+/)
})

async function produce (log: Log, topic: string, values: readonly string[]): Promise<void> {
  await log.createTopics([{ name: topic, partitions: 1 }])
  const producer = log.createProducer({ clientId: 'test-producer' })
  try {
    await producer.send(values.map(value => ({ topic, partition: 0, key: null, value: Buffer.from(value) })))
  } finally {
    await producer.close()
  }
}

test('a connector whose start() never returns does not hold up other requests', async (t) => {
  const folder = await tempFolder()
  const log = await openEmbeddedLog({ dir: join(folder, 'log') })
  const statusStore = new MemoryStatusBackingStore()
  const worker = new Worker({
    workerId: 'w:1',
    config: new StandaloneConfig({ 'key.converter': 'StringConverter', 'value.converter': 'StringConverter', 'offset.storage.file.filename': join(folder, 'o') }),
    registry: builtinPluginRegistry(TEST_PLUGINS),
    log,
    offsetStore: new MemoryOffsetBackingStore(),
    statusStore,
  })
  const herder = new StandaloneHerder({ worker, statusStore, transitionTimeoutMs: 200 })
  await herder.start()
  t.after(async () => { await herder.stop(); await log.close() })
  const stuck = uniqueName('stuck')
  let release!: () => void
  hooks.set(stuck, { onConnectorStart: () => new Promise<void>(resolve => { release = resolve }) })
  await assert.rejects(herder.putConnectorConfig(stuck, source(stuck, uniqueName('t')), { allowReplace: false }),
    (e: Error) => e instanceof ConnectException && e.message.startsWith(`Connector ${stuck} did not reach the STARTED state within 200 ms`))
  const other = uniqueName('other')
  await herder.putConnectorConfig(other, source(other, uniqueName('t')), { allowReplace: false })
  await taskState(herder, other, 'RUNNING')
  release()
  await eventually(async () => (await herder.connectorStatus(stuck)).connector.state === 'RUNNING', 'the slow connector to start at last')
})
