// Java Kafka Connect and kconnect's WorkerCoordinator in one Connect group on a real broker: the
// group protocol is shared for real, not only byte-compared.
//
// 1. A Java distributed worker leads and runs a FileStreamSink with four tasks; a kconnect member
//    joins. The Java leader's assignment (decoded by kconnect) gives the kconnect member half of
//    the tasks, and Java's own status shows it runs exactly the other half.
// 2. The Java worker leaves; the kconnect member leads alone. A second Java worker joins: the
//    kconnect leader's assignment (decoded by Java) makes the Java worker run half the tasks, as
//    its REST API shows, and the kconnect member keeps the rest.
//
// kconnect's member reads the config topic Java wrote with a small reader here (connector and
// commit records), enough to give its assignor the connectors, their task counts and the offset.

import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { Admin } from '@platformatic/kafka'
import { startConnect, type ConnectWorker } from '../../scripts/servers/connect.ts'
import type { AssignableConfig } from '../../src/herder/distributed/assignor.ts'
import type { CoordinatorConfigSource } from '../../src/herder/distributed/worker-coordinator.ts'
import { createKafkaLog } from '../../src/log/kafka/index.ts'
import type { Log } from '../../src/log/log.ts'
import { loggers } from '../../src/logging/index.ts'
import { describeWorkers, TestWorker, waitFor } from '../herder/distributed/group-support.ts'
import { testBootstrap, uniqueName } from '../support/kafka.ts'

loggers.setLevel('org.apache.kafka.connect.runtime.distributed', 'WARN')

/** The connectors and committed task counts of a config topic, and Java's config offset (last record + 1). */
class ConfigTopicReader implements CoordinatorConfigSource {
  readonly #log: Log
  readonly #topic: string
  #offset = -1n
  #connectors = new Map<string, number>()

  constructor (log: Log, topic: string) {
    this.#log = log
    this.#topic = topic
  }

