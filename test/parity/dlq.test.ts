// Dead letter queue parity: Java Kafka Connect 4.3.1 (scripts/servers/connect.ts) and kconnect run
// the same FileStreamSink configuration (JsonConverter without schemas, errors.tolerance=all, a DLQ
// with context headers) over the same input on the test broker, a malformed JSON record among good
// ones. The DLQ records must carry the same key, value, timestamp and headers: the same header
// keys in the same order, the same values where they can be the same (the side's own topic and
// connector names aside), and for the exception's message, Java's text as the start of ours
// (kconnect's JsonConverter adds the parser's reason after Kafka's words). With
// errors.tolerance=none both tasks fail, and kconnect's trace begins with Kafka's message.

import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { startConnect, type ConnectWorker } from '../../scripts/servers/connect.ts'
import type { IncomingRecord, Log } from '../../src/log/log.ts'
import { startStandalone, type StandaloneRuntime } from '../../src/runtime/standalone.ts'
import { testBootstrap, uniqueName } from '../support/kafka.ts'
import { eventually, readTopic, tempFolder } from '../runtime/fixtures/harness.ts'

const INPUT: ReadonlyArray<{ key: string, value: string, headers?: Array<[string, string]> }> = [
  { key: 'k1', value: '{"a":1}' },
  { key: 'k2', value: '{"a":2}', headers: [['trace-id', 't2']] },
  { key: 'k3', value: '{oops', headers: [['trace-id', 't3'], ['source', 'parity']] },
  { key: 'k4', value: '{"a":4}' },
]

interface Side {
  readonly name: string
  readonly topic: string
  readonly dlq: string
  readonly file: string
  create (config: Record<string, string>): Promise<void>
  taskStatus (): Promise<{ state: string, trace?: string } | undefined>
}

function connectorConfig (side: { name: string, topic: string, dlq: string, file: string }, tolerance: 'all' | 'none'): Record<string, string> {
  return {
    name: side.name,
    'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
    topics: side.topic,
    file: side.file,
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'false',
    'errors.tolerance': tolerance,
    'errors.log.enable': 'true',
    'errors.deadletterqueue.topic.name': side.dlq,
    'errors.deadletterqueue.topic.replication.factor': '1',
    'errors.deadletterqueue.context.headers.enable': 'true',
  }
}

async function produceInput (log: Log, topic: string): Promise<void> {
  await log.createTopics([{ name: topic, partitions: 1, replicationFactor: 1 }])
  const producer = log.createProducer({ clientId: 'dlq-parity' })
  try {
    await producer.send(INPUT.map(r => ({
      topic,
      partition: 0,
      key: Buffer.from(r.key),
      value: Buffer.from(r.value),
      headers: (r.headers ?? []).map(([k, v]) => [k, Buffer.from(v)] as const),
      timestamp: 1_700_000_000_000,
    })))
  } finally {
    await producer.close()
  }
}

function text (bytes: Uint8Array | null): string | null {
  return bytes === null ? null : Buffer.from(bytes).toString('utf8')
}

