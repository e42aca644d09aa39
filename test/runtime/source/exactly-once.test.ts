// The source runner's transactional mode (KIP-618) in a one-worker distributed cluster on the test
// broker, with a task that defines its own transaction boundaries: a transaction aborted at a
// record drops the records up to it but still commits their offsets, one committed at a record
// ends there (later records of the same batch go to the next transaction), commitRecord() comes
// only after a commit, and the interval boundary commits everything in time.

import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { oneBrokerClusterSettings } from '../../../scripts/servers/cluster-settings.ts'
import { ConfigDef } from '../../../src/api/config/config-def.ts'
import { Schema } from '../../../src/api/data/schema.ts'
import type { RecordMetadata } from '../../../src/api/source/record-metadata.ts'
import { SourceConnector, type ConnectorTransactionBoundaries, type ExactlyOnceSupport } from '../../../src/api/source/source-connector.ts'
import { SourceRecord } from '../../../src/api/source/source-record.ts'
import { SourceTask } from '../../../src/api/source/source-task.ts'
import { workerGroupMember } from '../../../src/herder/distributed/worker-group-member.ts'
import { startDistributed, type DistributedRuntime } from '../../../src/runtime/distributed.ts'
import { testBootstrap, uniqueName } from '../../support/kafka.ts'
import { eventually, readTopic, texts } from '../fixtures/harness.ts'
import { TopicPartition } from '../../../src/api/sink/topic-partition.ts'

/** commitRecord() calls, by connector name. */
const committedRecords = new Map<string, string[]>()

