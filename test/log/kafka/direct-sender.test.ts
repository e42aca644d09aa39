// The Kafka producer's direct path on a real broker: large sends split by max.request.size, every
// compression type, acks=1 and acks=0 without idempotence, the max.request.size error, and a
// broker restarted in the middle of a stream of sends (retried with the same batches: every record
// arrives once, in order), batch.size honoured when given, and batches split when the topic's
// max.message.bytes refuses them. The broker checks each batch's CRC and format on every produce.

import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { ConnectionPool } from '@platformatic/kafka'
import { ConnectException } from '../../../src/api/errors.ts'
import { sendFetch } from '../../../src/log/kafka/fetch-response.ts'
import { createKafkaLog } from '../../../src/log/kafka/index.ts'
import type { IncomingRecord, Log, LogConsumer, OutgoingRecord } from '../../../src/log/log.ts'
import { startKafka, type KafkaBroker } from '../../../scripts/servers/kafka.ts'
import { testBootstrap, uniqueName } from '../../support/kafka.ts'

let log: Log
let bootstrap: string

before(async () => {
  bootstrap = await testBootstrap()
  log = createKafkaLog({ bootstrapServers: bootstrap, clientId: uniqueName('admin') })
})
after(() => log?.close())

async function readAll (on: Log, topic: string, partitions: number, count: number): Promise<IncomingRecord[]> {
  const consumer: LogConsumer = on.createConsumer({ clientId: uniqueName('reader'), autoOffsetReset: 'earliest' })
  try {
    consumer.assign(Array.from({ length: partitions }, (_, partition) => ({ topic, partition })))
    const records: IncomingRecord[] = []
    const deadline = Date.now() + 30_000
    while (records.length < count && Date.now() < deadline) records.push(...await consumer.poll(200))
    return records
  } finally {
    await consumer.close()
  }
}

function values (records: readonly IncomingRecord[]): string[] {
  return records.map(record => Buffer.from(record.value!).toString('utf8'))
}

async function newTopic (partitions: number, configs?: Record<string, string>): Promise<string> {
  const name = uniqueName('direct')
  await log.createTopics([{ name, partitions, replicationFactor: 1, configs }])
  return name
}

/** The record batches of partition 0 of `topic` as the broker stores them (a raw Fetch from offset 0): each one's bytes and record count. */
async function storedBatches (topic: string): Promise<Array<{ bytes: number, baseOffset: bigint, count: number }>> {
  const pool = new ConnectionPool(uniqueName('raw'))
  try {
    const [host, port] = bootstrap.split(':')
    const raw = await sendFetch(await pool.get({ host, port: Number(port) }), 12, {
      maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 22, isolationLevel: 0, rackId: '',
      topics: [{ topicId: topic, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0n, lastFetchedEpoch: -1, partitionMaxBytes: 1 << 22 }] }],
    })
    // baseOffset int64 at 0, the records count int32 at 57 (the header's last field).
    return raw.responses[0].partitions[0].batches.map(batch => ({ bytes: batch.length, baseOffset: batch.readBigInt64BE(0), count: batch.readInt32BE(57) }))
  } finally {
    await pool.close()
  }
}

function hundredByteRecords (topic: string, count: number): OutgoingRecord[] {
  return Array.from({ length: count }, (_, i) => ({ topic, key: null, value: Buffer.from(`line ${i} `.padEnd(100, 'x')) }))
}

