// `kconnect quickstart` (the README's `npm start`): Kafka Connect's file quickstart, with nothing
// to install. It runs the standalone worker of config/connect-standalone.properties (topics in the
// embedded log) with the FileStream source and sink of config/, appends lines to the source file,
// and shows each one arriving in the sink file, then tells the user where to look and how to stop.
//
// In a terminal it keeps running until Ctrl-C, so the user can append lines and try the REST API.
// Without one (CI, a pipe) it stops by itself once the demo lines arrived: exit 0, or 1 if they did
// not arrive in time.

import { appendFile, mkdir, readFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { dirname, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { readPropertiesFile } from './properties.ts'
import { startStandaloneWorker, type StandaloneHandle } from './standalone.ts'

const CONFIG_DIR = 'config'
const WORKER_FILE = `${CONFIG_DIR}/connect-standalone.properties`
const SOURCE_FILE = `${CONFIG_DIR}/connect-file-source.properties`
const SINK_FILE = `${CONFIG_DIR}/connect-file-sink.properties`
const DEMO_LINES = 5
const ARRIVAL_TIMEOUT_MS = 60_000

export interface QuickstartOptions {
  /** Keep running until a signal (a terminal); otherwise stop once the demo lines arrived. */
  interactive: boolean
  write: (text: string) => void
}

/** Runs the quickstart; resolves with the exit code. */
export async function runQuickstart (options: QuickstartOptions): Promise<number> {
  const { write } = options
  const input = (await readPropertiesFile(SOURCE_FILE)).file
  const output = (await readPropertiesFile(SINK_FILE)).file
  if (input === undefined || output === undefined) throw new Error(`${SOURCE_FILE} and ${SINK_FILE} must both set file=`)
  await mkdir(dirname(resolve(input)), { recursive: true })
  await mkdir(dirname(resolve(output)), { recursive: true })
  await appendFile(input, '')

  // 8083 is Kafka Connect's port; if something else has it, use a free one rather than fail.
  const workerConfig = await readPropertiesFile(WORKER_FILE)
  const overrides: Record<string, string> = {}
  const listener = workerConfig.listeners ?? 'http://127.0.0.1:8083'
  const port = Number(new URL(listener).port)
  if (!await portIsFree(port)) {
    overrides.listeners = 'http://127.0.0.1:0'
    write(`Port ${port} is in use; the REST API takes a free port instead.\n`)
  }

  const alreadyDelivered = await countLines(output)
  const handle = await startStandaloneWorker(WORKER_FILE, [SOURCE_FILE, SINK_FILE], overrides)
  const restUrl = handle.restServer.advertisedUrl().replace(/\/$/, '')
  write(banner(restUrl, input, output))

  let stopRequested: () => void = () => {}
  const stopped = new Promise<void>(resolve => { stopRequested = resolve })
  const onSignal = (): void => stopRequested()
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)

  let exitCode = 0
  try {
    const watcher = followLines(output, alreadyDelivered, line => write(`  ${output} <- ${line}\n`), stopped)
    const runId = new Date().toISOString().slice(11, 19)
    const sent: string[] = []
    for (let i = 1; i <= DEMO_LINES; i++) {
      const line = `hello from kconnect, line ${i} of the run at ${runId}`
      await appendFile(input, line + '\n')
      sent.push(line)
      write(`  ${input} -> ${line}\n`)
      await Promise.race([sleep(options.interactive ? 1000 : 200), stopped])
    }
    const arrived = await waitForLines(output, sent, ARRIVAL_TIMEOUT_MS, stopped)
    if (arrived) {
      write(`\nAll ${sent.length} lines went ${input} -> topic connect-test -> ${output}.\n`)
    } else {
      write(`\nThe lines did not all reach ${output} within ${ARRIVAL_TIMEOUT_MS / 1000} s; ` +
        `see the log above and GET ${restUrl}/connectors?expand=status\n`)
      exitCode = 1
    }
    if (options.interactive && arrived) {
      write(`Append your own lines (echo hi >> ${input}) and watch them arrive. Ctrl-C stops kconnect.\n`)
      await stopped
    }
    stopRequested()
    await watcher
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    await stopWorker(handle, write)
  }
  return exitCode
}

function banner (restUrl: string, input: string, output: string): string {
  return `
kconnect quickstart: a standalone worker with a FileStreamSource and a FileStreamSink, topics in
the embedded log (no Kafka broker needed).

  source file   ${input}   (lines appended here are read into the topic connect-test)
  sink file     ${output}  (each record of connect-test is written here as a line)
  offsets       data/quickstart/connect.offsets (a restart resumes where it left off)
  REST API      ${restUrl}

Try, in another terminal:
  curl -s ${restUrl}/connectors?expand=status
  curl -s -X PUT ${restUrl}/connectors/local-file-source/pause
  curl -s -X PUT ${restUrl}/connectors/local-file-source/resume
  npx kconnect topics tail --worker ${WORKER_FILE} connect-test --from-beginning

`
}

async function stopWorker (handle: StandaloneHandle, write: (text: string) => void): Promise<void> {
  write('Stopping: tasks stop and offsets are flushed ...\n')
  await handle.stop()
  write('Stopped.\n')
}

async function portIsFree (port: number): Promise<boolean> {
  if (!Number.isInteger(port) || port === 0) return true
  const server = createServer()
  return await new Promise(resolve => {
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

async function countLines (path: string): Promise<number> {
  try {
    return (await readFile(path, 'utf8')).split('\n').length - 1
  } catch {
    return 0
  }
}

/** Whether every line of `expected` is in the file before the deadline. */
async function waitForLines (path: string, expected: readonly string[], timeoutMs: number, stopped: Promise<void>): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  let cancelled = false
  void stopped.then(() => { cancelled = true })
  while (!cancelled && Date.now() < deadline) {
    const lines = new Set((await readFile(path, 'utf8').catch(() => '')).split('\n'))
    if (expected.every(line => lines.has(line))) return true
    await sleep(100)
  }
  return false
}

/**
 * Calls `onLine` for each line appended to the file after its first `skip` lines, until `stopped`
 * (with one last look after it, so no line that arrived is left unshown).
 */
async function followLines (path: string, skip: number, onLine: (line: string) => void, stopped: Promise<void>): Promise<void> {
  let done = false
  void stopped.then(() => { done = true })
  let seen = skip
  while (true) {
    const finalLook = done
    const lines = (await readFile(path, 'utf8').catch(() => '')).split('\n').slice(0, -1)
    for (; seen < lines.length; seen++) onLine(lines[seen])
    if (finalLook) return
    await Promise.race([sleep(100), stopped])
  }
}
