// A tiny source connector and sink connector written only against the public SDK entry, as a
// connector author would write them, driven through their lifecycle with hand-made contexts.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  Config, ConfigDef, ConfigException, ConnectException, NonEmptyString, OffsetAndMetadata, Range, Schema,
  SinkConnector, SinkRecord, SinkTask, SourceConnector, SourceRecord, SourceTask, TopicPartition,
  TopicPartitionMap, configInfosFor,
  type ErrantRecordReporter, type RecordMetadata, type SourceConnectorContext, type TopicPartitionLike, type OffsetStorageReader, type SinkTaskContext,
  type SourceTaskContext, type TaskClass,
} from '../../../src/api/index.ts'

const GREETING_CONFIG = new ConfigDef()
  .define({ name: 'topic', type: 'STRING', validator: new NonEmptyString(), importance: 'HIGH', documentation: 'Where greetings go.', group: 'Greeting', orderInGroup: 1 })
  .define({ name: 'names', type: 'LIST', defaultValue: 'world', importance: 'MEDIUM', documentation: 'Whom to greet.', group: 'Greeting', orderInGroup: 2 })
  .define({ name: 'repeat', type: 'INT', defaultValue: 1, validator: Range.atLeast(1), importance: 'LOW', documentation: 'Greetings per name.' })

class GreetingTask extends SourceTask {
  names: string[] = []
  topic = ''
  committed: string[] = []

  version (): string { return '1.0.0' }

  async start (props: Record<string, string>): Promise<void> {
    const parsed = GREETING_CONFIG.parse(props)
    this.topic = parsed.topic as string
    this.names = parsed.names as string[]
    // Resume after the last greeted name, as the committed offsets say.
    const offsets = await this.context.offsetStorageReader().offsets(this.names.map(name => ({ name })))
    this.names = this.names.filter(name => [...offsets].find(([p]) => p.name === name)?.[1] === null)
  }

  async poll (): Promise<SourceRecord[] | null> {
    if (this.names.length === 0) return null
    const batch = this.names.splice(0)
    return batch.map(name => new SourceRecord({
      sourcePartition: { name },
      sourceOffset: { greeted: true },
      topic: this.topic,
      valueSchema: Schema.STRING_SCHEMA,
      value: `hello, ${name}`,
    }))
  }

  override commitRecord (record: SourceRecord, _metadata: RecordMetadata | null): void {
    this.committed.push(String(record.value))
  }

  stop (): void {}
}

class GreetingConnector extends SourceConnector {
  props: Record<string, string> = {}
  events: string[] = []

  version (): string { return '1.0.0' }
  config (): ConfigDef { return GREETING_CONFIG }
  taskClass (): TaskClass<SourceTask> { return GreetingTask }

  start (props: Record<string, string>): void {
    this.events.push('start')
    this.props = props
  }

  async stop (): Promise<void> {
    await Promise.resolve()
    this.events.push('stop')
  }

  taskConfigs (maxTasks: number): Array<Record<string, string>> {
    const names = GREETING_CONFIG.parse(this.props).names as string[]
    const groups: string[][] = Array.from({ length: Math.min(maxTasks, names.length) }, () => [])
    names.forEach((name, i) => groups[i % groups.length].push(name))
    return groups.map(group => ({ ...this.props, names: group.join(',') }))
  }

  // A check across settings, added to the per-setting ones.
  override validate (configs: Record<string, string>): Config {
    const config = super.validate(configs) as Config
    const names = config.configValues.find(v => v.name === 'names')
    if (Array.isArray(names?.value) && names.value.includes(configs.topic)) {
      names.addErrorMessage('A name may not be the topic.')
    }
    return config
  }

  raise (error: Error): void {
    this.context.raiseError(error)
  }
}

function connectorContext (): SourceConnectorContext & { errors: Error[], reconfigurations: number } {
  return {
    errors: [],
    reconfigurations: 0,
    offsetStorageReader: () => offsetReader({}),
    requestTaskReconfiguration () { this.reconfigurations++ },
    raiseError (error) { this.errors.push(error) },
  }
}

function offsetReader (stored: Record<string, Record<string, unknown>>): OffsetStorageReader {
  return {
    offset: async partition => stored[String(partition.name)] ?? null,
    offsets: async partitions => new Map(partitions.map(p => [p, stored[String(p.name)] ?? null])),
  }
}

