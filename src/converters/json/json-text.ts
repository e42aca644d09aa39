// Writes JSON text the way Jackson's UTF-8 generator does, so our bytes equal Kafka's: no white
// space; in strings, '"' and '\' escaped, \b \t \n \f \r as short escapes, other control
// characters as \u00XX with upper-case hex, every UTF-16 surrogate (so every character outside
// the Basic Multilingual Plane) as \uXXXX, and everything else, non-ASCII included, as itself.

import { JsonNumber, type JsonValue } from './json-tree.ts'

// Characters that need escaping: control characters, '"', '\', and surrogates.
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/
const HEX = '0123456789ABCDEF'

/** A JSON string literal, quotes included, escaped as Jackson escapes it. */
export function quoteJsonString (value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return '"' + value + '"'
  let out = '"'
  let runStart = 0
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    let escaped: string
    if (c === 0x22) escaped = '\\"'
    else if (c === 0x5c) escaped = '\\\\'
    else if (c < 0x20) escaped = shortEscape(c)
    else if (c >= 0xd800 && c <= 0xdfff) escaped = '\\u' + HEX[c >> 12] + HEX[(c >> 8) & 0xf] + HEX[(c >> 4) & 0xf] + HEX[c & 0xf]
    else continue
    out += value.slice(runStart, i) + escaped
    runStart = i + 1
  }
  return out + value.slice(runStart) + '"'
}

function shortEscape (c: number): string {
  switch (c) {
    case 0x08: return '\\b'
    case 0x09: return '\\t'
    case 0x0a: return '\\n'
    case 0x0c: return '\\f'
    case 0x0d: return '\\r'
    default: return '\\u00' + HEX[c >> 4] + HEX[c & 0xf]
  }
}

/** The compact text of a parsed JSON value (numbers as written, leading zeros dropped). */
export function jsonText (value: JsonValue): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'boolean': return value ? 'true' : 'false'
    case 'string': return quoteJsonString(value)
    case 'number': return String(value)
  }
  if (value instanceof JsonNumber) return value.text
  if (Array.isArray(value)) return '[' + value.map(jsonText).join(',') + ']'
  let out = '{'
  for (const [key, entry] of value) {
    if (out.length > 1) out += ','
    out += quoteJsonString(key) + ':' + jsonText(entry)
  }
  return out + '}'
}
