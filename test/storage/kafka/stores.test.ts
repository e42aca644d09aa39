// The Kafka-topic stores on a real broker: what a herder relies on beyond the record formats (which
// stores-parity.test.ts holds against Java): change notifications, bad records skipped with a
// logged error and nothing else lost, compaction leftovers, internal topic creation and checks,
// leader fencing with exactly-once support, status write rules, offsets read to the end, and
// per-connector offsets topics.

import assert from 'node:assert/strict'
import { after, afterEach, before, describe, test } from 'node:test'
import { oneBrokerClusterSettings } from '../../../scripts/servers/cluster-settings.ts'
import { ConfigException } from '../../../src/api/errors.ts'
import { configureLogging } from '../../../src/logging/index.ts'
import { createKafkaLog } from '../../../src/log/kafka/index.ts'
import type { Log } from '../../../src/log/log.ts'
import { DistributedConfig } from '../../../src/runtime/config/distributed-config.ts'
import { PrivilegedWriteException, type ConfigUpdateListener } from '../../../src/storage/config-backing-store.ts'
import { KafkaConfigBackingStore } from '../../../src/storage/kafka/kafka-config-backing-store.ts'
import { KafkaOffsetBackingStore } from '../../../src/storage/kafka/kafka-offset-backing-store.ts'
import { KafkaStatusBackingStore } from '../../../src/storage/kafka/kafka-status-backing-store.ts'
import { sourceOffsetStore } from '../../../src/storage/kafka/source-offset-stores.ts'
import { OffsetStorageReaderImpl } from '../../../src/storage/offset-storage-reader.ts'
import { OffsetStorageWriter } from '../../../src/storage/offset-storage-writer.ts'
import { offsetKeyBytes, offsetValueBytes } from '../../../src/storage/offset-utils.ts'
import type { Status } from '../../../src/storage/status-backing-store.ts'
import { testBootstrap, uniqueName } from '../../support/kafka.ts'

let log: Log
let bootstrap: string
const stops: Array<() => Promise<void>> = []
const logLines: string[] = []

before(async () => {
  bootstrap = await testBootstrap()
  log = createKafkaLog({ bootstrapServers: bootstrap, clientId: uniqueName('stores-admin') })
  configureLogging({ destination: line => { logLines.push(line) } })
})
afterEach(async () => {
  await Promise.allSettled(stops.splice(0).map(stop => stop()))
})
after(async () => {
  configureLogging({ destination: 'stdout' })
  await log.close()
})

function workerConfig (extra: Record<string, string> = {}): DistributedConfig {
  const id = uniqueName('stores')
  return new DistributedConfig({
    ...oneBrokerClusterSettings(bootstrap, id),
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'offset.storage.partitions': '3',
    'status.storage.partitions': '2',
    'fetch.max.wait.ms': '100',
    ...extra,
  })
}

async function started<T extends { start (): Promise<void>, stop (): Promise<void> }> (store: T): Promise<T> {
  await store.start()
  stops.push(() => store.stop())
  return store
}

function configStore (config: DistributedConfig): Promise<KafkaConfigBackingStore> {
  return started(new KafkaConfigBackingStore({ log, config }))
}

/** Writes raw records to a topic, as another (or a broken) writer would. */
async function writeRaw (topic: string, records: Array<[string | null, string | null]>): Promise<void> {
  const producer = log.createProducer({ clientId: uniqueName('raw') })
  await producer.send(records.map(([key, value]) => ({
    topic, key: key === null ? null : Buffer.from(key), value: value === null ? null : Buffer.from(value),
  })))
  await producer.close()
}

type Event = [string, ...unknown[]]

function recordingListener (events: Event[]): ConfigUpdateListener {
  return {
    onConnectorConfigRemove: connector => events.push(['remove', connector]),
    onConnectorConfigUpdate: connector => events.push(['update', connector]),
    onTaskConfigUpdate: tasks => events.push(['tasks', tasks.map(t => `${t.connector}-${t.task}`)]),
    onConnectorTargetStateChange: connector => events.push(['target-state', connector]),
    onSessionKeyUpdate: key => events.push(['session-key', key.algorithm]),
    onRestartRequest: request => events.push(['restart', request]),
    onLoggingLevelUpdate: (namespace, level) => events.push(['logger', namespace, level]),
  }
}

