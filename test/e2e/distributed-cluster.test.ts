// Three `kconnect distributed` workers on loopback share FileStream sources and sinks through the
// test broker: work spreads evenly, every worker answers the REST API the same way (writes are
// forwarded to the leader, task restarts to the owner), changing one connector's config restarts
// that connector alone, and a second cluster on the same broker (another group.id and topics)
// is invisible to the first.

import assert from 'node:assert/strict'
import { appendFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { openLog, type Log } from '../../src/log/index.ts'
import { testBootstrap, uniqueName } from '../support/kafka.ts'
import { awaitRunning, Cluster, createConnector, lineCounts, numberedLines, retried, spread, statusOf } from './distributed-support.ts'
import { eventually } from './support.ts'

describe('a distributed cluster of three workers', { timeout: 300_000 }, () => {
  let dir: string
  let cluster: Cluster
  let log: Log
  const topicA = uniqueName('dist-a')
  const topicB = uniqueName('dist-b')
  const inputA = numberedLines('a', 300)
  const inputB = numberedLines('b', 300)

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kconnect-dist-'))
    log = await openLog({ 'bootstrap.servers': await testBootstrap() })
    await log.createTopics([{ name: topicA, partitions: 3, replicationFactor: 1 }, { name: topicB, partitions: 3, replicationFactor: 1 }])
    cluster = await Cluster.start(dir, 3)
  })

  after(async () => {
    await cluster?.kill()
    await log?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('spreads connectors and tasks evenly, and moves the data', async () => {
    const [w0, w1, w2] = cluster.workers
    await appendFile(join(dir, 'a.txt'), inputA.map(l => l + '\n').join(''))
    await appendFile(join(dir, 'b.txt'), inputB.map(l => l + '\n').join(''))
    // Created through different workers: the followers forward to the leader.
    await createConnector(w0, 'src-a', { 'connector.class': 'FileStreamSource', file: join(dir, 'a.txt'), topic: topicA })
    await createConnector(w1, 'src-b', { 'connector.class': 'FileStreamSource', file: join(dir, 'b.txt'), topic: topicB })
    await createConnector(w2, 'sink-a', { 'connector.class': 'FileStreamSink', file: join(dir, 'out-a.txt'), topics: topicA, 'tasks.max': '3' })
    await createConnector(w1, 'sink-b', { 'connector.class': 'FileStreamSink', file: join(dir, 'out-b.txt'), topics: topicB, 'tasks.max': '3' })
    const statuses = [
      await awaitRunning(w0, 'src-a', 1), await awaitRunning(w0, 'src-b', 1),
      await awaitRunning(w0, 'sink-a', 3), await awaitRunning(w0, 'sink-b', 3),
    ]
    const perWorker = spread(statuses)
    assert.equal(perWorker.size, 3, `every worker runs something: ${JSON.stringify([...perWorker])}`)
    const connectors = [...perWorker.values()].map(v => v.connectors)
    const tasks = [...perWorker.values()].map(v => v.tasks)
    assert.ok(Math.max(...connectors) - Math.min(...connectors) <= 1, `connectors spread evenly: ${connectors}`)
    assert.ok(Math.max(...tasks) - Math.min(...tasks) <= 1, `tasks spread evenly: ${tasks}`)
    for (const [file, input] of [['out-a.txt', inputA], ['out-b.txt', inputB]] as const) {
      await w0.waitFor(`every line in ${file}`, async () => (await lineCounts(join(dir, file))).size === input.length)
      const counts = await lineCounts(join(dir, file))
      for (const line of input) assert.equal(counts.get(line), 1, `${line} once in ${file}`)
    }
  })

  it('answers the same on every worker', async () => {
    const paths = [
      '/connectors', '/connectors?expand=status&expand=info', '/connectors/src-a', '/connectors/src-a/config',
      '/connectors/sink-a/tasks', '/connectors/sink-a/status', '/connectors/sink-a/tasks/2/status', '/connectors/src-b/topics',
      '/connectors/src-a/offsets', '/connectors/nope', '/connector-plugins',
    ]
    for (const path of paths) {
      const answers = await Promise.all(cluster.workers.map(w => w.request('GET', path)))
      for (const answer of answers.slice(1)) {
        assert.equal(answer.status, answers[0].status, `${path}: same status`)
        assert.deepEqual(answer.body, answers[0].body, `${path}: same body`)
      }
    }
    const listed = (await cluster.workers[2].request('GET', '/connectors')).body as string[]
    assert.deepEqual([...listed].sort(), ['sink-a', 'sink-b', 'src-a', 'src-b'])
    assert.deepEqual((await cluster.workers[1].request('GET', '/connectors/src-b/topics')).body, { 'src-b': { topics: [topicB] } })
  })

  it('restarts only the connector whose config changed', async () => {
    const [w0, w1] = cluster.workers
    const before = cluster.workers.map(w => w.output().length)
    const answer = await retried(w1, 'PUT', '/connectors/sink-b/config',
      { 'connector.class': 'FileStreamSink', file: join(dir, 'out-b2.txt'), topics: topicB, 'tasks.max': '3' })
    assert.equal(answer.status, 200, answer.text)
    await w0.waitFor('sink-b reconfigured', async () => {
      const tasks = (await w0.request('GET', '/connectors/sink-b/tasks')).body as Array<{ config: Record<string, string> }>
      return Array.isArray(tasks) && tasks.length === 3 && tasks.every(t => t.config.file === join(dir, 'out-b2.txt'))
    })
    await awaitRunning(w0, 'sink-b', 3)
    const more = numberedLines('b', 50, 300)
    await appendFile(join(dir, 'b.txt'), more.map(l => l + '\n').join(''))
    await w0.waitFor('new lines in out-b2.txt', async () => (await lineCounts(join(dir, 'out-b2.txt'))).size === more.length)
    const since = cluster.workers.map((w, i) => w.output().slice(before[i])).join('\n')
    assert.match(since, /Stopping task sink-b-\d/, 'sink-b\'s tasks were restarted')
    for (const other of ['src-a', 'src-b', 'sink-a']) {
      assert.doesNotMatch(since, new RegExp(`Stopping (task|connector) ${other}\\b`), `${other} kept running untouched`)
    }
  })

  it('restarts a task on its owner whichever worker is asked, and pauses and resumes from any worker', async () => {
    const [w0, w1, w2] = cluster.workers
    const status = await statusOf(w0, 'sink-a')
    const owner = status.tasks[1].worker_id as string
    const stranger = cluster.workers.find(w => new URL(w.url).host !== owner) as typeof w0
    const ownerBefore = cluster.byId(owner).output().length
    const restart = await retried(stranger, 'POST', '/connectors/sink-a/tasks/1/restart')
    assert.equal(restart.status, 204, restart.text)
    assert.match(cluster.byId(owner).output().slice(ownerBefore), /Stopping task sink-a-1/)
    assert.equal((await retried(w2, 'PUT', '/connectors/src-a/pause')).status, 202)
    for (const worker of cluster.workers) {
      await worker.waitFor('src-a PAUSED everywhere', async () => (await statusOf(worker, 'src-a'))?.connector.state === 'PAUSED')
    }
    assert.equal((await retried(w1, 'PUT', '/connectors/src-a/resume')).status, 202)
    await awaitRunning(w2, 'src-a', 1)
    const plan = await retried(w2, 'POST', '/connectors/sink-a/restart?includeTasks=true')
    assert.equal(plan.status, 202, plan.text)
    assert.equal(plan.body.connector.state, 'RESTARTING')
    assert.deepEqual(plan.body.tasks.map((t: { state: string }) => t.state), ['RESTARTING', 'RESTARTING', 'RESTARTING'])
    await awaitRunning(w1, 'sink-a', 3)
  })

  it('is invisible to a second cluster with another group.id on the same broker', async () => {
    const other = await Cluster.start(dir, 1)
    try {
      const [solo] = other.workers
      assert.deepEqual((await solo.request('GET', '/connectors')).body, [])
      // The same name in the other cluster is another connector.
      await createConnector(solo, 'src-a', { 'connector.class': 'FileStreamSource', file: join(dir, 'other.txt'), topic: uniqueName('dist-other') })
      await awaitRunning(solo, 'src-a', 1)
      const mine = await statusOf(cluster.workers[0], 'src-a')
      const theirs = await statusOf(solo, 'src-a')
      assert.notEqual(theirs.connector.worker_id, mine.connector.worker_id)
      assert.equal((await solo.request('GET', '/connectors/src-a/config')).body.file, join(dir, 'other.txt'))
      assert.equal((await cluster.workers[0].request('GET', '/connectors/src-a/config')).body.file, join(dir, 'a.txt'))
      assert.deepEqual([...(await cluster.workers[1].request('GET', '/connectors')).body].sort(), ['sink-a', 'sink-b', 'src-a', 'src-b'])
      // The first cluster kept working: a new line still arrives.
      await appendFile(join(dir, 'a.txt'), 'after-second-cluster\n')
      await eventually('the line in out-a.txt', async () => (await lineCounts(join(dir, 'out-a.txt'))).has('after-second-cluster'))
    } finally {
      await other.stop()
    }
  })

  it('deletes a connector through a follower, everywhere', async () => {
    const [w0, w1, w2] = cluster.workers
    const answer = await retried(w2, 'DELETE', '/connectors/src-b')
    assert.equal(answer.status, 204, answer.text)
    for (const worker of [w0, w1, w2]) {
      await worker.waitFor('src-b gone', async () => {
        const names = (await worker.request('GET', '/connectors')).body as string[]
        return Array.isArray(names) && !names.includes('src-b') && (await worker.request('GET', '/connectors/src-b/status')).status === 404
      })
    }
  })
})
