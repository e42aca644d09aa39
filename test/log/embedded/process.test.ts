// The embedded log across processes: what a send acknowledged survives a kill -9 of the writer,
// whole (no batch half written, no committed offset ahead of its records), and a second process
// reads a topic while the first writes it, as the CLI's `topics tail` does.

import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { DatabaseSync } from 'node:sqlite'
import { after, describe, test } from 'node:test'
import { DATABASE_FILE, openEmbeddedLog } from '../../../src/log/embedded/index.ts'
import type { IncomingRecord } from '../../../src/log/log.ts'

const FIXTURES = join(import.meta.dirname, 'fixtures')
const children: ChildProcess[] = []
const folders: string[] = []
after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  for (const dir of folders) rmSync(dir, { recursive: true, force: true })
})

function freshDir (): string {
  const dir = mkdtempSync(join(tmpdir(), 'kconnect-embedded-process-'))
  folders.push(dir)
  return dir
}

/** Starts a fixture on this Node (24) and hands each stdout line to `onLine`. */
function runFixture (name: string, args: string[], onLine: (line: string) => void): { child: ChildProcess, exited: Promise<number | null> } {
  const child = spawn(process.execPath, [join(FIXTURES, name), ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let stderr = ''
  child.stderr!.on('data', chunk => { stderr += chunk })
  createInterface({ input: child.stdout! }).on('line', onLine)
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => {
      if (code !== 0 && signal !== 'SIGKILL') reject(new Error(`${name} exited with ${code ?? signal}: ${stderr}`))
      else resolve(code)
    })
  })
  return { child, exited }
}

describe('the embedded log across processes', () => {
  test('keeps every acknowledged record, whole batches only, after the writer is killed with SIGKILL', async () => {
    const dir = freshDir()
    const topic = 'killed'
    let lastAcked = -1
    let killed = false
    const { child, exited } = runFixture('produce-until-killed.ts', [dir, topic], line => {
      const match = /^acked (\d+)$/.exec(line)
      if (match === null) return
      lastAcked = Number(match[1])
      // Mid-stream: the child goes on sending while the signal is on its way.
      if (lastAcked >= 40 && !killed) {
        killed = true
        child.kill('SIGKILL')
      }
    })
    await exited
    assert.ok(killed, 'the writer was killed')

    const raw = new DatabaseSync(join(dir, DATABASE_FILE))
    assert.deepEqual({ ...raw.prepare('PRAGMA integrity_check').get() }, { integrity_check: 'ok' })
    raw.close()

    const log = await openEmbeddedLog({ dir })
    try {
      const partitions = [0, 1, 2].map(partition => ({ topic, partition }))
      const latest = await log.listOffsets(partitions, 'latest')
      const consumer = log.createConsumer({ clientId: 'after-the-crash' })
      consumer.assign(partitions)
      const total = [...latest.values()].reduce((sum, n) => sum + n, 0n)
      const records: IncomingRecord[] = []
      while (BigInt(records.length) < total) {
        const batch = await consumer.poll(1000)
        assert.ok(batch.length > 0, 'every record up to the latest offset is readable')
        records.push(...batch)
      }
      await consumer.close()

      const batches = new Map<number, number>()
      for (const partition of [0, 1, 2]) {
        const offsets = records.filter(r => r.partition === partition).map(r => r.offset)
        assert.deepEqual(offsets, offsets.map((_, i) => BigInt(i)), `partition ${partition} has no holes`)
      }
      for (const record of records) {
        const batch = Number(new TextDecoder().decode(record.value!).split(':')[0])
        batches.set(batch, (batches.get(batch) ?? 0) + 1)
      }
      for (let batch = 0; batch <= lastAcked; batch++) assert.equal(batches.get(batch), 50, `acknowledged batch ${batch} is there, whole`)
      for (const [batch, count] of batches) assert.equal(count, 50, `batch ${batch} is whole or absent`)

      const committed = await log.committedOffsets('doomed-group')
      for (const tp of partitions) {
        assert.ok((committed.get(tp) ?? 0n) <= latest.get(tp)!, `the committed offset of ${topic}-${tp.partition} is not ahead of its records`)
      }
      assert.ok(committed.size > 0, 'the committed offsets survived too')
    } finally {
      await log.close()
    }
  })

  test('another process reads a topic with assign() while this one writes it', async () => {
    const dir = freshDir()
    const topic = 'tailed'
    const log = await openEmbeddedLog({ dir })
    try {
      const producer = log.createProducer({ clientId: 'writer' })
      await producer.send([0, 1, 2].map(i => ({ topic, key: null, value: new TextEncoder().encode(`before-${i}`) })))
      const lines: string[] = []
      let ready: () => void
      const isReady = new Promise<void>(resolve => { ready = resolve })
      const { exited } = runFixture('tail-topic.ts', [dir, topic, '8'], line => {
        if (line === 'ready') ready()
        else lines.push(line)
      })
      await isReady
      // Written while the reader waits: it notices through the file, not through this process.
      for (let i = 0; i < 5; i++) await producer.send([{ topic, key: null, value: new TextEncoder().encode(`after-${i}`) }])
      assert.equal(await exited, 0)
      assert.deepEqual(lines, ['0 before-0', '1 before-1', '2 before-2', '3 after-0', '4 after-1', '5 after-2', '6 after-3', '7 after-4'])
      await producer.close()
    } finally {
      await log.close()
    }
  })
})
