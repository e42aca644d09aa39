// Parity with Kafka's own FileStreamSourceTask (connect-file of scripts/servers/versions.ts, run by
// test/connectors/file/java): the same files give the same lines and the same positions, so the
// offsets either one commits mean the same to the other. The cases cover every terminator, a
// final "\r", non-ASCII text, a byte order mark, malformed UTF-8, lines longer than Java's buffer
// and a resume from a committed position (ASCII: Java resumes by skipping bytes, see
// file-stream-source-task.ts).

import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { FileStreamSourceTask } from '../../../src/connectors/file/file-stream-source-task.ts'
import { buildJavaDriver, runJavaLines } from '../../support/java.ts'
import { sourceContext } from './contexts.ts'

interface Case {
  name: string
  content: Uint8Array
  position?: number
  batchSize?: number
}

interface Outcome {
  records?: Array<[string, number]>
  error?: string
}

const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8')

function concat (head: Uint8Array, tail: number[]): Uint8Array {
  return Buffer.concat([head, Uint8Array.from(tail)])
}

/** Lines of many lengths and every terminator, some with non-ASCII text, from a fixed seed. */
function mixedLines (): Uint8Array {
  let seed = 42
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % n
  }
  const terminators = ['\n', '\r\n', '\r']
  const alphabet = 'abcdefghij é日😀'
  let text = ''
  for (let i = 0; i < 1500; i++) {
    const length = random(5) === 0 ? random(3000) : random(40)
    for (let j = 0; j < length; j++) text += [...alphabet][random([...alphabet].length)]
    text += terminators[random(3)]
  }
  return utf8(text + 'unterminated')
}

const CASES: Case[] = [
  { name: 'ascii', content: utf8('first\nsecond\n\nlast\n') },
  { name: 'terminators', content: utf8('a\r\nb\rc\n\r\nd\r\r\ne') },
  { name: 'final carriage return', content: utf8('x\ny\r') },
  { name: 'non-ASCII', content: utf8('héllo\n日本語\r\n😀 emoji\nend\n') },
  { name: 'byte order mark', content: utf8('\uFEFFfirst\nsecond\n') },
  {
    name: 'malformed UTF-8',
    content: Uint8Array.from([0xff, 0xfe, 0x41, 0x0a, 0xc3, 0x28, 0x0a, 0xe2, 0x82, 0x0a, 0xf0, 0x9f, 0x98, 0x0a,
      0xed, 0xa0, 0x80, 0x0a, 0xc0, 0xaf, 0x0a, 0xf4, 0x90, 0x80, 0x80, 0x0a, 0x80, 0x80, 0x42, 0x0a]),
  },
  {
    // CESU-8 / Java's modified UTF-8: surrogates encoded one by one, which Java replaces by sequence.
    name: 'encoded surrogates',
    content: Uint8Array.from([0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80, 0x0a, 0xed, 0xa0, 0x41, 0x0a, 0xed, 0x9f, 0xbf, 0x0a,
      0xed, 0xbf, 0xbf, 0x0a, 0xed, 0x0a, 0xed, 0xa0, 0x0a, 0x41, 0xed, 0xbf, 0xed, 0xa0, 0x80, 0x0a]),
  },
  // Our reads are 64 KiB: a surrogate sequence cut after its first and after its second byte.
  { name: 'surrogate across reads (1)', content: concat(utf8('a'.repeat(65535)), [0xed, 0xa0, 0x80, 0x0a, 0x62, 0x0a]) },
  { name: 'surrogate across reads (2)', content: concat(utf8('a'.repeat(65534)), [0xed, 0xa0, 0x80, 0x0a, 0x62, 0x0a]) },
  { name: 'long lines', content: utf8('x'.repeat(5000) + '\r\nshort\n' + 'é'.repeat(3000) + '\n') },
  { name: '\\r\\n on the buffer edge', content: utf8('a'.repeat(1023) + '\r\nb\n' + 'c'.repeat(2046) + '\r\nd\n') },
  { name: 'empty', content: new Uint8Array(0) },
  { name: 'resume', content: utf8('abc\ndef\nghi\n'), position: 4 },
  { name: 'resume at the end', content: utf8('abc\ndef\n'), position: 8 },
  { name: 'mixed', content: mixedLines() },
]

let dir: string
before(async () => { dir = await mkdtemp(join(tmpdir(), 'kconnect-file-parity-')) })
after(async () => { await rm(dir, { recursive: true, force: true }) })

async function ours (file: string, testCase: Case): Promise<Outcome> {
  const task = new FileStreamSourceTask({ idleWaitMs: 1 })
  const committed: Array<[Record<string, unknown>, Record<string, unknown>]> =
    testCase.position === undefined ? [] : [[{ filename: file }, { position: BigInt(testCase.position) }]]
  task.initialize(sourceContext(committed))
  const props: Record<string, string> = { file, topic: 't' }
  if (testCase.batchSize !== undefined) props['batch.size'] = String(testCase.batchSize)
  try {
    task.start(props)
    const records: Array<[string, number]> = []
    while (true) {
      const polled = await task.poll()
      if (polled === null || polled.length === 0) break
      for (const r of polled) records.push([r.value as string, Number(r.sourceOffset?.position)])
    }
    return { records }
  } catch (error) {
    return { error: String(error) }
  } finally {
    await task.stop()
  }
}

describe('FileStreamSourceTask parity with Kafka\'s', () => {
  it('reads the same lines at the same positions', async () => {
    const files: string[] = []
    for (const [i, testCase] of CASES.entries()) {
      const file = join(dir, `case-${i}.txt`)
      await writeFile(file, testCase.content)
      files.push(file)
    }
    const driver = await buildJavaDriver(join(import.meta.dirname, 'java'))
    const requests = CASES.map((testCase, i) =>
      JSON.stringify({ file: files[i], position: testCase.position ?? null, batchSize: testCase.batchSize ?? null }))
    const javaOutcomes = (await runJavaLines(driver, 'FileSourceDriver', requests)).map(line => JSON.parse(line) as Outcome)
    for (const [i, testCase] of CASES.entries()) {
      const ourOutcome = await ours(files[i], testCase)
      assert.deepEqual(ourOutcome, javaOutcomes[i], `case "${testCase.name}"`)
    }
  })
})