describe('a source connector written against the SDK', () => {
  test('starts and splits its work into at most maxTasks task configs', async () => {
    const connector = new GreetingConnector()
    connector.initialize(connectorContext())
    await connector.start({ topic: 'greetings', names: 'ann, bob ,cy' })
    assert.deepEqual(await connector.taskConfigs(2), [
      { topic: 'greetings', names: 'ann,cy' },
      { topic: 'greetings', names: 'bob' },
    ])
    assert.equal((await connector.taskConfigs(5)).length, 3)
    assert.equal(connector.taskClass(), GreetingTask)
  })

  test('validate reports a missing required setting as the REST API shows it', async () => {
    const connector = new GreetingConnector()
    const config = await connector.validate({ repeat: '0' })
    const topic = config.configValues.find(v => v.name === 'topic')
    assert.deepEqual(topic?.errorMessages, ['Missing required configuration "topic" which has no default value.'])
    const infos = configInfosFor('org.example.GreetingConnector', connector.config(), config.configValues)
    assert.equal(infos.name, 'org.example.GreetingConnector')
    assert.equal(infos.error_count, 2)
    assert.deepEqual(infos.groups, ['Greeting'])
    assert.deepEqual(infos.configs[0], {
      definition: {
        name: 'topic', type: 'STRING', required: true, default_value: null, importance: 'HIGH',
        documentation: 'Where greetings go.', group: 'Greeting', order_in_group: 1, width: 'NONE',
        display_name: 'topic', dependents: [],
      },
      value: {
        name: 'topic', value: null, recommended_values: [],
        errors: ['Missing required configuration "topic" which has no default value.'], visible: true,
      },
    })
    assert.deepEqual(infos.configs[2].value?.errors, ['Invalid value 0 for configuration repeat: Value must be at least 1'])
  })

  test('an overridden validate adds checks across settings', async () => {
    const config = await new GreetingConnector().validate({ topic: 'bob', names: 'ann,bob' })
    const errors = config.configValues.flatMap(v => v.errorMessages)
    assert.deepEqual(errors, ['A name may not be the topic.'])
  })

  test('the default validate refuses a connector without a ConfigDef', () => {
    class Broken extends GreetingConnector {
      override config (): ConfigDef { return null as unknown as ConfigDef }
    }
    assert.throws(() => new Broken().validate({}), { name: 'ConnectException', message: 'Broken.config() must return a ConfigDef that is not null.' })
  })

  test('reconfigure stops, then starts with the new settings', async () => {
    const connector = new GreetingConnector()
    connector.initialize(connectorContext())
    await connector.start({ topic: 'a' })
    await connector.reconfigure({ topic: 'b' })
    assert.deepEqual(connector.events, ['start', 'stop', 'start'])
    assert.equal(connector.props.topic, 'b')
  })

  test('the context reaches the runtime', () => {
    const context = connectorContext()
    const connector = new GreetingConnector()
    connector.initialize(context)
    connector.raise(new ConnectException('the source went away'))
    assert.equal(context.errors[0].message, 'the source went away')
  })

  test('the exactly-once and offset hooks default to Kafka’s answers', async () => {
    const connector = new GreetingConnector()
    assert.equal(await connector.exactlyOnceSupport({}), null)
    assert.equal(await connector.canDefineTransactionBoundaries({}), 'UNSUPPORTED')
    assert.equal(await connector.alterOffsets({}, [{ partition: { name: 'ann' }, offset: null }]), false)
  })

  test('its task resumes from committed offsets and returns records with source partitions and offsets', async () => {
    const task = new (new GreetingConnector().taskClass())() as GreetingTask
    const context: SourceTaskContext = {
      configs: () => ({}),
      offsetStorageReader: () => offsetReader({ ann: { greeted: true } }),
      transactionContext: () => null,
    }
    task.initialize(context)
    await task.start({ topic: 'greetings', names: 'ann,bob' })
    const records = await task.poll()
    assert.equal(records?.length, 1)
    const [record] = records ?? []
    assert.equal(record.topic, 'greetings')
    assert.deepEqual(record.sourcePartition, { name: 'bob' })
    assert.deepEqual(record.sourceOffset, { greeted: true })
    assert.equal(record.value, 'hello, bob')
    assert.equal(await task.poll(), null)
    await task.commitRecord(record, { topic: 'greetings', partition: 0, offset: 41n, timestamp: 1700000000000 })
    assert.deepEqual(task.committed, ['hello, bob'])
    await task.commit()
  })

  test('its task fails to start on a bad configuration with Kafka’s message', async () => {
    const task = new GreetingTask()
    await assert.rejects(task.start({}), (e: unknown) => e instanceof ConfigException && /Missing required configuration "topic"/.test(e.message))
  })
})

