// What the distributed-mode tests share: a cluster of real `kconnect distributed` processes on
// loopback and the test broker (one group.id, its own three internal topics), the REST calls a
// user makes (retried while the cluster rebalances, as a client of Kafka Connect must), and
// readers of what the connectors did.

import assert from 'node:assert/strict'
import { join } from 'node:path'
import { oneBrokerClusterSettings } from '../../scripts/servers/cluster-settings.ts'
import { TopicPartition } from '../../src/api/sink/topic-partition.ts'
import type { IncomingRecord, Log } from '../../src/log/log.ts'
import { parseOffsetKey, parseOffsetValue } from '../../src/storage/offset-utils.ts'
import { testBootstrap, uniqueName } from '../support/kafka.ts'
import { completeLines, eventually, WorkerProcess, writeProperties } from './support.ts'

/** The settings of a test cluster's workers: short timeouts so failures are noticed in seconds. */
export async function clusterSettings (groupId: string, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  return {
    ...oneBrokerClusterSettings(await testBootstrap(), groupId),
    'offset.storage.partitions': '5',
    'status.storage.partitions': '3',
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
    listeners: 'http://127.0.0.1:0',
    'offset.flush.interval.ms': '200',
    // The broker's minimum session timeout: a killed worker is noticed in 6 s.
    'session.timeout.ms': '6000',
    'heartbeat.interval.ms': '1000',
    'scheduled.rebalance.max.delay.ms': '2000',
    // Sink tasks' consumers, likewise.
    'consumer.session.timeout.ms': '6000',
    'consumer.heartbeat.interval.ms': '1000',
    ...extra,
  }
}

/** A REST answer. */
export interface Answer {
  status: number
  body: any
  text: string
}

/** A cluster of kconnect distributed workers that share one worker file. */
export class Cluster {
  readonly groupId: string
  readonly workerFile: string
  readonly workers: WorkerProcess[] = []

  constructor (groupId: string, workerFile: string) {
    this.groupId = groupId
    this.workerFile = workerFile
  }

  /** Writes the worker file into `dir` and starts `count` workers (in parallel), each healthy. */
  static async start (dir: string, count: number, extra: Record<string, string> = {}, groupId = uniqueName('kc-cluster')): Promise<Cluster> {
    const file = await writeProperties(join(dir, `${groupId}.properties`), await clusterSettings(groupId, extra))
    const cluster = new Cluster(groupId, file)
    await Promise.all(Array.from({ length: count }, () => cluster.add()))
    return cluster
  }

  /** Starts one more worker and waits until it is healthy (it joined the group). */
  async add (): Promise<WorkerProcess> {
    const worker = new WorkerProcess([this.workerFile], 'distributed')
    this.workers.push(worker)
    try {
      return await worker.ready()
    } catch (error) {
      await worker.stop('SIGKILL')
      throw error
    }
  }

  /** The workers still running. */
  live (): WorkerProcess[] {
    return this.workers.filter(w => w.child.exitCode === null && w.child.signalCode === null)
  }

  /** The worker whose id (host:port) is `workerId`. */
  byId (workerId: string): WorkerProcess {
    const worker = this.workers.find(w => new URL(w.url).host === workerId)
    if (worker === undefined) throw new Error(`no worker has id ${workerId}`)
    return worker
  }

  /** Stops every worker still running, gracefully. */
  async stop (): Promise<void> {
    await Promise.all(this.live().map(w => w.stop('SIGTERM')))
  }

  /** Kills every worker at once (after a failed test). */
  async kill (): Promise<void> {
    await Promise.all(this.workers.map(w => w.stop('SIGKILL')))
  }
}

/**
 * A REST request that a rebalance may turn away for a moment: 409s (no leader known yet, stale
 * configuration) and 503s are retried until the deadline, as a client of Kafka Connect does.
 */
export async function retried (worker: WorkerProcess, method: string, path: string, body?: unknown): Promise<Answer> {
  let answer: Answer = { status: 0, body: null, text: '' }
  await eventually(`${method} ${path}`, async () => {
    answer = await worker.request(method, path, body)
    return answer.status !== 409 && answer.status !== 503 &&
      !(answer.status === 500 && /rebalance is expected|Request timed out/.test(answer.text))
  }, 200)
  return answer
}

