// The internal topics, both ways, against Kafka Connect's own stores (test/storage/kafka/java, on
// the Kafka version of scripts/servers/versions.ts) on the real broker: Java's
// KafkaConfigBackingStore, KafkaStatusBackingStore and KafkaOffsetBackingStore write what our
// stores read, ours write what Java's read, and the same operations leave the same bytes (keys,
// values, partitions) in the topics. A cluster moving between Java Connect and kconnect keeps its
// connectors, statuses and offsets.

import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { oneBrokerClusterSettings } from '../../../scripts/servers/cluster-settings.ts'
import { createKafkaLog } from '../../../src/log/kafka/index.ts'
import type { IncomingRecord, Log } from '../../../src/log/log.ts'
import { DistributedConfig } from '../../../src/runtime/config/distributed-config.ts'
import type { ClusterConfigState } from '../../../src/storage/config-backing-store.ts'
import { KafkaConfigBackingStore } from '../../../src/storage/kafka/kafka-config-backing-store.ts'
import { KafkaOffsetBackingStore } from '../../../src/storage/kafka/kafka-offset-backing-store.ts'
import { KafkaStatusBackingStore } from '../../../src/storage/kafka/kafka-status-backing-store.ts'
import { sourceOffsetStore } from '../../../src/storage/kafka/source-offset-stores.ts'
import { OffsetStorageReaderImpl } from '../../../src/storage/offset-storage-reader.ts'
import { OffsetStorageWriter } from '../../../src/storage/offset-storage-writer.ts'
import type { OffsetMap } from '../../../src/storage/offset-utils.ts'
import { buildJavaDriver, runJavaLines, type JavaDriver } from '../../support/java.ts'
import { testBootstrap, uniqueName } from '../../support/kafka.ts'

let driver: JavaDriver
let bootstrap: string
let log: Log

before(async () => {
  ;[driver, bootstrap] = await Promise.all([buildJavaDriver(join(import.meta.dirname, 'java')), testBootstrap()])
  log = createKafkaLog({ bootstrapServers: bootstrap, clientId: uniqueName('parity-admin') })
})
after(() => log?.close())

/** A distributed worker's settings with topics of its own; the same for Java's stores and ours. */
function workerProps (extra: Record<string, string> = {}): Record<string, string> {
  const id = uniqueName('stores')
  return {
    ...oneBrokerClusterSettings(bootstrap, id),
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'offset.storage.partitions': '5',
    'status.storage.partitions': '3',
    ...extra,
  }
}

/** JSON with bigints written as numbers, as Jackson reads them into Longs. */
function json (value: unknown): string {
  return JSON.stringify(value, (_key, v) => typeof v === 'bigint' ? `@@${v}@@` : v).replace(/"@@(-?\d+)@@"/g, '$1')
}

/** JSON whose integers are bigints (Java's Longs), as our JsonConverter reads offsets. */
function parseWithLongs (text: string): any {
  return JSON.parse(text, (_key, value, context?: { source?: string }) =>
    typeof value === 'number' && context?.source !== undefined && /^-?\d+$/.test(context.source) ? BigInt(context.source) : value)
}

/**
 * Runs driver commands in one JVM, in order; `parse` reads the answers (JSON.parse, or
 * parseWithLongs where integers may pass 2^53).
 */
async function java (commands: Array<Record<string, unknown>>, parse: (text: string) => any = JSON.parse): Promise<any[]> {
  const answers = await runJavaLines(driver, 'KafkaStoresDriver', commands.map(json))
  return answers.map(parse)
}

/** Every record of the topic: [partition, key, value] as text, in partition then offset order. */
async function rawRecords (topic: string): Promise<Array<[number, string | null, string | null]>> {
  const partitions = (await log.describeTopics([topic])).get(topic)?.partitions ?? 0
  const tps = Array.from({ length: partitions }, (_unused, partition) => ({ topic, partition }))
  const ends = await log.listOffsets(tps, 'latest')
  const consumer = log.createConsumer({ clientId: uniqueName('raw'), config: { 'fetch.max.wait.ms': '100' } })
  consumer.assign(tps)
  await consumer.seekToBeginning(tps)
  const records: IncomingRecord[] = []
  const deadline = Date.now() + 20_000
  while ((await Promise.all(tps.map(async tp => (await consumer.position(tp)) < (ends.get(tp) ?? 0n)))).some(Boolean)) {
    if (Date.now() > deadline) throw new Error(`could not read ${topic} to its end`)
    records.push(...await consumer.poll(500))
  }
  await consumer.close()
  const text = (bytes: Uint8Array | null): string | null => bytes === null ? null : Buffer.from(bytes).toString('utf8')
  return records.sort((a, b) => a.partition - b.partition || Number(a.offset - b.offset)).map(r => [r.partition, text(r.key), text(r.value)])
}

