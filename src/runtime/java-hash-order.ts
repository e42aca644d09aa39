// The iteration order of a java.util.HashMap. Where Kafka Connect answers with a HashMap (task
// configs, the connectors list, offsets), the REST API's JSON lists keys and entries in that
// order, and tools (and our parity tests) see it. A HashMap iterates its table bucket by bucket,
// the bucket being the spread hash code masked by the table size, and within a bucket in insertion
// order (resizing keeps that order); so the order follows from the hash codes, the insertion
// order, and how the table grew. Trees in crowded buckets (8+ colliding keys) are not modelled.

/** Java's String.hashCode: s[0]*31^(n-1) + … + s[n-1], over UTF-16 code units, in 32 bits. */
export function javaStringHashCode (text: string): number {
  let hash = 0
  for (let i = 0; i < text.length; i++) hash = (Math.imul(31, hash) + text.charCodeAt(i)) | 0
  return hash
}

/** Java's Long.hashCode. */
function longHashCode (value: bigint): number {
  const bits = BigInt.asUintN(64, value)
  return Number(BigInt.asIntN(32, bits ^ (bits >> 32n)))
}

/** Java's Double.hashCode. */
function doubleHashCode (value: number): number {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, Number.isNaN(value) ? NaN : value)
  return (view.getInt32(0) ^ view.getInt32(4)) | 0
}

/**
 * The hashCode Java gives a value as Kafka Connect holds it: String, Long (JSON integers, our
 * bigints and whole numbers), Double, Boolean, null, and maps (the sum of key^value hashes).
 */
export function javaHashCode (value: unknown): number {
  if (value === null || value === undefined) return 0
  switch (typeof value) {
    case 'string': return javaStringHashCode(value)
    case 'bigint': return longHashCode(value)
    case 'number': return Number.isSafeInteger(value) ? longHashCode(BigInt(value)) : doubleHashCode(value)
    case 'boolean': return value ? 1231 : 1237
  }
  if (value instanceof Map) {
    let hash = 0
    for (const [k, v] of value) hash = (hash + (javaHashCode(k) ^ javaHashCode(v))) | 0
    return hash
  }
  if (typeof value === 'object') {
    let hash = 0
    for (const [k, v] of Object.entries(value)) hash = (hash + (javaStringHashCode(k) ^ javaHashCode(v))) | 0
    return hash
  }
  return 0
}

/** How the HashMap was made, which decides its table size. */
export type HashMapSizing =
  /** new HashMap<>() and puts. */
  | { readonly kind: 'default' }
  /** new HashMap<>(otherMap) with `size` entries, then puts. */
  | { readonly kind: 'copy', readonly size: number }
  /** new HashMap<>(initialCapacity), then puts. */
  | { readonly kind: 'capacity', readonly initialCapacity: number }

const MAXIMUM_CAPACITY = 1 << 30

function tableSizeFor (capacity: number): number {
  let n = 1
  while (n < capacity && n < MAXIMUM_CAPACITY) n *= 2
  return n
}

/** The table size of a HashMap made as `sizing` says after `count` distinct puts. */
function tableSize (sizing: HashMapSizing, count: number): number {
  let threshold: number
  switch (sizing.kind) {
    case 'default': threshold = 0; break
    case 'copy': threshold = sizing.size > 0 ? tableSizeFor(Math.trunc(sizing.size / 0.75 + 1)) : 0; break
    case 'capacity': threshold = tableSizeFor(sizing.initialCapacity); break
  }
  if (count === 0) return 0
  // The first put allocates the table: the threshold's size, or 16.
  let capacity = threshold > 0 ? threshold : 16
  while (count > capacity * 0.75 && capacity < MAXIMUM_CAPACITY) capacity *= 2
  return capacity
}

/**
 * `items` in the order a HashMap made as `sizing` says iterates them, when they were put in the
 * order given (duplicates by key should be removed first). `hashOf` is the key's Java hashCode.
 * `peakCount` is the most entries the map ever held, when some were removed since (tables never shrink).
 */
export function javaHashMapOrder<T> (items: readonly T[], hashOf: (item: T) => number, sizing: HashMapSizing = { kind: 'default' },
  peakCount = items.length): T[] {
  if (items.length === 0) return []
  const capacity = tableSize(sizing, Math.max(peakCount, items.length))
  if (capacity === 0) return []
  const mask = capacity - 1
  return items
    .map((item, index) => {
      const h = hashOf(item)
      return { item, index, bucket: (h ^ (h >>> 16)) & mask }
    })
    .sort((a, b) => a.bucket - b.bucket || a.index - b.index)
    .map(entry => entry.item)
}

/** A string-keyed record with its keys in the order a HashMap made as `sizing` iterates them. */
export function inJavaHashMapOrder<V> (record: Readonly<Record<string, V>>, sizing: HashMapSizing = { kind: 'default' }, peakCount?: number): Record<string, V> {
  const result: Record<string, V> = {}
  for (const key of javaHashMapOrder(Object.keys(record), javaStringHashCode, sizing, peakCount)) {
    Object.defineProperty(result, key, { value: record[key], enumerable: true, writable: true, configurable: true })
  }
  return result
}