/** A source of "<n>" records, five per poll, that ends transactions where `abortEvery`/`commitEvery` say. */
class CountingSourceConnector extends SourceConnector {
  #props: Record<string, string> = {}
  version (): string { return '1.0.0-test' }
  start (props: Record<string, string>): void { this.#props = props }
  taskClass (): typeof CountingSourceTask { return CountingSourceTask }
  taskConfigs (): Array<Record<string, string>> { return [{ ...this.#props }] }
  stop (): void {}
  config (): ConfigDef {
    return new ConfigDef().define({ name: 'topic', type: 'STRING', importance: 'HIGH', documentation: 'Where records go.' })
  }

  override exactlyOnceSupport (): ExactlyOnceSupport { return 'SUPPORTED' }
  override canDefineTransactionBoundaries (): ConnectorTransactionBoundaries { return 'SUPPORTED' }
}

class CountingSourceTask extends SourceTask {
  #props: Record<string, string> = {}
  #next = 0
  version (): string { return '1.0.0-test' }
  async start (props: Record<string, string>): Promise<void> {
    this.#props = props
    const offset = await this.context.offsetStorageReader().offset({ source: 'counter' })
    this.#next = offset === null ? 0 : Number(offset.n) + 1
  }

  async poll (): Promise<SourceRecord[] | null> {
    const limit = Number(this.#props.limit)
    if (this.#next >= limit) {
      await new Promise(resolve => setTimeout(resolve, 20))
      return null
    }
    const records: SourceRecord[] = []
    for (let i = 0; i < 5 && this.#next < limit; i++, this.#next++) {
      const record = new SourceRecord({
        sourcePartition: { source: 'counter' },
        sourceOffset: { n: this.#next },
        topic: this.#props.topic,
        valueSchema: Schema.STRING_SCHEMA,
        value: String(this.#next),
      })
      const transactions = this.context.transactionContext()
      if (transactions !== null && this.#props['abort.at'] !== undefined && this.#next % 10 === Number(this.#props['abort.at'])) transactions.abortTransaction(record)
      if (transactions !== null && this.#props['commit.at'] !== undefined && this.#next % 10 === Number(this.#props['commit.at'])) transactions.commitTransaction(record)
      records.push(record)
    }
    return records
  }

  override commitRecord (record: SourceRecord, _metadata: RecordMetadata | null): void {
    const list = committedRecords.get(this.#props.name) ?? []
    list.push(String(record.value))
    committedRecords.set(this.#props.name, list)
  }

  stop (): void {}
}

describe('exactly-once source tasks', { timeout: 180_000 }, () => {
  let runtime: DistributedRuntime
  const group = uniqueName('eos-runner')

  after(async () => { await runtime?.stop() })

  async function start (): Promise<DistributedRuntime> {
    runtime = await startDistributed({
      workerConfig: {
        ...oneBrokerClusterSettings(await testBootstrap(), group),
        'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'exactly.once.source.support': 'enabled',
        'offset.flush.interval.ms': '200',
      },
      workerId: 'in-process:1',
      restUrl: 'http://127.0.0.1:9/',
      plugins: [{ className: 'test.CountingSourceConnector', type: 'source', create: () => new CountingSourceConnector() }],
      createMember: workerGroupMember,
    })
    return runtime
  }

  /** The committed values of `topic`, as a read_committed consumer reads them. */
  async function committed (topic: string): Promise<string[]> {
    const partition = new TopicPartition(topic, 0)
    const end = (await runtime.log.listOffsets([partition], 'latest', 'read_committed')).get(partition) ?? 0n
    const consumer = runtime.log.createConsumer({ clientId: uniqueName('committed'), isolationLevel: 'read_committed' })
    try {
      consumer.assign([partition])
      await consumer.seekToBeginning([partition])
      const values: string[] = []
      while (await consumer.position(partition) < end) values.push(...texts(await consumer.poll(200)))
      return values
    } finally {
      await consumer.close()
    }
  }

  it('ends transactions where the task says: aborted records dropped, their offsets kept; a commit splits its batch', async () => {
    await start()
    const topic = uniqueName('eos-connector')
    await runtime.log.createTopics([{ name: topic, partitions: 1, replicationFactor: 1 }])
    const name = uniqueName('tx-src')
    // Abort after every n%10==3, commit after every n%10==7: 0..3 dropped, 4..7 kept, 8..13 dropped, 14..17 kept, …
    await runtime.herder.putConnectorConfig(name, {
      name, 'connector.class': 'test.CountingSourceConnector', topic, limit: '40', 'abort.at': '3', 'commit.at': '7',
      'transaction.boundary': 'connector', 'exactly.once.support': 'required',
    }, { allowReplace: false })
    const expected = Array.from({ length: 40 }, (_, n) => n).filter(n => n % 10 >= 4 && n % 10 <= 7).map(String)
    await eventually(async () => (await committed(topic)).length >= expected.length, 'the committed records')
    assert.deepEqual(await committed(topic), expected)
    // commitRecord() for every record once its transaction ended, aborted ones included (Kafka passes them with no metadata).
    await eventually(() => (committedRecords.get(name) ?? []).length >= 38, 'commitRecord calls')
    assert.deepEqual(committedRecords.get(name)?.slice(0, 8), ['0', '1', '2', '3', '4', '5', '6', '7'])
    // The last boundary was the commit at 37: 38 and 39 wait in an open transaction, which stopping aborts.
    await runtime.herder.stopConnector(name)
    assert.deepEqual((await runtime.herder.connectorOffsets(name)).offsets, [{ partition: { source: 'counter' }, offset: { n: 37n } }])
    // Every record up to the last boundary went to the topic, aborted ones too (read_uncommitted sees them);
    // 38 and 39 too when their send beat the stop.
    const written = texts(await readTopic(runtime.log, topic))
    assert.deepEqual(written.slice(0, 38), Array.from({ length: 38 }, (_, n) => String(n)))
  })

  it('commits every transaction.boundary.interval.ms', async () => {
    const topic = uniqueName('eos-interval')
    await runtime.log.createTopics([{ name: topic, partitions: 1, replicationFactor: 1 }])
    const name = uniqueName('interval-src')
    await runtime.herder.putConnectorConfig(name, {
      name, 'connector.class': 'test.CountingSourceConnector', topic, limit: '50', 'transaction.boundary': 'interval', 'transaction.boundary.interval.ms': '100',
    }, { allowReplace: false })
    await eventually(async () => (await committed(topic)).length >= 50, '50 committed records')
    assert.deepEqual(await committed(topic), Array.from({ length: 50 }, (_, n) => String(n)))
    await eventually(() => (committedRecords.get(name) ?? []).length === 50, 'commitRecord for each')
  })
})
