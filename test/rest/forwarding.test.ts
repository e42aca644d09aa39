// Forwarding between workers (Kafka's HerderRequestHandler.completeOrForwardRequest): a herder that
// says "the leader must do this" gets the request sent to the leader, with Kafka's `forward`
// parameter and hop limit, and the leader's answer relayed; internal endpoints carry signatures.

import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import { NotLeaderException, NotAssignedException, RebalanceNeededException } from '../../src/herder/errors.ts'
import { signatureHeaders } from '../../src/herder/distributed/request-signature.ts'
import type { RequestSignature } from '../../src/herder/herder.ts'
import { configureLogging } from '../../src/logging/index.ts'
import { restServerConfig } from '../../src/rest/rest-config.ts'
import { RestServer } from '../../src/rest/server.ts'
import { FakeHerder } from './fake-herder.ts'

configureLogging({ destination: () => {} })

/** A follower: every write says "ask the leader at `leaderUrl`". */
class FollowerHerder extends FakeHerder {
  leaderUrl: string | null = null
  readonly seen: string[] = []
  override async putConnectorConfig (name: string): Promise<never> {
    this.seen.push(`put ${name}`)
    throw new NotLeaderException('Only the leader can set connector configs.', this.leaderUrl)
  }

  override async restartTask (name: string, task: number): Promise<void> {
    this.seen.push(`restart ${name}-${task}`)
    throw new NotAssignedException('Cannot restart task since it is not assigned to this member', this.leaderUrl)
  }

  override async deleteConnector (): Promise<void> {
    throw new RebalanceNeededException('Request cannot be completed because a rebalance is expected')
  }

  override async connectors (): Promise<string[]> {
    throw new RebalanceNeededException('Request cannot be completed because a rebalance is expected')
  }
}

/** A leader that records signed task configs. */
class LeaderHerder extends FakeHerder {
  readonly key = new Uint8Array(32).fill(7)
  readonly received: Array<{ name: string, configs: unknown, valid: boolean | null }> = []
  async putTaskConfigs (name: string, configs: Array<Record<string, string>>, signature: RequestSignature | null): Promise<void> {
    this.received.push({ name, configs, valid: signature === null ? null : signature.isValid(this.key) })
  }
}

async function startServer (): Promise<RestServer> {
  const server = new RestServer({ config: restServerConfig({ listeners: 'http://127.0.0.1:0' }) })
  await server.start()
  return server
}