describe('dead letter queue parity with Java Kafka Connect', () => {
  let java: ConnectWorker
  let kconnect: StandaloneRuntime
  let folder: string

  before(async () => {
    const bootstrap = await testBootstrap()
    folder = await tempFolder()
    java = await startConnect({ bootstrap })
    kconnect = await startStandalone({
      workerConfig: {
        'bootstrap.servers': bootstrap,
        'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
        'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
        'offset.storage.file.filename': join(folder, 'offsets'),
        'offset.flush.interval.ms': '1000',
        listeners: 'http://127.0.0.1:0',
      },
    })
  })
  after(async () => {
    await kconnect?.stop()
    await java?.stop()
  })

  const sides = (tolerance: string): { javaSide: Side, ourSide: Side } => {
    const make = (kind: string, create: Side['create'], status: (name: string) => Side['taskStatus']): Side => {
      const name = uniqueName(`dlq-${tolerance}-${kind}`)
      return { name, topic: `${name}-in`, dlq: `${name}-dlq`, file: join(folder, `${name}.txt`), create, taskStatus: status(name) }
    }
    const javaSide = make('java', async config => {
      const response = await fetch(`${java.url}/connectors`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: config.name, config }),
      })
      assert.equal(response.status, 201, await response.text())
    }, name => async () => {
      const response = await fetch(`${java.url}/connectors/${name}/status`)
      return response.status === 200 ? (await response.json() as { tasks: Array<{ state: string, trace?: string }> }).tasks[0] : undefined
    })
    const ourSide = make('kconnect', async config => {
      await kconnect.herder.putConnectorConfig(config.name, config, { allowReplace: false })
    }, name => async () => (await kconnect.herder.connectorStatus(name)).tasks[0])
    return { javaSide, ourSide }
  }

  /**
   * Waits for each side's first DLQ record and for its output file to hold `lineCount` lines,
   * then asserts that the two files are the same.
   */
  const dlqRecordsAndSameLines = async ([javaSide, ourSide]: readonly [Side, Side], lineCount: number): Promise<Map<Side, IncomingRecord>> => {
    const records = new Map<Side, IncomingRecord>()
    for (const side of [javaSide, ourSide]) {
      const [record] = await eventually(async () => {
        const found = await readTopic(kconnect.log, side.dlq)
        return found.length > 0 ? found : undefined
      }, `the DLQ record of ${side.name}`, 120_000)
      records.set(side, record)
      // The last line ends with a newline too.
      await eventually(async () => (await readFile(side.file, 'utf8').catch(() => '')).split('\n').length === lineCount + 1, `the lines of ${side.name}`, 60_000)
    }
    assert.equal(await readFile(ourSide.file, 'utf8'), await readFile(javaSide.file, 'utf8'))
    return records
  }

  test('tolerance all: the same DLQ record, header for header, and the same lines in the file', { timeout: 180_000 }, async () => {
    const { javaSide, ourSide } = sides('all')
    for (const side of [javaSide, ourSide]) {
      await produceInput(kconnect.log, side.topic)
      await side.create(connectorConfig(side, 'all'))
    }
    const records = await dlqRecordsAndSameLines([javaSide, ourSide], 3)

    const javaRecord = records.get(javaSide) as IncomingRecord
    const ourRecord = records.get(ourSide) as IncomingRecord
    assert.equal(text(ourRecord.key), text(javaRecord.key))
    assert.equal(text(ourRecord.value), text(javaRecord.value))
    assert.equal(ourRecord.timestamp, javaRecord.timestamp)
    const javaHeaders = javaRecord.headers.map(([k, v]) => [k, text(v)] as const)
    const ourHeaders = ourRecord.headers.map(([k, v]) => [k, text(v)] as const)
    assert.deepEqual(ourHeaders.map(([k]) => k), javaHeaders.map(([k]) => k), 'the same header keys, in the same order')
    const normalized = (side: Side, value: string | null): string | null => value?.replaceAll(side.name, '<name>') ?? null
    for (let i = 0; i < javaHeaders.length; i++) {
      const [key, javaValue] = javaHeaders[i]
      const ourValue = ourHeaders[i][1]
      if (key === '__connect.errors.exception.stacktrace') {
        assert.match(javaValue ?? '', /^org\.apache\.kafka\.connect\.errors\.DataException: Converting byte\[\] to Kafka Connect data failed/)
        assert.match(ourValue ?? '', /^DataException: Converting byte\[\] to Kafka Connect data failed/)
      } else if (key === '__connect.errors.exception.message') {
        assert.ok((ourValue ?? '').startsWith(javaValue ?? '<none>'), `${key}: Java ${javaValue}, kconnect ${ourValue}`)
      } else {
        assert.equal(normalized(ourSide, ourValue), normalized(javaSide, javaValue), key)
      }
    }
  })

  test('a failing transformation: the same DLQ record and headers (stage TRANSFORMATION, the transform\'s class)', { timeout: 180_000 }, async () => {
    const { javaSide, ourSide } = sides('transform')
    for (const side of [javaSide, ourSide]) {
      await kconnect.log.createTopics([{ name: side.topic, partitions: 1, replicationFactor: 1 }])
      const producer = kconnect.log.createProducer({ clientId: 'dlq-parity' })
      await producer.send(['12', 'abc', '34'].map(value => ({ topic: side.topic, partition: 0, key: null, value: Buffer.from(value), timestamp: 1_700_000_000_000 })))
      await producer.close()
      await side.create({
        ...connectorConfig(side, 'all'),
        'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
        transforms: 'cast',
        'transforms.cast.type': 'org.apache.kafka.connect.transforms.Cast$Value',
        'transforms.cast.spec': 'int32',
      })
    }
    const records = await dlqRecordsAndSameLines([javaSide, ourSide], 2)
    const header = (side: Side): Record<string, string | null> =>
      Object.fromEntries((records.get(side) as IncomingRecord).headers.map(([k, v]) => [k, text(v)?.replaceAll(side.name, '<name>') ?? null]))
    const javaHeaders = header(javaSide)
    const ourHeaders = header(ourSide)
    assert.deepEqual(Object.keys(ourHeaders), Object.keys(javaHeaders))
    for (const key of ['__connect.errors.partition', '__connect.errors.offset', '__connect.errors.connector.name', '__connect.errors.task.id',
      '__connect.errors.stage', '__connect.errors.class.name', '__connect.errors.exception.class.name']) {
      assert.equal(ourHeaders[key], javaHeaders[key], key)
    }
    assert.equal(ourHeaders['__connect.errors.stage'], 'TRANSFORMATION')
    assert.ok((ourHeaders['__connect.errors.exception.message'] ?? '').startsWith(javaHeaders['__connect.errors.exception.message'] ?? '<none>'),
      `Java ${javaHeaders['__connect.errors.exception.message']}, kconnect ${ourHeaders['__connect.errors.exception.message']}`)
    assert.equal(text((records.get(ourSide) as IncomingRecord).value), 'abc')
  })

  test('tolerance none: both tasks fail, and kconnect\'s trace starts with Kafka\'s message and says where', { timeout: 180_000 }, async () => {
    const { javaSide, ourSide } = sides('none')
    const traces = new Map<Side, string>()
    for (const side of [javaSide, ourSide]) {
      await produceInput(kconnect.log, side.topic)
      await side.create(connectorConfig(side, 'none'))
    }
    for (const side of [javaSide, ourSide]) {
      const status = await eventually(async () => {
        const task = await side.taskStatus()
        return task?.state === 'FAILED' ? task : undefined
      }, `${side.name} FAILED`, 120_000)
      traces.set(side, status.trace ?? '')
      // Both report the record before failing.
      assert.equal((await eventually(async () => { const r = await readTopic(kconnect.log, side.dlq); return r.length > 0 ? r : undefined }, 'DLQ')).length, 1)
    }
    const javaFirst = (traces.get(javaSide) ?? '').split('\n')[0]
    const ourFirst = (traces.get(ourSide) ?? '').split('\n')[0]
    assert.equal(javaFirst, 'org.apache.kafka.connect.errors.ConnectException: Tolerance exceeded in error handler')
    assert.ok(ourFirst.startsWith('ConnectException: Tolerance exceeded in error handler: stage VALUE_CONVERTER'), ourFirst)
    assert.ok(ourFirst.includes(`record at topic '${ourSide.topic}', partition 0, offset 2`), ourFirst)
  })
})
