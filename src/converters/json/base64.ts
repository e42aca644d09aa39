// Base64 as JsonConverter reads and writes BYTES: the standard alphabet with '=' padding, no line
// breaks. Reading follows Jackson's MIME-NO-LINEFEEDS variant, which Node's lenient decoder does
// not: padding is required, white space may only come before a group of four (or around the
// whole text), and any other character is an error, not silently skipped.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const PADDING = -2
const INVALID = -1

const DECODE_TABLE = (() => {
  const table = new Int8Array(128).fill(INVALID)
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i
  table[0x3d] = PADDING
  return table
})()

/** Bad base64 text; the message says which character and where. */
export class Base64Error extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'Base64Error'
  }
}

/** Standard base64 with padding. */
export function encodeBase64 (bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
}

/** Decodes base64 text exactly as Jackson's TextNode.binaryValue() does (see the header). */
export function decodeBase64 (input: string): Uint8Array {
  const text = trimJava(input)
  const out = new Uint8Array(Math.floor(text.length / 4) * 3 + 3)
  let length = 0
  let i = 0
  const end = text.length
  while (true) {
    let c: number
    do {
      if (i >= end) return out.subarray(0, length)
      c = text.charCodeAt(i++)
    } while (c <= 0x20)
    let data = sextet(c, 0, i)
    if (i >= end) throw endOfInput()
    data = (data << 6) | sextet(text.charCodeAt(i++), 1, i)
    if (i >= end) throw endOfInput()
    c = text.charCodeAt(i++)
    const third = decodeChar(c)
    if (third < 0) {
      if (third !== PADDING) throw illegal(c, 2, i)
      if (i >= end) throw endOfInput()
      c = text.charCodeAt(i++)
      if (c !== 0x3d) throw illegal(c, 3, i, "expected padding character '='")
      out[length++] = data >> 4
      continue
    }
    data = (data << 6) | third
    if (i >= end) throw endOfInput()
    c = text.charCodeAt(i++)
    const fourth = decodeChar(c)
    if (fourth < 0) {
      if (fourth !== PADDING) throw illegal(c, 3, i)
      data >>= 2
      out[length++] = data >> 8
      out[length++] = data & 0xff
    } else {
      data = (data << 6) | fourth
      out[length++] = data >> 16
      out[length++] = (data >> 8) & 0xff
      out[length++] = data & 0xff
    }
  }
}

function decodeChar (c: number): number {
  return c < 128 ? DECODE_TABLE[c] : INVALID
}

function sextet (c: number, index: number, position: number): number {
  const bits = decodeChar(c)
  if (bits < 0) throw illegal(c, index, position)
  return bits
}

/** Java's String.trim(): drops characters up to U+0020 at both ends. */
function trimJava (text: string): string {
  let start = 0
  let end = text.length
  while (start < end && text.charCodeAt(start) <= 0x20) start++
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--
  return start === 0 && end === text.length ? text : text.slice(start, end)
}

function endOfInput (): Base64Error {
  return new Base64Error("Unexpected end of base64-encoded String: base64 variant 'MIME-NO-LINEFEEDS' expects padding (one or more '=' characters) at the end")
}

function illegal (c: number, index: number, position: number, expectation?: string): Base64Error {
  const shown = c <= 0x20 ? `(code 0x${c.toString(16)})` : `'${String.fromCharCode(c)}' (code 0x${c.toString(16)})`
  const where = `as character #${index + 1} of 4-char base64 unit, at position ${position - 1}`
  return new Base64Error(`Illegal character ${shown} in base64 content ${where}${expectation === undefined ? '' : ': ' + expectation}`)
}
