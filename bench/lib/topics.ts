// The benchmark's view of the broker, through kconnect's own Log on Kafka (the same admin calls a
// worker makes): topics created before a run, end offsets read to tell when every record was
// acknowledged, and a topic filled before the sink scenario.

import { createKafkaLog } from '../../src/log/kafka/index.ts'
import type { Log, OutgoingRecord } from '../../src/log/log.ts'

/** An admin connection to the benchmark's broker. */
export class BenchTopics {
  readonly #log: Log

  constructor (bootstrap: string) {
    this.#log = createKafkaLog({ bootstrapServers: bootstrap, clientId: 'kconnect-bench' })
  }

  /** Creates a topic (replication factor 1) and waits until the broker describes it. */
  async create (name: string, partitions: number): Promise<void> {
    await this.#log.createTopics([{ name, partitions, replicationFactor: 1 }])
    const deadline = performance.now() + 30_000
    while (!(await this.#log.describeTopics([name])).has(name)) {
      if (performance.now() > deadline) throw new Error(`topic ${name} was not there 30 s after it was created`)
      await new Promise(resolve => setTimeout(resolve, 50))
    }
  }

  /** The sum of the topic's partitions' end offsets: how many records it holds (it is never compacted or trimmed here). */
  async endOffset (name: string, partitions: number): Promise<bigint> {
    const offsets = await this.#log.listOffsets(Array.from({ length: partitions }, (_, partition) => ({ topic: name, partition })), 'latest')
    let sum = 0n
    for (let partition = 0; partition < partitions; partition++) sum += offsets.get({ topic: name, partition }) ?? 0n
    return sum
  }

  /**
   * Polls the end offset every `intervalMs` until it reaches `count`; resolves with performance.now()
   * of the first read that saw it. `check` is called between reads and may throw to give up
   * (a failed task).
   */
  async awaitEndOffset (name: string, partitions: number, count: number, intervalMs: number, timeoutMs: number,
    check: () => Promise<void> = async () => {}): Promise<number> {
    const deadline = performance.now() + timeoutMs
    let seen = 0n
    while (performance.now() < deadline) {
      seen = await this.endOffset(name, partitions)
      if (seen >= BigInt(count)) return performance.now()
      await check()
      await new Promise(resolve => setTimeout(resolve, intervalMs))
    }
    throw new Error(`topic ${name} holds ${seen} of ${count} records after ${timeoutMs} ms`)
  }

  /** Writes `count` records whose values `valueOf` gives, in batches, with acks=all; null keys (spread by the sticky partitioner). */
  async fill (name: string, count: number, valueOf: (index: number) => Uint8Array): Promise<void> {
    const producer = this.#log.createProducer({ clientId: 'kconnect-bench-fill', config: { 'linger.ms': '5' } })
    try {
      const batch = 5000
      const inFlight: Array<Promise<unknown>> = []
      for (let start = 0; start < count; start += batch) {
        const records: OutgoingRecord[] = []
        for (let i = start; i < Math.min(count, start + batch); i++) records.push({ topic: name, key: null, value: valueOf(i) })
        inFlight.push(producer.send(records))
        if (inFlight.length >= 8) await inFlight.shift()
      }
      await Promise.all(inFlight)
    } finally {
      await producer.close()
    }
  }

  async close (): Promise<void> {
    await this.#log.close()
  }
}
