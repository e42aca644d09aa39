// What a producer knows of the topics it writes to: each topic's partitions and their leaders,
// and the brokers' addresses, from Metadata answers kept for metadata.max.age.ms. Partition
// counts wait (up to max.block.ms) for topics the broker is still creating, as Java's producer
// waits in send(); leaders are looked up again when a send finds them stale.

import type { Base } from '@platformatic/kafka'
import { RetriableException } from '../../api/errors.ts'
import { backoffMs, type Timing } from './client-config.ts'
import { fetchMetadata, sleep, type BrokerAddress, type TopicMetadata } from './cluster.ts'
import { translateKafkaError } from './errors.ts'

/** `promise`'s outcome, or the error `timeout()` makes once `deadline` passes first (the promise then runs on, ignored). */
async function beforeDeadline<T> (promise: Promise<T>, deadline: number, timeout: () => Error): Promise<T> {
  promise.catch(() => undefined)
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([promise, new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(timeout()), Math.max(0, deadline - Date.now()))
    })])
  } finally {
    clearTimeout(timer)
  }
}

/** A partition's leader: its node id and address. */
export interface Leader {
  readonly nodeId: number
  readonly broker: BrokerAddress
}

/** The topics and leaders one producer writes to. */
export class ProducerMetadata {
  readonly #client: Base
  readonly #timing: Timing
  readonly #maxBlockMs: number
  readonly #brokerList: string
  readonly #topics = new Map<string, { topic: TopicMetadata, at: number }>()
  #brokers: ReadonlyMap<number, BrokerAddress> = new Map()

  constructor (client: Base, timing: Timing, maxBlockMs: number, brokerList: string) {
    this.#client = client
    this.#timing = timing
    this.#maxBlockMs = maxBlockMs
    this.#brokerList = brokerList
  }

  /** Forgets what is known of `topics`: the next call looks them up again. */
  forget (topics: Iterable<string>): void {
    for (const topic of topics) this.#topics.delete(topic)
  }

  /** The leader of `topic`-`partition` as last seen, or undefined when unknown or leaderless. */
  leader (topic: string, partition: number): Leader | undefined {
    const nodeId = this.#topics.get(topic)?.topic.partitions[partition]?.leader
    if (nodeId === undefined || nodeId < 0) return undefined
    const broker = this.#brokers.get(nodeId)
    return broker === undefined ? undefined : { nodeId, broker }
  }

  /** Looks `topics` up again now (leaders moved); failures are the caller's to retry. */
  async refresh (topics: readonly string[]): Promise<void> {
    const snapshot = await fetchMetadata(this.#client, topics)
    this.#remember(snapshot.brokers, snapshot.topics.values())
  }

  /** Partition counts of `topics`, waiting (up to max.block.ms) for topics the broker is still creating. */
  async counts (topics: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>()
    const now = Date.now()
    const unknown = topics.filter(topic => {
      const cached = this.#topics.get(topic)
      if (cached !== undefined && now - cached.at < this.#timing.metadataMaxAgeMs) counts.set(topic, cached.topic.partitions.length)
      return !counts.has(topic)
    })
    const deadline = now + this.#maxBlockMs
    let lastError: unknown = null
    for (let attempt = 1; unknown.length > 0; attempt++) {
      let missing: string[]
      try {
        // Asking creates missing topics where the broker allows it (auto.create.topics.enable), as Java's
        // producer does. The wait is bounded by max.block.ms, not by the library's delivery retries.
        const snapshot = await beforeDeadline(fetchMetadata(this.#client, unknown, true), deadline, () =>
          new RetriableException(`Could not look up topics ${unknown.join(', ')}: no answer from the Kafka broker(s) at ${this.#brokerList} ` +
            `within max.block.ms (${this.#maxBlockMs} ms). Check bootstrap.servers, that the brokers are running and reachable ` +
            'from this machine, and security.protocol.'))
        this.#remember(snapshot.brokers, snapshot.topics.values())
        for (const [name, topic] of snapshot.topics) counts.set(name, topic.partitions.length)
        missing = unknown.filter(topic => !counts.has(topic))
      } catch (error) {
        if (error instanceof RetriableException || Date.now() >= deadline) throw translateKafkaError(error, `look up topics ${unknown.join(', ')}`, this.#brokerList)
        lastError = error
        missing = unknown
      }
      if (missing.length === 0) break
      if (Date.now() + backoffMs(this.#timing, attempt) >= deadline) {
        // Java's TimeoutException, a retriable error: the topic may appear, or the brokers come back.
        const reason = lastError === null ? '' : ` (last error: ${translateKafkaError(lastError, `look up topics ${missing.join(', ')}`, this.#brokerList).message})`
        throw new RetriableException(`Topic ${missing.join(', ')} not present in metadata after ${this.#maxBlockMs} ms${reason}. ` +
          'Create the topic, or enable auto.create.topics.enable on the brokers.', lastError === null ? undefined : { cause: lastError })
      }
      unknown.splice(0, unknown.length, ...missing)
      await sleep(backoffMs(this.#timing, attempt))
    }
    return counts
  }

  #remember (brokers: ReadonlyMap<number, BrokerAddress>, topics: Iterable<TopicMetadata>): void {
    if (brokers.size > 0) this.#brokers = brokers
    const at = Date.now()
    for (const topic of topics) this.#topics.set(topic.name, { topic, at })
  }
}
