// `kconnect standalone` end to end, as the quickstart runs it: the embedded log, a FileStreamSource
// from a .properties file and a FileStreamSink from a JSON file; lines flow from the input file to
// the output file; SIGTERM or SIGINT stops the worker gracefully (exit 0); a restart resumes where
// the flushed offsets say, so nothing is lost or written twice; `topics tail` shows the records
// as JsonConverter wrote them.

import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, before, describe, it } from 'node:test'
import { freePort } from '../../scripts/servers/kafka.ts'
import { runKconnect as kconnect } from '../support/kconnect-command.ts'

const REPO = resolve(import.meta.dirname, '..', '..')
const KCONNECT = join(REPO, 'bin', 'kconnect')
const DEADLINE_MS = 30_000

interface Worker {
  child: ChildProcess
  url: string
  output: () => string
}

async function eventually (what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS
  while (Date.now() < deadline) {
    if (await check()) return
    await sleep(100)
  }
  throw new Error(`${what} did not happen within ${DEADLINE_MS} ms`)
}

function startWorker (args: string[], port: number): Worker {
  const child = spawn(process.execPath, [KCONNECT, 'standalone', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let text = ''
  child.stdout?.on('data', (chunk: Buffer) => { text += chunk.toString('utf8') })
  child.stderr?.on('data', (chunk: Buffer) => { text += chunk.toString('utf8') })
  return { child, url: `http://127.0.0.1:${port}`, output: () => text }
}

async function stopWorker (worker: Worker, signal: NodeJS.Signals): Promise<number | null> {
  if (worker.child.exitCode !== null) return worker.child.exitCode
  const exited = once(worker.child, 'exit')
  worker.child.kill(signal)
  const timer = setTimeout(() => worker.child.kill('SIGKILL'), DEADLINE_MS)
  const [code] = await exited as [number | null]
  clearTimeout(timer)
  return code
}

async function lines (path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch(() => '')
  return text === '' ? [] : text.replace(/\n$/, '').split('\n')
}

describe('kconnect standalone', () => {
  let dir: string
  let port: number
  let workerFile: string
  let sourceFile: string
  let sinkFile: string
  const input = (): string => join(dir, 'input.txt')
  const output = (): string => join(dir, 'output.txt')

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kconnect-standalone-'))
    port = await freePort()
    workerFile = join(dir, 'worker.properties')
    await writeFile(workerFile, [
      '# the quickstart\'s worker, on the embedded log',
      'log.backend=embedded',
      `log.embedded.dir=${join(dir, 'data')}`,
      `listeners=http://127.0.0.1:${port}`,
      'key.converter=org.apache.kafka.connect.json.JsonConverter',
      'value.converter=org.apache.kafka.connect.json.JsonConverter',
      `offset.storage.file.filename=${join(dir, 'offsets')}`,
      'offset.flush.interval.ms=500',
    ].join('\n') + '\n')
    sourceFile = join(dir, 'source.properties')
    await writeFile(sourceFile, `name=local-file-source\nconnector.class=FileStreamSource\ntasks.max=1\nfile=${input()}\ntopic=connect-test\n`)
    sinkFile = join(dir, 'sink.json')
    await writeFile(sinkFile, JSON.stringify({ name: 'local-file-sink', config: { 'connector.class': 'FileStreamSink', 'tasks.max': '1', file: output(), topics: 'connect-test' } }))
    await writeFile(input(), 'hello\nfrom\nkconnect\n')
  })

  after(() => rm(dir, { recursive: true, force: true }))

  it('moves lines from file to file, stops on SIGTERM with exit 0, and resumes without loss or duplicates', async () => {
    const first = startWorker([workerFile, sourceFile, sinkFile], port)
    try {
      await eventually('the first lines in the output', async () => (await lines(output())).length === 3)
      assert.deepEqual(await lines(output()), ['hello', 'from', 'kconnect'])
      const connectors = await (await fetch(`${first.url}/connectors`)).json() as string[]
      assert.deepEqual([...connectors].sort(), ['local-file-sink', 'local-file-source'])
      await appendFile(input(), 'more\nlines\n')
      await eventually('the appended lines in the output', async () => (await lines(output())).length === 5)
    } finally {
      assert.equal(await stopWorker(first, 'SIGTERM'), 0, first.output())
    }
    assert.match(first.output(), /Kafka Connect stopped/)

    await appendFile(input(), 'after\nrestart\n')
    const second = startWorker([workerFile, sourceFile, sinkFile], port)
    try {
      await eventually('the lines written while stopped', async () => (await lines(output())).length >= 7)
      await sleep(1000)
      assert.deepEqual(await lines(output()), ['hello', 'from', 'kconnect', 'more', 'lines', 'after', 'restart'])
    } finally {
      assert.equal(await stopWorker(second, 'SIGINT'), 0, second.output())
    }

    const tail = await kconnect(['topics', 'tail', '--worker', workerFile, 'connect-test', '--from-beginning', '--max-messages', '7'])
    assert.equal(tail.code, 0, tail.stderr)
    assert.equal(tail.stdout.split('\n')[0], '{"schema":{"type":"string","optional":false},"payload":"hello"}')
    assert.equal(tail.stdout.split('\n').length, 8)
  })

  it('exits 1 with the reason when a connector file describes an invalid connector', async () => {
    const bad = join(dir, 'bad.properties')
    await writeFile(bad, 'name=bad\nconnector.class=com.example.NoSuchConnector\n')
    const worker = startWorker([workerFile, bad], await freePort())
    const [code] = await once(worker.child, 'exit') as [number | null]
    assert.equal(code, 1, worker.output())
    assert.match(worker.output(), /Failed to find any class that implements Connector and which name matches com\.example\.NoSuchConnector/)
  })
})
