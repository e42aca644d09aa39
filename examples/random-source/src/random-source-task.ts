// The task: poll() returns a batch of records every interval.ms. Each record carries its source
// partition ({"task": <index>}) and offset ({"sequence": <n>}); kconnect commits the offsets of
// the records Kafka acknowledged, and on restart the task reads the last one back and goes on
// from the next sequence number.

import { ConnectException, Schema, SchemaBuilder, SourceRecord, SourceTask, Struct } from 'kconnect/api'
import { setTimeout as sleep } from 'node:timers/promises'
import packageJson from '../package.json' with { type: 'json' }
import { RandomSourceConfig, TASK_INDEX_CONFIG } from './config.ts'
import { randomAt } from './random.ts'

/** The schema of each record's value. */
export const VALUE_SCHEMA = SchemaBuilder.struct().name('com.example.kconnect.RandomNumber')
  .field('task', Schema.INT32_SCHEMA)
  .field('sequence', Schema.INT64_SCHEMA)
  .field('value', Schema.INT32_SCHEMA)
  .build()

/** Produces one stream of random numbers. */
export class RandomSourceTask extends SourceTask {
  #config!: RandomSourceConfig
  #task = 0
  #partition: Record<string, unknown> = {}
  #nextSequence = 0n
  #nextBatchAt = 0
  /** Aborted by stop(), so a poll waiting for the next batch returns at once. */
  #stopping = new AbortController()

  version (): string {
    return packageJson.version
  }

  async start (props: Record<string, string>): Promise<void> {
    this.#config = new RandomSourceConfig(props)
    this.#task = Number(props[TASK_INDEX_CONFIG] ?? '0')
    this.#partition = { task: this.#task }
    this.#stopping = new AbortController()
    // Resume after the last record whose offset kconnect committed.
    const committed = await this.context.offsetStorageReader().offset(this.#partition)
    const sequence = committed?.sequence
    if (sequence === undefined || sequence === null) {
      this.#nextSequence = 0n
    } else if (typeof sequence === 'bigint' || (typeof sequence === 'number' && Number.isSafeInteger(sequence))) {
      this.#nextSequence = BigInt(sequence) + 1n
    } else {
      // A failure says what is wrong and what to do; the task moves to FAILED with this message.
      throw new ConnectException(`The committed offset of task ${this.#task} has a sequence of ${String(sequence)}, ` +
        'which is not an integer; reset the connector\'s offsets (DELETE /connectors/{name}/offsets while it is stopped)')
    }
  }

  async poll (): Promise<SourceRecord[] | null> {
    const wait = this.#nextBatchAt - Date.now()
    if (wait > 0) {
      // Wait for the next batch, but return when stopped: poll() must not hold up stop().
      try {
        await sleep(wait, undefined, { signal: this.#stopping.signal })
      } catch {
        return null
      }
    }
    const { topic, seed, bound, batchSize, intervalMs } = this.#config
    const records: SourceRecord[] = []
    for (let i = 0; i < batchSize; i++) {
      const sequence = this.#nextSequence++
      const value = new Struct(VALUE_SCHEMA)
        .put('task', this.#task)
        .put('sequence', sequence)
        .put('value', randomAt(seed, this.#task, sequence, bound))
      records.push(new SourceRecord({
        sourcePartition: this.#partition,
        sourceOffset: { sequence },
        topic,
        keySchema: Schema.INT32_SCHEMA,
        key: this.#task,
        valueSchema: VALUE_SCHEMA,
        value,
      }))
    }
    this.#nextBatchAt = Date.now() + intervalMs
    return records
  }

  stop (): void {
    this.#stopping.abort()
  }
}