  snapshot (): AssignableConfig {
    const connectors = new Map(this.#connectors)
    return {
      offset: this.#offset,
      connectors: () => connectors.keys(),
      tasks: connector => Array.from({ length: connectors.get(connector) ?? 0 }, (_, task) => ({ connector, task })),
    }
  }

  async refresh (timeoutMs = 10_000): Promise<void> {
    const partition = { topic: this.#topic, partition: 0 }
    const end = (await this.#log.listOffsets([partition], 'latest')).get(partition) ?? 0n
    const consumer = this.#log.createConsumer({ clientId: uniqueName('config-reader') })
    const connectors = new Map<string, number | null>()
    let offset = -1n
    try {
      consumer.assign([partition])
      await consumer.seekToBeginning([partition])
      const deadline = Date.now() + timeoutMs
      while (offset + 1n < end) {
        if (Date.now() > deadline) throw new Error(`the config topic ${this.#topic} was not read to ${end} in time`)
        for (const record of await consumer.poll(200)) {
          offset = record.offset
          const key = Buffer.from(record.key ?? new Uint8Array()).toString('utf8')
          const value = record.value === null ? null : JSON.parse(Buffer.from(record.value).toString('utf8')) as Record<string, unknown>
          if (key.startsWith('connector-')) {
            const name = key.slice('connector-'.length)
            if (value === null) connectors.delete(name)
            else if (!connectors.has(name)) connectors.set(name, null)
          } else if (key.startsWith('commit-') && value !== null) {
            const name = key.slice('commit-'.length)
            if (connectors.has(name)) connectors.set(name, Number(value.tasks))
          }
        }
      }
    } finally {
      await consumer.close()
    }
    this.#offset = offset < 0n ? -1n : offset + 1n
    this.#connectors = new Map([...connectors].map(([name, count]) => [name, count ?? 0]))
  }
}

interface TaskState { id: number, state: string, worker_id: string }

async function statusOf (worker: ConnectWorker, connector: string): Promise<{ tasks: TaskState[] } | null> {
  const response = await fetch(`${worker.url}/connectors/${connector}/status`)
  if (response.status !== 200) {
    await response.arrayBuffer()
    return null
  }
  return await response.json() as { tasks: TaskState[] }
}

/** The task ids a Java worker reports RUNNING on itself. */
async function runningOn (worker: ConnectWorker, connector: string): Promise<string[]> {
  const status = await statusOf(worker, connector)
  const self = `127.0.0.1:${worker.port}`
  return (status?.tasks ?? []).filter(task => task.state === 'RUNNING' && task.worker_id === self).map(task => `${connector}-${task.id}`).sort()
}

/**
 * The sink tasks that run now: the members of the connector's consumer group (each task's
 * consumer has client id connector-consumer-<task>). Only Java workers run tasks here (the
 * kconnect member only takes part in the group), so these are the tasks Java runs; a stopped
 * task's consumer leaves the group. Java's status topic cannot tell: a task stopped by a
 * revocation keeps its RUNNING status until its new owner writes one.
 */
async function javaRunningTasks (admin: Admin, connector: string): Promise<string[]> {
  const groups = await admin.describeGroups({ groups: [`connect-${connector}`] })
  const members = [...groups.get(`connect-${connector}`)?.members.values() ?? []]
  return members.map(member => /^connector-consumer-(.+)$/.exec(member.clientId)?.[1]).filter(id => id !== undefined).sort()
}

async function eventually (what: string, check: () => Promise<boolean>, describe: () => Promise<string>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!await check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}. ${await describe()}`)
    await new Promise(resolve => setTimeout(resolve, 200))
  }
}

const cleanups: Array<() => Promise<void>> = []
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {})
})

describe('Java Kafka Connect and kconnect in one Connect group', () => {
  it('a Java leader assigns to a kconnect member, and a kconnect leader to a Java member', { timeout: 300_000 }, async () => {
    const bootstrap = await testBootstrap()
    const dir = await mkdtemp(join(tmpdir(), 'kconnect-group-parity-'))
    cleanups.push(() => rm(dir, { recursive: true, force: true }))
    const token = uniqueName('mixed')
    const workerConfig = {
      'group.id': `group-${token}`,
      'config.storage.topic': `configs-${token}`,
      'offset.storage.topic': `offsets-${token}`,
      'status.storage.topic': `status-${token}`,
      'connect.protocol': 'sessioned',
      'scheduled.rebalance.max.delay.ms': '2000',
    }
    const log = createKafkaLog({ bootstrapServers: bootstrap, clientId: uniqueName('group-parity') })
    cleanups.push(() => log.close())
    const admin = new Admin({ clientId: uniqueName('group-parity-admin'), bootstrapBrokers: [bootstrap] })
    cleanups.push(() => admin.close())

    // 1. Java leads.
    const java1 = await startConnect({ bootstrap, mode: 'distributed', workerConfig })
    let java1Stopped = false
    cleanups.push(async () => { if (!java1Stopped) await java1.stop() })
    const topic = uniqueName('mixed-topic')
    await log.createTopics([{ name: topic, partitions: 4 }])
    const created = await fetch(`${java1.url}/connectors`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'sink', config: { 'connector.class': 'FileStreamSink', 'tasks.max': '4', topics: topic, file: join(dir, 'out.txt') } }),
    })
    assert.equal(created.status, 201, await created.text())
    await eventually('the Java worker to run four tasks', async () => (await runningOn(java1, 'sink')).length === 4 &&
      (await javaRunningTasks(admin, 'sink')).length === 4, async () => JSON.stringify(await statusOf(java1, 'sink')))

    const reader = new ConfigTopicReader(log, workerConfig['config.storage.topic'])
    await reader.refresh()
    assert.equal(reader.snapshot().tasks('sink').length, 4)
    const member = new TestWorker({
      bootstrap, groupId: workerConfig['group.id'], name: 'kconnect', config: reader,
      sessionTimeoutMs: 10_000, heartbeatIntervalMs: 1000, maxDelayMs: 2000,
    }).start()
    cleanups.push(() => member.stop())
    await eventually('the Java leader to give the kconnect member half the tasks', async () => {
      const javaTasks = await javaRunningTasks(admin, 'sink')
      return member.settled() && member.tasks.size === 2 && javaTasks.length === 2 && javaTasks.every(task => !member.tasks.has(task))
    }, async () => `${describeWorkers([member])}; Java runs ${(await javaRunningTasks(admin, 'sink')).join(', ')}`)

    const fromJava = member.lastAssignment()!
    assert.equal(fromJava.leaderUrl, `http://127.0.0.1:${java1.port}/`, 'the Java worker leads')
    assert.match(fromJava.leader, new RegExp(`^connect-127\\.0\\.0\\.1:${java1.port}-`), 'the leader is the Java worker\'s member')
    assert.equal(fromJava.version, 2, 'the sessioned protocol')
    assert.equal(member.coordinator.currentProtocolVersion(), 2)
    assert.equal(member.connectors.size, 0, 'the Java worker keeps the connector')

    // 2. The Java worker leaves: kconnect leads alone, then assigns to a new Java worker.
    await java1.stop()
    java1Stopped = true
    await waitFor('the kconnect member to run everything', () => member.settled() && member.connectors.has('sink') && member.tasks.size === 4,
      () => describeWorkers([member]), 60_000)
    assert.equal(member.lastAssignment()!.leaderUrl, member.url, 'kconnect leads')
    await reader.refresh()

    const java2 = await startConnect({ bootstrap, mode: 'distributed', workerConfig })
    cleanups.push(() => java2.stop())
    await eventually('the kconnect leader to give the Java worker half the tasks', async () => {
      const javaTasks = await javaRunningTasks(admin, 'sink')
      return member.settled() && member.tasks.size === 2 && javaTasks.length === 2 && javaTasks.every(task => !member.tasks.has(task)) &&
        (await runningOn(java2, 'sink')).join() === javaTasks.join()
    }, async () => `${describeWorkers([member])}; Java runs ${(await javaRunningTasks(admin, 'sink')).join(', ')}; ` +
      `status ${JSON.stringify(await statusOf(java2, 'sink'))}`)
    assert.equal(member.lastAssignment()!.leaderUrl, member.url, 'kconnect still leads')
    assert.ok(member.connectors.has('sink'), 'kconnect keeps the connector')
    const listed = await (await fetch(`${java2.url}/connectors`)).json()
    assert.deepEqual(listed, ['sink'])
  })
})
