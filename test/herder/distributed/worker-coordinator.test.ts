// The WorkerCoordinator on a real broker: workers (in this process, and one in a child process
// killed with SIGKILL) join a Connect group, the broker elects a leader, and the leader's
// assignments spread the work, move what a departed worker ran after the scheduled delay, follow
// the protocol the members share, and stop at CONFIG_MISMATCH while the leader is behind.

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { after, describe, it } from 'node:test'
import { loggers } from '../../../src/logging/index.ts'
import { CONFIG_MISMATCH } from '../../../src/herder/distributed/protocol/connect-protocol.ts'
import { startKafka } from '../../../scripts/servers/kafka.ts'
import { testBootstrap, uniqueName } from '../../support/kafka.ts'
import { coversExactlyOnce, describeWorkers, TestConfig, TestWorker, waitFor } from './group-support.ts'

loggers.setLevel('org.apache.kafka.connect.runtime.distributed', 'ERROR')

const running: TestWorker[] = []
after(async () => { await Promise.all(running.map(worker => worker.stop())) })

async function startWorkers (names: string[], options: { groupId: string, config: TestConfig, maxDelayMs?: number }): Promise<TestWorker[]> {
  const bootstrap = await testBootstrap()
  return names.map(name => {
    const worker = new TestWorker({ bootstrap, name, ...options }).start()
    running.push(worker)
    return worker
  })
}

function settledAndCovering (workers: TestWorker[], config: TestConfig): () => boolean {
  return () => workers.every(worker => worker.settled()) && coversExactlyOnce(workers, config)
}

function revocationsOf (worker: TestWorker, fromEvent = 0): string[] {
  return worker.events.slice(fromEvent).flatMap(event => event.kind === 'revoked'
    ? [...event.connectors, ...event.tasks.map(task => `${task.connector}-${task.task}`)]
    : [])
}

