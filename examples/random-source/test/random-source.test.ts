// Tests of the example connector, written as a connector package's own tests are: the connector
// and task driven directly, with a small SourceTaskContext standing in for the worker's.
// Run them with `npm test` in this folder (kconnect installed as a devDependency), or through
// kconnect's own suite (test/examples/random-source.test.ts).

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConnectException, Struct, type SourceRecord, type SourceTaskContext } from 'kconnect/api'
import { RandomSourceConnector, RandomSourceTask, randomAt } from '../src/index.ts'

/** A context whose offset store holds one committed offset per task index. */
function contextWith (committed: Record<number, Record<string, unknown>> = {}): SourceTaskContext {
  const lookup = async (partition: Record<string, unknown>): Promise<Record<string, unknown> | null> =>
    committed[partition.task as number] ?? null
  return {
    configs: () => ({}),
    offsetStorageReader: () => ({
      offset: lookup,
      offsets: async partitions => new Map(await Promise.all(partitions.map(async p => [p, await lookup(p)] as const))),
    }),
    transactionContext: () => null,
  }
}

async function startedTask (props: Record<string, string>, committed?: Record<number, Record<string, unknown>>): Promise<RandomSourceTask> {
  const task = new RandomSourceTask()
  task.initialize(contextWith(committed))
  await task.start({ topic: 'numbers', 'interval.ms': '0', ...props })
  return task
}

function sequences (records: SourceRecord[]): bigint[] {
  return records.map(r => r.sourceOffset?.sequence as bigint)
}

describe('RandomSourceConnector', () => {
  it('gives each task its own stream', () => {
    const connector = new RandomSourceConnector()
    connector.start({ topic: 'numbers' })
    assert.deepEqual(connector.taskConfigs(3).map(c => c['task.index']), ['0', '1', '2'])
    assert.equal(connector.taskClass(), RandomSourceTask)
  })

  it('reports invalid settings the way the REST API shows them', () => {
    const connector = new RandomSourceConnector()
    const errors = Object.fromEntries(connector.config().validate({ topic: '', 'batch.size': '0' })
      .map(v => [v.name, v.errorMessages]))
    assert.deepEqual(errors.topic, ['Invalid value  for configuration topic: String must be non-empty'])
    assert.deepEqual(errors['batch.size'], ['Invalid value 0 for configuration batch.size: Value must be at least 1'])
    assert.throws(() => connector.start({}), { name: 'ConfigException' })
  })

  it('has the package\'s version', () => {
    assert.match(new RandomSourceConnector().version(), /^\d+\.\d+\.\d+/)
  })
})

describe('RandomSourceTask', () => {
  it('returns batch.size records with their partition, offset, key and value', async () => {
    const task = await startedTask({ 'batch.size': '3', seed: '7', 'task.index': '1' })
    const records = await task.poll() ?? []
    assert.deepEqual(sequences(records), [0n, 1n, 2n])
    for (const record of records) {
      assert.equal(record.topic, 'numbers')
      assert.deepEqual(record.sourcePartition, { task: 1 })
      assert.equal(record.key, 1)
      const value = record.value as Struct
      assert.ok(value instanceof Struct)
      assert.equal(value.get('value'), randomAt(7n, 1, value.get('sequence') as bigint, 1_000_000))
    }
    await task.stop()
  })

  it('resumes after the committed offset with the same numbers', async () => {
    const first = await startedTask({ 'batch.size': '5' })
    const all = await first.poll() ?? []
    await first.stop()
    const resumed = await startedTask({ 'batch.size': '2' }, { 0: { sequence: 2n } })
    const again = await resumed.poll() ?? []
    assert.deepEqual(sequences(again), [3n, 4n])
    assert.deepEqual(again.map(r => (r.value as Struct).get('value')), all.slice(3).map(r => (r.value as Struct).get('value')))
    await resumed.stop()
  })

  it('fails with a clear message when the committed offset is not usable', async () => {
    const task = new RandomSourceTask()
    task.initialize(contextWith({ 0: { sequence: 'twelve' } }))
    await assert.rejects(task.start({ topic: 'numbers' }), (error: Error) =>
      error instanceof ConnectException && /reset the connector's offsets/.test(error.message))
  })

  it('returns from a waiting poll when stopped', async () => {
    const task = await startedTask({ 'interval.ms': '600000', 'batch.size': '1' })
    assert.equal((await task.poll())?.length, 1)
    const waiting = task.poll()
    await task.stop()
    assert.equal(await waiting, null)
  })
})
