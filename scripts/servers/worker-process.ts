// What starting a Connect worker process takes, whichever engine runs it (Java Kafka Connect here
// in connect.ts, kconnect in bench/lib/workers.ts): its worker.properties, the wait for its REST
// API, and, when it does not come up, stopping it, cleaning up and saying why with its log's end.

import type { ChildProcess } from 'node:child_process'
import type { WriteStream } from 'node:fs'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { stopProcess } from './kafka.ts'

/** A worker process just spawned, with where its output goes and its own temporary folder. */
export interface WorkerProcess {
  readonly child: ChildProcess
  /** The stream the process's stdout and stderr are piped into, and the file it writes. */
  readonly log: WriteStream
  readonly logFile: string
  /** The worker's temporary folder, removed when it stops unless `keepData`. */
  readonly dataDir: string
  readonly keepData?: boolean
}

/** How long to wait for the REST API, and what to call the worker when it does not start. */
export interface AwaitRestOptions {
  /** The REST API's base URL, without a trailing slash. */
  readonly url: string
  /** Names the worker in the error, e.g. 'kconnect' or 'Java Kafka Connect (standalone)'. */
  readonly name: string
  readonly timeoutMs: number
  /** How often GET / is asked: the resolution of start-up timings. */
  readonly pollMs: number
}

/** Writes `props` as a .properties file (keys and values as given, one entry a line). */
export async function writeProperties (file: string, props: Record<string, string>): Promise<void> {
  await writeFile(file, Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n') + '\n')
}

/** Stops the process (SIGTERM, SIGKILL after `graceMs`), closes its log and removes its folder unless kept. */
export async function stopWorkerProcess (worker: WorkerProcess, graceMs: number): Promise<void> {
  await stopProcess(worker.child, graceMs)
  worker.log.end()
  if (worker.keepData !== true) await rm(worker.dataDir, { recursive: true, force: true })
}

/**
 * Resolves once GET / answers 200 (Connect's REST resources exist only once the herder started).
 * If the process exits first or the time runs out, stops it, cleans up, and throws with the last
 * lines of its log.
 */
export async function awaitWorkerRest (worker: WorkerProcess, options: AwaitRestOptions): Promise<void> {
  try {
    await pollRest(options.url, () => worker.child.exitCode ?? worker.child.signalCode, options.timeoutMs, options.pollMs)
  } catch (error) {
    // Stopped first, so that the log is whole when its end is read, and read before the folder goes.
    await stopProcess(worker.child, 10_000)
    const tail = (await readFile(worker.logFile, 'utf8').catch(() => '')).split('\n').slice(-40).join('\n')
    await stopWorkerProcess(worker, 10_000)
    throw new Error(`${options.name} did not start: ${(error as Error).message}\nLast lines of its log:\n${tail}`)
  }
}

async function pollRest (url: string, exited: () => number | string | null, timeoutMs: number, pollMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (performance.now() < deadline) {
    const exit = exited()
    if (exit !== null) throw new Error(`the worker exited (${exit})`)
    try {
      const response = await fetch(url + '/', { signal: AbortSignal.timeout(2000) })
      await response.arrayBuffer()
      if (response.status === 200) return
    } catch {
      // not listening yet
    }
    await sleep(pollMs)
  }
  throw new Error(`GET ${url}/ did not answer 200 within ${timeoutMs} ms`)
}
