// What the end-to-end tests share: a real `kconnect standalone` process (bin/kconnect) on the
// embedded log or the test broker, files of settings written as a user writes them, a REST client,
// a paced writer that appends lines to a file while the worker runs, readers for what landed
// (the sink's file, the offsets file, the sink's committed offsets; the topic's records are read
// with test/runtime/fixtures/harness.ts), and the delivery check that says exactly which
// duplicates a restart may leave.

import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { appendFile, readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { TopicPartition } from '../../src/api/sink/topic-partition.ts'
import type { Log } from '../../src/log/index.ts'
import type { IncomingRecord } from '../../src/log/log.ts'
import { readJavaByteMap } from '../../src/storage/java-serialized-map.ts'
import { parseOffsetKey, parseOffsetValue } from '../../src/storage/offset-utils.ts'
import { testBootstrap } from '../support/kafka.ts'

const REPO = resolve(import.meta.dirname, '..', '..')
const KCONNECT = join(REPO, 'bin', 'kconnect')
const DEADLINE_MS = 60_000

/** Which log the worker runs on. */
export type Backend = 'embedded' | 'kafka'

/** Waits until `check` holds, polling every `intervalMs`; fails naming `what` after the deadline. */
export async function eventually (what: string, check: () => Promise<boolean> | boolean, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS
  while (Date.now() < deadline) {
    if (await check()) return
    await sleep(intervalMs)
  }
  throw new Error(`${what} did not happen within ${DEADLINE_MS} ms`)
}

/** Writes a .properties file (java.util.Properties escapes: only backslashes matter here). */
export async function writeProperties (path: string, settings: Record<string, string>): Promise<string> {
  await writeFile(path, Object.entries(settings).map(([k, v]) => `${k}=${v.replaceAll('\\', '\\\\')}`).join('\n') + '\n')
  return path
}

/** The lines of a text file ('' for a missing file gives none); a last line without '\n' is left out (still being written). */
export async function completeLines (path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch(() => '')
  const lines = text.split('\n')
  lines.pop()
  return lines
}

/**
 * The worker settings of a test worker whose data lives in `dir`: the log of `backend`, the offsets
 * file, JsonConverter for keys and values (the quickstart's), and a short offset flush interval.
 */
export async function workerSettings (backend: Backend, dir: string, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const log: Record<string, string> = backend === 'embedded'
    ? { 'log.backend': 'embedded', 'log.embedded.dir': join(dir, 'log') }
    : {
        'bootstrap.servers': await testBootstrap(),
        // A sink whose worker was killed is still a member until its session times out; the
        // broker's minimum (6 s) keeps a restart after kill -9 short.
        'consumer.session.timeout.ms': '6000',
        'consumer.heartbeat.interval.ms': '1000',
      }
  return {
    ...log,
    listeners: 'http://127.0.0.1:0',
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'offset.storage.file.filename': join(dir, 'connect.offsets'),
    'offset.flush.interval.ms': '100',
    ...extra,
  }
}

/** A `kconnect standalone` (or `kconnect distributed`) process. */
export class WorkerProcess {
  readonly child: ChildProcess
  #output = ''
  #url: string | null = null

  readonly command: 'standalone' | 'distributed'

  constructor (args: readonly string[], command: 'standalone' | 'distributed' = 'standalone', env: NodeJS.ProcessEnv = process.env) {
    this.command = command
    this.child = spawn(process.execPath, [KCONNECT, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env })
    const collect = (chunk: Buffer): void => {
      this.#output += chunk.toString('utf8')
      this.#url ??= /REST server listening at (http:\/\/[^\s,]+?)\/?[,\s]/.exec(this.#output)?.[1] ?? null
    }
    this.child.stdout?.on('data', collect)
    this.child.stderr?.on('data', collect)
  }

  /** Everything it printed so far. */
  output (): string {
    return this.#output
  }

  /** The REST API's base URL, once it listens. */
  get url (): string {
    if (this.#url === null) throw new Error('the REST API is not listening yet')
    return this.#url
  }

  /** Resolves once /health says healthy (start-up complete, connector files created). */
  async ready (): Promise<this> {
    await eventually('the worker\'s start-up', async () => {
      if (this.child.exitCode !== null) throw new Error(`kconnect ${this.command} exited with ${this.child.exitCode}:\n${this.tail()}`)
      if (this.#url === null) return false
      return (await this.request('GET', '/health').catch(() => ({ status: 0 }))).status === 200
    })
    return this
  }

  /** eventually(), failing with the end of the worker's log, which says why. */
  async waitFor (what: string, check: () => Promise<boolean> | boolean): Promise<void> {
    try {
      await eventually(what, check)
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- the end of kconnect's log ---\n${this.tail()}`, { cause: error })
    }
  }

  /** The last lines it printed, without the health checks' request log. */
  tail (lines = 40): string {
    return this.#output.split('\n').filter(line => !line.includes('GET /health')).slice(-lines).join('\n')
  }

  /** Sends a request; the body is sent as JSON unless it is a string. */
  async request (method: string, path: string, body?: unknown): Promise<{ status: number, body: any, text: string }> {
    const response = await fetch(this.url + path, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    const text = await response.text()
    let parsed: unknown = null
    try {
      parsed = text === '' ? null : JSON.parse(text)
    } catch {
      // not JSON
    }
    return { status: response.status, body: parsed, text }
  }

  /** The states of a connector and its tasks: ['RUNNING', 'RUNNING', 'FAILED'] (connector first). */
  async states (name: string): Promise<string[]> {
    const { status, body } = await this.request('GET', `/connectors/${encodeURIComponent(name)}/status`)
    if (status !== 200) return []
    return [body.connector.state, ...body.tasks.map((t: { state: string }) => t.state)]
  }

  /** Sends `signal` and resolves with the exit code (null when a signal ended it). */
  async stop (signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode
    const exited = once(this.child, 'exit')
    this.child.kill(signal)
    const timer = setTimeout(() => this.child.kill('SIGKILL'), DEADLINE_MS)
    const [code] = await exited as [number | null]
    clearTimeout(timer)
    return code
  }
}

/** Starts `kconnect standalone <worker file> <connector files…>` and waits until it is ready. */
export async function startWorker (workerFile: string, connectorFiles: readonly string[]): Promise<WorkerProcess> {
  const worker = new WorkerProcess([workerFile, ...connectorFiles])
  try {
    return await worker.ready()
  } catch (error) {
    await worker.stop('SIGKILL')
    throw error
  }
}

/** The string a JsonConverter envelope (schemas enabled) holds. */
export function jsonPayload (record: IncomingRecord): string {
  const envelope = JSON.parse(new TextDecoder().decode(record.value ?? new Uint8Array())) as { payload: string }
  return envelope.payload
}

/** The committed offset of the sink's group on partition 0 of `topic` (0 when none). */
export async function sinkCommittedOffset (log: Log, sink: string, topic: string): Promise<number> {
  const offsets = await log.committedOffsets(`connect-${sink}`)
  return Number(offsets.get(new TopicPartition(topic, 0)) ?? 0n)
}

/** The FileStreamSource position the offsets file holds for `file` (0 when none); throws if the file is torn. */
export async function flushedPosition (offsetsFile: string, connector: string, file: string): Promise<number> {
  let bytes: Uint8Array
  try {
    bytes = await readFile(offsetsFile)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0
    throw error
  }
  for (const [key, value] of readJavaByteMap(bytes)) {
    const parsed = parseOffsetKey(key)
    if (parsed?.connector === connector && parsed.partition?.filename === file) {
      return Number(parseOffsetValue(connector, value)?.position ?? 0)
    }
  }
  return 0
}

/** The number of whole lines of `lines` that end at or before `position` (chars, as FileStreamSource counts). */
export function linesBefore (lines: readonly string[], position: number): number {
  let chars = 0
  for (let i = 0; i < lines.length; i++) {
    if (chars === position) return i
    chars += lines[i].length + 1
    if (chars > position) assert.fail(`position ${position} is not at the end of a line`)
  }
  assert.equal(chars, position, `position ${position} is past the input`)
  return lines.length
}

/**
 * Appends `lines` to `file` in chunks, pacing itself, while the test does other things. With
 * `holdAt`, it stops there until release() (so the test decides what is appended while the worker
 * is down, whatever the machine's speed). `done` resolves once every line was written.
 */
export class LineWriter {
  readonly done: Promise<void>
  #written = 0
  #release: () => void = () => {}
  readonly #released = new Promise<void>(resolve => { this.#release = resolve })

  constructor (file: string, lines: readonly string[], options: { from: number, to: number, chunk: number, pauseMs: number, holdAt?: number }) {
    this.#written = options.from
    this.done = (async () => {
      let next = options.from
      while (next < options.to) {
        const holding = options.holdAt !== undefined && next < options.holdAt
        if (!holding && options.holdAt !== undefined) await this.#released
        const end = Math.min(next + options.chunk, holding ? options.holdAt as number : options.to)
        await appendFile(file, lines.slice(next, end).map(line => line + '\n').join(''))
        this.#written = next = end
        await sleep(options.pauseMs)
      }
    })()
  }

  /** Lets a writer held at `holdAt` go on. */
  release (): void {
    this.#release()
  }

  /** How many lines of the whole input are in the file. */
  get written (): number {
    return this.#written
  }
}

/**
 * The lines of a stream test: `hello` first, then numbered lines with non-ASCII text, an empty
 * line every 97, and a long line (64 KiB of chars, more than one read of the source) every 2500.
 */
export function streamLines (count: number): string[] {
  const lines = ['hello']
  for (let i = 1; i < count; i++) {
    if (i % 97 === 0) lines.push('')
    else if (i % 2500 === 0) lines.push(`${i} long `.padEnd(65536, 'ü日😀x'))
    else lines.push(`${i} ünïcödé 日本語 😀 line`)
  }
  return lines
}

/** What one restart left behind: duplicates written by the source, and by the sink. */
export interface Duplicates {
  /** Lines the source sent again: read past its flushed offset before it stopped. */
  source: number
  /** Records the sink wrote again: written past its committed offset before it stopped. */
  sink: number
}

/**
 * Checks one interrupted delivery exactly. The source flushed the offset of `flushedLines` lines
 * before it stopped, so the topic holds input[0..m) then input[flushedLines..n) for some
 * m >= flushedLines. The sink's group had committed `sinkCommitted`, so the output holds
 * topic[0..a) then topic[sinkCommitted..) for some a >= sinkCommitted. Nothing may be missing, and
 * nothing may repeat outside those two windows.
 */
export function checkDelivery (input: readonly string[], topic: readonly string[], output: readonly string[],
  flushedLines: number, sinkCommitted: number): Duplicates {
  const m = topic.length - (input.length - flushedLines)
  assert.ok(m >= flushedLines && m <= input.length, `the topic holds ${topic.length} records for ${input.length} lines, ` +
    `${flushedLines} of them flushed before the restart`)
  assert.ok(sameLines(topic.slice(0, m), input.slice(0, m)), 'the topic starts with the input, in order')
  assert.ok(sameLines(topic.slice(m), input.slice(flushedLines)), `after the restart, the topic goes on from line ${flushedLines}, the flushed offset`)
  const a = output.length - (topic.length - sinkCommitted)
  assert.ok(a >= sinkCommitted && a <= topic.length, `the output has ${output.length} lines for ${topic.length} records, ` +
    `${sinkCommitted} committed by the sink before the restart`)
  assert.ok(sameLines(output.slice(0, a), topic.slice(0, a)), 'the output starts with the topic, in order')
  assert.ok(sameLines(output.slice(a), topic.slice(sinkCommitted)), `after the restart, the output goes on from record ${sinkCommitted}, the committed offset`)
  return { source: m - flushedLines, sink: a - sinkCommitted }
}

function sameLines (a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      assert.fail(`line ${i} differs: ${JSON.stringify(a[i].slice(0, 80))} vs ${JSON.stringify(b[i].slice(0, 80))}`)
    }
  }
  return true
}
