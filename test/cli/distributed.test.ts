// `kconnect distributed` as a user runs it (bin/kconnect in a child process): usage errors, a
// worker config it refuses before anything listens, a Kafka cluster that does not answer (Kafka's
// message after default.api.timeout.ms), and SIGTERM while the worker is still starting (exit 0).

import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, describe, it } from 'node:test'

const KCONNECT = resolve(import.meta.dirname, '..', '..', 'bin', 'kconnect')

function start (args: string[]): { child: ChildProcess, output: () => string, exited: Promise<number | null> } {
  const child = spawn(process.execPath, [KCONNECT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString('utf8') })
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString('utf8') })
  const exited = once(child, 'close').then(([code]) => code as number | null)
  return { child, output: () => output, exited }
}

const WORKER = {
  'group.id': 'cli-test',
  'config.storage.topic': 'cli-test-configs',
  'offset.storage.topic': 'cli-test-offsets',
  'status.storage.topic': 'cli-test-status',
  'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
  listeners: 'http://127.0.0.1:0',
  // Nothing listens on port 1.
  'bootstrap.servers': '127.0.0.1:1',
}

describe('kconnect distributed', () => {
  let dir: string
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'kconnect-cli-dist-')) })
  after(() => rm(dir, { recursive: true, force: true }))

  async function workerFile (name: string, settings: Record<string, string>): Promise<string> {
    const file = join(dir, name)
    await writeFile(file, Object.entries(settings).map(([k, v]) => `${k}=${v}`).join('\n') + '\n')
    return file
  }

  it('answers wrong usage with exit 2', async () => {
    for (const args of [['distributed'], ['distributed', 'a.properties', 'connector.json']]) {
      const run = start(args)
      assert.equal(await run.exited, 2, run.output())
      assert.match(run.output(), /^kconnect: 'kconnect distributed' (needs the worker config|takes one worker config)/)
    }
  })

  it('refuses a config it cannot run before anything listens, exit 1', async () => {
    const { 'group.id': _groupId, ...withoutGroup } = WORKER
    let run = start(['distributed', await workerFile('no-group.properties', withoutGroup)])
    assert.equal(await run.exited, 1)
    assert.match(run.output(), /kconnect: Missing required configuration "group.id" which has no default value\./)
    assert.doesNotMatch(run.output(), /REST server listening/)
    run = start(['distributed', await workerFile('embedded.properties', { ...WORKER, 'log.backend': 'embedded' })])
    assert.equal(await run.exited, 1)
    assert.match(run.output(), /Distributed mode shares work through a Kafka cluster/)
  })

  it('says which cluster did not answer, exit 1', async () => {
    const run = start(['distributed', await workerFile('dead.properties', { ...WORKER, 'default.api.timeout.ms': '1500' })])
    assert.equal(await run.exited, 1)
    assert.match(run.output(), /kconnect: Failed to connect to and describe Kafka cluster\. Check worker's broker connection and security properties \(bootstrap\.servers=127\.0\.0\.1:1; no answer within 1500 ms\)\./)
  })

  it('stops at once on SIGTERM while still starting, exit 0', async () => {
    const run = start(['distributed', await workerFile('starting.properties', WORKER)])
    while (!run.output().includes('REST server listening')) await new Promise(resolve => setTimeout(resolve, 50))
    run.child.kill('SIGTERM')
    assert.equal(await run.exited, 0, run.output())
    assert.match(run.output(), /Kafka Connect stopped/)
  })
})
