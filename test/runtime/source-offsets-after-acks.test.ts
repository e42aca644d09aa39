// A source task's offsets follow Kafka's acknowledgements, not the producer's calls, and a log
// that does not acknowledge stops the polling (backpressure). The producer here is the embedded
// log's, with its acknowledgements held back until the test releases them, in any order.

import assert from 'node:assert/strict'
import { join } from 'node:path'
import { test } from 'node:test'
import type { RecordMetadata } from '../../src/api/source/record-metadata.ts'
import { openEmbeddedLog } from '../../src/log/embedded/index.ts'
import type { LogProducer, OutgoingRecord } from '../../src/log/log.ts'
import { ConnectorConfig } from '../../src/runtime/config/connector-config.ts'
import { TopicCreation } from '../../src/runtime/config/topic-creation-config.ts'
import { StandaloneConfig } from '../../src/runtime/config/worker-config.ts'
import { builtinPluginRegistry } from '../../src/runtime/plugins/builtin-plugins.ts'
import { WorkerSourceTask } from '../../src/runtime/source/worker-source-task.ts'
import type { TaskStatusListener } from '../../src/runtime/status-listener.ts'
import { taskConverters } from '../../src/runtime/task-converters.ts'
import { MemoryOffsetBackingStore } from '../../src/storage/offset-backing-store.ts'
import { OffsetStorageReaderImpl } from '../../src/storage/offset-storage-reader.ts'
import { OffsetStorageWriter } from '../../src/storage/offset-storage-writer.ts'
import { uniqueName } from '../support/kafka.ts'
import { eventually, tempFolder } from './fixtures/harness.ts'
import { observed, SequenceSourceTask, TEST_PLUGINS } from './fixtures/test-connectors.ts'

/** The embedded log's producer, whose sends resolve only when the test releases them. */
class HeldProducer implements LogProducer {
  readonly held: Array<{ records: readonly OutgoingRecord[], release: () => void }> = []
  readonly #real: LogProducer
  constructor (real: LogProducer) { this.#real = real }
  send (records: readonly OutgoingRecord[]): Promise<RecordMetadata[]> {
    return new Promise((resolve, reject) => {
      this.held.push({ records, release: () => { this.#real.send(records).then(resolve, reject) } })
    })
  }

  beginTransaction (): Promise<void> { return this.#real.beginTransaction() }
  commitTransaction (): Promise<void> { return this.#real.commitTransaction() }
  abortTransaction (): Promise<void> { return this.#real.abortTransaction() }
  close (): Promise<void> { return this.#real.close() }
}

const noStatus: TaskStatusListener = { onStartup () {}, onPause () {}, onResume () {}, onShutdown () {}, onFailure () {} }

test('offsets are committed only for acknowledged records; one request at a time, the rest queued behind it; unacknowledged work stops polling', async () => {
  const folder = await tempFolder()
  const log = await openEmbeddedLog({ dir: join(folder, 'log') })
  const name = uniqueName('held')
  const registry = builtinPluginRegistry(TEST_PLUGINS)
  const workerConfig = new StandaloneConfig({
    'key.converter': 'StringConverter', 'value.converter': 'StringConverter', 'offset.storage.file.filename': join(folder, 'offsets'),
    'offset.flush.interval.ms': '3600000', 'offset.flush.timeout.ms': '300',
  })
  const props = { name, 'connector.class': 'SequenceSource', topic: uniqueName('t'), count: '100', batch: '5' }
  const connectorConfig = new ConnectorConfig(registry, 'source', props)
  const store = new MemoryOffsetBackingStore()
  const producer = new HeldProducer(log.createProducer({ clientId: 'held' }))
  const runner = new WorkerSourceTask({
    id: { connector: name, task: 0 },
    task: new SequenceSourceTask(),
    taskConfig: props,
    latestTaskConfig: () => props,
    listener: noStatus,
    initialState: 'STARTED',
    workerConfig,
    connectorConfig,
    converters: taskConverters(registry, connectorConfig, workerConfig),
    producer,
    log,
    topicCreation: TopicCreation.create(false, null),
    offsetReader: new OffsetStorageReaderImpl(store, name),
    offsetWriter: new OffsetStorageWriter(store, name),
    recordActiveTopic: null,
    maxInFlightRecords: 15,
  })
  const done = runner.run()
  const committed = async (): Promise<unknown> => (await new OffsetStorageReaderImpl(store, name).offset({ shard: 0 }))?.seq ?? null

  // One produce request in flight (batch 1), batches 2 and 3 queued behind it (15 records is the
  // bound), a fourth polled and waiting for room, and no more polls.
  await eventually(() => producer.held.length === 1 && observed(name).sent.length === 20, 'the pipeline full')
  await new Promise(resolve => setTimeout(resolve, 100))
  assert.equal(producer.held.length, 1)
  assert.equal(observed(name).sent.length, 20)
  assert.equal(await runner.commitOffsets(), true)
  assert.equal(await committed(), null)

  // Batch 1 acknowledged: its offsets can be committed; batches 2 and 3 go out as one request.
  producer.held[0].release()
  await eventually(() => observed(name).acked.length === 5 && producer.held.length === 2, 'the first batch acknowledged')
  assert.deepEqual(producer.held[1].records.map(r => Buffer.from(r.value ?? []).toString()), Array.from({ length: 10 }, (_, i) => `0:${i + 5}`))
  await runner.commitOffsets()
  assert.equal(await committed(), 4n)

  // On stop, what was acknowledged in time is committed; what was not, is not.
  producer.held[1].release()
  await eventually(() => observed(name).acked.length === 15, 'batches 2 and 3 acknowledged')
  runner.stop()
  await done
  assert.equal(await committed(), 14n)
  await log.close()
})
