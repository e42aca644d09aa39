// Starts and stops a real single-node Apache Kafka broker (KRaft, broker and controller in one
// process) on 127.0.0.1, from Maven Central jars. Each broker gets free ports and its own
// temporary data folder, so two runs on one machine never collide.
//
//   npx node scripts/servers/kafka.ts start   # prints the bootstrap address, keeps running
//
// Tests use startKafka() from test/global-setup.ts.

import { spawn, execFile, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { resolveClasspath, REPO_ROOT } from './maven.ts'
import { KAFKA_VERSION, LOG4J_VERSION } from './versions.ts'

const run = promisify(execFile)
const KAFKA_DIR = join(REPO_ROOT, 'scripts', 'servers', 'kafka')
const READY_LINE = 'Kafka Server started'

/** A running broker. */
export interface KafkaBroker {
  /** host:port for `bootstrap.servers`. */
  readonly bootstrap: string
  readonly dataDir: string
  readonly logFile: string
  readonly pid: number
  stop (): Promise<void>
  /**
   * Stops the broker process, keeping its data and ports, then starts it again once `downMs`
   * passed; resolves when it is ready again. For tests of a broker that goes away for a while.
   */
  restart (downMs?: number): Promise<void>
}

export interface StartKafkaOptions {
  /** How long to wait for the broker to say it started. */
  timeoutMs?: number
  /** Extra server.properties entries (they win over the defaults). */
  overrides?: Record<string, string>
  /** Keep the data folder after stop (to look at a failed run). */
  keepData?: boolean
}

/** Resolves the broker's classpath from Maven Central (downloaded once, then cached). */
export function kafkaClasspath (): Promise<string> {
  return resolveClasspath(join(KAFKA_DIR, 'pom.xml'), { 'kafka.version': KAFKA_VERSION, 'log4j.version': LOG4J_VERSION })
}

/** A port on 127.0.0.1 that nothing listens on right now. */
export async function freePort (): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  server.close()
  if (address === null || typeof address === 'string') throw new Error('could not pick a free port')
  return address.port
}

function serverProperties (dataDir: string, brokerPort: number, controllerPort: number, overrides: Record<string, string>): string {
  const props: Record<string, string> = {
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${brokerPort},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${brokerPort}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': join(dataDir, 'log'),
    'num.partitions': '1',
    'auto.create.topics.enable': 'true',
    // A single node: every internal topic has one replica and few partitions, so first use is fast.
    'offsets.topic.replication.factor': '1',
    'offsets.topic.num.partitions': '1',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'transaction.state.log.num.partitions': '1',
    'share.coordinator.state.topic.replication.factor': '1',
    'share.coordinator.state.topic.min.isr': '1',
    'share.coordinator.state.topic.num.partitions': '1',
    // Connect's worker group and sink consumer groups would otherwise wait 3 s on every first join.
    'group.initial.rebalance.delay.ms': '0',
    'num.network.threads': '2',
    'num.io.threads': '4',
    ...overrides,
  }
  return Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n') + '\n'
}

/** Formats a fresh data folder and starts a broker on free loopback ports; resolves once it is ready. */
export async function startKafka (options: StartKafkaOptions = {}): Promise<KafkaBroker> {
  const classpath = await kafkaClasspath()
  const dataDir = await mkdtemp(join(tmpdir(), 'kconnect-kafka-'))
  const brokerPort = await freePort()
  const controllerPort = await freePort()
  const configFile = join(dataDir, 'server.properties')
  const logFile = join(dataDir, 'broker.log')
  await writeFile(configFile, serverProperties(dataDir, brokerPort, controllerPort, options.overrides ?? {}))

  // Passed as --cluster-id=<id>: a random id may start with '-', which would read as an option.
  const clusterId = randomClusterId()
  const jvmLogging = [`-Dlog4j2.configurationFile=${join(KAFKA_DIR, 'log4j2.properties')}`, `-Dkafka.logs.dir=${dataDir}`]
  try {
    await run('java', ['-cp', classpath, ...jvmLogging, 'kafka.tools.StorageTool', 'format',
      `--cluster-id=${clusterId}`, '-c', configFile, '--ignore-formatted'], { maxBuffer: 16 * 1024 * 1024 })
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true })
    throw new Error(`Formatting the Kafka data folder failed: ${(error as Error).message}`)
  }

  const log = createWriteStream(logFile)
  const spawnBroker = (): ChildProcess => {
    const process = spawn('java', ['-Xms256m', '-Xmx512m', '-XX:+UseG1GC', '-Djava.awt.headless=true',
      ...jvmLogging, '-cp', classpath, 'kafka.Kafka', configFile], { stdio: ['ignore', 'pipe', 'pipe'] })
    process.stdout.pipe(log, { end: false })
    process.stderr.pipe(log, { end: false })
    return process
  }
  let child = spawnBroker()

  const stop = async (): Promise<void> => {
    await stopProcess(child, 30_000)
    log.end()
    if (options.keepData !== true) await rm(dataDir, { recursive: true, force: true })
  }

  const ready = async (): Promise<void> => {
    try {
      await waitForLine(child, READY_LINE, options.timeoutMs ?? 120_000)
    } catch (error) {
      const tail = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-40).join('\n')
      await stop()
      throw new Error(`The Kafka broker did not start: ${(error as Error).message}\nLast lines of its log:\n${tail}`)
    }
  }
  await ready()

  const restart = async (downMs = 0): Promise<void> => {
    await stopProcess(child, 30_000)
    if (downMs > 0) await new Promise(resolve => setTimeout(resolve, downMs))
    child = spawnBroker()
    await ready()
  }
  return {
    bootstrap: `127.0.0.1:${brokerPort}`,
    dataDir,
    logFile,
    get pid () { return child.pid ?? -1 },
    stop,
    restart,
  }
}

function randomClusterId (): string {
  // A cluster id is 16 random bytes in URL-safe base64 without padding, as StorageTool random-uuid prints.
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url')
}

function waitForLine (child: ChildProcess, line: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = ''
    const timer = setTimeout(() => finish(new Error(`no "${line}" within ${timeoutMs} ms`)), timeoutMs)
    const onData = (chunk: Buffer): void => {
      // Keep only a tail, long enough to hold the ready line split across two chunks.
      seen = (seen + chunk.toString('utf8')).slice(-4096)
      if (seen.includes(line)) finish()
    }
    const onExit = (code: number | null): void => finish(new Error(`the broker exited with code ${code}`))
    function finish (error?: Error): void {
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      child.off('exit', onExit)
      if (error === undefined) resolve()
      else reject(error)
    }
    child.stdout?.on('data', onData)
    child.once('exit', onExit)
  })
}

/** SIGTERM, then SIGKILL if the process has not exited within `graceMs`. */
export async function stopProcess (child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}

async function main (command: string | undefined): Promise<void> {
  if (command === 'classpath') {
    console.log(await kafkaClasspath())
    return
  }
  if (command !== 'start') {
    console.error('usage: npx node scripts/servers/kafka.ts start|classpath\n' +
      '  start      start a broker on free 127.0.0.1 ports; prints its bootstrap address; Ctrl-C stops it\n' +
      '  classpath  download the broker jars (once) and print their classpath')
    process.exitCode = 2
    return
  }
  const broker = await startKafka()
  console.log(`Kafka ${KAFKA_VERSION} is running: bootstrap.servers=${broker.bootstrap} (log: ${broker.logFile}). Ctrl-C stops it.`)
  const shutdown = (): void => { broker.stop().then(() => process.exit(0), () => process.exit(1)) }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
}

if (import.meta.main) await main(process.argv[2])
