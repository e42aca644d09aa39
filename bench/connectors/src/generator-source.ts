// A source that makes its records out of nothing: `records` string values of `value.bytes` bytes,
// `batch.size` per poll, as fast as the worker asks, then nothing. No file, no network: what the
// worker spends per record is then the engine's own cost (conversion, batching, producing, offsets).

import { ConfigDef, Range, Schema, SourceConnector, SourceRecord, SourceTask, type TaskClass } from 'kconnect/api'

const TOPIC = 'topic'
const RECORDS = 'records'
const BATCH_SIZE = 'batch.size'
const VALUE_BYTES = 'value.bytes'

const CONFIG_DEF = new ConfigDef()
  .define({ name: TOPIC, type: 'STRING', importance: 'HIGH', documentation: 'The topic to write to.' })
  .define({ name: RECORDS, type: 'LONG', defaultValue: 1_000_000, validator: Range.atLeast(0), importance: 'HIGH', documentation: 'How many records to make, in all.' })
  .define({ name: BATCH_SIZE, type: 'INT', defaultValue: 2000, validator: Range.atLeast(1), importance: 'LOW', documentation: 'Records per poll (FileStreamSource\'s default).' })
  .define({ name: VALUE_BYTES, type: 'INT', defaultValue: 100, validator: Range.atLeast(1), importance: 'LOW', documentation: 'Bytes per value.' })

/** The generator's connector: one task. */
export class GeneratorSourceConnector extends SourceConnector {
  #props: Record<string, string> = {}

  version (): string { return '1.0.0' }
  start (props: Record<string, string>): void {
    CONFIG_DEF.parse(props)
    this.#props = props
  }

  taskClass (): TaskClass<SourceTask> { return GeneratorSourceTask }
  taskConfigs (): Array<Record<string, string>> { return [{ ...this.#props }] }
  stop (): void {}
  config (): ConfigDef { return CONFIG_DEF }
}

/** Makes the records; resumes after the last committed offset, like a real source. */
export class GeneratorSourceTask extends SourceTask {
  #topic = ''
  #total = 0
  #batchSize = 0
  #filler = ''
  #next = 0
  #stopped = new AbortController()
  // One frozen object for every record, as FileStreamSource does: the runtime may then skip comparing it.
  readonly #partition = Object.freeze({ generator: 0 })

  version (): string { return '1.0.0' }

  async start (props: Record<string, string>): Promise<void> {
    const config = CONFIG_DEF.parse(props)
    this.#topic = config[TOPIC] as string
    this.#total = Number(config[RECORDS])
    this.#batchSize = config[BATCH_SIZE] as number
    this.#filler = 'x'.repeat(config[VALUE_BYTES] as number)
    const committed = await this.context.offsetStorageReader().offset(this.#partition)
    this.#next = committed?.position === undefined || committed.position === null ? 0 : Number(committed.position) + 1
    this.#stopped = new AbortController()
  }

  async poll (): Promise<SourceRecord[] | null> {
    if (this.#next >= this.#total) {
      // Done: wait until stopped, without spinning.
      await new Promise<void>(resolve => {
        const timer = setTimeout(resolve, 1000)
        this.#stopped.signal.addEventListener('abort', () => { clearTimeout(timer); resolve() }, { once: true })
      })
      return null
    }
    const end = Math.min(this.#total, this.#next + this.#batchSize)
    const records: SourceRecord[] = []
    for (let position = this.#next; position < end; position++) {
      records.push(new SourceRecord({
        sourcePartition: this.#partition,
        sourceOffset: { position },
        topic: this.#topic,
        valueSchema: Schema.STRING_SCHEMA,
        value: this.#filler,
      }))
    }
    this.#next = end
    return records
  }

  stop (): void {
    this.#stopped.abort()
  }
}