/** Our snapshot in the shape of the driver's config-read answer. */
function snapshotView (state: ClusterConfigState): unknown {
  const connectors: Record<string, unknown> = {}
  for (const name of state.connectors()) {
    connectors[name] = {
      config: state.rawConnectorConfig(name),
      targetState: state.targetState(name) ?? null,
      taskCount: state.taskCount(name),
      tasks: state.tasks(name).map(id => state.rawTaskConfig(id)),
      applied: state.appliedConnectorConfig(name),
      taskCountRecord: state.taskCountRecord(name) ?? null,
      taskConfigGeneration: state.taskConfigGeneration(name) ?? null,
      pendingFencing: state.pendingFencing(name),
    }
  }
  const key = state.sessionKey
  return {
    offset: Number(state.offset),
    connectors,
    inconsistent: state.inconsistentConnectors(),
    sessionKey: key === null ? null : { key: Buffer.from(key.key).toString('base64'), algorithm: key.algorithm, timestamp: key.creationTimestamp },
  }
}

const sourceConfig = { 'connector.class': 'FileStreamSource', name: 'file-source', file: '/tmp/ü "quoted"\n.txt', topic: 'lines', 'tasks.max': '1' }
const sinkConfig = { 'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector', name: 'file-sink', topics: 'lines', file: '/tmp/out.txt' }

/** One history of config writes, applied by Java's store or ours. */
const CONFIG_ACTIONS = [
  { type: 'connector', name: 'file-source', config: sourceConfig },
  { type: 'tasks', name: 'file-source', configs: [{ ...sourceConfig, 'task.class': 'org.apache.kafka.connect.file.FileStreamSourceTask' }] },
  { type: 'connector', name: 'file-sink', config: sinkConfig, targetState: 'PAUSED' },
  { type: 'tasks', name: 'file-sink', configs: [{ topics: 'lines', n: '0' }, { topics: 'lines', n: '1' }] },
  { type: 'tasks', name: 'file-sink', configs: [{ topics: 'lines', n: 'only' }] },
  { type: 'target-state', name: 'file-source', state: 'STOPPED' },
  { type: 'connector', name: 'gone', config: { 'connector.class': 'FileStreamSink', name: 'gone', topics: 'x' } },
  { type: 'remove', name: 'gone' },
  { type: 'session-key', key: Buffer.from('0123456789abcdef0123456789abcdef').toString('base64'), algorithm: 'HmacSHA256', timestamp: 1700000000123 },
  { type: 'restart', name: 'file-sink', onlyFailed: true, includeTasks: false },
  { type: 'task-count', name: 'file-source', count: 1 },
  { type: 'logger', namespace: 'org.apache.kafka.connect', level: 'DEBUG' },
]

/** The same history, through our store. */
async function applyConfigActions (store: KafkaConfigBackingStore): Promise<void> {
  await store.claimWritePrivileges()
  for (const action of CONFIG_ACTIONS as any[]) {
    switch (action.type) {
      case 'connector': await store.putConnectorConfig(action.name, action.config, action.targetState ?? null); break
      case 'tasks': await store.putTaskConfigs(action.name, action.configs); break
      case 'target-state': await store.putTargetState(action.name, action.state); break
      case 'remove': await store.removeConnectorConfig(action.name); break
      case 'session-key':
        await store.putSessionKey({ key: Buffer.from(action.key, 'base64'), algorithm: action.algorithm, creationTimestamp: action.timestamp })
        break
      case 'restart': await store.putRestartRequest({ connector: action.name, onlyFailed: action.onlyFailed, includeTasks: action.includeTasks }); break
      case 'task-count': await store.putTaskCountRecord(action.name, action.count); break
      case 'logger': await store.putLoggerLevel(action.namespace, action.level); break
    }
  }
}

