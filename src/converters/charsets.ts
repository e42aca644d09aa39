// The Java character sets StringConverter's converter.encoding may name, with Java's behaviour:
// encoding replaces what a charset cannot hold with '?' (a lone surrogate too), decoding replaces
// malformed input with U+FFFD. Names are matched as Java's Charset.forName matches them: case
// aside, by canonical name or alias.

import { TextDecoder } from 'node:util'

/** Encodes and decodes text in one charset. */
export interface Charset {
  /** Java's canonical name, e.g. UTF-8. */
  readonly name: string
  encode (text: string): Uint8Array
  decode (bytes: Uint8Array): string
}

/** True ISO-8859-1 (each byte the char of its code): TextDecoder's "latin1" label is windows-1252. */
function latin1Text (bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

function wellFormed (text: string): string {
  return text.isWellFormed() ? text : text.replace(LONE_SURROGATE, '?')
}

/** Each char below `limit` is one byte; anything else, a surrogate pair counting once, is '?'. */
function singleByte (name: string, limit: number, decode: (bytes: Uint8Array) => string): Charset {
  return {
    name,
    encode (text) {
      const out = new Uint8Array(text.length)
      let length = 0
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i)
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++
        out[length++] = c < limit ? c : 0x3f
      }
      return out.subarray(0, length)
    },
    decode,
  }
}

function utf16 (name: string, littleEndian: boolean, withBom: boolean): Charset {
  // "UTF-16" reads a byte order mark (big-endian without one) and drops it; UTF-16BE/LE keep a
  // leading U+FEFF as a character, as Java does.
  const decoder = new TextDecoder(littleEndian ? 'utf-16le' : 'utf-16be', { ignoreBOM: !withBom })
  return {
    name,
    encode (text) {
      // Java's UTF-16 encoders write a lone surrogate as U+FFFD.
      const source = text.isWellFormed() ? text : text.replace(LONE_SURROGATE, '\ufffd')
      const offset = withBom ? 2 : 0
      const out = new Uint8Array(offset + source.length * 2)
      const view = new DataView(out.buffer)
      if (withBom) view.setUint16(0, 0xfeff, littleEndian)
      for (let i = 0; i < source.length; i++) view.setUint16(offset + i * 2, source.charCodeAt(i), littleEndian)
      return out
    },
    decode (bytes) {
      if (withBom && bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
        return new TextDecoder('utf-16le').decode(bytes)
      }
      return decoder.decode(bytes)
    },
  }
}

// One encoder and decoder for every call: they keep no state between calls that do not stream,
// and creating them per value (per record, in a converter) showed in the benchmarks' profiles.
const UTF8_ENCODER = new TextEncoder()
const UTF8_DECODER = new TextDecoder('utf-8', { ignoreBOM: true })

const UTF_8: Charset = {
  name: 'UTF-8',
  encode: text => UTF8_ENCODER.encode(wellFormed(text)),
  decode: bytes => UTF8_DECODER.decode(bytes),
}

const CHARSETS: ReadonlyArray<[Charset, readonly string[]]> = [
  [UTF_8, ['UTF-8', 'UTF8', 'unicode-1-1-utf-8']],
  [utf16('UTF-16', false, true), ['UTF-16', 'UTF_16', 'utf16', 'unicode', 'UnicodeBig']],
  [utf16('UTF-16BE', false, false), ['UTF-16BE', 'UTF_16BE', 'X-UTF-16BE', 'ISO-10646-UCS-2', 'UnicodeBigUnmarked']],
  [utf16('UTF-16LE', true, false), ['UTF-16LE', 'UTF_16LE', 'X-UTF-16LE', 'UnicodeLittleUnmarked']],
  [singleByte('ISO-8859-1', 0x100, latin1Text), [
    'ISO-8859-1', 'ISO8859_1', 'ISO_8859_1', 'ISO8859-1', 'ISO_8859-1', 'ISO_8859-1:1987', '8859_1', '819', 'CP819',
    'IBM819', 'IBM-819', 'ISO-IR-100', 'L1', 'LATIN1', 'csISOLatin1',
  ]],
  // A byte >= 0x80 is not ASCII: Java decodes it as U+FFFD.
  [singleByte('US-ASCII', 0x80, bytes => latin1Text(bytes).replace(/[\u0080-\u00ff]/g, '\ufffd')), [
    'US-ASCII', 'ASCII', 'ASCII7', 'US', 'ISO646-US', 'ISO_646.irv:1991', 'IBM367', 'CP367', 'CSASCII', 'DEFAULT',
    '646', 'ISO-IR-6', 'ANSI_X3.4-1968', 'ANSI_X3.4-1986', 'iso_646.irv:1983',
  ]],
]

const BY_NAME: ReadonlyMap<string, Charset> = new Map(
  CHARSETS.flatMap(([charset, names]) => names.map(name => [name.toLowerCase(), charset] as const)))

/** The charset of a Java charset name or alias (any case), or null when we do not support it. */
export function charsetForName (name: string): Charset | null {
  return BY_NAME.get(name.toLowerCase()) ?? null
}

/** The canonical names of every supported charset. */
export const SUPPORTED_CHARSETS: readonly string[] = CHARSETS.map(([charset]) => charset.name)
