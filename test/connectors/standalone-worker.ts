// A standalone worker for end-to-end tests of connectors: the kconnect command's own start-up
// (src/cli/standalone.ts: REST server, plugins, embedded log, offsets file) in this process, on a
// free port, with a small REST client and a wait-until helper.

import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { startStandaloneWorker, type StandaloneHandle } from '../../src/cli/standalone.ts'

/** A running worker and a client for its REST API. */
export interface TestWorker {
  readonly handle: StandaloneHandle
  /** The REST API's base URL, without the trailing '/'. */
  readonly url: string
  /** Sends a request; resolves with the status and the parsed body (null when there is none). */
  request (method: string, path: string, body?: unknown): Promise<{ status: number, body: any }>
  stop (): Promise<void>
}

/**
 * Starts a standalone worker whose data lives in `dir` (embedded log, offsets file), with
 * StringConverters and a short offset flush interval; `settings` adds or overrides worker settings.
 */
export async function startTestWorker (dir: string, settings: Record<string, string> = {}): Promise<TestWorker> {
  await mkdir(dir, { recursive: true })
  const workerFile = join(dir, 'worker.properties')
  const config: Record<string, string> = {
    'log.backend': 'embedded',
    'log.embedded.dir': join(dir, 'log'),
    'offset.storage.file.filename': join(dir, 'offsets'),
    'offset.flush.interval.ms': '200',
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
    listeners: 'http://127.0.0.1:0',
    ...settings,
  }
  // java.util.Properties escapes: backslashes (Windows paths) are the only ones a test needs.
  await writeFile(workerFile, Object.entries(config).map(([k, v]) => `${k}=${v.replaceAll('\\', '\\\\')}`).join('\n') + '\n')
  const handle = await startStandaloneWorker(workerFile, [])
  const url = handle.restServer.advertisedUrl().replace(/\/$/, '')
  const request = async (method: string, path: string, body?: unknown): Promise<{ status: number, body: any }> => {
    const response = await fetch(url + path, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    return { status: response.status, body: text === '' ? null : JSON.parse(text) }
  }
  return { handle, url, request, stop: () => handle.stop() }
}

/** Waits until `check` returns true (polling every 50 ms), failing with `what` after 30 s. */
export async function eventually (what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (await check()) return
    await sleep(50)
  }
  throw new Error(`${what} did not happen within 30 s`)
}