for (const exactlyOnce of ['disabled', 'enabled'] as const) {
  describe(`config topic, exactly.once.source.support=${exactlyOnce}`, () => {
    test('the same writes leave the same records, and each side reads the other\'s topic as its own', async () => {
      const viaJava = workerProps({ 'exactly.once.source.support': exactlyOnce })
      const viaUs = workerProps({ 'exactly.once.source.support': exactlyOnce })
      assert.deepEqual(await java([{ op: 'config-write', worker: viaJava, actions: CONFIG_ACTIONS }]), ['ok'])
      const ours = new KafkaConfigBackingStore({ log, config: new DistributedConfig(viaUs) })
      await ours.start()
      await applyConfigActions(ours)
      await ours.stop()

      const javaRecords = await rawRecords(viaJava['config.storage.topic'])
      const ourRecords = await rawRecords(viaUs['config.storage.topic'])
      assert.deepEqual(ourRecords, javaRecords)

      // Java reads our topic as it reads its own; we read Java's as Java does.
      const [javaOnJava, javaOnUs] = await java([{ op: 'config-read', worker: viaJava }, { op: 'config-read', worker: viaUs }])
      assert.deepEqual(javaOnUs, javaOnJava)
      const reader = new KafkaConfigBackingStore({ log, config: new DistributedConfig(viaJava) })
      await reader.start()
      assert.deepEqual(snapshotView(reader.snapshot()), javaOnJava)
      await reader.stop()

      // What the history means, spelled out once.
      assert.deepEqual(Object.keys(javaOnJava.connectors), ['file-sink', 'file-source'])
      assert.equal(javaOnJava.connectors['file-source'].targetState, 'STOPPED')
      assert.equal(javaOnJava.connectors['file-sink'].targetState, 'PAUSED')
      assert.deepEqual(javaOnJava.connectors['file-sink'].tasks, [{ topics: 'lines', n: 'only' }])
      assert.equal(javaOnJava.connectors['file-sink'].taskConfigGeneration, 1)
      assert.equal(javaOnJava.connectors['file-source'].pendingFencing, false)
      assert.equal(javaOnJava.connectors['file-sink'].pendingFencing, true)
      assert.equal(javaOnJava.sessionKey.timestamp, 1700000000123)
    })
  })
}

test('status topic: the same writes leave the same records, and each side reads the other\'s', async () => {
  const trace = 'org.apache.kafka.connect.errors.ConnectException: boom\n\tat Foo.bar(Foo.java:1)'
  const actions = [
    { type: 'connector', name: 'file-source', state: 'RUNNING', trace: null, workerId: '127.0.0.1:8083', generation: 7, version: '4.3.1' },
    { type: 'task', name: 'file-source', task: 0, state: 'FAILED', trace, workerId: '127.0.0.1:8084', generation: 7, version: null },
    { type: 'task', name: 'file-source', task: 1, state: 'RUNNING', trace: null, workerId: '127.0.0.1:8083', generation: 7, version: '4.3.1' },
    { type: 'task', name: 'file-source', task: 2, state: 'RUNNING', trace: null, workerId: '127.0.0.1:8083', generation: 7, version: '4.3.1' },
    { type: 'task', name: 'file-source', task: 2, state: 'DESTROYED', trace: null, workerId: '127.0.0.1:8083', generation: 7, version: '4.3.1' },
    { type: 'connector', name: 'a-b-c', state: 'STOPPED', trace: null, workerId: '127.0.0.1:8083', generation: 8, version: null },
    { type: 'task', name: 'a-b-c', task: 10, state: 'PAUSED', trace: null, workerId: 'w', generation: 8, version: '1' },
    { type: 'topic', name: 'file-source', topic: 'lines', task: 0, timestamp: 1700000000456 },
    { type: 'topic', name: 'file-source', topic: 'other', task: 1, timestamp: 1700000000789 },
    { type: 'delete-topic', name: 'file-source', topic: 'other' },
  ]
  const viaJava = workerProps()
  const viaUs = workerProps()
  assert.deepEqual(await java([{ op: 'status-write', worker: viaJava, actions }]), ['ok'])
  const ours = new KafkaStatusBackingStore({ log, config: new DistributedConfig(viaUs) })
  await ours.start()
  for (const action of actions as any[]) {
    const status = { state: action.state, trace: action.trace, workerId: action.workerId, generation: action.generation, version: action.version }
    if (action.type === 'connector') ours.putConnector(action.name, status)
    else if (action.type === 'task') ours.putTask(action.name, action.task, status)
    else if (action.type === 'topic') ours.putTopic({ topic: action.topic, connector: action.name, task: action.task, discoverTimestamp: action.timestamp })
    else ours.deleteTopic(action.name, action.topic)
  }
  await ours.flush()
  await ours.stop()

  assert.deepEqual(await rawRecords(viaUs['status.storage.topic']), await rawRecords(viaJava['status.storage.topic']))

  const connectors = ['file-source', 'a-b-c']
  const [javaOnJava, javaOnUs] = await java([{ op: 'status-read', worker: viaJava, connectors }, { op: 'status-read', worker: viaUs, connectors }])
  assert.deepEqual(javaOnUs, javaOnJava)
  const reader = new KafkaStatusBackingStore({ log, config: new DistributedConfig(viaJava) })
  await reader.start()
  const view: Record<string, unknown> = {}
  for (const name of [...connectors].sort()) {
    view[name] = {
      connector: reader.connector(name) ?? null,
      tasks: Object.fromEntries(reader.tasks(name).map(([task, status]) => [String(task), status])),
      topics: reader.topics(name).sort((a, b) => a.topic.localeCompare(b.topic)),
    }
  }
  assert.deepEqual(view, javaOnJava)
  await reader.stop()
  assert.equal(javaOnJava['file-source'].tasks['0'].trace, trace)
  assert.deepEqual(Object.keys(javaOnJava['file-source'].tasks), ['0', '1'])
})

