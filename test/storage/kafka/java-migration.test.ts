// Moving a cluster between Java Kafka Connect and kconnect, at the storage level, with a real Java
// Connect distributed worker (scripts/servers/connect.ts, same Kafka version) on the test broker:
// - Java runs a FileStreamSource and stops; our stores, on the same three topics, read its
//   connector config, task configs, target state, statuses and the source offset it committed.
// - Our stores write a connector, its task configs and a source offset part way through a file;
//   a Java worker started on those topics runs the connector from that offset: the topic gets
//   exactly the lines after it, none twice.

import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { startConnect, type ConnectWorker } from '../../../scripts/servers/connect.ts'
import { createKafkaLog } from '../../../src/log/kafka/index.ts'
import type { Log } from '../../../src/log/log.ts'
import { DistributedConfig } from '../../../src/runtime/config/distributed-config.ts'
import { KafkaConfigBackingStore } from '../../../src/storage/kafka/kafka-config-backing-store.ts'
import { KafkaOffsetBackingStore } from '../../../src/storage/kafka/kafka-offset-backing-store.ts'
import { KafkaStatusBackingStore } from '../../../src/storage/kafka/kafka-status-backing-store.ts'
import { OffsetStorageReaderImpl } from '../../../src/storage/offset-storage-reader.ts'
import { OffsetStorageWriter } from '../../../src/storage/offset-storage-writer.ts'
import { testBootstrap, uniqueName } from '../../support/kafka.ts'

let bootstrap: string
let log: Log
let dir: string
const workers: ConnectWorker[] = []

before(async () => {
  bootstrap = await testBootstrap()
  log = createKafkaLog({ bootstrapServers: bootstrap, clientId: uniqueName('migration-admin') })
  dir = await mkdtemp(join(tmpdir(), 'kconnect-migration-'))
})
after(async () => {
  await Promise.allSettled(workers.map(worker => worker.stop()))
  await log.close()
  await rm(dir, { recursive: true, force: true })
})

/** The settings Java's worker and our stores share: one group, three topics. */
function clusterSettings (): Record<string, string> {
  const id = uniqueName('migration')
  return {
    'group.id': `cluster-${id}`,
    'config.storage.topic': `configs-${id}`,
    'offset.storage.topic': `offsets-${id}`,
    'status.storage.topic': `status-${id}`,
    'offset.storage.partitions': '5',
    'status.storage.partitions': '3',
  }
}

function ourConfig (cluster: Record<string, string>): DistributedConfig {
  return new DistributedConfig({
    'bootstrap.servers': bootstrap,
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'config.storage.replication.factor': '1',
    'offset.storage.replication.factor': '1',
    'status.storage.replication.factor': '1',
    ...cluster,
  })
}

