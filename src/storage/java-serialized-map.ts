// Reads and writes the one Java-serialized object Kafka Connect's standalone worker keeps offsets
// in: a java.util.HashMap<byte[], byte[]> written with ObjectOutputStream (FileOffsetBackingStore).
// This is the small subset of the Java Object Serialization Stream Protocol that such a file uses:
// the stream header, one HashMap object with its two serialized fields (loadFactor, threshold) and
// its custom writeObject data (capacity, size, then key/value pairs), byte arrays, nulls and back
// references. Anything else in the stream is refused with a message that says so; nothing is ever
// instantiated from the stream, so a hostile file cannot run code (unlike Java's own readObject).
// docs/offsets-file.md describes the layout byte by byte.

import { ConnectException } from '../api/errors.ts'

const STREAM_MAGIC = 0xaced
const STREAM_VERSION = 5

const TC_NULL = 0x70
const TC_REFERENCE = 0x71
const TC_CLASSDESC = 0x72
const TC_OBJECT = 0x73
const TC_STRING = 0x74
const TC_ARRAY = 0x75
const TC_BLOCKDATA = 0x77
const TC_ENDBLOCKDATA = 0x78
const TC_RESET = 0x79
const TC_BLOCKDATALONG = 0x7a

const SC_WRITE_METHOD = 0x01
const SC_SERIALIZABLE = 0x02

const BASE_WIRE_HANDLE = 0x7e0000

const HASH_MAP_CLASS = 'java.util.HashMap'
const HASH_MAP_UID = 0x0507dac1c31660d1n
const BYTE_ARRAY_CLASS = '[B'
const BYTE_ARRAY_UID = 0xacf317f8060854e0n

/** One entry of the map: key and value bytes, either of which may be null (as in Java). */
export type ByteMapEntry = readonly [key: Uint8Array | null, value: Uint8Array | null]

/** The file is not a Java-serialized HashMap<byte[], byte[]>, or it ends too early. */
export class JavaSerializationException extends ConnectException {}

/** The file ended in the middle of the map (Java's EOFException). */
export class TruncatedStreamException extends JavaSerializationException {}

interface ClassDescription {
  readonly name: string
  readonly flags: number
  readonly fields: ReadonlyArray<{ readonly typeCode: string, readonly name: string }>
  readonly superClass: ClassDescription | null
}

/** Reads the entries of a serialized HashMap<byte[], byte[]>, in the order the stream holds them. */
export function readJavaByteMap (bytes: Uint8Array): ByteMapEntry[] {
  return new StreamReader(bytes).readByteMap()
}

/**
 * The bytes ObjectOutputStream.writeObject writes for a java.util.HashMap<byte[], byte[]> holding
 * `entries` (a null key or value is written as null). Capacity and threshold are what a HashMap
 * that grew from the default size to hold them would have, as Java writes them.
 */
export function writeJavaByteMap (entries: readonly ByteMapEntry[]): Uint8Array {
  const out = new StreamWriter()
  out.u16(STREAM_MAGIC)
  out.u16(STREAM_VERSION)
  // The map object and its class description (handles 0x7e0000 and 0x7e0001).
  out.u8(TC_OBJECT)
  out.u8(TC_CLASSDESC)
  out.utf(HASH_MAP_CLASS)
  out.u64(HASH_MAP_UID)
  out.u8(SC_WRITE_METHOD | SC_SERIALIZABLE)
  out.u16(2)
  out.u8('F'.charCodeAt(0))
  out.utf('loadFactor')
  out.u8('I'.charCodeAt(0))
  out.utf('threshold')
  out.u8(TC_ENDBLOCKDATA)
  out.u8(TC_NULL)
  let nextHandle = BASE_WIRE_HANDLE + 2
  const { capacity, threshold } = hashMapSizing(entries.length)
  out.f32(0.75)
  out.i32(threshold)
  // HashMap.writeObject: capacity and size in block data, then the key/value objects.
  out.u8(TC_BLOCKDATA)
  out.u8(8)
  out.i32(capacity)
  out.i32(entries.length)
  let byteArrayClassHandle: number | null = null
  const writeBytes = (value: Uint8Array | null): void => {
    if (value === null) {
      out.u8(TC_NULL)
      return
    }
    out.u8(TC_ARRAY)
    if (byteArrayClassHandle === null) {
      out.u8(TC_CLASSDESC)
      out.utf(BYTE_ARRAY_CLASS)
      out.u64(BYTE_ARRAY_UID)
      out.u8(SC_SERIALIZABLE)
      out.u16(0)
      out.u8(TC_ENDBLOCKDATA)
      out.u8(TC_NULL)
      byteArrayClassHandle = nextHandle++
    } else {
      out.u8(TC_REFERENCE)
      out.i32(byteArrayClassHandle)
    }
    nextHandle++
    out.i32(value.length)
    out.bytes(value)
  }
  for (const [key, value] of entries) {
    writeBytes(key)
    writeBytes(value)
  }
  out.u8(TC_ENDBLOCKDATA)
  return out.result()
}