class UpperCaseSinkTask extends SinkTask {
  written: string[] = []
  buffered: string[] = []
  flushed: Array<TopicPartitionMap<OffsetAndMetadata>> = []
  opened: TopicPartition[] = []

  version (): string { return '1.0.0' }
  start (_props: Record<string, string>): void {}

  override open (partitions: TopicPartition[]): void {
    this.opened.push(...partitions)
    // Resume partition 0 from an offset kept in the destination.
    for (const tp of partitions) if (tp.partition === 0) this.context.offset(tp, 100n)
  }

  async put (records: readonly SinkRecord[]): Promise<void> {
    for (const record of records) {
      if (typeof record.value !== 'string') {
        await this.context.errantRecordReporter()?.report(record, new ConnectException('not a string'))
        continue
      }
      this.buffered.push(record.value.toUpperCase())
    }
  }

  override flush (currentOffsets: TopicPartitionMap<OffsetAndMetadata>): void {
    this.flushed.push(currentOffsets)
    this.written.push(...this.buffered.splice(0))
  }

  stop (): void {}
}

class UpperCaseSinkConnector extends SinkConnector {
  version (): string { return '1.0.0' }
  config (): ConfigDef { return new ConfigDef() }
  taskClass (): TaskClass<SinkTask> { return UpperCaseSinkTask }
  start (): void {}
  stop (): void {}
  taskConfigs (maxTasks: number): Array<Record<string, string>> { return Array.from({ length: maxTasks }, () => ({})) }
}

describe('a sink connector written against the SDK', () => {
  test('its task writes, reports errant records, and commits after flushing', async () => {
    const reported: Array<[SinkRecord, Error]> = []
    const reporter: ErrantRecordReporter = { report: async (record, error) => { reported.push([record, error]) } }
    const resets: Array<[string, bigint]> = []
    const context: SinkTaskContext = {
      configs: () => ({}),
      offset: (tpOrOffsets: TopicPartitionLike | TopicPartitionMap<bigint>, offset?: bigint) => {
        if (tpOrOffsets instanceof TopicPartitionMap) for (const [tp, o] of tpOrOffsets) resets.push([String(tp), o])
        else resets.push([String(TopicPartition.from(tpOrOffsets)), offset ?? -1n])
      },
      timeout: () => {},
      assignment: () => [],
      pause: () => {},
      resume: () => {},
      requestCommit: () => {},
      errantRecordReporter: () => reporter,
    }
    const connector = new UpperCaseSinkConnector()
    assert.equal(await connector.alterOffsets({}, new TopicPartitionMap([[{ topic: 't', partition: 0 }, 5n]])), false)
    const task = new (connector.taskClass())() as UpperCaseSinkTask
    task.initialize(context)
    await task.start({})
    await task.open([new TopicPartition('events', 0), new TopicPartition('events', 1)])
    assert.deepEqual(resets, [['events-0', 100n]])

    const record = (offset: bigint, value: unknown): SinkRecord => new SinkRecord({
      topic: 'events', kafkaPartition: 1, kafkaOffset: offset, valueSchema: null, value,
    })
    await task.put([record(7n, 'a'), record(8n, 42), record(9n, 'b')])
    assert.deepEqual(reported.map(([r, e]) => [r.kafkaOffset, e.message]), [[8n, 'not a string']])

    const current = new TopicPartitionMap([[new TopicPartition('events', 1), new OffsetAndMetadata(10n)]])
    const committable = await task.preCommit(current)
    assert.equal(committable, current)
    assert.deepEqual(task.written, ['A', 'B'])
    assert.equal(task.flushed[0].get({ topic: 'events', partition: 1 })?.offset, 10n)
    await task.close([new TopicPartition('events', 0)])
    await task.stop()
    assert.equal(SinkTask.TOPICS_CONFIG, 'topics')
    assert.equal(SinkConnector.TOPICS_CONFIG, 'topics')
  })
})