describe('the Kafka producer\'s direct path', () => {
  test('a send larger than max.request.size goes in several requests, in order, at the offsets it reports', async () => {
    const topic = await newTopic(1)
    const producer = log.createProducer({ clientId: uniqueName('producer'), config: { 'max.request.size': '65536' } })
    const sent: OutgoingRecord[] = Array.from({ length: 10_000 }, (_, i) => ({ topic, key: null, value: Buffer.from(`line ${i} `.padEnd(100, 'x')) }))
    const metadata = await producer.send(sent)
    await producer.close()
    assert.deepEqual(metadata.map(m => m.offset), sent.map((_, i) => BigInt(i)))
    assert.deepEqual(values(await readAll(log, topic, 1, sent.length)), sent.map(r => Buffer.from(r.value!).toString('utf8')))
  })

  test('a record larger than max.request.size is refused with Kafka\'s message', async () => {
    const topic = await newTopic(1)
    const producer = log.createProducer({ clientId: uniqueName('producer'), config: { 'max.request.size': '1000' } })
    await assert.rejects(producer.send([{ topic, key: null, value: Buffer.alloc(2000) }]), (error: Error) =>
      error instanceof ConnectException && /The message is 2021 bytes when serialized which is larger than 1000, which is the value of the max.request.size configuration/.test(error.message))
    await producer.close()
  })

  for (const compression of ['gzip', 'snappy', 'lz4', 'zstd']) {
    test(`compression.type=${compression}: the broker takes the batches and a consumer reads them back`, async () => {
      const topic = await newTopic(2)
      const producer = log.createProducer({ clientId: uniqueName('producer'), config: { 'compression.type': compression } })
      const sent: OutgoingRecord[] = Array.from({ length: 500 }, (_, i) => ({
        topic, partition: i % 2, key: Buffer.from(`k${i}`), value: Buffer.from(`value ${i} `.repeat(5)), headers: [['h', Buffer.from(`${i}`)], ['h', null]],
      }))
      const metadata = await producer.send(sent)
      await producer.close()
      assert.deepEqual(metadata.map(m => m.offset), sent.map((_, i) => BigInt(Math.floor(i / 2))))
      const read = await readAll(log, topic, 2, sent.length)
      assert.equal(read.length, sent.length)
      assert.deepEqual(values(read.filter(r => r.partition === 1)), sent.filter((_, i) => i % 2 === 1).map(r => Buffer.from(r.value!).toString('utf8')))
      assert.deepEqual(read[0].headers.map(([k, v]) => [k, v === null ? null : Buffer.from(v).toString()]), [['h', String(read[0].offset * 2n + BigInt(read[0].partition))], ['h', null]])
    })
  }

  test('acks=1 and acks=0 without idempotence write too (acks=0 reports no offsets)', async () => {
    const topic = await newTopic(1)
    for (const acks of ['1', '0']) {
      const producer = log.createProducer({ clientId: uniqueName('producer'), config: { acks, 'enable.idempotence': 'false' } })
      const metadata = await producer.send([{ topic, key: null, value: Buffer.from(`acks ${acks}`) }])
      await producer.close()
      assert.equal(metadata[0].offset, acks === '1' ? 0n : -1n)
    }
    assert.deepEqual(values(await readAll(log, topic, 1, 2)), ['acks 1', 'acks 0'])
  })

  for (const [idempotent, compression] of [[true, 'none'], [false, 'none'], [true, 'gzip']] as const) {
    test(`batches the topic's max.message.bytes refuses are split and sent again, in order, once each (idempotence ${idempotent ? 'on' : 'off'}, compression ${compression})`, async () => {
      const topic = await newTopic(1, { 'max.message.bytes': '20000' })
      const config: Record<string, string> = { 'compression.type': compression, ...(idempotent ? {} : { acks: '1', 'enable.idempotence': 'false' }) }
      const producer = log.createProducer({ clientId: uniqueName('producer'), config })
      // Random values for gzip: compressed, the batches still outgrow the topic's limit.
      const records = (count: number): OutgoingRecord[] => compression === 'none'
        ? hundredByteRecords(topic, count)
        : Array.from({ length: count }, () => ({ topic, key: null, value: Buffer.from(randomBytes(50).toString('hex')) }))
      const sent = records(2000)
      const metadata = await producer.send(sent)
      // A second send continues the partition's sequences where the split parts left them.
      const more = records(300)
      const moreMetadata = await producer.send(more)
      await producer.close()
      assert.deepEqual(metadata.map(m => m.offset), sent.map((_, i) => BigInt(i)))
      assert.deepEqual(moreMetadata.map(m => m.offset), more.map((_, i) => BigInt(2000 + i)))
      const all = [...sent, ...more].map(r => Buffer.from(r.value!).toString('utf8'))
      assert.deepEqual(values(await readAll(log, topic, 1, all.length)), all)
      const batches = await storedBatches(topic)
      assert.ok(batches.length > 1 && batches.every(batch => batch.bytes <= 20000), 'every stored batch fits the topic\'s limit')
    })
  }

  test('a single record larger than the topic\'s max.message.bytes fails with Java\'s message', async () => {
    const topic = await newTopic(1, { 'max.message.bytes': '20000' })
    const producer = log.createProducer({ clientId: uniqueName('producer') })
    await assert.rejects(producer.send([{ topic, key: null, value: Buffer.alloc(30_000) }]), (error: Error) =>
      error instanceof ConnectException && error.message.startsWith('The request included a message larger than the max message size the server will accept.'))
    // The producer goes on with records that fit.
    const metadata = await producer.send(hundredByteRecords(topic, 3))
    await producer.close()
    assert.deepEqual(metadata.map(m => m.offset), [0n, 1n, 2n])
  })

  test('batch.size, when given, caps every batch at that many bytes; batch.size=0 sends one record per batch', async () => {
    for (const [batchSize, count] of [['4096', 2000], ['0', 50]] as const) {
      const topic = await newTopic(1)
      const producer = log.createProducer({ clientId: uniqueName('producer'), config: { 'batch.size': batchSize } })
      const sent = hundredByteRecords(topic, count)
      const metadata = await producer.send(sent)
      await producer.close()
      assert.deepEqual(metadata.map(m => m.offset), sent.map((_, i) => BigInt(i)))
      const batches = await storedBatches(topic)
      assert.equal(batches.reduce((sum, batch) => sum + batch.count, 0), count)
      batches.forEach((batch, i) => assert.equal(batch.baseOffset, i === 0 ? 0n : batches[i - 1].baseOffset + BigInt(batches[i - 1].count)))
      if (batchSize === '0') {
        assert.ok(batches.every(batch => batch.count === 1), 'one record per batch')
      } else {
        assert.ok(batches.every(batch => batch.bytes <= 4096), `every batch at most 4096 bytes: ${batches.map(b => b.bytes).join(', ')}`)
        assert.ok(batches.length >= Math.ceil(count * 110 / 4096), 'the records are spread over as many batches as that takes')
      }
    }
  })

  test('without batch.size, a send\'s records of a partition go in batches far larger than Java\'s 16 KiB default', async () => {
    const topic = await newTopic(1)
    const producer = log.createProducer({ clientId: uniqueName('producer') })
    await producer.send(hundredByteRecords(topic, 2000))
    await producer.close()
    const batches = await storedBatches(topic)
    assert.equal(batches.length, 1)
    assert.equal(batches[0].count, 2000)
  })

  test('idempotence needs acks=all, as in Java', () => {
    assert.throws(() => log.createProducer({ clientId: uniqueName('producer'), config: { acks: '1', 'enable.idempotence': 'true' } }),
      /Must be all \(or -1\) when enable.idempotence/)
  })
})