/** The table capacity and resize threshold of a default HashMap after `size` puts. */
function hashMapSizing (size: number): { capacity: number, threshold: number } {
  if (size === 0) return { capacity: 16, threshold: 0 }
  let capacity = 16
  while (size > capacity * 0.75) capacity *= 2
  return { capacity, threshold: capacity * 0.75 }
}

class StreamReader {
  readonly #bytes: Uint8Array
  readonly #view: DataView
  #pos = 0
  readonly #handles: unknown[] = []

  constructor (bytes: Uint8Array) {
    this.#bytes = bytes
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }

  readByteMap (): ByteMapEntry[] {
    if (this.#bytes.length === 0) throw new TruncatedStreamException('The offsets file is empty')
    const magic = this.u16()
    const version = this.u16()
    if (magic !== STREAM_MAGIC || version !== STREAM_VERSION) {
      throw new JavaSerializationException(
        `Not a Java serialization stream (it starts with 0x${hex(magic, 4)}${hex(version, 4)}, not 0xaced0005)`)
    }
    let tag = this.u8()
    while (tag === TC_RESET) {
      this.#handles.length = 0
      tag = this.u8()
    }
    if (tag !== TC_OBJECT) throw this.unexpected(tag, 'the HashMap object')
    const description = this.classDescription()
    if (description === null || description.name !== HASH_MAP_CLASS) {
      throw new JavaSerializationException(`Expected a ${HASH_MAP_CLASS} but found ${description?.name ?? 'null'}`)
    }
    this.#handles.push({ object: HASH_MAP_CLASS })
    this.skipFieldValues(description)
    // HashMap.writeObject's data: capacity and size, as block data, then the entries.
    const header = this.blockData()
    if (header.length < 8) throw new JavaSerializationException('The HashMap holds no capacity and size')
    const header4 = new DataView(header.buffer, header.byteOffset, header.byteLength)
    const size = header4.getInt32(4)
    if (size < 0) throw new JavaSerializationException(`The HashMap claims a negative size (${size})`)
    const entries: ByteMapEntry[] = []
    for (let i = 0; i < size; i++) entries.push([this.byteArrayOrNull(), this.byteArrayOrNull()])
    return entries
  }

  /** The field values of the map's class and its superclasses (HashMap has loadFactor and threshold). */
  skipFieldValues (description: ClassDescription): void {
    const chain: ClassDescription[] = []
    for (let d: ClassDescription | null = description; d !== null; d = d.superClass) chain.unshift(d)
    for (const d of chain) {
      for (const field of d.fields) {
        switch (field.typeCode) {
          case 'B': case 'Z': this.skip(1); break
          case 'C': case 'S': this.skip(2); break
          case 'I': case 'F': this.skip(4); break
          case 'J': case 'D': this.skip(8); break
          default:
            throw new JavaSerializationException(`The ${d.name} in the offsets file has an object field '${field.name}', which a HashMap never has`)
        }
      }
    }
  }

  classDescription (): ClassDescription | null {
    const tag = this.u8()
    if (tag === TC_NULL) return null
    if (tag === TC_REFERENCE) {
      const referenced = this.#handles[this.u32() - BASE_WIRE_HANDLE]
      if (!isClassDescription(referenced)) throw new JavaSerializationException('A class reference points at something that is not a class')
      return referenced
    }
    if (tag !== TC_CLASSDESC) throw this.unexpected(tag, 'a class description')
    const name = this.utf()
    this.skip(8) // serialVersionUID
    const flags = this.u8()
    const fieldCount = this.u16()
    const fields: Array<{ typeCode: string, name: string }> = []
    for (let i = 0; i < fieldCount; i++) {
      const typeCode = String.fromCharCode(this.u8())
      const fieldName = this.utf()
      if (typeCode === 'L' || typeCode === '[') this.skipString()
      fields.push({ typeCode, name: fieldName })
    }
    // As in ObjectInputStream, the description's handle comes after its field type names' handles.
    const handleIndex = this.#handles.length
    this.#handles.push(null)
    this.skipAnnotations()
    const superClass = this.classDescription()
    const description: ClassDescription = { name, flags, fields, superClass }
    this.#handles[handleIndex] = description
    return description
  }

  byteArrayOrNull (): Uint8Array | null {
    const tag = this.u8()
    if (tag === TC_NULL) return null
    if (tag === TC_REFERENCE) {
      const referenced = this.#handles[this.u32() - BASE_WIRE_HANDLE]
      if (!(referenced instanceof Uint8Array)) throw new JavaSerializationException('A map entry refers to something that is not a byte[]')
      return referenced
    }
    if (tag !== TC_ARRAY) throw this.unexpected(tag, 'a byte[] key or value')
    const description = this.classDescription()
    if (description === null || description.name !== BYTE_ARRAY_CLASS) {
      throw new JavaSerializationException(`Expected a byte[] key or value but found an array of class ${description?.name ?? 'null'}`)
    }
    const length = this.i32()
    if (length < 0) throw new JavaSerializationException(`A byte[] has a negative length (${length})`)
    const value = this.take(length).slice()
    this.#handles.push(value)
    return value
  }

  /** Block data (short or long form), concatenated until the next non-block tag. */
  blockData (): Uint8Array {
    const tag = this.u8()
    if (tag === TC_BLOCKDATA) return this.take(this.u8())
    if (tag === TC_BLOCKDATALONG) return this.take(this.u32())
    throw this.unexpected(tag, 'block data')
  }

  skipAnnotations (): void {
    // ObjectOutputStream writes no class annotations; a stream that has block data there is tolerated.
    for (;;) {
      const tag = this.u8()
      if (tag === TC_ENDBLOCKDATA) return
      if (tag === TC_BLOCKDATA) this.skip(this.u8())
      else if (tag === TC_BLOCKDATALONG) this.skip(this.u32())
      else throw this.unexpected(tag, 'the end of a class description')
    }
  }

  skipString (): void {
    const tag = this.u8()
    if (tag === TC_STRING) {
      this.utf()
      this.#handles.push('string')
    } else if (tag === TC_REFERENCE) {
      this.skip(4)
    } else {
      throw this.unexpected(tag, 'a field type name')
    }
  }

  unexpected (tag: number, expected: string): JavaSerializationException {
    return new JavaSerializationException(
      `Unexpected byte 0x${hex(tag, 2)} at position ${this.#pos - 1} of the offsets file where ${expected} should be`)
  }

  take (length: number): Uint8Array {
    if (this.#pos + length > this.#bytes.length) {
      throw new TruncatedStreamException(`The offsets file ends after ${this.#bytes.length} bytes, in the middle of the map`)
    }
    const slice = this.#bytes.subarray(this.#pos, this.#pos + length)
    this.#pos += length
    return slice
  }

  skip (length: number): void {
    this.take(length)
  }

  u8 (): number {
    return this.take(1)[0]
  }

  u16 (): number {
    const at = this.#pos
    this.take(2)
    return this.#view.getUint16(at)
  }

  i32 (): number {
    const at = this.#pos
    this.take(4)
    return this.#view.getInt32(at)
  }

  u32 (): number {
    const at = this.#pos
    this.take(4)
    return this.#view.getUint32(at)
  }

  /** Java's modified UTF-8 with a u16 length: like UTF-8, but NUL is 2 bytes and supplementary characters are surrogate pairs. */
  utf (): string {
    return decodeModifiedUtf8(this.take(this.u16()))
  }
}

function isClassDescription (value: unknown): value is ClassDescription {
  return typeof value === 'object' && value !== null && 'fields' in value && 'flags' in value
}

class StreamWriter {
  #buffer = new Uint8Array(256)
  #view = new DataView(this.#buffer.buffer)
  #length = 0

