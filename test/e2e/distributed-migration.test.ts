// Moving a running cluster between Java Kafka Connect and kconnect, with real processes on the
// test broker (Java Connect of scripts/servers/versions.ts, from Maven Central) and the same
// worker settings (group.id and the three internal topics):
// - a Java distributed worker runs a FileStreamSource, then stops; kconnect workers started on the
//   same topics list the connector, run it (statuses with their worker ids), and go on from the
//   offset Java committed: every line once in the topic;
// - and back: kconnect runs it, stops, and a Java worker resumes from kconnect's offset;
// - a Java worker and a kconnect worker in one group at once: the group protocol, forwarding to
//   the leader and signed internal requests (KIP-507) work between them both ways.

import assert from 'node:assert/strict'
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startConnect, type ConnectWorker } from '../../scripts/servers/connect.ts'
import { openLog, type Log } from '../../src/log/index.ts'
import { testBootstrap, uniqueName } from '../support/kafka.ts'
import { awaitRunning, Cluster, numberedLines, readAll, retried, values } from './distributed-support.ts'
import { eventually } from './support.ts'

/** What Java's worker and ours share: the group, the three topics, String values, quick offset flushes. */
function sharedSettings (id: string): Record<string, string> {
  return {
    'group.id': `migration-${id}`,
    'config.storage.topic': `migration-${id}-configs`,
    'offset.storage.topic': `migration-${id}-offsets`,
    'status.storage.topic': `migration-${id}-status`,
    'offset.storage.partitions': '5',
    'status.storage.partitions': '3',
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'offset.flush.interval.ms': '200',
    'scheduled.rebalance.max.delay.ms': '0',
  }
}

/** A REST call to Java's worker. */
async function javaRequest (java: ConnectWorker, method: string, path: string, body?: unknown): Promise<{ status: number, body: any }> {
  const response = await fetch(java.url + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, body: text === '' ? null : JSON.parse(text) }
}

