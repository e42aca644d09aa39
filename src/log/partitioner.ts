// Where a record goes when its producer does not name a partition, as Kafka's producer decides it:
// a keyed record goes to murmur2(key) modulo the partition count, so a key always lands on the same
// partition and a Java producer and ours agree; an unkeyed record goes to the next partition in
// turn. (Java's producer sticks unkeyed records to one partition per batch; spreading them one by
// one is what the embedded log's consumers want and no reader can tell the difference.)

// The constants of Kafka's murmur2 variant (Utils.murmur2): its seed, multiplier and shift.
const SEED = 0x9747b28c
const M = 0x5bd1e995
const R = 24

/** Kafka's murmur2 hash of `data`: a signed 32-bit integer, equal to Java's Utils.murmur2. */
export function murmur2 (data: Uint8Array): number {
  const length = data.length
  let h = (SEED ^ length) | 0
  const whole = length & ~3
  for (let i = 0; i < whole; i += 4) {
    // Four bytes read little-endian into one 32-bit word.
    let k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24)
    k = Math.imul(k, M)
    k ^= k >>> R
    k = Math.imul(k, M)
    h = Math.imul(h, M) ^ k
  }
  // The last one to three bytes; Java's switch falls through from 3 to 1.
  const tail = length & 3
  if (tail >= 3) h ^= data[whole + 2] << 16
  if (tail >= 2) h ^= data[whole + 1] << 8
  if (tail >= 1) {
    h ^= data[whole]
    h = Math.imul(h, M)
  }
  h ^= h >>> 13
  h = Math.imul(h, M)
  h ^= h >>> 15
  return h | 0
}

/** Kafka's Utils.toPositive: drops the sign bit (not Math.abs, which would differ at -2^31). */
export function toPositive (n: number): number {
  return n & 0x7fffffff
}

/** The partition Kafka's default partitioner gives a record with this key. */
export function partitionForKey (key: Uint8Array, numPartitions: number): number {
  return toPositive(murmur2(key)) % numPartitions
}

/** Chooses partitions for records that do not name one: by key hash, else round-robin per topic. */
export class DefaultPartitioner {
  readonly #nextUnkeyed = new Map<string, number>()

  /** The partition for a record of `topic` with `key`, among `numPartitions`. */
  partition (topic: string, key: Uint8Array | null, numPartitions: number): number {
    if (key !== null) return partitionForKey(key, numPartitions)
    const next = this.#nextUnkeyed.get(topic) ?? 0
    this.#nextUnkeyed.set(topic, (next + 1) % numPartitions)
    return next % numPartitions
  }
}