async function rest (worker: ConnectWorker, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(worker.url + path, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await response.text()
  if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${text}`)
  return text === '' ? null : JSON.parse(text)
}

async function until<T> (what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  while (true) {
    const value = await probe().catch(() => undefined)
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 250))
  }
}

/** The payloads of the (JsonConverter, schemas enabled) string records of a topic, in order. */
async function linesOf (topic: string, count: number): Promise<string[]> {
  const consumer = log.createConsumer({ clientId: uniqueName('lines'), config: { 'fetch.max.wait.ms': '100' } })
  const partitions = (await log.describeTopics([topic])).get(topic)?.partitions ?? 1
  const tps = Array.from({ length: partitions }, (_unused, partition) => ({ topic, partition }))
  consumer.assign(tps)
  await consumer.seekToBeginning(tps)
  const lines: string[] = []
  const deadline = Date.now() + 30_000
  while (lines.length < count && Date.now() < deadline) {
    for (const record of await consumer.poll(500)) lines.push(JSON.parse(Buffer.from(record.value!).toString('utf8')).payload)
  }
  // Anything beyond `count` would be a duplicate: read a little longer to catch it.
  for (const record of await consumer.poll(1000)) lines.push(JSON.parse(Buffer.from(record.value!).toString('utf8')).payload)
  await consumer.close()
  return lines
}

test('our stores read what a Java distributed worker left: connector, tasks, target state, statuses, offsets', async () => {
  const cluster = clusterSettings()
  const file = join(dir, 'java-input.txt')
  const lines = Array.from({ length: 20 }, (_unused, i) => `line ${i} ü`)
  const text = lines.join('\n') + '\n'
  await writeFile(file, text)
  const java = await startConnect({ bootstrap, mode: 'distributed', workerConfig: cluster })
  workers.push(java)
  const config = { 'connector.class': 'FileStreamSource', 'tasks.max': '1', file, topic: uniqueName('java-lines') }
  await rest(java, 'POST', '/connectors', { name: 'java-source', config })
  // FileStreamSource positions count Java chars (UTF-16 code units), not bytes.
  const size = text.length
  await until('Java to commit the whole file\'s offset', async () => {
    const offsets = await rest(java, 'GET', '/connectors/java-source/offsets')
    return offsets.offsets[0]?.offset?.position === size ? true : undefined
  })
  const javaStatus = await rest(java, 'GET', '/connectors/java-source/status')
  const javaTasks = await rest(java, 'GET', '/connectors/java-source/tasks')
  assert.equal(javaStatus.connector.state, 'RUNNING')
  await java.stop()

  const ours = ourConfig(cluster)
  const configStore = new KafkaConfigBackingStore({ log, config: ours })
  const statusStore = new KafkaStatusBackingStore({ log, config: ours })
  const offsetStore = new KafkaOffsetBackingStore({ log, config: ours })
  await Promise.all([configStore.start(), statusStore.start(), offsetStore.start()])
  try {
    const snapshot = configStore.snapshot()
    assert.deepEqual(snapshot.connectors(), ['java-source'])
    assert.deepEqual(snapshot.rawConnectorConfig('java-source'), { ...config, name: 'java-source' })
    assert.equal(snapshot.targetState('java-source'), 'STARTED')
    assert.deepEqual(snapshot.tasks('java-source').map(id => ({ id, config: snapshot.rawTaskConfig(id) })), javaTasks)
    assert.ok(snapshot.offset > 0n)

    // Java wrote its statuses with its worker id; its graceful stop wrote UNASSIGNED.
    const connectorStatus = statusStore.connector('java-source')
    assert.equal(connectorStatus?.workerId, javaStatus.connector.worker_id)
    assert.deepEqual(statusStore.tasks('java-source').map(([task, status]) => [task, status.workerId]), [[0, javaStatus.tasks[0].worker_id]])
    // The task's UNASSIGNED of the same generation gives way to its RUNNING, as Java's store reads it.
    assert.equal(connectorStatus!.state, 'UNASSIGNED')
    assert.equal(statusStore.tasks('java-source')[0][1].state, 'RUNNING')
    assert.equal(statusStore.tasks('java-source')[0][1].version, javaStatus.tasks[0].version)

    const reader = new OffsetStorageReaderImpl(offsetStore, 'java-source')
    assert.deepEqual(await reader.offset({ filename: file }), { position: BigInt(size) })
    assert.deepEqual(offsetStore.connectorPartitions('java-source'), [{ filename: file }])
  } finally {
    await Promise.all([configStore.stop(), statusStore.stop(), offsetStore.stop()])
  }
})

test('a Java distributed worker runs the connector our stores wrote, from the offset they wrote, with no duplicates', async () => {
  const cluster = clusterSettings()
  const file = join(dir, 'our-input.txt')
  const lines = Array.from({ length: 30 }, (_unused, i) => `row ${i}`)
  await writeFile(file, lines.join('\n') + '\n')
  const topic = uniqueName('our-lines')
  const connector = { 'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector', name: 'our-source', 'tasks.max': '1', file, topic }
  // As kconnect's leader would have left them after the first 12 lines went out.
  const done = lines.slice(0, 12).join('\n').length + 1

  const ours = ourConfig(cluster)
  const configStore = new KafkaConfigBackingStore({ log, config: ours })
  const offsetStore = new KafkaOffsetBackingStore({ log, config: ours })
  await Promise.all([configStore.start(), offsetStore.start()])
  try {
    await configStore.putConnectorConfig('our-source', connector, null)
    await configStore.putTaskConfigs('our-source', [{ ...connector, 'task.class': 'org.apache.kafka.connect.file.FileStreamSourceTask' }])
    const writer = new OffsetStorageWriter(offsetStore, 'our-source')
    writer.offset({ filename: file }, { position: done })
    assert.equal(await writer.flush(10_000), 'flushed')
  } finally {
    await Promise.all([configStore.stop(), offsetStore.stop()])
  }

  const java = await startConnect({ bootstrap, mode: 'distributed', workerConfig: cluster })
  workers.push(java)
  // Java's REST API answers GET / before its herder has read the config topic: wait until it has.
  await until('Java to list the connector our stores wrote', async () => {
    const names = await rest(java, 'GET', '/connectors')
    return Array.isArray(names) && names.includes('our-source') ? true : undefined
  })
  assert.deepEqual(await rest(java, 'GET', '/connectors'), ['our-source'])
  assert.deepEqual(await rest(java, 'GET', '/connectors/our-source/config'), connector)
  await until('the connector to run on Java', async () => {
    const status = await rest(java, 'GET', '/connectors/our-source/status')
    return status.tasks[0]?.state === 'RUNNING' ? true : undefined
  })
  assert.deepEqual(await linesOf(topic, 18), lines.slice(12))
  const size = lines.join('\n').length + 1
  await until('Java to commit the rest of the file', async () => {
    const offsets = await rest(java, 'GET', '/connectors/our-source/offsets')
    return offsets.offsets[0]?.offset?.position === size ? true : undefined
  })
})
