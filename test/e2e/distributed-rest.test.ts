// The REST API of a two-worker cluster where Kafka Connect's distributed herder differs from the
// standalone one: stopping a connector (the leader writes zero task configs, then STOPPED),
// altering and resetting offsets through a follower, PATCH through a follower, cluster-wide
// logger levels, the internal endpoints' signatures (KIP-507), a sink whose consumer group would
// be the workers' own, and restart plans.

import assert from 'node:assert/strict'
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { signatureHeaders } from '../../src/herder/distributed/request-signature.ts'
import { openLog, type Log } from '../../src/log/index.ts'
import { testBootstrap, uniqueName } from '../support/kafka.ts'
import { awaitRunning, Cluster, createConnector, numberedLines, readAll, retried, statusOf, values } from './distributed-support.ts'
import type { WorkerProcess } from './support.ts'

describe('the REST API of a cluster', { timeout: 300_000 }, () => {
  let dir: string
  let log: Log
  let cluster: Cluster
  let leader: WorkerProcess
  let follower: WorkerProcess
  const topic = uniqueName('rest-data')

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kconnect-dist-rest-'))
    log = await openLog({ 'bootstrap.servers': await testBootstrap() })
    await log.createTopics([{ name: topic, partitions: 1, replicationFactor: 1 }])
    cluster = await Cluster.start(dir, 2)
    // The leader is the worker a forwarded write reaches: the one whose log shows the config write.
    await writeFile(join(dir, 'in.txt'), numberedLines('r', 100).map(l => l + '\n').join(''))
    await createConnector(cluster.workers[0], 'src', { 'connector.class': 'FileStreamSource', file: join(dir, 'in.txt'), topic })
    await awaitRunning(cluster.workers[0], 'src', 1)
    const leaderUrl = /leaderUrl='([^']+)'/.exec(cluster.workers[0].output().split('\n').filter(l => l.includes('Joined group')).pop() ?? '')?.[1]
    assert.ok(leaderUrl !== undefined, 'the assignment names the leader')
    leader = cluster.workers.find(w => w.url + '/' === leaderUrl) as WorkerProcess
    follower = cluster.workers.find(w => w !== leader) as WorkerProcess
    assert.ok(leader !== undefined && follower !== undefined)
  })

  after(async () => {
    await cluster?.kill()
    await log?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('stops a connector through a follower, then alters and resets its offsets there', async () => {
    await follower.waitFor('100 records', async () => (await readAll(log, topic)).length === 100)
    assert.equal((await retried(follower, 'PUT', '/connectors/src/stop')).status, 204)
    let last: unknown = null
    await follower.waitFor('src STOPPED with no tasks', async () => {
      const status = await statusOf(follower, 'src')
      last = status
      return status?.connector.state === 'STOPPED' && status.tasks.length === 0
    }).catch(error => { throw new Error(`${(error as Error).message}\nlast status: ${JSON.stringify(last)}\nleader's log:\n${leader.tail(80)}`) })
    assert.deepEqual((await follower.request('GET', '/connectors/src/tasks')).body, [])
    const file = join(dir, 'in.txt')
    const offsets = await retried(follower, 'GET', '/connectors/src/offsets')
    assert.deepEqual(offsets.body, { offsets: [{ partition: { filename: file }, offset: { position: 100 * 9 } }] })
    // Back to line 90: the last ten lines are read again once it resumes.
    const altered = await retried(follower, 'PATCH', '/connectors/src/offsets', { offsets: [{ partition: { filename: file }, offset: { position: 90 * 9 } }] })
    assert.equal(altered.status, 200, altered.text)
    // FileStreamSourceConnector.alterOffsets() checks the offsets and says they are its to alter.
    assert.deepEqual(altered.body, { message: 'The offsets for this connector have been altered successfully' })
    assert.deepEqual((await retried(leader, 'GET', '/connectors/src/offsets')).body.offsets[0].offset, { position: 90 * 9 })
    assert.equal((await retried(follower, 'PUT', '/connectors/src/resume')).status, 202)
    await awaitRunning(leader, 'src', 1)
    await follower.waitFor('lines 90..99 again', async () => (await readAll(log, topic)).length >= 110)
    assert.deepEqual(values(await readAll(log, topic)).slice(100), numberedLines('r', 10, 90), 'read again from the altered offset, and only that')
    // Offsets can only change while the connector is stopped.
    const refused = await retried(follower, 'DELETE', '/connectors/src/offsets')
    assert.equal(refused.status, 400)
    assert.match(refused.body.message, /Connectors must be in the STOPPED state before their offsets can be modified/)
    assert.equal((await retried(follower, 'PUT', '/connectors/src/stop')).status, 204)
    await follower.waitFor('src STOPPED', async () => (await statusOf(follower, 'src'))?.connector.state === 'STOPPED')
    const reset = await retried(follower, 'DELETE', '/connectors/src/offsets')
    assert.equal(reset.status, 200, reset.text)
    assert.deepEqual((await retried(follower, 'GET', '/connectors/src/offsets')).body, { offsets: [] })
  })

  it('patches a config through a follower', async () => {
    const patched = await retried(follower, 'PATCH', '/connectors/src/config', { 'batch.size': '7', 'no.such.setting': null })
    assert.equal(patched.status, 200, patched.text)
    assert.equal(patched.body.config['batch.size'], '7')
    await leader.waitFor('the patch everywhere', async () => (await leader.request('GET', '/connectors/src/config')).body['batch.size'] === '7')
  })

  it('sets a logger level on every worker with scope=cluster', async () => {
    const answer = await fetch(`${follower.url}/admin/loggers/org.apache.kafka.connect.file?scope=cluster`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ level: 'DEBUG' }),
    })
    assert.equal(answer.status, 204)
    for (const worker of cluster.workers) {
      await worker.waitFor('DEBUG on this worker', async () =>
        (await worker.request('GET', '/admin/loggers/org.apache.kafka.connect.file')).body?.level === 'DEBUG')
    }
  })

  it('checks the signatures of internal requests', async () => {
    const body = JSON.stringify([{ 'task.class': 'org.apache.kafka.connect.file.FileStreamSourceTask' }])
    const unsigned = await fetch(`${leader.url}/connectors/src/tasks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    assert.equal(unsigned.status, 400)
    assert.deepEqual(await unsigned.json(), { error_code: 400, message: 'Internal request missing required signature' })
    const forged = await fetch(`${leader.url}/connectors/src/tasks`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...signatureHeaders(new Uint8Array(32).fill(1), Buffer.from(body), 'HmacSHA256') }, body,
    })
    assert.equal(forged.status, 403)
    assert.deepEqual(await forged.json(), { error_code: 403, message: 'Internal request contained invalid signature.' })
    const fence = await fetch(`${follower.url}/connectors/src/fence`, { method: 'PUT' })
    assert.equal(fence.status, 400)
  })

  it('refuses a sink whose consumer group would be the workers\' own', async () => {
    const config = { 'connector.class': 'FileStreamSink', name: 'x', topics: topic, file: join(dir, 'never.txt'), 'consumer.override.group.id': cluster.groupId }
    const answer = await retried(follower, 'PUT', '/connector-plugins/FileStreamSink/config/validate', config)
    assert.equal(answer.status, 200)
    const value = answer.body.configs.find((c: { value: { name: string } }) => c.value.name === 'consumer.override.group.id')
    assert.deepEqual(value.value.errors, [`Consumer group ${cluster.groupId} conflicts with Connect worker group ${cluster.groupId}`])
  })

  it('answers a restart with its plan, and restarts only failed work when asked', async () => {
    await writeFile(join(dir, 'other.txt'), '')
    await createConnector(leader, 'other', { 'connector.class': 'FileStreamSource', file: join(dir, 'other.txt'), topic })
    await awaitRunning(follower, 'other', 1)
    const onlyFailed = await retried(follower, 'POST', '/connectors/other/restart?includeTasks=true&onlyFailed=true')
    assert.equal(onlyFailed.status, 202, onlyFailed.text)
    assert.equal(onlyFailed.body.connector.state, 'RUNNING')
    assert.deepEqual(onlyFailed.body.tasks.map((t: { state: string }) => t.state), ['RUNNING'])
    const unknown = await retried(follower, 'POST', '/connectors/nope/restart?includeTasks=true')
    assert.equal(unknown.status, 404)
    assert.deepEqual(unknown.body, { error_code: 404, message: 'Unknown connector: nope' })
    await appendFile(join(dir, 'other.txt'), 'still-moving\n')
    await follower.waitFor('the restarted pipeline moving', async () => values(await readAll(log, topic)).includes('still-moving'))
  })
})
