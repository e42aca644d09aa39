// Faults a distributed cluster must ride out by itself: its Kafka broker restarting mid-stream (the
// workers reconnect, rejoin and go on; every line arrives), and a record in the config topic that
// no worker can read (logged and skipped; every other connector keeps running, and a worker that
// joins later reads past it).

import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startKafka, type KafkaBroker } from '../../scripts/servers/kafka.ts'
import { openLog, type Log } from '../../src/log/index.ts'
import { testBootstrap, uniqueName } from '../support/kafka.ts'
import { awaitRunning, Cluster, createConnector, lineCounts, numberedLines, retried, statusOf } from './distributed-support.ts'
import { LineWriter } from './support.ts'

describe('a broker restart in the middle of a stream', { timeout: 600_000 }, () => {
  let dir: string
  let broker: KafkaBroker
  let cluster: Cluster | undefined

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kconnect-faults-'))
    broker = await startKafka()
  })

  after(async () => {
    await cluster?.kill()
    await broker?.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('is ridden out: the workers reconnect and every line arrives', async () => {
    cluster = await Cluster.start(dir, 2, { 'bootstrap.servers': broker.bootstrap })
    const [w0, w1] = cluster.workers
    const input = join(dir, 'in.txt')
    const output = join(dir, 'out.txt')
    await writeFile(input, '')
    const topic = uniqueName('restart-data')
    await createConnector(w0, 'src', { 'connector.class': 'FileStreamSource', file: input, topic, 'topic.creation.default.partitions': '1', 'topic.creation.default.replication.factor': '1' })
    await createConnector(w1, 'sink', { 'connector.class': 'FileStreamSink', file: output, topics: topic })
    await awaitRunning(w0, 'src', 1)
    await awaitRunning(w0, 'sink', 1)
    const lines = numberedLines('b', 3000)
    const writer = new LineWriter(input, lines, { from: 0, to: lines.length, chunk: 20, pauseMs: 20 })
    await w0.waitFor('a third of the lines through', async () => (await lineCounts(output)).size >= lines.length / 3)
    await broker.restart(3000)
    await writer.done
    await w0.waitFor('every line in the output after the restart', async () => (await lineCounts(output)).size === lines.length)
    const written = await lineCounts(output)
    assert.deepEqual(lines.filter(line => (written.get(line) ?? 0) === 0), [], 'no line lost')
    for (const worker of cluster.workers) {
      assert.equal((await worker.request('GET', '/health')).status, 200, 'healthy again')
      assert.deepEqual([...(await retried(worker, 'GET', '/connectors')).body].sort(), ['sink', 'src'])
    }
    for (const name of ['src', 'sink']) {
      const status = await statusOf(w1, name)
      assert.equal(status.connector.state, 'RUNNING')
      assert.equal(status.tasks[0].state, 'RUNNING')
    }
  })
})

describe('an unreadable record in the config topic', { timeout: 300_000 }, () => {
  let dir: string
  let log: Log
  let cluster: Cluster | undefined

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kconnect-corrupt-'))
    log = await openLog({ 'bootstrap.servers': await testBootstrap() })
  })

  after(async () => {
    await cluster?.kill()
    await log?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('is logged and skipped; nothing else is lost, and a new worker reads past it', async () => {
    cluster = await Cluster.start(dir, 2)
    const [w0, w1] = cluster.workers
    const topic = uniqueName('corrupt-data')
    await createConnector(w0, 'before', { 'connector.class': 'FileStreamSource', file: join(dir, 'a.txt'), topic })
    await awaitRunning(w1, 'before', 1)
    const producer = log.createProducer({ clientId: uniqueName('corrupter') })
    const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)
    await producer.send([
      { topic: `${cluster.groupId}-configs`, key: bytes('connector-broken'), value: bytes('{"properties": not json') },
      { topic: `${cluster.groupId}-configs`, key: bytes('commit-before'), value: bytes('{"tasks": "many"}') },
      { topic: `${cluster.groupId}-configs`, key: bytes('something-else-entirely'), value: bytes('[]') },
    ])
    await producer.close()
    await createConnector(w1, 'after', { 'connector.class': 'FileStreamSource', file: join(dir, 'b.txt'), topic })
    await awaitRunning(w0, 'after', 1)
    await awaitRunning(w0, 'before', 1)
    const late = await cluster.add()
    assert.deepEqual([...(await retried(late, 'GET', '/connectors')).body].sort(), ['after', 'before'])
    assert.equal((await late.request('GET', '/connectors/broken')).status, 404)
    await awaitRunning(late, 'after', 1)
    const logs = cluster.workers.map(w => w.output()).join('\n')
    // Kafka's messages (KafkaConfigBackingStore), logged by every worker that reads the records.
    assert.match(logs, /ERROR Failed to convert config data to Kafka Connect format/, 'the record that is not JSON')
    assert.match(logs, /ERROR Ignoring connector tasks configuration commit for connector 'before': 'tasks' should be an integer/, 'the malformed commit')
    assert.match(logs, /ERROR Discarding config update record with invalid key: something-else-entirely/, 'the unknown key')
  })
})
