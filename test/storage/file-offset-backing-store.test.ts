import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { FileOffsetBackingStore } from '../../src/storage/file-offset-backing-store.ts'
import { writeJavaByteMap } from '../../src/storage/java-serialized-map.ts'
import { OffsetStorageReaderImpl } from '../../src/storage/offset-storage-reader.ts'
import { OffsetStorageWriter } from '../../src/storage/offset-storage-writer.ts'
import { offsetKeyBytes } from '../../src/storage/offset-utils.ts'

let dir: string
before(async () => { dir = await mkdtemp(join(tmpdir(), 'kconnect-file-store-')) })
after(() => rm(dir, { recursive: true, force: true }))

test('offsets keys are Java\'s bytes: ["<connector>",{partition}]', () => {
  assert.equal(Buffer.from(offsetKeyBytes('file-src', { filename: '/tmp/in.txt' })).toString(), '["file-src",{"filename":"/tmp/in.txt"}]')
  assert.equal(Buffer.from(offsetKeyBytes('c', null)).toString(), '["c",null]')
})

test('a missing file is an empty store; writes replace the file whole and leave no temporary file', async () => {
  const file = join(dir, 'fresh.offsets')
  const store = new FileOffsetBackingStore(file)
  await store.start()
  const writer = new OffsetStorageWriter(store, 'c')
  for (let i = 0; i < 20; i++) {
    writer.offset({ shard: i % 3 }, { seq: i })
    await writer.flush(5000)
  }
  await store.stop()
  assert.deepEqual((await readdir(dir)).filter(f => f.startsWith('fresh')), ['fresh.offsets'])
  const again = new FileOffsetBackingStore(file)
  await again.start()
  const reader = new OffsetStorageReaderImpl(again, 'c')
  assert.deepEqual(await reader.offset({ shard: 0 }), { seq: 18n })
  assert.deepEqual(await reader.offset({ shard: 2 }), { seq: 17n })
})

test('a truncated file (as Java may leave one) starts empty; a foreign file is refused with the fix', async () => {
  const truncated = join(dir, 'truncated.offsets')
  const whole = writeJavaByteMap([[offsetKeyBytes('c', { a: 1 }), Buffer.from('{"x":1}')]])
  await writeFile(truncated, whole.subarray(0, whole.length - 3))
  const store = new FileOffsetBackingStore(truncated)
  await store.start()
  assert.deepEqual(store.connectorPartitions('c'), [])
  const foreign = join(dir, 'foreign.offsets')
  await writeFile(foreign, 'not offsets')
  await assert.rejects(new FileOffsetBackingStore(foreign).start(), /is not a Kafka Connect offsets file: Not a Java serialization stream.*Move it away, or point offset.storage.file.filename at another file/)
})

test('a failed write keeps the offsets for the next flush', async () => {
  // The file's name is taken by a folder with something in it: the rename over it fails, as a full
  // disk or a lost permission would make a write fail (this works even for root).
  const file = join(dir, 'blocked.offsets')
  const store = new FileOffsetBackingStore(file)
  await store.start()
  await mkdir(join(file, 'in-the-way'), { recursive: true })
  const writer = new OffsetStorageWriter(store, 'c')
  writer.offset({ f: 'a' }, { pos: 1 })
  await assert.rejects(writer.flush(5000), /Cannot write the offsets file/)
  assert.ok(writer.hasPending())
  assert.deepEqual((await readdir(dir)).filter(f => f.startsWith('blocked')), ['blocked.offsets'])
  await rm(file, { recursive: true })
  assert.equal(await writer.flush(5000), 'flushed')
  assert.ok((await readFile(file)).length > 0)
})
