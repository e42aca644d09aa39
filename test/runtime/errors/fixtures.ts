// Plugins for the error-handling tests, written against src/api as a connector author would, and
// a standalone worker that has them. Tests steer them by connector name (the `name` setting).
//
//   test.PickySinkConnector    put() writes a batch whole or throws (DataException) if a record is
//                              "poison"; "report-me" records go to the errant record reporter;
//                              while `down`, put() throws RetriableException; `broken` rejects all
//   test.ListSourceConnector   emits `values` (comma separated) once, source partition {list},
//                              offset {i}; a value "bad:<x>" gets an INT32 schema it does not fit
//   test.FlakyStringConverter  StringConverter whose toConnectData throws RetriableException for
//                              values starting with "flaky", as many times as flakyFailures says

import { after } from 'node:test'
import { ConfigDef } from '../../../src/api/config/config-def.ts'
import { Schema } from '../../../src/api/data/schema.ts'
import type { SchemaAndValue } from '../../../src/api/data/schema-and-value.ts'
import { DataException, RetriableException } from '../../../src/api/errors.ts'
import { SinkConnector } from '../../../src/api/sink/sink-connector.ts'
import type { SinkRecord } from '../../../src/api/sink/sink-record.ts'
import { SinkTask } from '../../../src/api/sink/sink-task.ts'
import { SourceConnector } from '../../../src/api/source/source-connector.ts'
import { SourceRecord } from '../../../src/api/source/source-record.ts'
import { SourceTask } from '../../../src/api/source/source-task.ts'
import { StringConverter } from '../../../src/converters/string-converter.ts'
import type { Log } from '../../../src/log/log.ts'
import type { PluginDescriptor } from '../../../src/runtime/plugins/plugin-registry.ts'
import { startStandalone, type StandaloneRuntime } from '../../../src/runtime/standalone.ts'

/** How a PickySink behaves. */
export interface SinkBehaviour {
  /** put() throws RetriableException while this is true. */
  down?: boolean
  /** put() rejects every non-empty batch (a sink that is failing, not its records). */
  broken?: boolean
}

/** What PickySink tasks wrote and did, by connector name. */
export interface SinkObserved {
  readonly written: string[]
  puts: number
  readonly reportResults: Array<'stored' | 'rejected'>
}

export const sinkBehaviour = new Map<string, SinkBehaviour>()
const sinkObservations = new Map<string, SinkObserved>()

/** The observations of a PickySink connector (created on first use). */
export function sinkObserved (name: string): SinkObserved {
  let o = sinkObservations.get(name)
  if (o === undefined) {
    o = { written: [], puts: 0, reportResults: [] }
    sinkObservations.set(name, o)
  }
  return o
}

/** How many more times each value fails with RetriableException in FlakyStringConverter. */
export const flakyFailures = new Map<string, number>()