describe('WorkerCoordinator on a Kafka broker', () => {
  it('three workers share connectors and tasks evenly; one leads and knows who owns what', async () => {
    const config = new TestConfig({ alpha: 4, beta: 2, gamma: 3 }, 7n)
    const workers = await startWorkers(['w1', 'w2', 'w3'], { groupId: uniqueName('connect-group'), config })
    await waitFor('the work to be spread', settledAndCovering(workers, config), () => describeWorkers(workers))

    for (const worker of workers) {
      assert.equal(worker.connectors.size, 1, describeWorkers(workers))
      assert.equal(worker.tasks.size, 3, describeWorkers(workers))
      assert.equal(worker.coordinator.currentProtocolVersion(), 2)
      assert.match(worker.coordinator.memberId(), new RegExp(`^${worker.name}-client-`))
      assert.equal(worker.lastAssignment()!.offset, 7n)
    }
    const leaders = workers.filter(worker => worker.coordinator.memberId() === worker.lastAssignment()!.leader)
    assert.equal(leaders.length, 1, 'exactly one leader')
    const leader = leaders[0]
    for (const worker of workers) {
      assert.equal(worker.lastAssignment()!.leaderUrl, leader.url)
      for (const connector of worker.connectors) assert.equal(leader.coordinator.ownerUrl(connector), worker.url)
      for (const task of worker.tasks) {
        const [connector, id] = [task.slice(0, task.lastIndexOf('-')), Number(task.slice(task.lastIndexOf('-') + 1))]
        assert.equal(leader.coordinator.ownerUrl({ connector, task: id }), worker.url)
      }
    }
    const follower = workers.find(worker => worker !== leader)!
    assert.equal(follower.coordinator.ownerUrl('alpha'), null, 'only the leader knows owners')
    await Promise.all(workers.map(worker => worker.stop()))
  })

  it('a new connector goes to the least-loaded worker and nothing else moves', async () => {
    const config = new TestConfig({ one: 2, two: 2 })
    const workers = await startWorkers(['c1', 'c2'], { groupId: uniqueName('connect-group'), config })
    await waitFor('the work to be spread', settledAndCovering(workers, config), () => describeWorkers(workers))
    const before = workers.map(worker => ({ events: worker.events.length, connectors: [...worker.connectors], tasks: [...worker.tasks] }))

    config.change(connectors => connectors.set('three', 1))
    // Every worker's config listener asks for a rebalance when a connector appears.
    for (const worker of workers) worker.coordinator.requestRejoin('connector three was created')
    await waitFor('the new connector to run', settledAndCovering(workers, config), () => describeWorkers(workers))

    workers.forEach((worker, i) => {
      assert.deepEqual(revocationsOf(worker, before[i].events), [], `${worker.name} gave nothing back`)
      for (const connector of before[i].connectors) assert.ok(worker.connectors.has(connector))
      for (const task of before[i].tasks) assert.ok(worker.tasks.has(task))
    })
    await Promise.all(workers.map(worker => worker.stop()))
  })

  it('a worker that leaves: its work waits for scheduled.rebalance.max.delay.ms, then goes to the others, who keep theirs', async () => {
    const config = new TestConfig({ src: 3, sink: 3 })
    const workers = await startWorkers(['l1', 'l2', 'l3'], { groupId: uniqueName('connect-group'), config, maxDelayMs: 1500 })
    await waitFor('the work to be spread', settledAndCovering(workers, config), () => describeWorkers(workers))
    // A follower leaves (a leader that leaves takes the delay with it: the next leader starts from nothing, as in Java).
    const leaving = workers.find(worker => worker.coordinator.memberId() !== worker.lastAssignment()!.leader)!
    const staying = workers.filter(worker => worker !== leaving)
    const marks = staying.map(worker => ({ events: worker.events.length, tasks: [...worker.tasks], connectors: [...worker.connectors] }))

    await leaving.stop()
    await waitFor('the others to take over', settledAndCovering(staying, config), () => describeWorkers(staying))

    staying.forEach((worker, i) => {
      const later = worker.events.slice(marks[i].events).filter(event => event.kind === 'assigned')
      assert.ok(later.some(event => event.kind === 'assigned' && event.assignment.delay > 0 && event.assignment.delay <= 1500),
        `${worker.name} was told to wait for the departed worker`)
      assert.deepEqual(revocationsOf(worker, marks[i].events), [], `${worker.name} kept its own work`)
      for (const task of marks[i].tasks) assert.ok(worker.tasks.has(task))
    })
    await Promise.all(staying.map(worker => worker.stop()))
  })

  it('a worker killed with SIGKILL: its session expires, its work waits for the delay, then the survivors take it over', async () => {
    const bootstrap = await testBootstrap()
    const groupId = uniqueName('connect-group')
    const config = new TestConfig({ files: 4, db: 2 }, 3n)
    // The first worker leads; the one killed is a follower, so the leader remembers what it ran.
    const [first] = await startWorkers(['s1'], { groupId, config, maxDelayMs: 1000 })
    await waitFor('the first worker to lead', () => first.settled(), () => describeWorkers([first]))
    const child = spawn(process.execPath, [new URL('./fixtures/group-worker.ts', import.meta.url).pathname,
      JSON.stringify({ bootstrap, groupId, name: 'doomed', connectors: { files: 4, db: 2 }, offset: '3', maxDelayMs: 1000 })],
    { stdio: ['ignore', 'pipe', 'inherit'] })
    try {
      const lines = createInterface({ input: child.stdout! })
      await new Promise<void>(resolve => lines.on('line', line => { if (line === 'joined') resolve() }))
      const [second] = await startWorkers(['s2'], { groupId, config, maxDelayMs: 1000 })
      const workers = [first, second]
      // Three members share the work: the survivors run part of it, the child the rest.
      await waitFor('three workers to share the work', () => workers.every(worker => worker.settled() && worker.tasks.size === 2),
        () => describeWorkers(workers))
      const marks = workers.map(worker => worker.events.length)

      child.kill('SIGKILL')
      await waitFor('the survivors to take over', settledAndCovering(workers, config), () => describeWorkers(workers))
      workers.forEach((worker, i) => {
        assert.deepEqual(revocationsOf(worker, marks[i]), [], `${worker.name} kept its own work`)
        assert.ok(worker.events.slice(marks[i]).some(event => event.kind === 'assigned' && event.assignment.delay > 0),
          `${worker.name} was told to wait for the departed worker`)
      })
      await Promise.all(workers.map(worker => worker.stop()))
    } finally {
      child.kill('SIGKILL')
    }
  })

  it('an eager worker makes the whole group eager; when it leaves, the group goes back to sessioned', async () => {
    const bootstrap = await testBootstrap()
    const groupId = uniqueName('connect-group')
    const config = new TestConfig({ x: 2, y: 1 })
    const modern = new TestWorker({ bootstrap, groupId, name: 'modern', config }).start()
    const old = new TestWorker({ bootstrap, groupId, name: 'old', config, protocol: 'eager' }).start()
    running.push(modern, old)
    const both = [modern, old]
    await waitFor('both to share the work under the eager protocol', () => settledAndCovering(both, config)() &&
      both.every(worker => worker.coordinator.currentProtocolVersion() === 0), () => describeWorkers(both))
    for (const worker of both) assert.equal(worker.lastAssignment()!.version, 0, 'v0 assignments')

    // Under the eager protocol every rebalance revokes everything first.
    const mark = modern.events.length
    modern.coordinator.requestRejoin('test')
    await waitFor('the rebalance', () => modern.events.length > mark + 1 && settledAndCovering(both, config)(), () => describeWorkers(both))
    assert.equal(modern.events[mark].kind, 'revoked')

    await old.stop()
    await waitFor('the group to turn sessioned with one worker', () => modern.settled() && coversExactlyOnce([modern], config) &&
      modern.coordinator.currentProtocolVersion() === 2, () => describeWorkers([modern]))
    assert.equal(modern.lastAssignment()!.version, 2)
    await modern.stop()
  })

  it('a leader behind the config topic that cannot catch up gives everyone CONFIG_MISMATCH; once it catches up, work is assigned', async () => {
    const bootstrap = await testBootstrap()
    const groupId = uniqueName('connect-group')
    const leaderConfig = new TestConfig({ early: 1 }, 5n)
    const leader = new TestWorker({ bootstrap, groupId, name: 'lagging-leader', config: leaderConfig }).start()
    running.push(leader)
    await waitFor('the first worker to lead', () => leader.settled() && leader.connectors.has('early'), () => describeWorkers([leader]))

    // A second worker has read further; the leader's reads do not get there yet.
    const memberConfig = new TestConfig({ early: 1, later: 2 }, 7n)
    leaderConfig.catchUpTo = null
    const refresh = leaderConfig.refresh.bind(leaderConfig)
    let canCatchUp = false
    leaderConfig.refresh = async () => {
      if (!canCatchUp) throw new Error('the config topic cannot be read to its end')
      return refresh()
    }
    const member = new TestWorker({ bootstrap, groupId, name: 'ahead', config: memberConfig }).start()
    running.push(member)
    await waitFor('CONFIG_MISMATCH', () => [leader, member].every(worker => worker.events.some(event =>
      event.kind === 'assigned' && event.assignment.error === CONFIG_MISMATCH)), () => describeWorkers([leader, member]))
    const mismatch = member.events.find(event => event.kind === 'assigned' && event.assignment.error === CONFIG_MISMATCH)!
    assert.equal(mismatch.kind === 'assigned' && mismatch.assignment.offset, 7n, 'the assignment names the offset to reach')

    leaderConfig.catchUpTo = { offset: 7n, connectors: new Map([['early', 1], ['later', 2]]) }
    canCatchUp = true
    await waitFor('the work to be assigned at offset 7', () => settledAndCovering([leader, member], memberConfig)() &&
      leader.lastAssignment()!.offset === 7n, () => describeWorkers([leader, member]))
    await Promise.all([leader.stop(), member.stop()])
  })

  it('a herder stuck longer than rebalance.timeout.ms: the member leaves the group, says so, and rejoins when the herder is back', async () => {
    const bootstrap = await testBootstrap()
    const config = new TestConfig({ solo: 2 })
    let assignments = 0
    const worker = new TestWorker({
      bootstrap, groupId: uniqueName('connect-group'), name: 'stuck', config, rebalanceTimeoutMs: 2000, sessionTimeoutMs: 6000,
      heartbeatIntervalMs: 300,
      // The second assignment finds the herder busy for longer than the rebalance timeout.
      onAssigned: async () => { if (++assignments === 2) await new Promise(resolve => setTimeout(resolve, 3500)) },
    }).start()
    running.push(worker)
    await waitFor('the first assignment', () => worker.settled() && coversExactlyOnce([worker], config), () => describeWorkers([worker]))
    worker.coordinator.requestRejoin('test')
    await waitFor('the poll timeout', () => worker.events.some(event => event.kind === 'poll-timeout'), () => describeWorkers([worker]))
    const generation = worker.coordinator.lastCompletedGenerationId
    await waitFor('a rejoin', () => worker.settled() && worker.coordinator.lastCompletedGenerationId > generation && coversExactlyOnce([worker], config),
      () => describeWorkers([worker]))
    await worker.stop()
  })

  it('the broker away for a while: members revoke everything while the coordinator is unreachable, then rejoin and resume', { timeout: 180_000 }, async () => {
    const broker = await startKafka()
    try {
      const config = new TestConfig({ app: 3, db: 1 })
      const groupId = uniqueName('connect-group')
      const workers = ['r1', 'r2'].map(name => new TestWorker({
        bootstrap: broker.bootstrap, groupId, name, config, sessionTimeoutMs: 6000, heartbeatIntervalMs: 500,
      }).start())
      running.push(...workers)
      await waitFor('the work to be spread', settledAndCovering(workers, config), () => describeWorkers(workers))
      const marks = workers.map(worker => worker.events.length)

      await broker.restart(3000)
      await waitFor('the work to be spread again', () => settledAndCovering(workers, config)() &&
        workers.every((worker, i) => worker.events.slice(marks[i]).some(event => event.kind === 'assigned')), () => describeWorkers(workers), 120_000)
      workers.forEach((worker, i) => {
        const revoked = worker.events.slice(marks[i]).find(event => event.kind === 'revoked')
        assert.ok(revoked !== undefined, `${worker.name} stopped its work while the broker was away`)
      })
      await Promise.all(workers.map(worker => worker.stop()))
    } finally {
      await broker.stop()
    }
  })
})
