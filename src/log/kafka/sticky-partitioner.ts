// Where the Kafka producer puts a record that names no partition. A keyed record goes where Java's
// default partitioner puts it (murmur2 of the key, src/log/partitioner.ts), so keys keep their
// partitions across Java and kconnect producers. Unkeyed records stick to one partition per topic
// until about batch.size bytes went there, then move to the next, as Java's sticky partitioner
// (KIP-480) does: few, full batches instead of one small batch per partition.

import { partitionForKey } from '../partitioner.ts'

/** Chooses partitions for records without one. */
export class StickyPartitioner {
  readonly #batchSize: number
  readonly #sticky = new Map<string, { partition: number, bytes: number }>()

  constructor (batchSize: number) {
    this.#batchSize = Math.max(1, batchSize)
  }

  /** The partition of a record of `topic` with `key` and about `bytes` bytes, among `numPartitions`. */
  partition (topic: string, key: Uint8Array | null, numPartitions: number, bytes: number): number {
    if (key !== null) return partitionForKey(key, numPartitions)
    let sticky = this.#sticky.get(topic)
    if (sticky === undefined || sticky.partition >= numPartitions) {
      sticky = { partition: Math.floor(Math.random() * numPartitions), bytes: 0 }
      this.#sticky.set(topic, sticky)
    } else if (sticky.bytes >= this.#batchSize) {
      sticky.partition = (sticky.partition + 1) % numPartitions
      sticky.bytes = 0
    }
    sticky.bytes += bytes
    return sticky.partition
  }
}
