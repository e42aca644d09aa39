// FileStreamSourceTask over real files: lines and positions as Kafka's, \r\n across reads, UTF-8
// across reads, tailing, resuming from a committed position, batch.size, stdin, a missing file,
// unreadable input and stop() during a poll.

import assert from 'node:assert/strict'
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { ConnectException } from '../../../src/api/errors.ts'
import { Schema } from '../../../src/api/data/schema.ts'
import type { SourceRecord } from '../../../src/api/source/source-record.ts'
import { FileStreamSourceTask, type FileStreamSourceTaskOptions } from '../../../src/connectors/file/file-stream-source-task.ts'
import { sourceContext } from './contexts.ts'

let dir: string
before(async () => { dir = await mkdtemp(join(tmpdir(), 'kconnect-file-source-')) })
after(async () => { await rm(dir, { recursive: true, force: true }) })

let fileCount = 0
async function fileWith (content: string | Uint8Array): Promise<string> {
  const path = join(dir, `in-${++fileCount}.txt`)
  await writeFile(path, content)
  return path
}

interface Started {
  task: FileStreamSourceTask
  /** Polls until `count` records came (failing after a deadline), and returns them. */
  take (count: number): Promise<SourceRecord[]>
}

const running: FileStreamSourceTask[] = []
after(async () => { await Promise.all(running.map(task => task.stop())) })

function startTask (props: Record<string, string>, options: FileStreamSourceTaskOptions = {},
  committed: Array<[Record<string, unknown>, Record<string, unknown>]> = []): Started {
  const task = new FileStreamSourceTask({ idleWaitMs: 20, ...options })
  task.initialize(sourceContext(committed))
  task.start({ topic: 'lines', ...props })
  running.push(task)
  const take = async (count: number): Promise<SourceRecord[]> => {
    const records: SourceRecord[] = []
    const deadline = Date.now() + 10_000
    while (records.length < count) {
      assert.ok(Date.now() < deadline, `expected ${count} records, got ${records.length} before the deadline`)
      records.push(...(await task.poll() ?? []))
    }
    return records
  }
  return { task, take }
}

function linesAndPositions (records: SourceRecord[]): Array<[unknown, unknown]> {
  return records.map(r => [r.value, r.sourceOffset?.position])
}

