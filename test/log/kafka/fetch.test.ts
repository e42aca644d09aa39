// The Kafka log's consumer reads record batches itself (src/log/kafka/fetch-response.ts and
// record-batches.ts), so it must read what other producers write, not only ours: batches compressed
// with each of Kafka's codecs by @platformatic/kafka's own Producer (as a Java or librdkafka
// producer would send them), with headers and null keys and values, through a real broker.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { compressionsAlgorithms, ConnectionPool, Producer, type CompressionAlgorithmValue } from '@platformatic/kafka'
import { TopicPartition } from '../../../src/api/sink/topic-partition.ts'
import { sendFetch } from '../../../src/log/kafka/fetch-response.ts'
import { createKafkaLog } from '../../../src/log/kafka/index.ts'
import type { IncomingRecord, Log } from '../../../src/log/log.ts'
import { testBootstrap, uniqueName } from '../../support/kafka.ts'

let log: Log
let bootstrap: string

before(async () => {
  bootstrap = await testBootstrap()
  log = createKafkaLog({ bootstrapServers: bootstrap, clientId: uniqueName('admin') })
})
after(() => log?.close())

function text (bytes: Uint8Array | null): string | null {
  return bytes === null ? null : Buffer.from(bytes).toString('utf8')
}

describe('the Kafka log: reading batches other producers wrote', () => {
  for (const compression of ['gzip', 'snappy', 'lz4', 'zstd'] as const satisfies readonly CompressionAlgorithmValue[]) {
    test(`${compression} batches of the client's own Producer come back byte for byte, from any offset`, async () => {
      const topic = uniqueName(`codec-${compression}`)
      await log.createTopics([{ name: topic, partitions: 1, replicationFactor: 1 }])
      // autocreateTopics only lets its metadata lookups wait out a topic the broker has just created.
      const producer = new Producer({ clientId: uniqueName('producer'), bootstrapBrokers: [bootstrap], autocreateTopics: true })
      const count = 300
      try {
        // Three sends: three compressed batches, so a read from the middle starts inside one.
        for (let send = 0; send < 3; send++) {
          await producer.send({
            acks: -1,
            compression,
            messages: Array.from({ length: count / 3 }, (_, j) => {
              const i = send * (count / 3) + j
              return {
                topic,
                partition: 0,
                key: i % 7 === 0 ? undefined : Buffer.from(`key-${i}`),
                value: i % 11 === 0 ? undefined : Buffer.from(`value ${i} ✓ `.repeat(1 + (i % 5))),
                headers: i % 2 === 0 ? new Map([[Buffer.from('trace'), Buffer.from(`t${i}`)], [Buffer.from('empty'), Buffer.alloc(0)]]) : undefined,
                timestamp: BigInt(1_700_000_000_000 + i),
              }
            }),
          })
        }
      } finally {
        await producer.close()
      }

      // The batches on the broker are compressed with the codec (Fetch v12 names the topic).
      const pool = new ConnectionPool(uniqueName('raw'))
      try {
        const [host, port] = bootstrap.split(':')
        const raw = await sendFetch(await pool.get({ host, port: Number(port) }), 12, {
          maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 20, isolationLevel: 0, rackId: '',
          topics: [{ topicId: topic, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0n, lastFetchedEpoch: -1, partitionMaxBytes: 1 << 20 }] }],
        })
        const batches = raw.responses[0].partitions[0].batches
        assert.equal(batches.length, 3)
        for (const batch of batches) assert.equal(batch.readInt16BE(21) & 0x07, compressionsAlgorithms[compression].bitmask)
      } finally {
        await pool.close()
      }

      const consumer = log.createConsumer({ clientId: uniqueName('reader') })
      try {
        consumer.assign([new TopicPartition(topic, 0)])
        const received: IncomingRecord[] = []
        const deadline = Date.now() + 15_000
        while (received.length < count && Date.now() < deadline) received.push(...await consumer.poll(200))
        assert.equal(received.length, count)
        received.forEach((record, i) => {
          assert.equal(record.offset, BigInt(i))
          assert.equal(text(record.key), i % 7 === 0 ? null : `key-${i}`)
          assert.equal(text(record.value), i % 11 === 0 ? null : `value ${i} ✓ `.repeat(1 + (i % 5)))
          assert.deepEqual(record.headers.map(([k, v]) => [k, text(v)]), i % 2 === 0 ? [['trace', `t${i}`], ['empty', '']] : [])
          assert.equal(record.timestamp, 1_700_000_000_000 + i)
        })

        consumer.seek(new TopicPartition(topic, 0), 150n)
        const again: IncomingRecord[] = []
        while (again.length < count - 150 && Date.now() < deadline) again.push(...await consumer.poll(200))
        assert.deepEqual(again.map(r => r.offset), received.slice(150).map(r => r.offset), 'read from inside a compressed batch')
      } finally {
        await consumer.close()
      }
    })
  }
})
