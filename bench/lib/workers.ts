// The two engines under test, started the same way: a standalone worker on the benchmark's broker,
// with the same worker settings, on a free loopback port, timed from the moment its process is
// spawned to the moment GET / answers 200. Java runs with the JVM options of Kafka's own
// connect-standalone.sh (heap -Xms256M -Xmx2G, kafka-run-class.sh's G1 settings); kconnect runs
// bin/kconnect on this Node 24, as a user's `npx kconnect standalone` does.

import { spawn } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startConnect } from '../../scripts/servers/connect.ts'
import { freePort } from '../../scripts/servers/kafka.ts'
import { awaitWorkerRest, stopWorkerProcess, writeProperties, type WorkerProcess } from '../../scripts/servers/worker-process.ts'

/** Which implementation of Kafka Connect. */
export type Engine = 'java' | 'kconnect'

/** Both engines, in the order a repetition runs them when it starts with Java. */
export const ENGINES: readonly Engine[] = ['java', 'kconnect']

/** connect-standalone.sh's KAFKA_HEAP_OPTS and kafka-run-class.sh's KAFKA_JVM_PERFORMANCE_OPTS (Kafka 4.3). */
export const JAVA_CONNECT_JVM_OPTIONS: readonly string[] = [
  '-Xms256M', '-Xmx2G',
  '-server', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-XX:InitiatingHeapOccupancyPercent=35',
  '-XX:+ExplicitGCInvokesConcurrent', '-XX:MaxInlineLevel=15', '-Djava.awt.headless=true',
]

const REPO = resolve(import.meta.dirname, '..', '..')
/** How often start-up is checked (GET /): the resolution of the start-up figures. */
const REST_POLL_MS = 5

/** How to start a worker. */
export interface StartWorkerOptions {
  readonly bootstrap: string
  /** Worker settings on top of the common ones (converters, offset.flush.interval.ms, …). */
  readonly workerConfig: Record<string, string>
  /** Connector files (.properties) created at start, as connect-standalone.sh takes them. */
  readonly connectorFiles?: readonly string[]
  /** kconnect only: write a V8 CPU profile into this folder when the worker exits (--cpu-prof). */
  readonly cpuProfileDir?: string
  /** Called with each chunk the worker prints (kconnect only; Java's goes to its log file). */
  readonly onOutput?: (text: string) => void
  /** kconnect only: the checkout to run (a snapshot of a commit); default this one. */
  readonly kconnectDir?: string
}

/** A running worker of either engine. */
export interface BenchWorker {
  readonly engine: Engine
  readonly pid: number
  /** The REST API's base URL, no trailing slash. */
  readonly url: string
  /** performance.now() when the process was spawned and when GET / first answered 200. */
  readonly spawnedAt: number
  readonly readyAt: number
  readonly logFile: string
  /** Stops it gracefully (SIGTERM), and removes its folder unless asked to keep it. */
  stop (): Promise<void>
}

/** Starts a standalone worker of `engine`; resolves once GET / answers 200. */
export function startWorker (engine: Engine, options: StartWorkerOptions): Promise<BenchWorker> {
  const withExtra = { ...options, workerConfig: { ...options.workerConfig, ...experimentalWorkerSettings() } }
  return engine === 'java' ? startJava(withExtra) : startKconnect(withExtra)
}

/**
 * Worker settings for experiments, given to both engines on top of the scenario's:
 * KCONNECT_BENCH_WORKER_SETTINGS="producer.batch.size=1048576 producer.linger.ms=0". A run made with
 * them is not the comparison (which keeps every default): use --no-save.
 */
function experimentalWorkerSettings (): Record<string, string> {
  const settings: Record<string, string> = {}
  for (const pair of (process.env.KCONNECT_BENCH_WORKER_SETTINGS ?? '').split(' ').filter(p => p !== '')) {
    const at = pair.indexOf('=')
    if (at <= 0) throw new Error(`KCONNECT_BENCH_WORKER_SETTINGS: '${pair}' is not key=value`)
    settings[pair.slice(0, at)] = pair.slice(at + 1)
  }
  return settings
}