/** Creates a connector through `worker` (any worker: a follower forwards to the leader). */
export async function createConnector (worker: WorkerProcess, name: string, config: Record<string, string>): Promise<Answer> {
  const answer = await retried(worker, 'POST', '/connectors', { name, config })
  assert.equal(answer.status, 201, `creating ${name}: ${answer.text}`)
  return answer
}

/** The status body of a connector, or null when there is none yet. */
export async function statusOf (worker: WorkerProcess, name: string): Promise<any> {
  const { status, body } = await worker.request('GET', `/connectors/${encodeURIComponent(name)}/status`)
  return status === 200 ? body : null
}

/** Waits until the connector and `tasks` tasks are RUNNING, as `worker` reports them; resolves with the status. */
export async function awaitRunning (worker: WorkerProcess, name: string, tasks: number): Promise<any> {
  let status: any = null
  await worker.waitFor(`${name} and ${tasks} tasks RUNNING`, async () => {
    status = await statusOf(worker, name)
    return status !== null && status.connector.state === 'RUNNING' && status.tasks.length === tasks &&
      status.tasks.every((t: { state: string }) => t.state === 'RUNNING')
  })
  return status
}

/** How many times each line occurs in a file of lines (only complete lines). */
export async function lineCounts (file: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>()
  for (const line of await completeLines(file)) counts.set(line, (counts.get(line) ?? 0) + 1)
  return counts
}

/** Lines `0`..`count-1` with a prefix: unique, so duplicates and losses can be counted. */
export function numberedLines (prefix: string, count: number, from = 0): string[] {
  return Array.from({ length: count }, (_unused, i) => `${prefix}-${String(from + i).padStart(6, '0')}`)
}

/** Every record of every partition of `topic`, as a read_committed or read_uncommitted consumer sees them. */
export async function readAll (log: Log, topic: string, isolationLevel: 'read_committed' | 'read_uncommitted' = 'read_uncommitted'): Promise<IncomingRecord[]> {
  const description = (await log.describeTopics([topic])).get(topic)
  if (description === undefined) return []
  const partitions = Array.from({ length: description.partitions }, (_unused, p) => new TopicPartition(topic, p))
  const ends = await log.listOffsets(partitions, 'latest', isolationLevel)
  const consumer = log.createConsumer({ clientId: uniqueName('e2e-read'), isolationLevel })
  try {
    consumer.assign(partitions)
    await consumer.seekToBeginning(partitions)
    const records: IncomingRecord[] = []
    await eventually(`reading ${topic} to its end`, async () => {
      records.push(...await consumer.poll(200))
      for (const partition of partitions) {
        if (await consumer.position(partition) < (ends.get(partition) ?? 0n)) return false
      }
      return true
    }, 0)
    return records
  } finally {
    await consumer.close()
  }
}

/** The text values of records. */
export function values (records: readonly IncomingRecord[]): string[] {
  return records.map(r => new TextDecoder().decode(r.value ?? new Uint8Array()))
}

/** The FileStreamSource positions committed to an offsets topic for `file`, in the order written. */
export async function committedPositions (log: Log, offsetsTopic: string, connector: string, file: string): Promise<number[]> {
  const positions: number[] = []
  for (const record of await readAll(log, offsetsTopic)) {
    const key = parseOffsetKey(record.key)
    if (key?.connector !== connector || key.partition?.filename !== file) continue
    const position = parseOffsetValue(connector, record.value)?.position
    if (position !== undefined && position !== null) positions.push(Number(position))
  }
  return positions
}

/** The counts of each connector and task per worker id, from the statuses of `names`. */
export function spread (statuses: readonly any[]): Map<string, { connectors: number, tasks: number }> {
  const perWorker = new Map<string, { connectors: number, tasks: number }>()
  const entry = (id: string): { connectors: number, tasks: number } => {
    let found = perWorker.get(id)
    if (found === undefined) perWorker.set(id, found = { connectors: 0, tasks: 0 })
    return found
  }
  for (const status of statuses) {
    entry(status.connector.worker_id).connectors++
    for (const task of status.tasks) entry(task.worker_id).tasks++
  }
  return perWorker
}