describe('offsets topic', () => {
  const fileA = { filename: '/tmp/in.txt' }
  const fileB = { filename: '/tmp/ü and "quotes".txt' }
  const table = { table: 'orders', protocol: '1' }
  const offsets: Array<[OffsetMap, OffsetMap | null]> = [
    [fileA, { position: 42n }],
    [fileB, { position: 9007199254740993n }],
    [table, { incrementing: 7n, mode: 'incrementing', done: true, ratio: 0.25 }],
    [{ filename: '/tmp/gone.txt' }, { position: 1n }],
  ]

  test('the same commits leave the same records on the same partitions, and each side reads the other\'s', async () => {
    const viaJava = workerProps()
    const viaUs = workerProps()
    assert.deepEqual(await java([
      { op: 'offsets-write', worker: viaJava, connector: 'file-src', offsets },
      { op: 'offsets-write', worker: viaJava, connector: 'file-src', offsets: [[{ filename: '/tmp/gone.txt' }, null]] },
    ]), ['ok', 'ok'])
    const ours = new KafkaOffsetBackingStore({ log, config: new DistributedConfig(viaUs) })
    await ours.start()
    for (const batch of [offsets, [[{ filename: '/tmp/gone.txt' }, null]] as Array<[OffsetMap, OffsetMap | null]>]) {
      const writer = new OffsetStorageWriter(ours, 'file-src')
      for (const [partition, offset] of batch) writer.offset(partition, offset)
      assert.equal(await writer.flush(10_000), 'flushed')
    }
    await ours.stop()

    // Same keys on the same partitions: Java's murmur2 placement, so compaction and readers agree.
    const sortedRecords = (records: Array<[number, string | null, string | null]>): unknown => [...records].sort((a, b) => json(a).localeCompare(json(b)))
    assert.deepEqual(sortedRecords(await rawRecords(viaUs['offset.storage.topic'])), sortedRecords(await rawRecords(viaJava['offset.storage.topic'])))

    const partitions = [fileA, fileB, table, { filename: '/tmp/gone.txt' }, { filename: '/tmp/never.txt' }]
    const expected = [{ position: 42n }, { position: 9007199254740993n }, { incrementing: 7n, mode: 'incrementing', done: true, ratio: 0.25 }, null, null]
    const answers = await java([viaJava, viaUs].map(props => ({ op: 'offsets-read', worker: props, connector: 'file-src', partitions })), parseWithLongs)
    for (const answer of answers) {
      assert.deepEqual(answer.offsets, expected)
      assert.deepEqual(sortByText(answer.partitions), sortByText([fileA, fileB, table]))
    }
    for (const props of [viaJava, viaUs]) {
      const store = new KafkaOffsetBackingStore({ log, config: new DistributedConfig(props) })
      await store.start()
      const reader = new OffsetStorageReaderImpl(store, 'file-src')
      const found = await reader.offsets(partitions)
      assert.deepEqual(partitions.map(p => found.get(p)), expected)
      assert.deepEqual(sortByText(store.connectorPartitions('file-src')), sortByText([fileA, fileB, table]))
      await store.stop()
    }
  })

  test('a connector with its own offsets topic: Java\'s fallback to the worker\'s topic gives nothing, ours gives the worker\'s offset (a deliberate difference)', async () => {
    const props = workerProps()
    const config = new DistributedConfig(props)
    const workerStore = new KafkaOffsetBackingStore({ log, config })
    await workerStore.start()
    const writer = new OffsetStorageWriter(workerStore, 'file-src')
    writer.offset(fileA, { position: 42 })
    await writer.flush(10_000)
    const ownTopic = uniqueName('connector-offsets')
    const store = sourceOffsetStore({ log, config, workerStore, connectorOffsetsTopic: ownTopic, exactlyOnce: false, producer: null, clientId: uniqueName('c') })
    await store.start()
    assert.deepEqual(await new OffsetStorageReaderImpl(store, 'file-src').offset(fileA), { position: 42n })
    await store.stop()
    await workerStore.stop()
    // Kafka 4.3 reads the offset from the worker's topic alone, but not through the connector's store:
    // the connector topic's answer holds the key with null, which overrides the worker topic's offset.
    const [fromWorkerTopic, throughConnectorStore] = await java([
      { op: 'offsets-read', worker: props, connector: 'file-src', partitions: [fileA] },
      { op: 'connector-offsets-read', worker: props, connector: 'file-src', topic: ownTopic, partitions: [fileA] },
    ], parseWithLongs)
    assert.deepEqual(fromWorkerTopic.offsets, [{ position: 42n }])
    assert.deepEqual(throughConnectorStore, [null])
  })
})

function sortByText<T> (values: readonly T[]): T[] {
  return [...values].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
}
