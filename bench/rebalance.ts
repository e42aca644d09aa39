// How long a distributed kconnect cluster takes to rebalance (issue 4's goal: under 1 second plus
// the configured delay, from the JoinGroup to all tasks RUNNING, with 3 workers and 50 tasks).
//
//   npx node bench/rebalance.ts [--bootstrap host:port] [--repetitions 3] [--heartbeat-ms 3000] [--delay-ms 1000] [--settle-ms 12000]
//
// Three `kconnect distributed` workers (bin/kconnect, one process each) run five FileStreamSinks of
// ten tasks each (50 tasks). Each repetition then:
// - join: starts a fourth worker. The clock starts at the new worker's first "Rebalance started"
//   (logged as it sends JoinGroup, read from its log line's timestamp) and stops when GET
//   /connectors?expand=status on another worker first shows all 50 tasks RUNNING with the new
//   worker running its share (12 or 13 tasks on each of the four);
// - leave: stops the fourth worker with SIGTERM (it stops its tasks, then sends LeaveGroup). The
//   clock starts when its process has exited and stops when all 50 tasks are RUNNING on the three
//   others. Its tasks wait scheduled.rebalance.max.delay.ms for it to come back, as Kafka's
//   assignor makes them; the figure without that delay is reported too.
//
// Existing members learn of a rebalance at their next heartbeat, so a join or a leave costs up to
// heartbeat.interval.ms of waiting by the protocol's design (Java's workers alike); kconnect's
// members heartbeat every 100 ms for 10 s after each rebalance, so the follow-up round that hands
// revoked tasks over starts at once. Each phase starts after --settle-ms of quiet (past that
// window), as a real join or leave would. Statuses are polled every 20 ms. Results: printed, and
// saved to bench/results/<date>-rebalance.json.

import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import { oneBrokerClusterSettings } from '../scripts/servers/cluster-settings.ts'
import { startKafka, type KafkaBroker } from '../scripts/servers/kafka.ts'
import { writeProperties } from '../scripts/servers/worker-process.ts'
import { openLog } from '../src/log/index.ts'

const REPO = resolve(import.meta.dirname, '..')
const KCONNECT = join(REPO, 'bin', 'kconnect')
const CONNECTORS = 5
const TASKS_PER_CONNECTOR = 10
const TOTAL_TASKS = CONNECTORS * TASKS_PER_CONNECTOR
const POLL_MS = 20
const DEADLINE_MS = 120_000

/** A `kconnect distributed` process, with what it printed. */
class Worker {
  readonly child: ChildProcess
  readonly name: string
  output = ''
  url: string | null = null
  exitedAt: number | null = null

  constructor (name: string, workerFile: string, cwd: string) {
    this.name = name
    this.child = spawn(process.execPath, [KCONNECT, 'distributed', workerFile], { stdio: ['ignore', 'pipe', 'pipe'], cwd })
    const collect = (chunk: Buffer): void => {
      this.output += chunk.toString('utf8')
      this.url ??= /REST server listening at (http:\/\/[^\s,]+?)\/?[,\s]/.exec(this.output)?.[1] ?? null
    }
    this.child.stdout!.on('data', collect)
    this.child.stderr!.on('data', collect)
    this.child.on('exit', () => { this.exitedAt = Date.now() })
  }

  /** host:port, as statuses name the worker. */
  get id (): string {
    return new URL(this.url!).host
  }

  /** When this worker first logged `message` (epoch ms, from the log line's own timestamp), or null. */
  loggedAt (message: string): number | null {
    for (const line of this.output.split('\n')) {
      if (!line.includes(message)) continue
      const match = /^\[(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d),(\d{3})\]/.exec(line)
      if (match === null) continue
      const [, y, mo, d, h, mi, s, ms] = match.map(Number)
      return new Date(y, mo - 1, d, h, mi, s, ms).getTime()
    }
    return null
  }

  async healthy (): Promise<void> {
    await until(`${this.name} to be healthy`, async () => {
      if (this.child.exitCode !== null) throw new Error(`${this.name} exited:\n${this.output.split('\n').slice(-30).join('\n')}`)
      if (this.url === null) return false
      const response = await fetch(`${this.url}/health`).catch(() => null)
      await response?.arrayBuffer()
      return response?.status === 200
    })
  }

  async stop (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return
    const exited = once(this.child, 'exit')
    this.child.kill(signal)
    await exited
  }
}

async function until (what: string, check: () => Promise<boolean>, intervalMs = POLL_MS): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS
  while (!await check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(intervalMs)
  }
}

/** Task owners of every connector, as one worker's REST API reports them: worker id -> RUNNING task count, and how many are RUNNING in all. */
async function runningTasks (worker: Worker): Promise<{ total: number, perWorker: Map<string, number> }> {
  const perWorker = new Map<string, number>()
  let total = 0
  const response = await fetch(`${worker.url}/connectors?expand=status`).catch(() => null)
  if (response === null || response.status !== 200) {
    await response?.arrayBuffer()
    return { total, perWorker }
  }
  const body = await response.json() as Record<string, { status: { tasks: Array<{ state: string, worker_id: string }> } }>
  for (const { status } of Object.values(body)) {
    for (const task of status.tasks) {
      if (task.state !== 'RUNNING') continue
      total++
      perWorker.set(task.worker_id, (perWorker.get(task.worker_id) ?? 0) + 1)
    }
  }
  return { total, perWorker }
}

