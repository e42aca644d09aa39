// Exactly-once source support (KIP-618) on a cluster of kconnect distributed workers: a
// FileStream source writes its records and their offsets in transactions (transactional id
// <group.id>-<connector>-<task>); the worker running it is killed with SIGKILL mid-stream, its
// task starts again on a survivor, fences out the dead producer and resumes from the committed
// offset, and a read_committed consumer sees every line exactly once.

import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { openLog, type Log } from '../../src/log/index.ts'
import { testBootstrap, uniqueName } from '../support/kafka.ts'
import { awaitRunning, Cluster, createConnector, numberedLines, readAll, retried, statusOf, values } from './distributed-support.ts'
import { LineWriter } from './support.ts'

const LINES = 5000

describe('exactly-once source support', { timeout: 600_000 }, () => {
  let dir: string
  let log: Log
  let cluster: Cluster

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kconnect-eos-'))
    log = await openLog({ 'bootstrap.servers': await testBootstrap() })
    cluster = await Cluster.start(dir, 3, { 'exactly.once.source.support': 'enabled' })
  })

  after(async () => {
    await cluster?.kill()
    await log?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('refuses exactly.once.support=required for a connector that cannot say it supports it', async () => {
    const answer = await retried(cluster.workers[1], 'PUT', '/connector-plugins/FileStreamSource/config/validate', {
      'connector.class': 'FileStreamSource', name: 'stdin-src', topic: 't', 'exactly.once.support': 'required',
    })
    assert.equal(answer.status, 200)
    const eos = answer.body.configs.find((c: { value: { name: string } }) => c.value.name === 'exactly.once.support')
    assert.deepEqual(eos.value.errors, ['The connector does not support exactly-once semantics with the provided configuration.'])
  })

  it('delivers every line exactly once to read_committed consumers across a kill -9', async () => {
    const topic = uniqueName('eos-data')
    await log.createTopics([{ name: topic, partitions: 2, replicationFactor: 1 }])
    const input = join(dir, 'in.txt')
    await writeFile(input, '')
    const [w0] = cluster.workers
    await createConnector(w0, 'eos-src', {
      'connector.class': 'FileStreamSource', file: input, topic, 'batch.size': '50', 'exactly.once.support': 'required',
    })
    const lines = numberedLines('e', LINES)
    const writer = new LineWriter(input, lines, { from: 0, to: LINES, chunk: 25, pauseMs: 15 })
    const running = await awaitRunning(w0, 'eos-src', 1)
    const victim = running.tasks[0].worker_id as string
    await w0.waitFor('a third of the lines committed', async () => values(await readAll(log, topic, 'read_committed')).length >= LINES / 3)
    await cluster.byId(victim).stop('SIGKILL')
    const survivor = cluster.live()[0]
    await survivor.waitFor('the task running on a survivor', async () => {
      const task = (await statusOf(survivor, 'eos-src'))?.tasks[0]
      return task?.state === 'RUNNING' && task.worker_id !== victim
    })
    await writer.done
    await survivor.waitFor('every line committed', async () => values(await readAll(log, topic, 'read_committed')).length >= LINES)
    const committed = values(await readAll(log, topic, 'read_committed'))
    const counts = new Map<string, number>()
    for (const line of committed) counts.set(line, (counts.get(line) ?? 0) + 1)
    assert.deepEqual(lines.filter(line => counts.get(line) !== 1), [], 'every line exactly once')
    assert.equal(committed.length, LINES)
    // The dead worker's open transaction held records a read_uncommitted consumer may still see (aborted).
    const everything = values(await readAll(log, topic, 'read_uncommitted'))
    assert.ok(everything.length >= LINES)
  })
})