describe('KafkaConfigBackingStore', () => {
  test('tells its listener what another worker wrote, but not what it read while starting', async () => {
    const config = workerConfig()
    const writer = await configStore(config)
    await writer.putConnectorConfig('before', { name: 'before' }, null)
    await writer.putLoggerLevel('org.before', 'DEBUG')
    await writer.putRestartRequest({ connector: 'before', onlyFailed: false, includeTasks: true })

    const events: Event[] = []
    const reader = new KafkaConfigBackingStore({ log, config })
    reader.setUpdateListener(recordingListener(events))
    await started(reader)
    assert.deepEqual(events, [])
    assert.deepEqual(reader.snapshot().connectors(), ['before'])

    await writer.putConnectorConfig('c', { name: 'c', 'tasks.max': '2' }, 'PAUSED')
    await writer.putTaskConfigs('c', [{ t: '0' }, { t: '1' }])
    await writer.putTargetState('c', 'STARTED')
    await writer.putTargetState('c', 'STARTED')
    await writer.putTargetState('unknown', 'PAUSED')
    await writer.putSessionKey({ key: new Uint8Array(32).fill(7), algorithm: 'HmacSHA256', creationTimestamp: 1 })
    await writer.putRestartRequest({ connector: 'c', onlyFailed: true, includeTasks: false })
    await writer.putLoggerLevel('org.apache.kafka', 'WARN')
    await writer.removeConnectorConfig('c')
    await reader.refresh(10_000)
    assert.deepEqual(events, [
      ['update', 'c'],
      ['tasks', ['c-0', 'c-1']],
      ['target-state', 'c'],
      ['session-key', 'HmacSHA256'],
      ['restart', { connector: 'c', onlyFailed: true, includeTasks: false }],
      ['logger', 'org.apache.kafka', 'WARN'],
      ['remove', 'c'],
    ])
    const snapshot = reader.snapshot()
    assert.equal(snapshot.contains('c'), false)
    assert.equal(snapshot.sessionKey?.key.length, 32)
    // A target state for a connector that never existed is kept, for when it is created (initial_state).
    assert.equal(snapshot.targetState('unknown'), 'PAUSED')
    assert.equal(snapshot.offset, writer.snapshot().offset)
  })

  test('skips records it cannot read, logging each, and loses nothing else', async () => {
    const config = workerConfig()
    const store = await configStore(config)
    await store.putConnectorConfig('good', { name: 'good' }, null)
    const mark = logLines.length
    const topic = store.topic
    await writeRaw(topic, [
      ['connector-broken', '{"properties":'],
      ['connector-wrong', '["not","a","map"]'],
      ['connector-noprops', '{"properties":"text"}'],
      ['task-nonumber', '{"properties":{}}'],
      ['task-good-x', '{"properties":{}}'],
      ['commit-good', '{"tasks":"two"}'],
      ['target-state-good', '{"state":"SLEEPING"}'],
      ['session-key', '{"key":"AAAA","algorithm":"HmacSHA256","creation-timestamp":"yesterday"}'],
      ['something-else', '{}'],
      ['task-good-0', '{"properties":{"ok":"yes"}}'],
      ['commit-good', '{"tasks":1}'],
      ['connector-after', '{"properties":{"name":"after"}}'],
    ])
    await store.refresh(10_000)
    const snapshot = store.snapshot()
    assert.deepEqual(snapshot.connectors(), ['after', 'good'])
    assert.deepEqual(snapshot.tasks('good'), [{ connector: 'good', task: 0 }])
    assert.deepEqual(snapshot.taskConfig({ connector: 'good', task: 0 }), { ok: 'yes' })
    assert.equal(snapshot.targetState('good'), 'STARTED')
    assert.equal(snapshot.sessionKey, null)
    const logged = logLines.slice(mark).join('')
    for (const expected of [
      /ERROR Failed to convert config data to Kafka Connect format/,
      /ERROR Ignoring configuration for connector 'wrong' because it is in the wrong format: java.util.ArrayList/,
      /ERROR Invalid data for config for connector 'noprops': 'properties' field should be a Map but is java.lang.String/,
      /ERROR Ignoring task configuration because task-nonumber couldn't be parsed as a task config key/,
      /ERROR Ignoring connector tasks configuration commit for connector 'good'/,
      /ERROR Invalid target state for connector 'good': SLEEPING/,
      /ERROR Invalid data for session key 'creation-timestamp' field should be a long but it is java.lang.String/,
      /ERROR Discarding config update record with invalid key: something-else/,
    ]) assert.match(logged, expected)
  })

  test('task configs missing after compaction leave the connector inconsistent until a complete set is committed', async () => {
    const config = workerConfig()
    const topic = config.configStorageTopicSettings().topic
    const store = await configStore(config)
    // What compaction leaves of [connector, task-0, task-1, commit(2), task-0, (leader died)]: task-0 of the first round is gone.
    await writeRaw(topic, [
      ['connector-foo', '{"properties":{"name":"foo"}}'],
      ['task-foo-1', '{"properties":{"n":"1"}}'],
      ['commit-foo', '{"tasks":2}'],
      ['task-foo-0', '{"properties":{"n":"0-new"}}'],
      // A commit for a connector whose config and tombstone compaction removed: ignored.
      ['task-ghost-0', '{"properties":{}}'],
      ['commit-ghost', '{"tasks":1}'],
    ])
    await store.refresh(10_000)
    let snapshot = store.snapshot()
    assert.deepEqual(snapshot.connectors(), ['foo'])
    assert.deepEqual(snapshot.inconsistentConnectors(), ['foo'])
    assert.deepEqual(snapshot.tasks('foo'), [])
    assert.equal(snapshot.taskCount('foo'), 2)
    assert.equal(snapshot.appliedConnectorConfig('foo'), null)

    // The leader regenerates the task configs.
    await store.putTaskConfigs('foo', [{ n: '0' }])
    snapshot = store.snapshot()
    assert.deepEqual(snapshot.inconsistentConnectors(), [])
    assert.deepEqual(snapshot.tasks('foo'), [{ connector: 'foo', task: 0 }])
    assert.deepEqual(snapshot.taskConfig({ connector: 'foo', task: 0 }), { n: '0' })
    assert.deepEqual(snapshot.appliedConnectorConfig('foo'), { name: 'foo' })
    assert.equal(snapshot.contains('ghost'), false)
  })

  test('reads target states written by workers older than KIP-875, and by ones that set a bad state.v2', async () => {
    const config = workerConfig()
    const store = await configStore(config)
    await store.putConnectorConfig('old', { name: 'old' }, null)
    await store.putConnectorConfig('odd', { name: 'odd' }, null)
    await writeRaw(store.topic, [
      ['target-state-old', '{"state":"PAUSED"}'],
      ['target-state-odd', '{"state":"PAUSED","state.v2":17}'],
    ])
    await store.refresh(10_000)
    assert.equal(store.snapshot().targetState('old'), 'PAUSED')
    assert.equal(store.snapshot().targetState('odd'), 'PAUSED')
    // Our own STOPPED is readable by old workers as PAUSED (checked byte for byte in stores-parity).
    await store.putTargetState('old', 'STOPPED')
    await store.refresh(10_000)
    assert.equal(store.snapshot().targetState('old'), 'STOPPED')
  })

  test('creates its topic compacted with one partition and the worker\'s settings', async () => {
    const config = workerConfig({ 'config.storage.segment.bytes': '1048576', 'config.storage.cleanup.policy': 'delete', 'config.storage.partitions': '4' })
    const store = await configStore(config)
    const description = (await log.describeTopics([store.topic])).get(store.topic)
    assert.equal(description?.partitions, 1)
    assert.equal(description?.configs['cleanup.policy'], 'compact')
    assert.equal(description?.configs['segment.bytes'], '1048576')
  })

  test('refuses an existing topic that is not compacted, or has more than one partition, with Kafka\'s messages', async () => {
    const deleting = workerConfig()
    await log.createTopics([{ name: deleting.configStorageTopicSettings().topic, partitions: 1, replicationFactor: 1, configs: { 'cleanup.policy': 'delete' } }])
    await assert.rejects(new KafkaConfigBackingStore({ log, config: deleting }).start(), (error: Error) => {
      assert.ok(error instanceof ConfigException)
      assert.equal(error.message, `Topic '${deleting.configStorageTopicSettings().topic}' supplied via the 'config.storage.topic' property is required ` +
        'to have \'cleanup.policy=compact\' to guarantee consistency and durability of connector configurations, but found the topic currently ' +
        'has \'cleanup.policy=delete\'. Continuing would likely result in eventually losing connector configurations and problems restarting ' +
        'this Connect cluster in the future. Change the \'config.storage.topic\' property in the Connect worker configurations to use a topic with ' +
        '\'cleanup.policy=compact\'.')
      return true
    })
    const wide = workerConfig()
    await log.createTopics([{ name: wide.configStorageTopicSettings().topic, partitions: 2, replicationFactor: 1, configs: { 'cleanup.policy': 'compact' } }])
    await assert.rejects(new KafkaConfigBackingStore({ log, config: wide }).start(),
      /Topic '.*' supplied via the 'config.storage.topic' property is required to have a single partition in order to guarantee consistency of connector configurations, but found 2 partitions\./)
  })

  test('with exactly-once support, a new leader\'s claim fences the old one, whose next write fails', async () => {
    const config = workerConfig({ 'exactly.once.source.support': 'enabled' })
    const oldLeader = await configStore(config)
    await assert.rejects(oldLeader.putConnectorConfig('x', { name: 'x' }, null), /Cannot produce to config topic without claiming write privileges first/)
    await oldLeader.claimWritePrivileges()
    await oldLeader.putConnectorConfig('a', { name: 'a' }, null)
    const newLeader = await configStore(config)
    await newLeader.claimWritePrivileges()
    await assert.rejects(oldLeader.putConnectorConfig('b', { name: 'b' }, null), PrivilegedWriteException)
    await newLeader.putConnectorConfig('c', { name: 'c' }, null)
    // Any worker may still write target states.
    await oldLeader.putTargetState('a', 'PAUSED')
    await newLeader.refresh(10_000)
    assert.deepEqual(newLeader.snapshot().connectors(), ['a', 'c'])
    assert.equal(newLeader.snapshot().targetState('a'), 'PAUSED')
  })
})

