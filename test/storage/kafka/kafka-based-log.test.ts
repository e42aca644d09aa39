// KafkaBasedLog on a real broker and on the embedded log: it reads a topic whole on start, follows
// it, writes in order, and readToEnd() means "everything written before now has been read" (also
// what other writers wrote, and, for a read_committed log, only once their transactions ended).

import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { openEmbeddedLog } from '../../../src/log/embedded/index.ts'
import { createKafkaLog } from '../../../src/log/kafka/index.ts'
import type { IncomingRecord, Log } from '../../../src/log/log.ts'
import { KafkaBasedLog, type KafkaBasedLogOptions } from '../../../src/storage/kafka/kafka-based-log.ts'
import { testBootstrap, uniqueName } from '../../support/kafka.ts'

const FAST = { 'fetch.max.wait.ms': '100' }
const text = (bytes: Uint8Array | null): string | null => bytes === null ? null : Buffer.from(bytes).toString('utf8')
const bytes = (value: string): Uint8Array => Buffer.from(value, 'utf8')

for (const backend of ['kafka', 'embedded'] as const) {
  describe(`KafkaBasedLog on the ${backend} log`, () => {
    let log: Log
    let dir: string | undefined

    before(async () => {
      if (backend === 'kafka') {
        log = createKafkaLog({ bootstrapServers: await testBootstrap(), clientId: uniqueName('kbl-admin') })
      } else {
        dir = await mkdtemp(join(tmpdir(), 'kconnect-kbl-'))
        log = await openEmbeddedLog({ dir })
      }
    })
    after(async () => {
      await log.close()
      if (dir !== undefined) await rm(dir, { recursive: true, force: true })
    })

    async function topic (partitions = 1): Promise<string> {
      const name = uniqueName('kbl')
      await log.createTopics([{ name, partitions, replicationFactor: 1, configs: { 'cleanup.policy': 'compact' } }])
      return name
    }

    function newLog (name: string, seen: IncomingRecord[], options: Partial<KafkaBasedLogOptions> = {}): KafkaBasedLog {
      return new KafkaBasedLog({ log, topic: name, clientId: uniqueName('kbl'), onRecord: record => seen.push(record), consumerConfig: FAST, ...options })
    }

    test('start() reads what the topic holds, from the beginning, before it resolves', async () => {
      const name = await topic(3)
      const producer = log.createProducer({ clientId: uniqueName('writer') })
      await producer.send(['a', 'b', 'c', 'd', 'e'].map(key => ({ topic: name, key: bytes(key), value: bytes(`value-${key}`) })))
      await producer.close()

      const seen: IncomingRecord[] = []
      const reader = newLog(name, seen, { producerConfig: null })
      await reader.start()
      assert.equal(reader.partitionCount, 3)
      assert.deepEqual(seen.map(r => text(r.key)).sort(), ['a', 'b', 'c', 'd', 'e'])
      assert.throws(() => reader.send(bytes('x'), null), /read-only mode/)
      await reader.stop()
    })

    test('sends land in order, and readToEnd() after a send has handed the record over', async () => {
      const name = await topic()
      const seen: IncomingRecord[] = []
      const writer = newLog(name, seen)
      await writer.start()
      const sends = Array.from({ length: 50 }, (_unused, i) => writer.send(bytes('k'), bytes(String(i))))
      await writer.readToEnd()
      assert.deepEqual(seen.map(r => text(r.value)), Array.from({ length: 50 }, (_unused, i) => String(i)))
      const offsets = (await Promise.all(sends)).map(metadata => metadata.offset)
      assert.deepEqual(offsets, [...offsets].sort((a, b) => (a < b ? -1 : 1)))
      // A tombstone is a record too.
      await writer.send(bytes('k'), null)
      await writer.readToEnd()
      assert.equal(seen.at(-1)?.value, null)
      await writer.stop()
    })

    test('readToEnd() sees what another writer wrote before the call', async () => {
      const name = await topic(2)
      const seenByA: IncomingRecord[] = []
      const seenByB: IncomingRecord[] = []
      const a = newLog(name, seenByA)
      const b = newLog(name, seenByB)
      await Promise.all([a.start(), b.start()])
      for (let i = 0; i < 10; i++) await a.send(bytes(`key-${i}`), bytes(`from-a-${i}`))
      await b.readToEnd()
      assert.deepEqual(seenByB.map(r => text(r.value)).sort(), Array.from({ length: 10 }, (_unused, i) => `from-a-${i}`).sort())
      await Promise.all([a.stop(), b.stop()])
    })

    test('a read_committed log skips aborted records and reads committed ones', async () => {
      const name = await topic()
      const seen: IncomingRecord[] = []
      const reader = newLog(name, seen, { isolationLevel: 'read_committed', producerConfig: null })
      await reader.start()
      const transactional = log.createProducer({ clientId: uniqueName('tx'), transactionalId: uniqueName('tx') })
      await transactional.beginTransaction()
      await transactional.send([{ topic: name, key: bytes('aborted'), value: bytes('1') }])
      await transactional.abortTransaction()
      await transactional.beginTransaction()
      await transactional.send([{ topic: name, key: bytes('committed'), value: bytes('2') }])
      await transactional.commitTransaction()
      await reader.readToEnd()
      assert.deepEqual(seen.map(r => text(r.key)), ['committed'])
      await transactional.close()
      await reader.stop()
    })

    test('start() on a missing topic fails with Kafka\'s message once the wait is over', async () => {
      const reader = newLog(uniqueName('missing'), [], { topicMetadataTimeoutMs: 300 })
      await assert.rejects(reader.start(), /Could not look up partition metadata for topic '.*' in the allotted period/)
    })

    test('readToEnd() waits for an open transaction (a timeout rejects), and resolves once it committed', async () => {
      const name = await topic()
      const seen: IncomingRecord[] = []
      const reader = newLog(name, seen, { isolationLevel: 'read_committed' })
      await reader.start()
      const transactional = log.createProducer({ clientId: uniqueName('tx'), transactionalId: uniqueName('tx') })
      await transactional.beginTransaction()
      await transactional.send([{ topic: name, key: bytes('open'), value: bytes('1') }])
      await assert.rejects(reader.readToEnd(200), /Timed out reading topic .* to its end/)
      await transactional.commitTransaction()
      await reader.readToEnd()
      assert.deepEqual(seen.map(r => text(r.key)), ['open'])
      await transactional.close()
      await reader.stop()
    })
  })
}
