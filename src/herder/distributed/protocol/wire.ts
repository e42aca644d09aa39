// The few Kafka protocol types Connect's group protocol is made of (Kafka's
// org.apache.kafka.common.protocol.types: INT16, INT32, INT64, STRING, NULLABLE_BYTES, ARRAY and
// nullable ARRAY, all big-endian), with the messages Java's Schema gives when bytes do not parse,
// so a log line about a bad member metadata reads the same on both runtimes.
//
// A reader mirrors Java's Schema.read: each field is read in turn, and a failure inside a field is
// reported as "Error reading field '<name>': <cause>", nested for structs inside arrays.

import { ConnectException } from '../../../api/errors.ts'
import { charsetForName } from '../../../converters/charsets.ts'

const UTF_8 = charsetForName('UTF-8')!

/** Bytes that do not follow the protocol's schema (Kafka's SchemaException). */
export class SchemaException extends ConnectException {}

// What Java's ByteBuffer throws when too few bytes remain; its message is null, so Schema.read
// reports the class name.
const BUFFER_UNDERFLOW = 'java.nio.BufferUnderflowException'

/** Writes protocol types into a growing buffer. */
export class ProtocolWriter {
  #bytes = new Uint8Array(64)
  #view = new DataView(this.#bytes.buffer)
  #length = 0

  #reserve (size: number): number {
    const at = this.#length
    if (at + size > this.#bytes.length) {
      const grown = new Uint8Array(Math.max(this.#bytes.length * 2, at + size))
      grown.set(this.#bytes.subarray(0, at))
      this.#bytes = grown
      this.#view = new DataView(grown.buffer)
    }
    this.#length += size
    return at
  }

  // Each write reserves its room first: reserving may replace the buffer and its view.
  int16 (value: number): this {
    const at = this.#reserve(2)
    this.#view.setInt16(at, value)
    return this
  }

  int32 (value: number): this {
    const at = this.#reserve(4)
    this.#view.setInt32(at, value)
    return this
  }

  int64 (value: bigint): this {
    const at = this.#reserve(8)
    this.#view.setBigInt64(at, value)
    return this
  }

  /** STRING: an int16 length and the UTF-8 bytes (Java's encoding: a lone surrogate becomes '?'). */
  string (value: string): this {
    const bytes = UTF_8.encode(value)
    if (bytes.length > 0x7fff) throw new SchemaException(`String length ${bytes.length} is larger than the maximum string length.`)
    this.int16(bytes.length)
    const at = this.#reserve(bytes.length)
    this.#bytes.set(bytes, at)
    return this
  }

  /** NULLABLE_BYTES: an int32 length (-1 for null) and the bytes. */
  nullableBytes (value: Uint8Array | null): this {
    if (value === null) return this.int32(-1)
    this.int32(value.length)
    const at = this.#reserve(value.length)
    this.#bytes.set(value, at)
    return this
  }

  /** ARRAY (or a nullable ARRAY when `items` is null): an int32 count, then each item. */
  array<T> (items: readonly T[] | null, writeItem: (writer: this, item: T) => void): this {
    if (items === null) return this.int32(-1)
    this.int32(items.length)
    for (const item of items) writeItem(this, item)
    return this
  }

  /** The bytes written so far (a copy, so the writer can be reused). */
  toBytes (): Uint8Array {
    return this.#bytes.slice(0, this.#length)
  }
}

/** Reads protocol types from bytes, failing as Java's types and Schema.read fail. */
export class ProtocolReader {
  readonly #bytes: Uint8Array
  readonly #view: DataView
  #position = 0

  constructor (bytes: Uint8Array) {
    this.#bytes = bytes
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }

  /** How many bytes are left. */
  get remaining (): number {
    return this.#bytes.length - this.#position
  }

  #take (size: number): number {
    if (this.remaining < size) throw new SchemaException(BUFFER_UNDERFLOW)
    const at = this.#position
    this.#position += size
    return at
  }

  int16 (): number {
    return this.#view.getInt16(this.#take(2))
  }

  int32 (): number {
    return this.#view.getInt32(this.#take(4))
  }

  int64 (): bigint {
    return this.#view.getBigInt64(this.#take(8))
  }

  string (): string {
    const length = this.int16()
    if (length < 0) throw new SchemaException(`String length ${length} cannot be negative`)
    if (length > this.remaining) throw new SchemaException(`Error reading string of length ${length}, only ${this.remaining} bytes available`)
    const at = this.#take(length)
    return UTF_8.decode(this.#bytes.subarray(at, at + length))
  }

  nullableBytes (): Uint8Array | null {
    const size = this.int32()
    if (size < 0) return null
    if (size > this.remaining) throw new SchemaException(`Error reading bytes of size ${size}, only ${this.remaining} bytes available`)
    const at = this.#take(size)
    return this.#bytes.subarray(at, at + size)
  }

  /** ARRAY: null only when `nullable` and the count is negative, as Java's ArrayOf. */
  array<T> (nullable: boolean, readItem: (reader: this) => T): T[] | null {
    const size = this.int32()
    if (size < 0) {
      if (nullable) return null
      throw new SchemaException(`Array size ${size} cannot be negative`)
    }
    if (size > this.remaining) throw new SchemaException(`Error reading array of size ${size}, only ${this.remaining} bytes available`)
    const items: T[] = []
    for (let i = 0; i < size; i++) items.push(readItem(this))
    return items
  }

  /**
   * Reads one field of a struct, naming it in a failure as Java's Schema.read does. With
   * `fallback` (a field with a default in a schema that tolerates missing trailing fields), an
   * exhausted buffer gives the default instead of a failure.
   */
  field<T> (name: string, read: (reader: this) => T, fallback?: { readonly value: T }): T {
    try {
      if (fallback !== undefined && this.remaining === 0) return fallback.value
      return read(this)
    } catch (error) {
      throw new SchemaException(`Error reading field '${name}': ${(error as Error).message}`, { cause: error })
    }
  }

  /** For a tolerant schema: a missing field without a default fails as Java's does. */
  requiredField<T> (name: string, read: (reader: this) => T, tolerant: boolean): T {
    if (tolerant && this.remaining === 0) {
      throw new SchemaException(`Error reading field '${name}': Missing value for field '${name}' which has no default value.`)
    }
    return this.field(name, read)
  }
}
