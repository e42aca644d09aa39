// One stop request must stop kconnect standalone gracefully even when it arrives twice at once.
// That happens whenever a signal goes to a whole process group or cgroup (GNU timeout, systemd's
// default KillMode, `kill -TERM -<pgid>`) and bin/kconnect runs kconnect as a child of the
// machine's older Node: the launcher forwards the SIGTERM its child also received. The worker
// must still stop its tasks, flush its offsets and exit 0; only a later, separate signal means
// "exit now".

import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { accessSync, constants } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, describe, it } from 'node:test'
import { completeLines, eventually, flushedPosition, startWorker, workerSettings, writeProperties } from './support.ts'

const dir = await mkdtemp(join(tmpdir(), 'kconnect-e2e-signals-'))
after(() => rm(dir, { recursive: true, force: true }))

/**
 * The files of a worker with a FileStream pipeline, in its own folder, and a connector whose stop()
 * takes a second (test/e2e/fixtures/slow-connector), so that stopping takes that long.
 */
async function pipeline (name: string): Promise<{ args: string[], input: string, offsets: string }> {
  const settings = await workerSettings('embedded', join(dir, name), { 'plugin.path': join(import.meta.dirname, 'fixtures') })
  const input = join(dir, `${name}-in.txt`)
  const output = join(dir, `${name}-out.txt`)
  await writeFile(input, 'one\ntwo\n')
  const args = [
    await writeProperties(join(dir, `${name}-worker.properties`), settings),
    await writeProperties(join(dir, `${name}-source.properties`), { name: 'source', 'connector.class': 'FileStreamSource', file: input, topic: 'lines' }),
    await writeProperties(join(dir, `${name}-sink.properties`), { name: 'sink', 'connector.class': 'FileStreamSink', file: output, topics: 'lines' }),
    await writeProperties(join(dir, `${name}-slow.properties`), { name: 'slow', 'connector.class': 'e2e.SlowSourceConnector', 'stop.delay.ms': '1000' }),
  ]
  return { args, input, offsets: settings['offset.storage.file.filename'] }
}

/** A `node` on PATH older than 24 (bin/kconnect then runs kconnect as its child), if there is one. */
function olderNode (): string | undefined {
  for (const entry of (process.env.PATH ?? '').split(delimiter)) {
    if (entry.includes('node_modules')) continue
    const candidate = join(entry, 'node')
    try {
      accessSync(candidate, constants.X_OK)
      const major = Number(execFileSync(candidate, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).trim())
      if (major < 24) return candidate
    } catch {
      // not there, or not runnable
    }
  }
  return undefined
}

describe('kconnect standalone and stop signals', () => {
  it('stops gracefully when SIGTERM arrives twice at once', async () => {
    const { args, input, offsets } = await pipeline('twice')
    const worker = await startWorker(args[0], args.slice(1))
    await worker.waitFor('the lines through', async () => (await completeLines(join(dir, 'twice-out.txt'))).length === 2)
    const exited = once(worker.child, 'exit')
    // The second one a moment later, while the worker stops, as a launcher's forwarded copy comes
    // (signals sent at the very same time are merged by the kernel).
    worker.child.kill('SIGTERM')
    await sleep(30)
    worker.child.kill('SIGTERM')
    const [code] = await exited as [number | null]
    assert.equal(code, 0, worker.tail())
    assert.match(worker.output(), /Kafka Connect stopped/)
    assert.equal(await flushedPosition(offsets, 'source', input), (await readFile(input, 'utf8')).length)
  })

  const older = olderNode()
  it('stops gracefully when its process group gets SIGTERM through the launcher on an older Node', { skip: older === undefined ? 'no Node older than 24 on PATH' : false }, async () => {
    const { args, input, offsets } = await pipeline('group')
    // The launcher and its Node 24 child in a process group of their own, as under systemd or timeout.
    const launcher = spawn(older as string, [resolve(import.meta.dirname, '..', '..', 'bin', 'kconnect'), 'standalone', ...args],
      { stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    let output = ''
    launcher.stdout.on('data', (chunk: Buffer) => { output += chunk.toString('utf8') })
    launcher.stderr.on('data', (chunk: Buffer) => { output += chunk.toString('utf8') })
    const exited = once(launcher, 'exit')
    try {
      await eventually('the lines through', async () => (await completeLines(join(dir, 'group-out.txt'))).length === 2)
      process.kill(-(launcher.pid as number), 'SIGTERM')
      const [code] = await exited as [number | null]
      assert.equal(code, 0, output)
      assert.match(output, /Kafka Connect stopped/)
      assert.equal(await flushedPosition(offsets, 'source', input), (await readFile(input, 'utf8')).length)
    } finally {
      try {
        process.kill(-(launcher.pid as number), 'SIGKILL')
      } catch {
        // already gone
      }
    }
  })
})