describe('KafkaStatusBackingStore', () => {
  const running = (workerId: string, generation: number): Status => ({ state: 'RUNNING', trace: null, workerId, generation, version: '1.0' })

  async function statusPair (): Promise<[KafkaStatusBackingStore, KafkaStatusBackingStore]> {
    const config = workerConfig()
    return [await started(new KafkaStatusBackingStore({ log, config })), await started(new KafkaStatusBackingStore({ log, config }))]
  }

  /** Waits until `check` passes (statuses become visible once read back). */
  async function eventually (check: () => void): Promise<void> {
    const deadline = Date.now() + 10_000
    while (true) {
      try {
        check()
        return
      } catch (error) {
        if (Date.now() > deadline) throw error
        await new Promise(resolve => setTimeout(resolve, 20))
      }
    }
  }

  test('a safe write gives way to another worker\'s status of a later generation', async () => {
    const [a, b] = await statusPair()
    b.putConnector('c', running('worker-b', 5))
    b.putTask('c', 0, running('worker-b', 5))
    await eventually(() => assert.equal(a.connector('c')?.workerId, 'worker-b'))
    await eventually(() => assert.equal(a.task('c', 0)?.workerId, 'worker-b'))
    // worker-a, one generation behind, lost the connector: its safe write must not overwrite.
    a.putConnectorSafe('c', { ...running('worker-a', 4), state: 'UNASSIGNED' })
    a.putTaskSafe('c', 0, { ...running('worker-a', 4), state: 'UNASSIGNED' })
    // A later generation may.
    a.putTaskSafe('c', 1, running('worker-a', 6))
    await a.flush()
    await eventually(() => assert.equal(b.task('c', 1)?.workerId, 'worker-a'))
    assert.equal(b.connector('c')?.workerId, 'worker-b')
    assert.equal(b.task('c', 0)?.state, 'RUNNING')
  })

  test('an UNASSIGNED status of an older or the same generation does not hide a RUNNING one', async () => {
    const [a, b] = await statusPair()
    a.putTask('c', 0, running('worker-a', 3))
    b.putTask('c', 0, { ...running('worker-b', 3), state: 'UNASSIGNED' })
    b.putTask('c', 1, running('worker-b', 3))
    await Promise.all([a.flush(), b.flush()])
    await eventually(() => assert.equal(a.task('c', 1)?.state, 'RUNNING'))
    assert.equal(a.task('c', 0)?.state, 'RUNNING')
    b.putTask('c', 0, { ...running('worker-b', 4), state: 'UNASSIGNED' })
    await eventually(() => assert.equal(a.task('c', 0)?.state, 'UNASSIGNED'))
  })

  test('DESTROYED removes a status; a connector\'s removal takes its tasks\' too', async () => {
    const [a, b] = await statusPair()
    a.putConnector('c', running('w', 1))
    a.putTask('c', 0, running('w', 1))
    a.putTask('c', 1, running('w', 1))
    await eventually(() => assert.equal(b.tasks('c').length, 2))
    a.putTask('c', 1, { ...running('w', 1), state: 'DESTROYED' })
    await eventually(() => assert.deepEqual(b.tasks('c').map(([task]) => task), [0]))
    a.putConnector('c', { ...running('w', 1), state: 'DESTROYED' })
    await eventually(() => assert.equal(b.connector('c'), undefined))
    assert.deepEqual(b.tasks('c'), [])
    assert.deepEqual(b.connectors(), [])
  })

  test('tracks active topics across workers, and a reset removes them', async () => {
    const [a, b] = await statusPair()
    a.putTopic({ topic: 'orders', connector: 'c', task: 0, discoverTimestamp: 10 })
    a.putTopic({ topic: 'users', connector: 'c', task: 1, discoverTimestamp: 20 })
    await eventually(() => assert.equal(b.topics('c').length, 2))
    assert.equal(b.hasTopic('c', 'orders'), true)
    b.deleteTopic('c', 'orders')
    await eventually(() => assert.equal(a.hasTopic('c', 'orders'), false))
    assert.deepEqual(a.topics('c').map(t => t.topic), ['users'])
  })

  test('a topic reported again before its status was read back is written once', async () => {
    const [a, b] = await statusPair()
    // As a sink task does: once per record.
    for (let i = 0; i < 200; i++) a.putTopic({ topic: 'hot', connector: 'c', task: 0, discoverTimestamp: 1000 + i })
    await a.flush()
    await eventually(() => assert.equal(b.hasTopic('c', 'hot'), true))
    const consumer = log.createConsumer({ clientId: uniqueName('count'), config: { 'fetch.max.wait.ms': '100' } })
    const partitions = [{ topic: a.topic, partition: 0 }, { topic: a.topic, partition: 1 }]
    consumer.assign(partitions)
    await consumer.seekToBeginning(partitions)
    const ends = await log.listOffsets(partitions, 'latest')
    let records = 0
    while ((await Promise.all(partitions.map(async tp => (await consumer.position(tp)) < (ends.get(tp) ?? 0n)))).some(Boolean)) {
      records += (await consumer.poll(200)).length
    }
    await consumer.close()
    assert.equal(records, 1)
    assert.equal(b.topics('c')[0].discoverTimestamp, 1000)
  })

  test('skips status records it cannot read', async () => {
    const [a] = await statusPair()
    const mark = logLines.length
    await writeRaw(a.topic, [
      ['status-connector-', '{}'],
      ['status-connector-x', '{"state":"SLEEPY","trace":null,"worker_id":"w","generation":1}'],
      ['status-task-x', '{}'],
      ['status-task-x-y', '{"state":"RUNNING","trace":null,"worker_id":"w","generation":1}'],
      ['status-topic-nocolon', '{}'],
      ['status-topic-t:connector-x', '{"topic":"t"}'],
      ['status-other', '{}'],
      ['status-connector-x', '{"state":"RUNNING","trace":null,"worker_id":"w","generation":1}'],
    ])
    const b = await started(new KafkaStatusBackingStore({ log, config: workerConfigFor(a.topic) }))
    assert.equal(b.connector('x')?.state, 'RUNNING')
    const logged = logLines.slice(mark).join('')
    for (const expected of [
      /WARN Discarding record with invalid connector status key status-connector-/,
      /ERROR Failed to deserialize connector status/,
      /WARN Discarding record with invalid task status key status-task-x/,
      /WARN Discarding record with invalid topic status key status-topic-nocolon/,
      /WARN Failed to parse topic status with key status-topic-t:connector-x/,
      /WARN Discarding record with invalid key status-other/,
    ]) assert.match(logged, expected)
  })

  /** A worker config whose status topic is `topic`. */
  function workerConfigFor (topic: string): DistributedConfig {
    return workerConfig({ 'status.storage.topic': topic })
  }
})