/** The worker settings both engines get, whatever the scenario. */
function commonWorkerConfig (bootstrap: string, port: number, dataDir: string): Record<string, string> {
  return {
    'bootstrap.servers': bootstrap,
    listeners: `http://127.0.0.1:${port}`,
    'offset.storage.file.filename': join(dataDir, 'connect.offsets'),
    // Kafka's config/connect-standalone.properties.
    'offset.flush.interval.ms': '10000',
    // Java: read ServiceLoader manifests instead of scanning every jar (its fastest start-up).
    'plugin.discovery': 'service_load',
  }
}

async function startJava (options: StartWorkerOptions): Promise<BenchWorker> {
  // startConnect picks the port and folder; the common settings it does not know come here.
  const worker = await startConnect({
    bootstrap: options.bootstrap,
    mode: 'standalone',
    workerConfig: { 'offset.flush.interval.ms': '10000', ...options.workerConfig },
    connectorFiles: [...options.connectorFiles ?? []],
    jvmOptions: JAVA_CONNECT_JVM_OPTIONS,
    restPollMs: REST_POLL_MS,
  })
  return {
    engine: 'java',
    pid: worker.pid,
    url: worker.url,
    spawnedAt: worker.spawnedAt,
    readyAt: worker.readyAt,
    logFile: worker.logFile,
    stop: () => worker.stop(),
  }
}

async function startKconnect (options: StartWorkerOptions): Promise<BenchWorker> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kconnect-bench-worker-'))
  const port = await freePort()
  const props = { ...commonWorkerConfig(options.bootstrap, port, dataDir), ...options.workerConfig }
  const workerFile = join(dataDir, 'worker.properties')
  await writeProperties(workerFile, props)
  const logFile = join(dataDir, 'kconnect.log')
  const log = createWriteStream(logFile)
  const profiling = options.cpuProfileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`]
  // For experiments with Node/V8 flags (heap sizing, say): KCONNECT_BENCH_NODE_FLAGS="--max-semi-space-size=4".
  const experimental = (process.env.KCONNECT_BENCH_NODE_FLAGS ?? '').split(' ').filter(f => f !== '')
  const spawnedAt = performance.now()
  const child = spawn(process.execPath, [...experimental, ...profiling, join(options.kconnectDir ?? REPO, 'bin', 'kconnect'), 'standalone', workerFile, ...options.connectorFiles ?? []],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: dataDir })
  child.stdout.pipe(log)
  child.stderr.pipe(log)
  if (options.onOutput !== undefined) child.stdout.on('data', (chunk: Buffer) => options.onOutput?.(chunk.toString('utf8')))
  const url = `http://127.0.0.1:${port}`
  const worker: WorkerProcess = { child, log, logFile, dataDir }
  await awaitWorkerRest(worker, { url, name: 'kconnect', timeoutMs: 60_000, pollMs: REST_POLL_MS })
  return { engine: 'kconnect', pid: child.pid ?? -1, url, spawnedAt, readyAt: performance.now(), logFile, stop: () => stopWorkerProcess(worker, 30_000) }
}

/** Creates a connector through the REST API (POST /connectors); throws with the answer when it is not 201. */
export async function createConnector (worker: BenchWorker, name: string, config: Record<string, string>): Promise<void> {
  const response = await fetch(`${worker.url}/connectors`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, config }),
  })
  const body = await response.text()
  if (response.status !== 201) throw new Error(`${worker.engine}: creating connector ${name} answered ${response.status}: ${body}`)
}

/** The connector's and its tasks' states (GET /connectors/<name>/status), for failure messages. */
export async function connectorStatus (worker: BenchWorker, name: string): Promise<string> {
  try {
    const response = await fetch(`${worker.url}/connectors/${encodeURIComponent(name)}/status`, { signal: AbortSignal.timeout(5000) })
    return await response.text()
  } catch (error) {
    return `(no status: ${(error as Error).message})`
  }
}