describe('migrating a cluster between Java Kafka Connect and kconnect', { timeout: 600_000 }, () => {
  let dir: string
  let log: Log
  let bootstrap: string
  const javaWorkers: ConnectWorker[] = []
  const clusters: Cluster[] = []

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kconnect-migration-'))
    bootstrap = await testBootstrap()
    log = await openLog({ 'bootstrap.servers': bootstrap })
  })

  after(async () => {
    await Promise.allSettled([...javaWorkers.map(w => w.stop()), ...clusters.map(c => c.kill())])
    await log?.close()
    await rm(dir, { recursive: true, force: true })
  })

  /** Waits until `topic` holds exactly `lines`, each once (in order: one partition). */
  async function expectTopic (topic: string, lines: readonly string[]): Promise<void> {
    await eventually(`${lines.length} records in ${topic}`, async () => (await readAll(log, topic)).length >= lines.length)
    assert.deepEqual(values(await readAll(log, topic)), lines)
  }

  it('kconnect takes over a FileStreamSource from Java Connect, from Java\'s offset', async () => {
    const id = uniqueName('j2k')
    const settings = sharedSettings(id)
    const topic = `${id}-data`
    await log.createTopics([{ name: topic, partitions: 1, replicationFactor: 1 }])
    const input = join(dir, `${id}.txt`)
    const first = numberedLines('j', 400)
    await writeFile(input, first.map(l => l + '\n').join(''))
    const java = await startConnect({ mode: 'distributed', bootstrap, workerConfig: settings })
    javaWorkers.push(java)
    const config = { 'connector.class': 'FileStreamSource', file: input, topic }
    assert.equal((await javaRequest(java, 'POST', '/connectors', { name: 'moving', config })).status, 201)
    await expectTopic(topic, first)
    await java.stop()

    const cluster = await Cluster.start(dir, 2, settings, settings['group.id'])
    clusters.push(cluster)
    const [w0, w1] = cluster.workers
    assert.deepEqual((await retried(w1, 'GET', '/connectors')).body, ['moving'])
    assert.deepEqual((await retried(w0, 'GET', '/connectors/moving/config')).body, { ...config, name: 'moving' })
    const status = await awaitRunning(w1, 'moving', 1)
    const ours = cluster.workers.map(w => new URL(w.url).host)
    assert.ok(ours.includes(status.connector.worker_id) && ours.includes(status.tasks[0].worker_id), 'run by kconnect workers')
    const more = numberedLines('k', 300)
    await appendFile(input, more.map(l => l + '\n').join(''))
    await expectTopic(topic, [...first, ...more])
    await cluster.stop()
  })

  it('Java Connect takes over a FileStreamSource from kconnect, from kconnect\'s offset', async () => {
    const id = uniqueName('k2j')
    const settings = sharedSettings(id)
    const topic = `${id}-data`
    await log.createTopics([{ name: topic, partitions: 1, replicationFactor: 1 }])
    const input = join(dir, `${id}.txt`)
    const first = numberedLines('k', 400)
    await writeFile(input, first.map(l => l + '\n').join(''))
    const cluster = await Cluster.start(dir, 2, settings, settings['group.id'])
    clusters.push(cluster)
    const config = { 'connector.class': 'FileStreamSource', file: input, topic }
    assert.equal((await retried(cluster.workers[0], 'POST', '/connectors', { name: 'moving', config })).status, 201)
    await awaitRunning(cluster.workers[1], 'moving', 1)
    await expectTopic(topic, first)
    await cluster.stop()

    const java = await startConnect({ mode: 'distributed', bootstrap, workerConfig: settings })
    javaWorkers.push(java)
    // Java's REST API answers before its herder has read the config topic: wait until it has.
    await eventually('Java listing the connector', async () => {
      const { status, body } = await javaRequest(java, 'GET', '/connectors')
      return status === 200 && Array.isArray(body) && body.includes('moving')
    })
    assert.deepEqual((await javaRequest(java, 'GET', '/connectors')).body, ['moving'])
    assert.deepEqual((await javaRequest(java, 'GET', '/connectors/moving/config')).body, { ...config, name: 'moving' })
    await eventually('Java running the connector and its task', async () => {
      const { status, body } = await javaRequest(java, 'GET', '/connectors/moving/status')
      return status === 200 && body.connector.state === 'RUNNING' && body.tasks.length === 1 && body.tasks[0].state === 'RUNNING' &&
        body.tasks[0].worker_id === `127.0.0.1:${java.port}`
    })
    const more = numberedLines('j', 300)
    await appendFile(input, more.map(l => l + '\n').join(''))
    await expectTopic(topic, [...first, ...more])
  })

  it('shares one group with a Java worker: forwarded writes, signed task configs, the same statuses', async () => {
    const id = uniqueName('mixed')
    const settings = sharedSettings(id)
    const java = await startConnect({ mode: 'distributed', bootstrap, workerConfig: settings })
    javaWorkers.push(java)
    const cluster = await Cluster.start(dir, 1, settings, settings['group.id'])
    clusters.push(cluster)
    const [ours] = cluster.workers
    const topic = `${id}-data`
    await log.createTopics([{ name: topic, partitions: 3, replicationFactor: 1 }])
    const inputs = [0, 1, 2].map(i => join(dir, `${id}-${i}.txt`))
    const lines = inputs.map((_file, i) => numberedLines(`m${i}`, 100))
    for (const [i, file] of inputs.entries()) await writeFile(file, lines[i].map(l => l + '\n').join(''))
    // Created through both workers: whichever is not the leader forwards to it.
    for (const [i, file] of inputs.entries()) {
      const body = { name: `src-${i}`, config: { 'connector.class': 'FileStreamSource', file, topic } }
      const answer = i % 2 === 0 ? await retried(ours, 'POST', '/connectors', body) : await javaRequest(java, 'POST', '/connectors', body)
      assert.equal(answer.status, 201, JSON.stringify(answer.body))
    }
    const sink = { 'connector.class': 'FileStreamSink', file: join(dir, `${id}-out.txt`), topics: topic, 'tasks.max': '3' }
    assert.equal((await retried(ours, 'POST', '/connectors', { name: 'sink', config: sink })).status, 201)
    for (const name of ['src-0', 'src-1', 'src-2']) await awaitRunning(ours, name, 1)
    const sinkStatus = await awaitRunning(ours, 'sink', 3)
    const javaId = `127.0.0.1:${java.port}`
    const oursId = new URL(ours.url).host
    const connectorOwners = new Set<string>([sinkStatus.connector.worker_id])
    for (const name of ['src-0', 'src-1', 'src-2']) connectorOwners.add((await ours.request('GET', `/connectors/${name}/status`)).body.connector.worker_id)
    // Connectors on both workers: the one that does not lead sent its task configs to the leader, signed with the session key.
    assert.deepEqual([...connectorOwners].sort(), [javaId, oursId].sort(), 'both workers run connectors')
    await eventually('every line in the sink\'s file', async () => {
      const written = await readFile(join(dir, `${id}-out.txt`), 'utf8').catch(() => '')
      return written.split('\n').filter(l => l !== '').length >= 300
    })
    const written = (await readFile(join(dir, `${id}-out.txt`), 'utf8')).split('\n').filter(l => l !== '').sort()
    assert.deepEqual(written, lines.flat().sort())
    for (const name of ['sink', 'src-1']) {
      await eventually(`the same status of ${name} on both workers`, async () => {
        const [a, b] = await Promise.all([ours.request('GET', `/connectors/${name}/status`), javaRequest(java, 'GET', `/connectors/${name}/status`)])
        return JSON.stringify(a.body) === JSON.stringify(b.body)
      })
    }
  })
})