describe('KafkaOffsetBackingStore', () => {
  const key = (connector: string, file: string): Uint8Array => offsetKeyBytes(connector, { filename: file })
  const value = (position: number): Uint8Array => offsetValueBytes('c', { position }) as Uint8Array

  test('get() reads to the end first: a worker sees the offsets another worker committed a moment ago', async () => {
    const config = workerConfig()
    const a = await started(new KafkaOffsetBackingStore({ log, config }))
    const b = await started(new KafkaOffsetBackingStore({ log, config }))
    await a.set([[key('c', 'x'), value(10)], [key('c', 'y'), value(20)]])
    assert.deepEqual((await b.get([key('c', 'x'), key('c', 'y'), key('c', 'z')])).map(v => v && Buffer.from(v).toString()),
      ['{"position":10}', '{"position":20}', null])
    await a.set([[key('c', 'x'), null]])
    assert.deepEqual(await b.get([key('c', 'x')]), [null])
    assert.deepEqual(b.connectorPartitions('c'), [{ filename: 'y' }])
  })

  test('a read-only store refuses writes', async () => {
    const store = await started(new KafkaOffsetBackingStore({ log, config: workerConfig(), producer: null }))
    await assert.rejects(store.set([[key('c', 'x'), value(1)]]), /read-only/)
  })

  test('a connector with its own offsets topic resumes from the worker\'s topic, commits to its own, and resets both', async () => {
    const config = workerConfig()
    const workerStore = await started(new KafkaOffsetBackingStore({ log, config }))
    const before = new OffsetStorageWriter(workerStore, 'c')
    before.offset({ filename: 'x' }, { position: 5 })
    before.offset({ filename: 'y' }, { position: 7 })
    await before.flush(10_000)

    const ownTopic = uniqueName('connector-offsets')
    const store = sourceOffsetStore({ log, config, workerStore, connectorOffsetsTopic: ownTopic, exactlyOnce: false, producer: 'own', clientId: uniqueName('c') })
    await started(store)
    assert.equal(store.primaryOffsetsTopic, ownTopic)
    const reader = new OffsetStorageReaderImpl(store, 'c')
    assert.deepEqual(await reader.offset({ filename: 'x' }), { position: 5n })

    const writer = new OffsetStorageWriter(store, 'c')
    writer.offset({ filename: 'x' }, { position: 50 })
    writer.offset({ filename: 'y' }, null)
    await writer.flush(10_000)
    assert.deepEqual(await reader.offset({ filename: 'x' }), { position: 50n })
    // The reset reached the worker's topic too, so the fallback does not bring position 7 back.
    assert.equal(await reader.offset({ filename: 'y' }), null)
    assert.equal(await new OffsetStorageReaderImpl(workerStore, 'c').offset({ filename: 'y' }), null)
    const description = (await log.describeTopics([ownTopic])).get(ownTopic)
    assert.equal(description?.partitions, 3)
    assert.equal(description?.configs['cleanup.policy'], 'compact')
  })

  test('with exactly-once support, offsets written in a task\'s transaction count only once it commits', async () => {
    const config = workerConfig({ 'exactly.once.source.support': 'enabled' })
    const workerStore = await started(new KafkaOffsetBackingStore({ log, config }))
    const producer = log.createProducer({ clientId: uniqueName('task'), transactionalId: uniqueName('task') })
    stops.push(() => producer.close())
    const taskStore = sourceOffsetStore({ log, config, workerStore, exactlyOnce: true, producer, clientId: uniqueName('task') })
    await started(taskStore)
    // No topic of its own: the task's store is on the worker's topic, written with its producer.
    assert.equal(taskStore.hasWorkerGlobalStore, false)
    await producer.beginTransaction()
    await taskStore.set([[key('c', 'x'), value(1)]])
    await assert.rejects(workerStore.readToEnd(300), /Timed out/)
    await producer.commitTransaction()
    assert.deepEqual((await workerStore.get([key('c', 'x')])).map(v => v && Buffer.from(v).toString()), ['{"position":1}'])
  })
})
