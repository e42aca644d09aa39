// Workers of a distributed cluster die and come and go while lines stream through a FileStream
// source and a three-task sink: after a kill -9 the dead worker's tasks move to the survivors
// (after the session timeout and scheduled.rebalance.max.delay.ms) and every line arrives, the
// duplicates being exactly the lines read after the source's last committed offset; a rolling
// restart (a worker added, then an old one stopped with SIGTERM, three times) loses nothing and
// repeats nothing.

import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { openLog, type Log } from '../../src/log/index.ts'
import { testBootstrap, uniqueName } from '../support/kafka.ts'
import {
  awaitRunning, Cluster, committedPositions, createConnector, lineCounts, numberedLines, readAll, statusOf, values,
} from './distributed-support.ts'
import { LineWriter } from './support.ts'

const LINES = 6000

describe('workers failing and restarting mid-stream', { timeout: 600_000 }, () => {
  let dir: string
  let log: Log

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kconnect-failover-'))
    log = await openLog({ 'bootstrap.servers': await testBootstrap() })
  })

  after(async () => {
    await log?.close()
    await rm(dir, { recursive: true, force: true })
  })

  /** A source reading `input` into a three-partition topic and a three-task sink writing `output`. */
  async function pipeline (cluster: Cluster, name: string): Promise<{ input: string, output: string, topic: string }> {
    const topic = uniqueName(`${name}-data`)
    await log.createTopics([{ name: topic, partitions: 3, replicationFactor: 1 }])
    const input = join(dir, `${name}-in.txt`)
    const output = join(dir, `${name}-out.txt`)
    await writeFile(input, '')
    const [w0] = cluster.workers
    await createConnector(w0, `${name}-src`, { 'connector.class': 'FileStreamSource', file: input, topic, 'batch.size': '100' })
    await createConnector(w0, `${name}-sink`, { 'connector.class': 'FileStreamSink', file: output, topics: topic, 'tasks.max': '3' })
    await awaitRunning(w0, `${name}-src`, 1)
    await awaitRunning(w0, `${name}-sink`, 3)
    return { input, output, topic }
  }

  it('moves a killed worker\'s tasks to the survivors; every line arrives, repeated only past the committed offset', async () => {
    const cluster = await Cluster.start(dir, 3)
    try {
      const { input, output, topic } = await pipeline(cluster, 'kill')
      const lines = numberedLines('k', LINES)
      const writer = new LineWriter(input, lines, { from: 0, to: LINES, chunk: 40, pauseMs: 20 })
      const [w0] = cluster.workers
      await w0.waitFor('a third of the lines sent', async () => (await lineCounts(output)).size >= LINES / 3)
      const victim = (await statusOf(w0, 'kill-src')).tasks[0].worker_id as string
      await cluster.byId(victim).stop('SIGKILL')
      const survivor = cluster.live()[0]
      await survivor.waitFor('the source task running on a survivor', async () => {
        const task = (await statusOf(survivor, 'kill-src'))?.tasks[0]
        return task?.state === 'RUNNING' && task.worker_id !== victim
      })
      await writer.done
      await survivor.waitFor('every line in the output', async () => (await lineCounts(output)).size === LINES)

      const topicLines = values(await readAll(log, topic))
      const inTopic = new Map<string, number>()
      for (const line of topicLines) inTopic.set(line, (inTopic.get(line) ?? 0) + 1)
      // The source sends again only what it read after its last committed position: one run of lines starting there.
      const repeated = lines.map((line, i) => [i, inTopic.get(line) ?? 0] as const).filter(([, n]) => n > 1).map(([i]) => i)
      assert.ok(lines.every(line => (inTopic.get(line) ?? 0) >= 1), 'every line reached the topic')
      if (repeated.length > 0) {
        const first = repeated[0]
        assert.deepEqual(repeated, Array.from({ length: repeated.length }, (_unused, i) => first + i), 'the repeated lines are one run')
        const committedLines = (await committedPositions(log, `${cluster.groupId}-offsets`, 'kill-src', input)).map(p => p / (lines[0].length + 1))
        assert.ok(committedLines.includes(first), `the run starts at a committed offset (line ${first}; committed: ${committedLines.slice(-5).join(', ')}…)`)
      }
      // The sink writes again only records past its committed offsets: never more copies than the topic holds, plus one.
      const written = await lineCounts(output)
      for (const line of lines) {
        const copies = written.get(line) ?? 0
        assert.ok(copies >= 1 && copies <= (inTopic.get(line) ?? 0) + 1, `${line}: ${copies} copies in the output, ${inTopic.get(line)} in the topic`)
      }
    } finally {
      await cluster.kill()
    }
  })

  it('loses and repeats nothing in a rolling restart of all three workers', async () => {
    const cluster = await Cluster.start(dir, 3)
    try {
      const { input, output } = await pipeline(cluster, 'roll')
      const lines = numberedLines('r', LINES)
      const writer = new LineWriter(input, lines, { from: 0, to: LINES, chunk: 20, pauseMs: 25 })
      const originals = [...cluster.workers]
      for (const old of originals) {
        const added = await cluster.add()
        await old.stop('SIGTERM')
        await awaitRunning(added, 'roll-src', 1)
        await awaitRunning(added, 'roll-sink', 3)
      }
      await writer.done
      const last = cluster.live()[0]
      await last.waitFor('every line in the output', async () => (await lineCounts(output)).size === LINES)
      const written = await lineCounts(output)
      const repeated = lines.filter(line => written.get(line) !== 1)
      assert.deepEqual(repeated, [], 'every line exactly once')
      assert.equal(originals.every(w => w.child.exitCode === 0), true, 'the stopped workers exited 0')
    } finally {
      await cluster.kill()
    }
  })
})
