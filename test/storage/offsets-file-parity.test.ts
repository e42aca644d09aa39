// The standalone offsets file, both ways, against Kafka Connect's own classes: Java's
// FileOffsetBackingStore and OffsetStorageWriter write a file that our store reads, and ours
// writes a file that Java's store and OffsetStorageReaderImpl read (test/storage/java, on the
// Kafka version of scripts/servers/versions.ts). A user moving between the two keeps their offsets.

import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { FileOffsetBackingStore } from '../../src/storage/file-offset-backing-store.ts'
import { OffsetStorageReaderImpl } from '../../src/storage/offset-storage-reader.ts'
import { OffsetStorageWriter } from '../../src/storage/offset-storage-writer.ts'
import type { OffsetMap } from '../../src/storage/offset-utils.ts'
import { buildJavaDriver, runJavaLines, type JavaDriver } from '../support/java.ts'

let driver: JavaDriver
let dir: string

before(async () => {
  driver = await buildJavaDriver(join(import.meta.dirname, 'java'))
  dir = await mkdtemp(join(tmpdir(), 'kconnect-offsets-'))
})
after(() => rm(dir, { recursive: true, force: true }))

/** JSON with bigints written as numbers, as Jackson reads them into Longs. */
function json (value: unknown): string {
  return JSON.stringify(value, (_key, v) => typeof v === 'bigint' ? `@@${v}@@` : v).replace(/"@@(-?\d+)@@"/g, '$1')
}

/** JSON whose integers are bigints, as our JsonConverter reads offsets (Java reads them as Longs). */
function parseWithLongs (text: string): any {
  return JSON.parse(text, (_key, value, context?: { source?: string }) =>
    typeof value === 'number' && context?.source !== undefined && /^-?\d+$/.test(context.source) ? BigInt(context.source) : value)
}

async function javaWrite (file: string, connector: string, offsets: Array<[OffsetMap, OffsetMap | null]>): Promise<void> {
  const [answer] = await runJavaLines(driver, 'OffsetsFileDriver', [json({ op: 'write', file, connector, offsets })])
  assert.equal(answer, '"ok"')
}

async function javaRead (file: string, connector: string, partitions: OffsetMap[]): Promise<{ offsets: unknown[], partitions: unknown[] }> {
  const [answer] = await runJavaLines(driver, 'OffsetsFileDriver', [json({ op: 'read', file, connector, partitions })])
  return parseWithLongs(answer)
}

const fileA = { filename: '/tmp/in.txt' }
const fileB = { filename: '/tmp/ü and "quotes".txt' }
const table = { table: 'orders', protocol: '1' }

test('we read the offsets Java wrote, and list the same partitions', async () => {
  const file = join(dir, 'from-java.offsets')
  await javaWrite(file, 'file-src', [[fileA, { position: 42 }], [fileB, { position: 9007199254740993n }]])
  await javaWrite(file, 'jdbc', [[table, { incrementing: 7, mode: 'incrementing', done: true }]])
  await javaWrite(file, 'file-src', [[{ filename: '/tmp/gone.txt' }, { position: 1 }]])
  await javaWrite(file, 'file-src', [[{ filename: '/tmp/gone.txt' }, null]])

  const store = new FileOffsetBackingStore(file)
  await store.start()
  const reader = new OffsetStorageReaderImpl(store, 'file-src')
  assert.deepEqual(await reader.offset(fileA), { position: 42n })
  assert.deepEqual(await reader.offset(fileB), { position: 9007199254740993n })
  assert.equal(await reader.offset({ filename: '/tmp/gone.txt' }), null)
  assert.equal(await reader.offset({ filename: '/tmp/never.txt' }), null)
  assert.deepEqual(await new OffsetStorageReaderImpl(store, 'jdbc').offset(table), { incrementing: 7n, mode: 'incrementing', done: true })
  assert.deepEqual(sorted(store.connectorPartitions('file-src')), sorted([fileA, fileB]))
  assert.deepEqual(store.connectorPartitions('jdbc'), [table])
  await store.stop()
})

test('Java reads the offsets we wrote, on top of what it wrote itself', async () => {
  const file = join(dir, 'from-us.offsets')
  await javaWrite(file, 'jdbc', [[table, { incrementing: 3 }]])

  const store = new FileOffsetBackingStore(file)
  await store.start()
  const writer = new OffsetStorageWriter(store, 'file-src')
  writer.offset(fileA, { position: 120 })
  writer.offset(fileB, { position: 9007199254740993n, note: 'x', ratio: 0.5 })
  assert.equal(await writer.flush(5000), 'flushed')
  writer.offset(fileA, { position: 121 })
  assert.equal(await writer.flush(5000), 'flushed')
  assert.equal(await writer.flush(5000), 'empty')
  await store.stop()

  const seen = await javaRead(file, 'file-src', [fileA, fileB, { filename: 'none' }])
  assert.deepEqual(seen.offsets, [{ position: 121n }, { position: 9007199254740993n, note: 'x', ratio: 0.5 }, null])
  assert.deepEqual(sorted(seen.partitions as OffsetMap[]), sorted([fileA, fileB]))
  assert.deepEqual((await javaRead(file, 'jdbc', [table])).offsets, [{ incrementing: 3n }])

  // And back: a reset written by Java is seen by us.
  await javaWrite(file, 'file-src', [[fileA, null]])
  const again = new FileOffsetBackingStore(file)
  await again.start()
  assert.equal(await new OffsetStorageReaderImpl(again, 'file-src').offset(fileA), null)
  assert.deepEqual(again.connectorPartitions('file-src'), [fileB])
})

function sorted (partitions: OffsetMap[]): OffsetMap[] {
  return [...partitions].sort((a, b) => json(a) < json(b) ? -1 : 1)
}