  #reserve (n: number): number {
    if (this.#length + n > this.#buffer.length) {
      let size = this.#buffer.length * 2
      while (size < this.#length + n) size *= 2
      const grown = new Uint8Array(size)
      grown.set(this.#buffer.subarray(0, this.#length))
      this.#buffer = grown
      this.#view = new DataView(grown.buffer)
    }
    const at = this.#length
    this.#length += n
    return at
  }

  u8 (value: number): void {
    const at = this.#reserve(1)
    this.#buffer[at] = value
  }

  u16 (value: number): void {
    const at = this.#reserve(2)
    this.#view.setUint16(at, value)
  }

  i32 (value: number): void {
    const at = this.#reserve(4)
    this.#view.setInt32(at, value)
  }

  u64 (value: bigint): void {
    const at = this.#reserve(8)
    this.#view.setBigUint64(at, value)
  }

  f32 (value: number): void {
    const at = this.#reserve(4)
    this.#view.setFloat32(at, value)
  }

  bytes (value: Uint8Array): void {
    const at = this.#reserve(value.length)
    this.#buffer.set(value, at)
  }

  utf (value: string): void {
    const encoded = encodeModifiedUtf8(value)
    this.u16(encoded.length)
    this.bytes(encoded)
  }

  result (): Uint8Array {
    return this.#buffer.slice(0, this.#length)
  }
}

function encodeModifiedUtf8 (text: string): Uint8Array {
  const out: number[] = []
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0x01 && c <= 0x7f) out.push(c)
    else if (c <= 0x7ff) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f))
    else out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f))
  }
  return Uint8Array.from(out)
}

function decodeModifiedUtf8 (bytes: Uint8Array): string {
  let text = ''
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]
    if (b < 0x80) {
      text += String.fromCharCode(b)
      i += 1
    } else if ((b & 0xe0) === 0xc0 && i + 1 < bytes.length) {
      text += String.fromCharCode(((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f))
      i += 2
    } else if ((b & 0xf0) === 0xe0 && i + 2 < bytes.length) {
      text += String.fromCharCode(((b & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f))
      i += 3
    } else {
      throw new JavaSerializationException('A class or field name in the offsets file is not valid modified UTF-8')
    }
  }
  return text
}

function hex (value: number, digits: number): string {
  return value.toString(16).padStart(digits, '0')
}