/** Whether all tasks run, spread as evenly as they can be over exactly `workers`. */
function balancedOver (state: { total: number, perWorker: Map<string, number> }, workers: readonly Worker[]): boolean {
  if (state.total !== TOTAL_TASKS) return false
  const ids = new Set(workers.map(w => w.id))
  if ([...state.perWorker.keys()].some(id => !ids.has(id))) return false
  const low = Math.floor(TOTAL_TASKS / workers.length)
  return workers.every(w => { const n = state.perWorker.get(w.id) ?? 0; return n === low || n === low + 1 })
}

function median (values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

async function main (): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      bootstrap: { type: 'string' },
      repetitions: { type: 'string', default: '3' },
      'heartbeat-ms': { type: 'string', default: '3000' },
      'delay-ms': { type: 'string', default: '1000' },
      'settle-ms': { type: 'string', default: '12000' },
    },
  })
  const repetitions = Number(args.repetitions)
  const heartbeatMs = Number(args['heartbeat-ms'])
  const delayMs = Number(args['delay-ms'])
  const settleMs = Number(args['settle-ms'])
  let broker: KafkaBroker | null = null
  const bootstrap = args.bootstrap ?? (broker = await startKafka()).bootstrap
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-bench-rebalance-'))
  const workers: Worker[] = []
  try {
    const group = `bench-rebalance-${Date.now()}`
    const settings: Record<string, string> = {
      ...oneBrokerClusterSettings(bootstrap, group),
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
      listeners: 'http://127.0.0.1:0',
      'heartbeat.interval.ms': String(heartbeatMs),
      'scheduled.rebalance.max.delay.ms': String(delayMs),
      'consumer.heartbeat.interval.ms': String(heartbeatMs),
    }
    const workerFile = join(dir, 'worker.properties')
    await writeProperties(workerFile, settings)
    const log = await openLog({ 'bootstrap.servers': bootstrap })
    const topics = Array.from({ length: CONNECTORS }, (_, i) => `${group}-topic-${i}`)
    await log.createTopics(topics.map(name => ({ name, partitions: TASKS_PER_CONNECTOR, replicationFactor: 1 })))
    await log.close()

    const start = async (name: string): Promise<Worker> => {
      const cwd = join(dir, name)
      await mkdir(cwd, { recursive: true })
      const worker = new Worker(name, workerFile, cwd)
      workers.push(worker)
      return worker
    }
    const base = await Promise.all(['w1', 'w2', 'w3'].map(start))
    await Promise.all(base.map(w => w.healthy()))
    for (let i = 0; i < CONNECTORS; i++) {
      await until(`connector sink-${i} to be created`, async () => {
        const response = await fetch(`${base[0].url}/connectors`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            name: `sink-${i}`,
            config: { 'connector.class': 'FileStreamSink', 'tasks.max': String(TASKS_PER_CONNECTOR), topics: topics[i], file: join(dir, `out-${i}.txt`) },
          }),
        })
        await response.arrayBuffer()
        if (response.status !== 201 && response.status !== 409) throw new Error(`creating sink-${i} answered ${response.status}`)
        return response.status === 201
      }, 200)
    }
    await until('50 tasks RUNNING on three workers', async () => balancedOver(await runningTasks(base[0]), base))
    console.log(`3 workers, ${TOTAL_TASKS} tasks RUNNING; heartbeat.interval.ms=${heartbeatMs}, scheduled.rebalance.max.delay.ms=${delayMs}`)

    const joins: number[] = []
    const leaves: number[] = []
    for (let r = 0; r < repetitions; r++) {
      // A quiet cluster: members heartbeat faster for 10 s after a rebalance, which would flatter the next one.
      await sleep(settleMs)
      const joining = await start(`join-${r}`)
      const everyone = [...base, joining]
      await until('the fourth worker to run its share', async () => joining.url !== null && balancedOver(await runningTasks(base[0]), everyone))
      const done = Date.now()
      const joinedAt = joining.loggedAt('Rebalance started')
      if (joinedAt === null) throw new Error('the new worker logged no "Rebalance started"')
      joins.push(done - joinedAt)

      await sleep(settleMs)
      await joining.stop('SIGTERM')
      const exitedAt = joining.exitedAt ?? Date.now()
      await until('the three others to run everything', async () => balancedOver(await runningTasks(base[0]), base))
      leaves.push(Date.now() - exitedAt)
      workers.splice(workers.indexOf(joining), 1)
      console.log(`repetition ${r + 1}: join ${joins.at(-1)} ms, leave ${leaves.at(-1)} ms (${leaves.at(-1)! - delayMs} ms beyond the delay)`)
    }
    const result = {
      scenario: 'rebalance',
      date: new Date().toISOString(),
      workers: 3,
      tasks: TOTAL_TASKS,
      heartbeatIntervalMs: heartbeatMs,
      scheduledRebalanceMaxDelayMs: delayMs,
      joinMs: joins,
      leaveMs: leaves,
      medianJoinMs: median(joins),
      medianLeaveBeyondDelayMs: median(leaves) - delayMs,
    }
    console.log(`median join: ${result.medianJoinMs} ms; median leave: ${median(leaves)} ms, ${result.medianLeaveBeyondDelayMs} ms beyond the delay`)
    const resultsDir = join(REPO, 'bench', 'results')
    await mkdir(resultsDir, { recursive: true })
    await writeFile(join(resultsDir, `${result.date.slice(0, 19).replaceAll(':', '-')}-rebalance.json`), JSON.stringify(result, null, 2) + '\n')
  } finally {
    await Promise.all(workers.map(w => w.stop('SIGTERM')))
    await rm(dir, { recursive: true, force: true })
    await broker?.stop()
  }
}

await main()
