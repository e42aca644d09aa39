// Starts and stops Apache Kafka Connect (Java, standalone or distributed) of KAFKA_VERSION, from
// Maven Central jars, on a free 127.0.0.1 port with its own temporary folder. Parity tests run it
// next to kconnect and compare what the two answer; benchmarks run it to compare speed and memory.
//
//   npx node scripts/servers/connect.ts start [standalone|distributed] [bootstrap.servers]
//
// Without a bootstrap address the command starts a broker of its own (scripts/servers/kafka.ts).

import { spawn } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { oneBrokerClusterSettings } from './cluster-settings.ts'
import { freePort, startKafka } from './kafka.ts'
import { resolveClasspath, REPO_ROOT } from './maven.ts'
import { KAFKA_VERSION, LOG4J_VERSION } from './versions.ts'
import { awaitWorkerRest, stopWorkerProcess, writeProperties, type WorkerProcess } from './worker-process.ts'

const CONNECT_DIR = join(REPO_ROOT, 'scripts', 'servers', 'connect')
const MAIN_CLASS = {
  standalone: 'org.apache.kafka.connect.cli.ConnectStandalone',
  distributed: 'org.apache.kafka.connect.cli.ConnectDistributed',
} as const

export type ConnectMode = keyof typeof MAIN_CLASS

export interface StartConnectOptions {
  /** The broker Connect talks to (`bootstrap.servers`). */
  bootstrap: string
  /** Default standalone. */
  mode?: ConnectMode
  /** Worker config entries; they win over the defaults written here. */
  workerConfig?: Record<string, string>
  /** Standalone only: connector config files (.properties or .json) to create at start. */
  connectorFiles?: string[]
  /** How long to wait for the REST API to answer. */
  timeoutMs?: number
  /** Keep the temporary folder after stop (to look at a failed run). */
  keepData?: boolean
  /** JVM options instead of the defaults (a small heap, tuned for quick test start-up); benchmarks pass Kafka's scripts' own. */
  jvmOptions?: readonly string[]
  /** How often to ask GET / while waiting for the REST API; default 250 ms. */
  restPollMs?: number
}

/** A running Java Kafka Connect worker. */
export interface ConnectWorker {
  /** The REST API's base URL, without a trailing slash: http://127.0.0.1:<port>. */
  readonly url: string
  readonly port: number
  readonly mode: ConnectMode
  /** The temporary folder: worker.properties, the log, the standalone offsets file. */
  readonly dataDir: string
  readonly logFile: string
  readonly pid: number
  /** performance.now() when the JVM was spawned, and when GET / first answered 200 (start-up benchmarks). */
  readonly spawnedAt: number
  readonly readyAt: number
  stop (): Promise<void>
}

/** Resolves Connect's classpath from Maven Central (downloaded once, then cached). */
export function connectClasspath (): Promise<string> {
  return resolveClasspath(join(CONNECT_DIR, 'pom.xml'), { 'kafka.version': KAFKA_VERSION, 'log4j.version': LOG4J_VERSION })
}

function workerProperties (mode: ConnectMode, dataDir: string, port: number, options: StartConnectOptions): Record<string, string> {
  const common: Record<string, string> = {
    'bootstrap.servers': options.bootstrap,
    listeners: `http://127.0.0.1:${port}`,
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'offset.flush.interval.ms': '1000',
    // connect-file, connect-json and connect-transforms ship ServiceLoader manifests: no classpath scan.
    'plugin.discovery': 'service_load',
  }
  if (mode === 'standalone') {
    return { ...common, 'offset.storage.file.filename': join(dataDir, 'connect.offsets'), ...options.workerConfig }
  }
  // Unique group and topic names, so that several workers can share one broker without meeting.
  const id = basename(dataDir).slice('kconnect-java-connect-'.length)
  return {
    ...common,
    ...oneBrokerClusterSettings(options.bootstrap, `connect-cluster-${id}`),
    'offset.storage.partitions': '1',
    'status.storage.partitions': '1',
    'rest.advertised.host.name': '127.0.0.1',
    'rest.advertised.port': String(port),
    // The default (5 minutes) delays moving a departed worker's tasks.
    'scheduled.rebalance.max.delay.ms': '0',
    ...options.workerConfig,
  }
}

/** Starts a Connect worker on a free loopback port; resolves once GET / answers 200. */
export async function startConnect (options: StartConnectOptions): Promise<ConnectWorker> {
  const mode = options.mode ?? 'standalone'
  const classpath = await connectClasspath()
  const dataDir = await mkdtemp(join(tmpdir(), 'kconnect-java-connect-'))
  const port = await freePort()
  const configFile = join(dataDir, 'worker.properties')
  const logFile = join(dataDir, 'connect.log')
  const props = workerProperties(mode, dataDir, port, options)
  await writeProperties(configFile, props)

  const jvm = [...(options.jvmOptions ?? ['-Xms128m', '-Xmx768m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true']),
    `-Dlog4j2.configurationFile=${join(CONNECT_DIR, 'log4j2.properties')}`]
  const args = [...jvm, '-cp', classpath, MAIN_CLASS[mode], configFile,
    ...(mode === 'standalone' ? options.connectorFiles ?? [] : [])]
  const spawnedAt = performance.now()
  const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const log = createWriteStream(logFile)
  child.stdout.pipe(log)
  child.stderr.pipe(log)

  const url = `http://127.0.0.1:${port}`
  const worker: WorkerProcess = { child, log, logFile, dataDir, keepData: options.keepData }
  await awaitWorkerRest(worker, { url, name: `Java Kafka Connect (${mode})`, timeoutMs: options.timeoutMs ?? 120_000, pollMs: options.restPollMs ?? 250 })
  const readyAt = performance.now()
  return { url, port, mode, dataDir, logFile, pid: child.pid ?? -1, spawnedAt, readyAt, stop: () => stopWorkerProcess(worker, 30_000) }
}

async function main (argv: string[]): Promise<void> {
  const [command, modeArg, bootstrapArg] = argv
  if (command === 'classpath') {
    console.log(await connectClasspath())
    return
  }
  if (command !== 'start' || (modeArg !== undefined && !(modeArg in MAIN_CLASS))) {
    console.error('usage: npx node scripts/servers/connect.ts start [standalone|distributed] [bootstrap.servers]\n' +
      '       npx node scripts/servers/connect.ts classpath\n' +
      '  start      start Java Kafka Connect on a free 127.0.0.1 port (and a broker, if no address is given)\n' +
      '  classpath  download the Connect jars (once) and print their classpath')
    process.exitCode = 2
    return
  }
  const broker = bootstrapArg === undefined ? await startKafka() : undefined
  const worker = await startConnect({ mode: modeArg as ConnectMode | undefined, bootstrap: bootstrapArg ?? broker!.bootstrap })
  console.log(`Kafka Connect ${KAFKA_VERSION} (${worker.mode}) is running: ${worker.url} (log: ${worker.logFile}` +
    `${broker === undefined ? '' : `, broker ${broker.bootstrap}`}). Ctrl-C stops it.`)
  const shutdown = (): void => {
    worker.stop().then(() => broker?.stop()).then(() => process.exit(0), () => process.exit(1))
  }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
}

if (import.meta.main) await main(process.argv.slice(2))