describe('FileStreamSourceTask', () => {
  it('makes one STRING record per line, with the file as partition and the position after the line', async () => {
    const file = await fileWith('first\nsecond\n\nlast\n')
    const before = Date.now()
    const records = await startTask({ file }).take(4)
    assert.deepEqual(linesAndPositions(records), [['first', 6n], ['second', 13n], ['', 14n], ['last', 19n]])
    for (const record of records) {
      assert.equal(record.topic, 'lines')
      assert.equal(record.kafkaPartition, null)
      assert.equal(record.key, null)
      assert.equal(record.keySchema, null)
      assert.equal(record.valueSchema, Schema.STRING_SCHEMA)
      assert.deepEqual(record.sourcePartition, { filename: file })
      assert.ok((record.timestamp ?? 0) >= before)
    }
  })

  it('splits on \\n, \\r\\n and a lone \\r, and keeps a final \\r pending until the next character', async () => {
    const file = await fileWith('a\r\nb\rc\n\r\nd\re\r')
    const { task, take } = startTask({ file })
    assert.deepEqual(linesAndPositions(await take(5)), [['a', 3n], ['b', 5n], ['c', 7n], ['', 9n], ['d', 11n]])
    // "e\r" might be "e\r\n" once the writer is done: not a line yet.
    assert.equal(await task.poll(), null)
    await appendFile(file, '\nf\n')
    assert.deepEqual(linesAndPositions(await take(2)), [['e', 14n], ['f', 16n]])
  })

  it('pairs a \\r and a \\n that arrive in different reads, and decodes characters cut by a read', async () => {
    const text = 'ab\r\ncd\ré\r\n日本\n😀x\r\n'
    const file = await fileWith(text)
    // One byte per read: every \r\n and every multi-byte character is cut.
    const records = await startTask({ file }, { readChunkBytes: 1 }).take(5)
    assert.deepEqual(linesAndPositions(records), [['ab', 4n], ['cd', 7n], ['é', 10n], ['日本', 13n], ['😀x', 18n]])
  })

  it('replaces encoded surrogates as Java does, however the reads cut them', async () => {
    // CESU-8 😀, then a surrogate lead cut short: Java (and we) give one U+FFFD per sequence.
    const bytes = Uint8Array.from([0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80, 0x0a, 0xed, 0xa0, 0x41, 0x0a, 0xed, 0x9f, 0xbf, 0x0a])
    const expected = [['\uFFFD\uFFFD', 3n], ['\uFFFDA', 6n], ['\uD7FF', 8n]]
    for (const readChunkBytes of [1, 2, 3, 64 * 1024]) {
      const records = await startTask({ file: await fileWith(bytes) }, { readChunkBytes }).take(3)
      assert.deepEqual(linesAndPositions(records), expected, `reads of ${readChunkBytes} bytes`)
    }
  })

  it('counts positions in Java chars (UTF-16 code units), the unit of Kafka\'s offsets', async () => {
    // é is 2 bytes and 1 char; 😀 is 4 bytes and 2 chars; a byte order mark stays a character.
    const file = await fileWith('\uFEFFhé\n😀\n')
    const records = await startTask({ file }).take(2)
    assert.deepEqual(linesAndPositions(records), [['\uFEFFhé', 4n], ['😀', 7n]])
  })

  it('tails the file: lines appended later come in later polls', async () => {
    const file = await fileWith('one\n')
    // A long idle wait: only the file watcher can make the appended line arrive quickly.
    const { task, take } = startTask({ file }, { idleWaitMs: 60_000 })
    assert.deepEqual(linesAndPositions(await take(1)), [['one', 4n]])
    const waiting = task.poll()
    await appendFile(file, 'two\nthree')
    const started = Date.now()
    const polled = await waiting
    const records = polled ?? []
    if (records.length === 0) records.push(...await take(1))
    assert.ok(Date.now() - started < 30_000, 'a change to the file should wake the waiting poll')
    assert.deepEqual(linesAndPositions(records), [['two', 8n]])
    await appendFile(file, '\n')
    assert.deepEqual(linesAndPositions(await take(1)), [['three', 14n]])
  })

  it('resumes after the committed position', async () => {
    const file = await fileWith('abc\ndef\nghi\n')
    const records = await startTask({ file }, {}, [[{ filename: file }, { position: 4n }]]).take(2)
    assert.deepEqual(linesAndPositions(records), [['def', 8n], ['ghi', 12n]])
  })

  it('resumes at the right character when earlier lines hold non-ASCII text', async () => {
    // Positions count chars; Java skips that many bytes and would re-read part of "ünïcode".
    const file = await fileWith('ünïcode 😀\nnext\nlast\n')
    const first = await startTask({ file }).take(3)
    const afterFirst = first[0].sourceOffset?.position
    assert.equal(afterFirst, 11n)
    const resumed = await startTask({ file }, {}, [[{ filename: file }, { position: afterFirst }]]).take(2)
    assert.deepEqual(linesAndPositions(resumed), [['next', 16n], ['last', 21n]])
  })

  it('accepts a committed position that is a JavaScript integer, and refuses one of another type', async () => {
    const file = await fileWith('abc\ndef\n')
    assert.deepEqual(linesAndPositions(await startTask({ file }, {}, [[{ filename: file }, { position: 4 }]]).take(1)),
      [['def', 8n]])
    const { task } = startTask({ file }, {}, [[{ filename: file }, { position: '4' }]])
    await assert.rejects(task.poll(), { name: 'ConnectException', message: 'Offset position is the incorrect type' })
  })

  it('waits for the file to reach a committed position past its end', async () => {
    const file = await fileWith('abc\n')
    const { task, take } = startTask({ file }, {}, [[{ filename: file }, { position: 8n }]])
    assert.equal(await task.poll(), null)
    await appendFile(file, 'def\nghi\n')
    assert.deepEqual(linesAndPositions(await take(1)), [['ghi', 12n]])
  })

  it('returns at most batch.size records per poll, and the rest on the next polls without new data', async () => {
    const file = await fileWith('1\n2\n3\n4\n5\n')
    const { task } = startTask({ file, 'batch.size': '2' })
    const sizes: number[] = []
    const values: unknown[] = []
    for (let i = 0; i < 3; i++) {
      const records = await task.poll() ?? []
      sizes.push(records.length)
      values.push(...records.map(r => r.value))
    }
    assert.deepEqual(sizes, [2, 2, 1])
    assert.deepEqual(values, ['1', '2', '3', '4', '5'])
    assert.equal(await task.poll(), null)
  })

  it('reads a large file in order, in batches of batch.size', async () => {
    const count = 25_000
    const lines = Array.from({ length: count }, (_, i) => `line ${i} ${'é'.repeat(i % 7)}`)
    const file = await fileWith(lines.join('\n') + '\n')
    const { task } = startTask({ file })
    const records: SourceRecord[] = []
    while (records.length < count) {
      const polled = await task.poll() ?? []
      assert.ok(polled.length <= 2000, `a poll returned ${polled.length} records`)
      assert.ok(polled.length > 0, 'the file is all there: no poll should come back empty')
      records.push(...polled)
    }
    assert.deepEqual(records.map(r => r.value), lines)
    const expectedEnd = lines.reduce((sum, line) => sum + line.length + 1, 0)
    assert.equal(records.at(-1)?.sourceOffset?.position, BigInt(expectedEnd))
  })

  it('reads standard input when file is not set, and keeps no positions', async () => {
    const stdin = new PassThrough()
    const { take } = startTask({}, { stdin })
    stdin.write('from stdin\r\nsecond ')
    stdin.write('half\n')
    const records = await take(2)
    assert.deepEqual(records.map(r => r.value), ['from stdin', 'second half'])
    // Kafka's exact maps for stdin: the runtime stores them, the task never reads them back.
    for (const record of records) {
      assert.deepEqual(record.sourcePartition, { filename: null })
      assert.deepEqual(record.sourceOffset, { position: null })
    }
  })

  it('treats an empty file setting as standard input, as Kafka does', async () => {
    const stdin = new PassThrough()
    const { take } = startTask({ file: '' }, { stdin })
    stdin.end('x\n')
    assert.deepEqual((await take(1)).map(r => r.value), ['x'])
  })

  it('waits for a file that does not exist yet, and reads it once it appears', async () => {
    const file = join(dir, 'appears-later.txt')
    const { task, take } = startTask({ file })
    assert.equal(await task.poll(), null)
    assert.equal(await task.poll(), null)
    await writeFile(file, 'finally\n')
    assert.deepEqual(linesAndPositions(await take(1)), [['finally', 8n]])
  })

  it('fails with the reason when the input cannot be read', async () => {
    const { task } = startTask({ file: dir })
    await assert.rejects(task.poll(), (error: Error) => {
      assert.ok(error instanceof ConnectException)
      assert.match(error.message, /FileStreamSourceTask/)
      assert.ok(error.message.includes(dir), error.message)
      assert.match(error.message, /EISDIR/)
      return true
    })
  })

  it('ends a waiting poll promptly when stopped', async () => {
    const file = await fileWith('')
    const task = new FileStreamSourceTask({ idleWaitMs: 60_000 })
    task.initialize(sourceContext())
    task.start({ topic: 't', file })
    const waiting = task.poll()
    assert.equal(await Promise.race([waiting, new Promise(resolve => setTimeout(resolve, 50, 'waiting'))]), 'waiting')
    await task.stop()
    assert.equal(await waiting, null)
    assert.equal(await task.poll(), null)
  })

  it('fails start() with Kafka\'s message when topic is missing', () => {
    const task = new FileStreamSourceTask()
    task.initialize(sourceContext())
    assert.throws(() => task.start({ file: 'x' }),
      { name: 'ConfigException', message: 'Missing required configuration "topic" which has no default value.' })
  })
})