describe('the Kafka producer\'s direct path with a broker that restarts', () => {
  let broker: KafkaBroker
  let own: Log

  before(async () => {
    broker = await startKafka()
    own = createKafkaLog({ bootstrapServers: broker.bootstrap, clientId: uniqueName('admin') })
  })
  after(async () => {
    await own?.close()
    await broker?.stop()
  })

  test('sends in flight while the leader restarts are retried with the same batches: every record once, in order', async () => {
    const topic = uniqueName('restart')
    await own.createTopics([{ name: topic, partitions: 2, replicationFactor: 1 }])
    const producer = own.createProducer({ clientId: uniqueName('producer'), config: { 'retry.backoff.ms': '50', 'request.timeout.ms': '5000' } })
    const sent: string[] = []
    let stop = false
    const sending = (async () => {
      for (let batch = 0; !stop || batch < 5; batch++) {
        const records: OutgoingRecord[] = Array.from({ length: 200 }, (_, i) => ({ topic, partition: i % 2, key: null, value: Buffer.from(`${batch}-${i}`) }))
        await producer.send(records)
        sent.push(...records.map(r => Buffer.from(r.value!).toString()))
      }
    })()
    await new Promise(resolve => setTimeout(resolve, 300))
    await broker.restart(1000)
    stop = true
    await sending
    await producer.close()
    const read = await readAll(own, topic, 2, sent.length)
    for (const partition of [0, 1]) {
      assert.deepEqual(values(read.filter(r => r.partition === partition)), sent.filter((_, i) => i % 2 === partition),
        `partition ${partition} has every record once, in the order sent`)
    }
  })
})
