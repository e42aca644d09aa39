// FileStreamSinkTask over real files: one line per record, appended, UTF-8, values printed as
// Java's println prints them; standard output; a file that cannot be created fails start().

import assert from 'node:assert/strict'
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { BigDecimal } from '../../../src/api/data/big-decimal.ts'
import { Decimal } from '../../../src/api/data/decimal.ts'
import { Schema } from '../../../src/api/data/schema.ts'
import { SchemaBuilder } from '../../../src/api/data/schema-builder.ts'
import { Struct } from '../../../src/api/data/struct.ts'
import { ConnectException } from '../../../src/api/errors.ts'
import { SinkRecord } from '../../../src/api/sink/sink-record.ts'
import type { SinkTaskContext } from '../../../src/api/sink/sink-task-context.ts'
import { TopicPartitionMap } from '../../../src/api/sink/topic-partition.ts'
import { FileStreamSinkTask } from '../../../src/connectors/file/file-stream-sink-task.ts'

let dir: string
before(async () => { dir = await mkdtemp(join(tmpdir(), 'kconnect-file-sink-')) })
after(async () => { await rm(dir, { recursive: true, force: true }) })

let offset = 0n
function record (value: unknown, valueSchema: Schema | null = null): SinkRecord {
  return new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: offset++, valueSchema, value })
}

const context: SinkTaskContext = {
  configs: () => ({}),
  offset: () => {},
  timeout: () => {},
  assignment: () => [],
  pause: () => {},
  resume: () => {},
  requestCommit: () => {},
  errantRecordReporter: () => null,
}

async function startedTask (props: Record<string, string>, stdout?: PassThrough): Promise<FileStreamSinkTask> {
  const task = new FileStreamSinkTask(stdout === undefined ? {} : { stdout })
  task.initialize(context)
  await task.start(props)
  return task
}

describe('FileStreamSinkTask', () => {
  it('appends one UTF-8 line per record, batch after batch', async () => {
    const file = join(dir, 'out.txt')
    await writeFile(file, 'already there\n')
    const task = await startedTask({ file })
    await task.put([record('héllo'), record('日本 😀')])
    await task.put([])
    await task.put([record('line\r\nwith its own terminator')])
    await task.flush(new TopicPartitionMap())
    assert.equal(await readFile(file, 'utf8'), 'already there\nhéllo\n日本 😀\nline\r\nwith its own terminator\n')
    await task.stop()
  })

  it('creates the file when it does not exist', async () => {
    const file = join(dir, 'created.txt')
    const task = await startedTask({ file })
    await task.put([record('x')])
    await task.stop()
    assert.equal(await readFile(file, 'utf8'), 'x\n')
  })

  it('prints values as Java\'s println does', async () => {
    const file = join(dir, 'values.txt')
    const task = await startedTask({ file })
    const schema = SchemaBuilder.struct().field('id', Schema.INT32_SCHEMA).field('ratio', Schema.FLOAT64_SCHEMA)
      .field('note', Schema.OPTIONAL_STRING_SCHEMA).field('tags', SchemaBuilder.array(Schema.STRING_SCHEMA).build()).build()
    const struct = new Struct(schema).put('id', 7).put('ratio', 1).put('tags', ['a', 'b'])
    const decimal = Decimal.schema(2)
    await task.put([
      record(null),
      record(42, Schema.INT32_SCHEMA),
      record(1, Schema.FLOAT64_SCHEMA),
      record(0.1, Schema.FLOAT32_SCHEMA),
      record(12345678901234567890n, null),
      record(2.5, null),
      record(1e21, null),
      record(true, Schema.BOOLEAN_SCHEMA),
      record(struct, schema),
      record(new Map<unknown, unknown>([['k', 1n], ['l', null]]), null),
      record({ a: 'b' }, null),
      record([1n, 2n], null),
      record(new BigDecimal(12345n, 2), decimal),
    ])
    await task.stop()
    assert.deepEqual((await readFile(file, 'utf8')).split('\n'), [
      'null', '42', '1.0', '0.1', '12345678901234567890', '2.5', '1.0E21', 'true',
      'Struct{id=7,ratio=1.0,tags=[a, b]}', '{k=1, l=null}', '{a=b}', '[1, 2]', '123.45', '',
    ])
  })

  it('writes to standard output when file is not set', async () => {
    const stdout = new PassThrough()
    const chunks: Buffer[] = []
    stdout.on('data', chunk => chunks.push(chunk))
    const task = await startedTask({}, stdout)
    await task.put([record('to stdout'), record('again')])
    await task.stop()
    assert.equal(Buffer.concat(chunks).toString('utf8'), 'to stdout\nagain\n')
    assert.equal(stdout.writableEnded, false, 'standard output stays open')
  })

  it('fails start() with Kafka\'s message and the reason when the file cannot be created', async () => {
    const missingDir = join(dir, 'no-such-dir', 'out.txt')
    const notADir = join(dir, 'a-file')
    await writeFile(notADir, '')
    const cases: Array<[string, RegExp]> = [[missingDir, /ENOENT/], [join(notADir, 'out.txt'), /ENOTDIR/]]
    if (process.getuid?.() !== 0) {
      // Root writes anywhere, so a read-only folder only says something to other users.
      const readOnly = join(dir, 'read-only')
      await mkdir(readOnly)
      await chmod(readOnly, 0o555)
      cases.push([join(readOnly, 'out.txt'), /EACCES/])
    }
    for (const [file, reason] of cases) {
      const task = new FileStreamSinkTask()
      task.initialize(context)
      await assert.rejects(task.start({ file }), (error: Error) => {
        assert.ok(error instanceof ConnectException)
        assert.ok(error.message.startsWith(`Couldn't find or create file '${file}' for FileStreamSinkTask: `), error.message)
        assert.match(error.message, reason)
        assert.ok(error.cause instanceof Error)
        return true
      })
    }
  })
})
