// The Kafka producer's direct path on a real broker: large sends split by max.request.size, every
// compression type, acks=1 and acks=0 without idempotence, the max.request.size error, and a
// broker restarted in the middle of a stream of sends (retried with the same batches: every record
// arrives once, in order). The broker checks each batch's CRC and format on every produce.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { ConnectException } from '../../../src/api/errors.ts'
import { createKafkaLog } from '../../../src/log/kafka/index.ts'
import type { IncomingRecord, Log, LogConsumer, OutgoingRecord } from '../../../src/log/log.ts'
import { startKafka, type KafkaBroker } from '../../../scripts/servers/kafka.ts'
import { testBootstrap, uniqueName } from '../../support/kafka.ts'

let log: Log

before(async () => {
  log = createKafkaLog({ bootstrapServers: await testBootstrap(), clientId: uniqueName('admin') })
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

async function newTopic (partitions: number): Promise<string> {
  const name = uniqueName('direct')
  await log.createTopics([{ name, partitions, replicationFactor: 1 }])
  return name
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
