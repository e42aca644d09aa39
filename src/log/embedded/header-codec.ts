// Record headers as one compact BLOB column: a varint count, then for each header a varint key
// length, the key's UTF-8 bytes, a varint (value length + 1, 0 meaning a null value) and the
// value's bytes. A record without headers stores NULL, so the common case costs nothing.

import { ConnectException } from '../../api/errors.ts'
import type { LogHeader } from '../log.ts'

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: false })

/** The bytes that store `headers`, or null when there are none. */
export function encodeHeaders (headers: readonly LogHeader[] | undefined): Uint8Array | null {
  if (headers === undefined || headers.length === 0) return null
  const keys = headers.map(([key]) => encoder.encode(key))
  let size = varintSize(headers.length)
  for (const [i, [, value]] of headers.entries()) {
    size += varintSize(keys[i].length) + keys[i].length
    size += value === null ? 1 : varintSize(value.length + 1) + value.length
  }
  const out = new Uint8Array(size)
  let at = writeVarint(out, 0, headers.length)
  for (const [i, [, value]] of headers.entries()) {
    at = writeVarint(out, at, keys[i].length)
    out.set(keys[i], at)
    at += keys[i].length
    if (value === null) {
      at = writeVarint(out, at, 0)
    } else {
      at = writeVarint(out, at, value.length + 1)
      out.set(value, at)
      at += value.length
    }
  }
  return out
}

/** The headers stored in `bytes` (null: none). Values are copies, so callers may keep them. */
export function decodeHeaders (bytes: Uint8Array | null): LogHeader[] {
  if (bytes === null) return []
  const cursor = { at: 0 }
  const count = readVarint(bytes, cursor)
  const headers: LogHeader[] = []
  for (let i = 0; i < count; i++) {
    const keyLength = readVarint(bytes, cursor)
    const key = decoder.decode(bytes.subarray(cursor.at, cursor.at + keyLength))
    cursor.at += keyLength
    const valueLength = readVarint(bytes, cursor)
    if (valueLength === 0) {
      headers.push([key, null])
    } else {
      headers.push([key, bytes.slice(cursor.at, cursor.at + valueLength - 1)])
      cursor.at += valueLength - 1
    }
  }
  return headers
}

function varintSize (n: number): number {
  let size = 1
  while (n >= 0x80) {
    n = Math.floor(n / 0x80)
    size++
  }
  return size
}

function writeVarint (out: Uint8Array, at: number, n: number): number {
  while (n >= 0x80) {
    out[at++] = (n % 0x80) | 0x80
    n = Math.floor(n / 0x80)
  }
  out[at++] = n
  return at
}

function readVarint (bytes: Uint8Array, cursor: { at: number }): number {
  let n = 0
  let scale = 1
  while (true) {
    if (cursor.at >= bytes.length) throw new ConnectException('Corrupt headers in the embedded log: a length runs past the end')
    const byte = bytes[cursor.at++]
    n += (byte & 0x7f) * scale
    if (byte < 0x80) return n
    scale *= 0x80
  }
}