export class PickySinkConnector extends SinkConnector {
  #props: Record<string, string> = {}
  version (): string { return '1.0-test' }
  start (props: Record<string, string>): void { this.#props = props }
  taskClass (): typeof PickySinkTask { return PickySinkTask }
  taskConfigs (maxTasks: number): Array<Record<string, string>> { return Array.from({ length: maxTasks }, () => ({ ...this.#props })) }
  stop (): void {}
  config (): ConfigDef {
    return new ConfigDef().define({ name: 'secret', type: 'PASSWORD', defaultValue: null, importance: 'LOW', documentation: 'A password the task quotes in its errors.' })
  }
}

export class PickySinkTask extends SinkTask {
  #name = ''
  #secret = ''
  version (): string { return '1.0-test' }
  start (props: Record<string, string>): void {
    this.#name = props.name
    this.#secret = props.secret ?? ''
  }

  async put (records: readonly SinkRecord[]): Promise<void> {
    const observed = sinkObserved(this.#name)
    observed.puts++
    const behaviour = sinkBehaviour.get(this.#name) ?? {}
    if (behaviour.down === true) throw new RetriableException('the destination is briefly unavailable')
    if (behaviour.broken === true && records.length > 0) throw new DataException(`cannot connect with password ${this.#secret}`)
    const toWrite: string[] = []
    for (const record of records) {
      const value = String(record.value)
      if (value === 'poison') throw new DataException(`cannot write ${value} (password ${this.#secret})`)
      if (value === 'report-me') {
        const reporter = this.context.errantRecordReporter()
        if (reporter === null) throw new DataException('no errant record reporter')
        try {
          await reporter.report(record, new DataException(`the destination refused ${value}`))
          observed.reportResults.push('stored')
        } catch (error) {
          observed.reportResults.push('rejected')
          throw error
        }
        continue
      }
      toWrite.push(value)
    }
    observed.written.push(...toWrite)
  }

  stop (): void {}
}

export class ListSourceConnector extends SourceConnector {
  #props: Record<string, string> = {}
  version (): string { return '1.0-test' }
  start (props: Record<string, string>): void { this.#props = props }
  taskClass (): typeof ListSourceTask { return ListSourceTask }
  taskConfigs (): Array<Record<string, string>> { return [{ ...this.#props }] }
  stop (): void {}
  config (): ConfigDef { return new ConfigDef() }
}

export class ListSourceTask extends SourceTask {
  #values: string[] = []
  #topic = ''
  #list = ''
  #next = 0
  version (): string { return '1.0-test' }
  async start (props: Record<string, string>): Promise<void> {
    this.#values = props.values.split(',')
    this.#topic = props.topic
    this.#list = props.name
    const offset = await this.context.offsetStorageReader().offset({ list: this.#list })
    this.#next = offset === null ? 0 : Number(offset.i) + 1
  }

  async poll (): Promise<SourceRecord[] | null> {
    if (this.#next >= this.#values.length) {
      await new Promise(resolve => setTimeout(resolve, 20))
      return null
    }
    const records: SourceRecord[] = []
    for (; this.#next < this.#values.length; this.#next++) {
      const value = this.#values[this.#next]
      const bad = value.startsWith('bad:')
      records.push(new SourceRecord({
        sourcePartition: { list: this.#list },
        sourceOffset: { i: this.#next },
        topic: this.#topic,
        valueSchema: bad ? Schema.INT32_SCHEMA : Schema.STRING_SCHEMA,
        value,
      }))
    }
    return records
  }

  stop (): void {}
}

export class FlakyStringConverter extends StringConverter {
  override toConnectData (topic: string, value: Uint8Array | null): SchemaAndValue {
    const text = value === null ? '' : Buffer.from(value).toString('utf8')
    const left = flakyFailures.get(text) ?? 0
    if (text.startsWith('flaky') && left > 0) {
      flakyFailures.set(text, left - 1)
      throw new RetriableException(`${text} is not readable yet`)
    }
    return super.toConnectData(topic, value)
  }
}

/** The fixtures as plugins. */
export const ERROR_TEST_PLUGINS: readonly PluginDescriptor[] = [
  { className: 'test.PickySinkConnector', type: 'sink', create: () => new PickySinkConnector() },
  { className: 'test.ListSourceConnector', type: 'source', create: () => new ListSourceConnector() },
  { className: 'test.FlakyStringConverter', type: 'converter', create: () => new FlakyStringConverter() },
]

/** A standalone worker with these plugins, stopped when the test file ends (if still running). */
export async function startErrorsWorker (config: Record<string, string>): Promise<StandaloneRuntime> {
  const runtime = await startStandalone({ workerConfig: config, plugins: ERROR_TEST_PLUGINS })
  after(() => runtime.stop())
  return runtime
}

/** Appends text values to partition 0 of `topic`. */
export async function produce (log: Log, topic: string, values: ReadonlyArray<string | Uint8Array>): Promise<void> {
  const producer = log.createProducer({ clientId: 'errors-test-producer' })
  try {
    await producer.send(values.map(value => ({ topic, partition: 0, key: null, value: typeof value === 'string' ? Buffer.from(value) : value })))
  } finally {
    await producer.close()
  }
}

/** A record's headers as UTF-8 text, in order. */
export function headerTexts (headers: ReadonlyArray<readonly [string, Uint8Array | null]>): Array<[string, string | null]> {
  return headers.map(([key, value]) => [key, value === null ? null : Buffer.from(value).toString('utf8')])
}
