// A Kafka topic partition, and a map keyed by one. JavaScript Maps compare object keys by
// identity, so two equal TopicPartitions would be two keys; TopicPartitionMap compares them by
// topic and partition instead, and also accepts plain { topic, partition } objects as keys.

import { ConnectException } from '../errors.ts'

/** Anything with a topic and a partition, such as a TopicPartition or a literal. */
export interface TopicPartitionLike {
  readonly topic: string
  readonly partition: number
}

/** One partition of a Kafka topic. */
export class TopicPartition implements TopicPartitionLike {
  readonly topic: string
  readonly partition: number

  constructor (topic: string, partition: number) {
    if (typeof topic !== 'string') throw new ConnectException(`A topic name must be a string, not ${String(topic)}`)
    if (!Number.isInteger(partition)) {
      throw new ConnectException(`A partition must be an integer, not ${String(partition)} (topic ${topic})`)
    }
    this.topic = topic
    this.partition = partition
  }

  /** A TopicPartition equal to `like`. */
  static from (like: TopicPartitionLike): TopicPartition {
    return like instanceof TopicPartition ? like : new TopicPartition(like.topic, like.partition)
  }

  /** Whether `other` names the same topic and partition. */
  equals (other: unknown): boolean {
    return other instanceof TopicPartition && other.topic === this.topic && other.partition === this.partition
  }

  /** "topic-partition", as Kafka writes it. */
  toString (): string {
    return `${this.topic}-${this.partition}`
  }
}

// The partition comes first: it holds no ':', so the key is unambiguous whatever the topic holds.
function keyOf (tp: TopicPartitionLike): string {
  return `${tp.partition}:${tp.topic}`
}

/** A Map from topic partition to V that compares keys by topic and partition. */
export class TopicPartitionMap<V> implements Iterable<[TopicPartition, V]> {
  readonly #entries = new Map<string, [TopicPartition, V]>()

  constructor (entries?: Iterable<readonly [TopicPartitionLike, V]>) {
    for (const [tp, value] of entries ?? []) this.set(tp, value)
  }

  get size (): number {
    return this.#entries.size
  }

  get (tp: TopicPartitionLike): V | undefined {
    return this.#entries.get(keyOf(tp))?.[1]
  }

  has (tp: TopicPartitionLike): boolean {
    return this.#entries.has(keyOf(tp))
  }

  set (tp: TopicPartitionLike, value: V): this {
    this.#entries.set(keyOf(tp), [TopicPartition.from(tp), value])
    return this
  }

  delete (tp: TopicPartitionLike): boolean {
    return this.#entries.delete(keyOf(tp))
  }

  clear (): void {
    this.#entries.clear()
  }

  * keys (): IterableIterator<TopicPartition> {
    for (const [tp] of this.#entries.values()) yield tp
  }

  * values (): IterableIterator<V> {
    for (const [, value] of this.#entries.values()) yield value
  }

  * entries (): IterableIterator<[TopicPartition, V]> {
    for (const [tp, value] of this.#entries.values()) yield [tp, value]
  }

  forEach (callback: (value: V, tp: TopicPartition, map: this) => void): void {
    for (const [tp, value] of this.#entries.values()) callback(value, tp, this)
  }

  [Symbol.iterator] (): IterableIterator<[TopicPartition, V]> {
    return this.entries()
  }

  /** "{topic-0=value, …}", as Java prints a map. */
  toString (): string {
    return '{' + [...this.entries()].map(([tp, value]) => `${tp}=${String(value)}`).join(', ') + '}'
  }
}
