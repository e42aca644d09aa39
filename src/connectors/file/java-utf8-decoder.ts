// Decodes UTF-8 the way Java's decoder does, so that our positions (counted in decoded characters)
// stay equal to Java's even for malformed input. Node's TextDecoder and Java agree on every
// malformed sequence but one: a three-byte sequence for a surrogate (0xED 0xA0..0xBF, as written
// by CESU-8 and by Java's "modified UTF-8" for characters beyond U+FFFF). Java replaces the whole
// 0xED 0xA0..0xBF [continuation] with one U+FFFD, TextDecoder gives one U+FFFD per byte. Such
// sequences are rewritten to the bytes of U+FFFD before decoding; a cheap native scan for 0xED
// keeps well-formed text on TextDecoder's fast path.

import { TextDecoder } from 'node:util'

const SURROGATE_LEAD = 0xed
const REPLACEMENT = [0xef, 0xbf, 0xbd]

function isContinuation (byte: number): boolean {
  return (byte & 0xc0) === 0x80
}

/** A streaming UTF-8 decoder with Java's replacement of malformed input (and a BOM kept as a character). */
export class JavaUtf8Decoder {
  // ignoreBOM keeps a byte order mark as a character, as Java's UTF-8 decoder does.
  readonly #decoder = new TextDecoder('utf-8', { ignoreBOM: true })
  /** The start of a surrogate sequence cut by the end of the last chunk (a copy: inputs reuse their buffers). */
  #held: Uint8Array | null = null

  /** Decodes the next bytes; a sequence cut at the end is completed by the next call. */
  decode (chunk: Uint8Array): string {
    let bytes = chunk
    if (this.#held !== null) {
      bytes = Buffer.concat([this.#held, chunk])
      this.#held = null
    }
    if (bytes.indexOf(SURROGATE_LEAD) === -1) return this.#decoder.decode(bytes, { stream: true })
    return this.#decoder.decode(this.#rewriteSurrogates(bytes), { stream: true })
  }

  #rewriteSurrogates (bytes: Uint8Array): Uint8Array {
    let copiedUpTo = 0
    const parts: Uint8Array[] = []
    for (let i = bytes.indexOf(SURROGATE_LEAD); i !== -1; i = bytes.indexOf(SURROGATE_LEAD, i + 1)) {
      // Only 0xED followed by 0xA0..0xBF encodes a surrogate; 0xED 0x80..0x9F is a valid character.
      if (i + 1 >= bytes.length) {
        parts.push(bytes.subarray(copiedUpTo, i))
        this.#held = Uint8Array.prototype.slice.call(bytes, i)
        return Buffer.concat(parts)
      }
      const second = bytes[i + 1]
      if (second < 0xa0 || second > 0xbf) continue
      if (i + 2 >= bytes.length) {
        parts.push(bytes.subarray(copiedUpTo, i))
        this.#held = Uint8Array.prototype.slice.call(bytes, i)
        return Buffer.concat(parts)
      }
      // Java takes three bytes when the third continues the sequence, two otherwise.
      const length = isContinuation(bytes[i + 2]) ? 3 : 2
      parts.push(bytes.subarray(copiedUpTo, i), Uint8Array.from(REPLACEMENT))
      copiedUpTo = i + length
      i = copiedUpTo - 1
    }
    parts.push(bytes.subarray(copiedUpTo))
    return Buffer.concat(parts)
  }
}