describe('REST forwarding between workers', () => {
  let leader: RestServer
  let follower: RestServer
  let leaderHerder: LeaderHerder
  let followerHerder: FollowerHerder
  let leaderBase: string
  let followerBase: string

  before(async () => {
    leader = await startServer()
    follower = await startServer()
    leaderBase = leader.addresses()[0].url
    followerBase = follower.addresses()[0].url
  })
  after(async () => {
    await leader.stop()
    await follower.stop()
  })
  beforeEach(() => {
    leaderHerder = new LeaderHerder()
    followerHerder = new FollowerHerder()
    followerHerder.leaderUrl = leaderBase + '/'
    leader.attachHerder(leaderHerder)
    follower.attachHerder(followerHerder)
  })

  it('sends a write to the leader and relays its answer, with a Location naming the worker asked', async () => {
    const response = await fetch(`${followerBase}/connectors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic dTpw' },
      body: JSON.stringify({ name: 'c1', config: { 'connector.class': 'FileStreamSource', topic: 't' } }),
    })
    assert.equal(response.status, 201)
    assert.equal(response.headers.get('location'), `${followerBase}/connectors/c1`)
    const body = await response.json() as { name: string, config: Record<string, string> }
    assert.equal(body.name, 'c1')
    assert.deepEqual(followerHerder.seen, ['put c1'])
    assert.ok(leaderHerder.connectorsByName.has('c1'))
  })

  it('relays the leader\'s error status and message', async () => {
    leaderHerder.connectorsByName.set('c1', { config: { 'connector.class': 'FileStreamSource', name: 'c1' }, target: 'STARTED', offsets: { offsets: [] } })
    const response = await fetch(`${followerBase}/connectors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'c1', config: { 'connector.class': 'FileStreamSource' } }),
    })
    assert.equal(response.status, 409)
    assert.deepEqual(await response.json(), { error_code: 409, message: 'Connector c1 already exists' })
  })

  it('sends task restarts to the owner, keeping the query', async () => {
    leaderHerder.connectorsByName.set('c1', { config: { 'connector.class': 'FileStreamSource', name: 'c1' }, target: 'STARTED', offsets: { offsets: [] } })
    const response = await fetch(`${followerBase}/connectors/c1/tasks/0/restart`, { method: 'POST' })
    assert.equal(response.status, 204)
    assert.ok(leaderHerder.calls.some(c => c.startsWith('restartTask')))
  })

  it('answers 409 when no leader is known, or when a forwarded request must be forwarded again', async () => {
    followerHerder.leaderUrl = null
    let response = await fetch(`${followerBase}/connectors`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'c2', config: {} }),
    })
    assert.equal(response.status, 409)
    assert.deepEqual(await response.json(), {
      error_code: 409, message: 'Cannot complete request momentarily due to no known leader URL, likely because a rebalance was underway.',
    })
    followerHerder.leaderUrl = leaderBase + '/'
    response = await fetch(`${followerBase}/connectors?forward=false`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'c2', config: {} }),
    })
    assert.equal(response.status, 409)
    assert.deepEqual(await response.json(), { error_code: 409, message: 'Cannot complete request because of a conflicting operation (e.g. worker rebalance)' })
  })

  it('answers 409 to a write and 500 to a read while a rebalance is expected', async () => {
    let response = await fetch(`${followerBase}/connectors/c1`, { method: 'DELETE' })
    assert.equal(response.status, 409)
    assert.deepEqual(await response.json(), {
      error_code: 409, message: 'Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)',
    })
    response = await fetch(`${followerBase}/connectors`)
    assert.equal(response.status, 500)
    assert.deepEqual(await response.json(), { error_code: 500, message: 'Request cannot be completed because a rebalance is expected' })
  })

  it('hands internal task configs and their signature to the herder', async () => {
    const body = JSON.stringify([{ 'task.class': 'X', a: '1' }])
    let response = await fetch(`${leaderBase}/connectors/c1/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signatureHeaders(leaderHerder.key, Buffer.from(body), 'HmacSHA256') },
      body,
    })
    assert.equal(response.status, 204)
    response = await fetch(`${leaderBase}/connectors/c1/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signatureHeaders(new Uint8Array(32), Buffer.from(body), 'HmacSHA256') },
      body,
    })
    assert.equal(response.status, 204)
    response = await fetch(`${leaderBase}/connectors/c1/tasks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    assert.equal(response.status, 204)
    assert.deepEqual(leaderHerder.received.map(r => r.valid), [true, false, null])
    assert.deepEqual(leaderHerder.received[0].configs, [{ 'task.class': 'X', a: '1' }])
    response = await fetch(`${leaderBase}/connectors/c1/tasks`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'X-Connect-Authorization': 'a', 'X-Connect-Request-Signature-Algorithm': 'HmacNope' }, body,
    })
    assert.equal(response.status, 400)
    assert.deepEqual(await response.json(), { error_code: 400, message: 'Algorithm HmacNope not available' })
  })

  it('answers the internal endpoints with Kafka\'s standalone messages on a herder without them', async () => {
    const response = await fetch(`${followerBase}/connectors/c1/fence`, { method: 'PUT' })
    assert.equal(response.status, 500)
    assert.deepEqual(await response.json(), { error_code: 500, message: 'Kafka Connect in standalone mode does not support exactly-once source connectors.' })
  })
})
