// The bytes of source offsets, exactly as Kafka Connect writes them to its offsets topic and to the
// standalone offsets file: the key is the JSON array ["<connector>", {<source partition>}], the
// value the JSON of the source offset map, both through a JsonConverter with schemas.enable=false
// (Java's "internal" converter). Same bytes means a user can switch between Java Connect and
// kconnect, and compaction on the offsets topic still sees one key per partition.

import { DataException } from '../api/errors.ts'
import { describeType, isPlainObject } from '../api/data/format-value.ts'
import { JsonConverter } from '../converters/json/json-converter.ts'

/** A source partition or offset: a string-keyed map of primitive values. */
export type OffsetMap = Record<string, unknown>

/** A source partition of a connector, decoded from an offsets key. */
export interface OffsetKey {
  readonly connector: string
  readonly partition: OffsetMap | null
}

function newInternalConverter (isKey: boolean): JsonConverter {
  const converter = new JsonConverter()
  converter.configure({ 'schemas.enable': 'false' }, isKey)
  return converter
}

// Stateless once configured (the schema cache is unused without schemas), so one of each is shared.
const keyConverter = newInternalConverter(true)
const valueConverter = newInternalConverter(false)

/**
 * Checks that a source partition or offset is a map with string keys and primitive values (or
 * null), as Java's OffsetUtils.validateFormat does. Throws DataException with Java's message.
 */
export function validateOffsetFormat (data: unknown): void {
  if (data === null || data === undefined) return
  if (!(data instanceof Map) && !isPlainObject(data)) throw new DataException('Offsets must be specified as a Map')
  const entries = data instanceof Map ? [...data.entries()] : Object.entries(data)
  for (const [key, value] of entries) {
    if (typeof key !== 'string') throw new DataException('Offsets may only use String keys')
    if (value === null || value === undefined) continue
    if (!isPrimitiveOffsetValue(value)) {
      throw new DataException(`Offsets may only contain primitive types as values, but field ${key} contains ${describeType(value)}`)
    }
  }
}

function isPrimitiveOffsetValue (value: unknown): boolean {
  switch (typeof value) {
    case 'number': case 'bigint': case 'boolean': case 'string': return true
  }
  return value instanceof Uint8Array
}

/** The offsets key of a connector's source partition: ["<connector>",{…}] as JSON bytes. */
export function offsetKeyBytes (connector: string, partition: OffsetMap | null): Uint8Array {
  validateOffsetFormat(partition)
  const bytes = keyConverter.fromConnectData(connector, null, [connector, partition])
  if (bytes === null) throw new DataException('An offsets key cannot be serialized as null')
  return bytes
}

/** The offsets value of a source offset (JSON bytes), or null for a null offset (a reset). */
export function offsetValueBytes (connector: string, offset: OffsetMap | null): Uint8Array | null {
  validateOffsetFormat(offset)
  return valueConverter.fromConnectData(connector, null, offset)
}

/** A source offset read back from its bytes, as a plain object; null for null bytes. */
export function parseOffsetValue (connector: string, bytes: Uint8Array | null): OffsetMap | null {
  const value = valueConverter.toConnectData(connector, bytes).value
  validateOffsetFormat(value)
  return value === null ? null : toPlainObject(value)
}

/**
 * The connector and source partition held in an offsets key, or null when the key is not of the
 * form ["<connector>", {…}] (Java's OffsetUtils.processPartitionKey ignores such keys too). A key
 * whose partition is JSON null yields a null partition.
 */
export function parseOffsetKey (bytes: Uint8Array | null): OffsetKey | null {
  if (bytes === null) return null
  let key: unknown
  try {
    key = keyConverter.toConnectData('', bytes).value
  } catch (error) {
    if (error instanceof DataException) return null
    throw error
  }
  if (!Array.isArray(key) || key.length !== 2 || typeof key[0] !== 'string') return null
  const partition = key[1]
  if (partition === null) return { connector: key[0], partition: null }
  if (!(partition instanceof Map)) return null
  return { connector: key[0], partition: toPlainObject(partition) }
}

/**
 * A text that is equal for equal partitions, whatever the order of their keys (Java compares
 * partition maps with equals()). Used to key partitions in JavaScript Maps.
 */
export function partitionIdentity (partition: OffsetMap | null): string {
  if (partition === null) return 'null'
  const keys = Object.keys(partition).sort()
  return JSON.stringify(keys.map(key => [key, identityText(partition[key])]))
}

function identityText (value: unknown): unknown {
  if (typeof value === 'bigint') return { n: value.toString() }
  // A whole number and the bigint of the same value are the same Java Long once serialized.
  if (typeof value === 'number' && Number.isSafeInteger(value)) return { n: String(value) }
  if (value instanceof Uint8Array) return { b: Buffer.from(value).toString('base64') }
  return value ?? null
}

/** A string-keyed Map (what the JSON converter reads) as a plain object; other values as they are. */
export function toPlainObject (value: unknown): OffsetMap {
  if (value instanceof Map) {
    const result: OffsetMap = {}
    for (const [key, entry] of value) {
      // defineProperty, so a key named "__proto__" is a key and not the object's prototype.
      Object.defineProperty(result, String(key), { value: entry, enumerable: true, writable: true, configurable: true })
    }
    return result
  }
  if (isPlainObject(value)) return value
  throw new DataException('Offsets must be specified as a Map')
}
