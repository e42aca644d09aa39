// The distributed herder's small parts: the order its loop runs requests in, task configs with
// config provider references put back (Kafka's reverseTransform) and the check that decides
// whether new task configs are written, and internal request signatures (KIP-507).

import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { describe, it } from 'node:test'
import { reverseTransform, taskConfigsChanged } from '../../../src/herder/distributed/distributed-herder.ts'
import { InternalRequestSignature, signatureHeaders } from '../../../src/herder/distributed/request-signature.ts'
import { RequestQueue } from '../../../src/herder/distributed/request-queue.ts'
import { BadRequestException } from '../../../src/herder/errors.ts'
import { ClusterConfigState, taskKey, NO_CONFIG_OFFSET } from '../../../src/storage/config-backing-store.ts'

describe('RequestQueue', () => {
  it('runs due actions by due time, then arrival, and fails the rest on shutdown', async () => {
    const queue = new RequestQueue()
    const ran: string[] = []
    const failed: string[] = []
    const add = (name: string, delayMs = 0): boolean => queue.add(async () => { ran.push(name) }, () => failed.push(name), delayMs)
    assert.equal(add('a'), true, 'the first action wakes the loop')
    assert.equal(add('b'), false)
    assert.equal(add('later', 60_000), false)
    assert.equal(add('c'), false)
    for (let action = queue.takeDue(Date.now()); action !== undefined; action = queue.takeDue(Date.now())) await action.run()
    assert.deepEqual(ran, ['a', 'b', 'c'])
    assert.ok((queue.nextDueAt() ?? 0) > Date.now() + 50_000)
    queue.failAll(new Error('stopping'))
    assert.deepEqual(failed, ['later'])
    assert.equal(queue.size, 0)
  })
})

describe('task configs', () => {
  const state = (taskConfigs: Array<Record<string, string>>, connector: Record<string, string>, applied: Record<string, string> | null): ClusterConfigState =>
    new ClusterConfigState({
      offset: NO_CONFIG_OFFSET,
      sessionKey: null,
      connectorTaskCounts: new Map([['c', taskConfigs.length]]),
      connectorConfigs: new Map([['c', connector]]),
      connectorTargetStates: new Map([['c', 'STARTED']]),
      taskConfigs: new Map(taskConfigs.map((config, task) => [taskKey({ connector: 'c', task }), config])),
      appliedConnectorConfigs: applied === null ? new Map() : new Map([['c', applied]]),
    })

  it('put config provider references back where the connector config had them', () => {
    const raw = { 'connection.password': '${file:/etc/secrets:db}', 'topic': 't', other: 'plain ${not a reference}' }
    const resolved: Array<Record<string, string>> = [{ 'connection.password': 's3cret', topic: 't', 'task.class': 'X' }, { topic: 't' }]
    assert.deepEqual(reverseTransform(raw, resolved), [
      { 'connection.password': '${file:/etc/secrets:db}', topic: 't', 'task.class': 'X' },
      { topic: 't' },
    ])
  })

  it('are written again only when they or the connector config changed', () => {
    const connector = { 'connector.class': 'X', name: 'c' }
    const current = [{ a: '1' }, { a: '2' }]
    assert.equal(taskConfigsChanged(state(current, connector, connector), 'c', [{ a: '1' }, { a: '2' }]), false)
    assert.equal(taskConfigsChanged(state(current, connector, connector), 'c', [{ a: '1' }]), true, 'fewer tasks')
    assert.equal(taskConfigsChanged(state(current, connector, connector), 'c', [{ a: '1' }, { a: '3' }]), true, 'a task config changed')
    assert.equal(taskConfigsChanged(state(current, connector, { ...connector, 'tasks.max': '2' }), 'c', current), true, 'the connector config changed since')
    assert.equal(taskConfigsChanged(state(current, connector, null), 'c', current), true, 'never applied (a config written by an older worker)')
  })
})

describe('InternalRequestSignature', () => {
  const key = new Uint8Array(32).fill(9)
  const body = Buffer.from('[{"task.class":"X"}]')

  it('signs with Java\'s headers: base64 of the HMAC of the body', () => {
    const headers = signatureHeaders(key, body, 'HmacSHA256')
    assert.equal(headers['X-Connect-Request-Signature-Algorithm'], 'HmacSHA256')
    assert.equal(headers['X-Connect-Authorization'], createHmac('sha256', key).update(body).digest('base64'))
    const signature = InternalRequestSignature.fromHeaders(body, { 'x-connect-authorization': headers['X-Connect-Authorization'], 'x-connect-request-signature-algorithm': 'HmacSHA256' })
    assert.ok(signature !== null)
    assert.equal(signature.keyAlgorithm(), 'HmacSHA256')
    assert.equal(signature.isValid(key), true)
    assert.equal(signature.isValid(new Uint8Array(32)), false)
    assert.equal(InternalRequestSignature.fromHeaders(Buffer.from('[]'), { 'x-connect-authorization': headers['X-Connect-Authorization'], 'x-connect-request-signature-algorithm': 'HmacSHA256' })?.isValid(key), false, 'another body')
  })

  it('is missing without both headers, and a 400 when unreadable, with Java\'s messages', () => {
    assert.equal(InternalRequestSignature.fromHeaders(body, {}), null)
    assert.equal(InternalRequestSignature.fromHeaders(body, { 'x-connect-authorization': 'AAAA' }), null)
    assert.throws(() => InternalRequestSignature.fromHeaders(body, { 'x-connect-authorization': 'AAAA', 'x-connect-request-signature-algorithm': 'HmacSHA999' }),
      (error: Error) => error instanceof BadRequestException && error.message === 'Algorithm HmacSHA999 not available')
    assert.throws(() => InternalRequestSignature.fromHeaders(body, { 'x-connect-authorization': 'AA-A', 'x-connect-request-signature-algorithm': 'HmacSHA256' }),
      (error: Error) => error instanceof BadRequestException && error.message === 'Illegal base64 character 2d')
  })
})
