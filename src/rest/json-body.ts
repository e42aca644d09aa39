// Reads a REST request body the way Kafka Connect's Jackson (jackson-jakarta-rs over
// ObjectMapper) reads it, down to the error messages, which Kafka Connect returns as the 500
// answer's message:
//
//   Unexpected character ('b' (code 98)): was expecting double-quote to start field name
//    at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 2]
//
// A body is parsed against a shape (shapes.ts) naming the Java types Kafka binds it to, because
// Jackson's messages name them: in "(through reference chain: …CreateConnectorRequest["config"])"
// and in "Cannot deserialize value of type `java.lang.String` from Array value …". Columns count
// UTF-8 bytes, as Jackson's byte-based parser does. Parsing strictly: no comments, no leading
// zeros, no trailing commas, nothing but white space after the root value.

import { ConnectRestException } from '../herder/errors.ts'

/** A body Kafka Connect could not read: it answers 500, with Jackson's message. */
export class UnreadableBodyException extends ConnectRestException {
  constructor (message: string) {
    super(500, message)
  }
}

/** Where a token starts (or the input ends), for Jackson's location suffix. */
export interface Position {
  readonly index: number
}

/** A parsed value with the position of its first character. */
export type JsonNode =
  | { readonly kind: 'object', readonly at: Position, readonly end: Position, readonly entries: ReadonlyArray<readonly [string, JsonNode]> }
  | { readonly kind: 'array', readonly at: Position, readonly items: readonly JsonNode[] }
  | { readonly kind: 'string', readonly at: Position, readonly value: string }
  | { readonly kind: 'number', readonly at: Position, readonly text: string, readonly integral: boolean }
  | { readonly kind: 'boolean', readonly at: Position, readonly value: boolean }
  | { readonly kind: 'null', readonly at: Position }

/**
 * What the parser tells its caller about each open container, so that a syntax error can carry
 * Jackson's reference chain: for every container but the innermost, its Java type and the key or
 * index being read.
 */
export interface ChainTracker {
  /** The Java type name of a container entered at `path`, or undefined when Jackson adds no link for it. */
  containerType (path: ReadonlyArray<string | number>): string | undefined
  /** The root's Java type, for "bound as" in the trailing-token message. */
  readonly rootType: string
}

const LOCATION_PREFIX = '\n at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); '

/** Jackson's " at [Source: …; line: L, column: C]" for a position in `text` (columns in UTF-8 bytes). */
export function locationText (text: string, index: number): string {
  return `[Source: REDACTED (\`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION\` disabled); ${lineColumn(text, index)}]`
}

function lineColumn (text: string, index: number): string {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < index && i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++
      lineStart = i + 1
    }
  }
  return `line: ${line}, column: ${Buffer.byteLength(text.slice(lineStart, index), 'utf8') + 1}`
}

/** A failure message with Jackson's location and, when there is one, its reference chain. */
export function located (message: string, text: string, index: number, chain: string): string {
  return message + LOCATION_PREFIX + lineColumn(text, index) + ']' + (chain === '' ? '' : ` (through reference chain: ${chain})`)
}

/** Jackson's description of a character in messages: 'x' (code 120), or (CTRL-CHAR, code 1). */
function charDescription (c: number): string {
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return `(CTRL-CHAR, code ${c})`
  if (c > 255) return `'${String.fromCharCode(c)}' (code ${c} / 0x${c.toString(16)})`
  return `'${String.fromCharCode(c)}' (code ${c})`
}

function isIdentifierPart (c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x24 || c > 0x7f
}

interface OpenContainer {
  readonly kind: 'object' | 'array'
  readonly at: number
  /** The key being read (objects) or the index (arrays). */
  key: string | number | undefined
}

class Parser {
  readonly #text: string
  readonly #tracker: ChainTracker
  readonly #open: OpenContainer[] = []
  #pos = 0

  constructor (text: string, tracker: ChainTracker) {
    this.#text = text
    this.#tracker = tracker
  }

  parseDocument (): JsonNode | undefined {
    if (this.#text.charCodeAt(0) === 0xfeff) this.#pos = 1
    this.#skipWhitespace()
    if (this.#pos >= this.#text.length) return undefined
    const root = this.#value()
    this.#skipWhitespace()
    if (this.#pos < this.#text.length) this.#trailing()
    return root
  }

  #fail (message: string, index = this.#pos): never {
    throw new UnreadableBodyException(located(message, this.#text, index, this.#chain()))
  }

  /** The reference chain of the open containers, the innermost left out (Jackson adds no link for it). */
  #chain (): string {
    const links: string[] = []
    const path: Array<string | number> = []
    for (let i = 0; i < this.#open.length - 1; i++) {
      const type = this.#tracker.containerType(path)
      const key = this.#open[i].key
      if (type !== undefined && key !== undefined) links.push(`${type}[${typeof key === 'number' ? key : JSON.stringify(key)}]`)
      if (key !== undefined) path.push(key)
    }
    return links.join('->')
  }

  #skipWhitespace (): void {
    const text = this.#text
    while (this.#pos < text.length) {
      const c = text.charCodeAt(this.#pos)
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.#pos++
      else if (c < 0x20) this.#fail(`Illegal character (${charDescription(c)}): only regular white space (\\r, \\n, \\t) is allowed between tokens`)
      else return
    }
  }

  #endOfInput (what: string): never {
    const inner = this.#open.at(-1)
    if (what === 'close' && inner !== undefined) {
      const kind = inner.kind === 'object' ? 'Object' : 'Array'
      this.#fail(`Unexpected end-of-input: expected close marker for ${kind} (start marker at ${locationText(this.#text, inner.at)})`)
    }
    this.#fail(what)
  }

  #value (): JsonNode {
    const c = this.#text.charCodeAt(this.#pos)
    const at = { index: this.#pos }
    switch (c) {
      case 0x7b: return this.#object()
      case 0x5b: return this.#array()
      case 0x22: return { kind: 'string', at, value: this.#string() }
      case 0x74: this.#literal('true'); return { kind: 'boolean', at, value: true }
      case 0x66: this.#literal('false'); return { kind: 'boolean', at, value: false }
      case 0x6e: this.#literal('null'); return { kind: 'null', at }
      case 0x5d: case 0x7d:
        this.#fail(`Unexpected character (${charDescription(c)}): expected a value`)
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.#number()
    if (isIdentifierPart(c)) this.#unrecognizedToken(this.#pos)
    this.#fail(`Unexpected character (${charDescription(c)}): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`)
  }

  #unrecognizedToken (start: number): never {
    let end = start
    while (end < this.#text.length && isIdentifierPart(this.#text.charCodeAt(end))) end++
    this.#fail(`Unrecognized token '${this.#text.slice(start, end)}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`, start)
  }

  #literal (word: string): void {
    const start = this.#pos
    if (this.#text.startsWith(word, start) && !isIdentifierPart(this.#text.charCodeAt(start + word.length))) {
      this.#pos += word.length
      return
    }
    this.#unrecognizedToken(start)
  }

  #number (): JsonNode {
    const text = this.#text
    const start = this.#pos
    if (text.charCodeAt(this.#pos) === 0x2d) {
      this.#pos++
      const c = text.charCodeAt(this.#pos)
      if (!(c >= 0x30 && c <= 0x39)) {
        if (this.#pos >= text.length) this.#fail('Unexpected end-of-input in a Number value')
        this.#fail(`Unexpected character (${charDescription(c)}) in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value`)
      }
    }
    if (text.charCodeAt(this.#pos) === 0x30) {
      const next = text.charCodeAt(this.#pos + 1)
      if (next >= 0x30 && next <= 0x39) this.#fail('Invalid numeric value: Leading zeroes not allowed', this.#pos + 1)
    }
    while (this.#isDigit()) this.#pos++
    let integral = true
    if (text.charCodeAt(this.#pos) === 0x2e) {
      integral = false
      this.#pos++
      if (!this.#isDigit()) {
        if (this.#pos >= text.length) this.#fail('Unexpected end-of-input in a Number value')
        this.#fail(`Unexpected character (${charDescription(text.charCodeAt(this.#pos))}) in numeric value: Decimal point not followed by a digit`)
      }
      while (this.#isDigit()) this.#pos++
    }
    const e = text.charCodeAt(this.#pos)
    if (e === 0x65 || e === 0x45) {
      integral = false
      this.#pos++
      const sign = text.charCodeAt(this.#pos)
      if (sign === 0x2b || sign === 0x2d) this.#pos++
      if (!this.#isDigit()) {
        if (this.#pos >= text.length) this.#fail('Unexpected end-of-input in a Number value')
        this.#fail(`Unexpected character (${charDescription(text.charCodeAt(this.#pos))}) in numeric value: Exponent indicator not followed by a digit`)
      }
      while (this.#isDigit()) this.#pos++
    }
    return { kind: 'number', at: { index: start }, text: text.slice(start, this.#pos), integral }
  }

  #isDigit (): boolean {
    const c = this.#text.charCodeAt(this.#pos)
    return c >= 0x30 && c <= 0x39
  }

  #string (): string {
    const text = this.#text
    this.#pos++
    let out = ''
    let runStart = this.#pos
    while (true) {
      if (this.#pos >= text.length) this.#fail('Unexpected end-of-input: was expecting closing quote for a string value')
      const c = text.charCodeAt(this.#pos)
      if (c === 0x22) {
        out += text.slice(runStart, this.#pos)
        this.#pos++
        return out
      }
      if (c < 0x20) this.#fail(`Illegal unquoted character (${charDescription(c)}): has to be escaped using backslash to be included in string value`)
      if (c !== 0x5c) {
        this.#pos++
        continue
      }
      out += text.slice(runStart, this.#pos)
      this.#pos++
      if (this.#pos >= text.length) this.#fail('Unexpected end-of-input in character escape sequence')
      const escape = text.charCodeAt(this.#pos)
      this.#pos++
      switch (escape) {
        case 0x22: out += '"'; break
        case 0x5c: out += '\\'; break
        case 0x2f: out += '/'; break
        case 0x62: out += '\b'; break
        case 0x66: out += '\f'; break
        case 0x6e: out += '\n'; break
        case 0x72: out += '\r'; break
        case 0x74: out += '\t'; break
        case 0x75: {
          let code = 0
          for (let i = 0; i < 4; i++) {
            if (this.#pos >= text.length) this.#fail('Unexpected end-of-input in character escape sequence')
            const h = text.charCodeAt(this.#pos)
            const digit = h >= 0x30 && h <= 0x39 ? h - 0x30 : (h | 0x20) >= 0x61 && (h | 0x20) <= 0x66 ? (h | 0x20) - 0x57 : -1
            if (digit < 0) this.#fail(`Unexpected character (${charDescription(h)}): expected a hex-digit for character escape sequence`)
            code = code * 16 + digit
            this.#pos++
          }
          out += String.fromCharCode(code)
          break
        }
        default:
          this.#fail(`Unrecognized character escape ${charDescription(escape)}`, this.#pos - 1)
      }
      runStart = this.#pos
    }
  }

  #object (): JsonNode {
    const at = { index: this.#pos }
    const container: OpenContainer = { kind: 'object', at: this.#pos, key: undefined }
    this.#open.push(container)
    this.#pos++
    const entries: Array<[string, JsonNode]> = []
    this.#skipWhitespace()
    if (this.#text.charCodeAt(this.#pos) === 0x7d) {
      this.#pos++
      this.#open.pop()
      return { kind: 'object', at, end: { index: this.#pos }, entries }
    }
    while (true) {
      if (this.#pos >= this.#text.length) this.#endOfInput('close')
      const c = this.#text.charCodeAt(this.#pos)
      if (c !== 0x22) this.#fail(`Unexpected character (${charDescription(c)}): was expecting double-quote to start field name`)
      const key = this.#string()
      container.key = key
      this.#skipWhitespace()
      if (this.#pos >= this.#text.length) this.#endOfInput('Unexpected end-of-input within/between Object entries')
      const colon = this.#text.charCodeAt(this.#pos)
      if (colon !== 0x3a) this.#fail(`Unexpected character (${charDescription(colon)}): was expecting a colon to separate field name and value`)
      this.#pos++
      this.#skipWhitespace()
      if (this.#pos >= this.#text.length) this.#endOfInput('Unexpected end-of-input within/between Object entries')
      entries.push([key, this.#value()])
      this.#skipWhitespace()
      if (this.#pos >= this.#text.length) this.#endOfInput('close')
      const next = this.#text.charCodeAt(this.#pos)
      if (next === 0x7d) {
        this.#pos++
        this.#open.pop()
        return { kind: 'object', at, end: { index: this.#pos }, entries }
      }
      if (next === 0x5d) this.#fail(`Unexpected close marker ']': expected '}' (for Object starting at ${locationText(this.#text, container.at)})`)
      if (next !== 0x2c) this.#fail(`Unexpected character (${charDescription(next)}): was expecting comma to separate Object entries`)
      this.#pos++
      this.#skipWhitespace()
    }
  }

  #array (): JsonNode {
    const at = { index: this.#pos }
    const container: OpenContainer = { kind: 'array', at: this.#pos, key: undefined }
    this.#open.push(container)
    this.#pos++
    const items: JsonNode[] = []
    this.#skipWhitespace()
    if (this.#text.charCodeAt(this.#pos) === 0x5d) {
      this.#pos++
      this.#open.pop()
      return { kind: 'array', at, items }
    }
    while (true) {
      if (this.#pos >= this.#text.length) this.#endOfInput('close')
      container.key = items.length
      items.push(this.#value())
      this.#skipWhitespace()
      if (this.#pos >= this.#text.length) this.#endOfInput('close')
      const next = this.#text.charCodeAt(this.#pos)
      if (next === 0x5d) {
        this.#pos++
        this.#open.pop()
        return { kind: 'array', at, items }
      }
      if (next === 0x7d) this.#fail(`Unexpected close marker '}': expected ']' (for Array starting at ${locationText(this.#text, container.at)})`)
      if (next !== 0x2c) this.#fail(`Unexpected character (${charDescription(next)}): was expecting comma to separate Array entries`)
      this.#pos++
      this.#skipWhitespace()
    }
  }

  /** What follows the root value: Jackson reads one more token and refuses it (FAIL_ON_TRAILING_TOKENS). */
  #trailing (): never {
    const c = this.#text.charCodeAt(this.#pos)
    if (c === 0x7d || c === 0x5d) {
      this.#fail(`Unexpected close marker '${String.fromCharCode(c)}': no open ${c === 0x7d ? 'Object' : 'Array'} to close`)
    }
    const start = this.#pos
    const token = this.#peekTokenType()
    this.#fail(`Trailing token (of type ${token}) found after value (bound as \`${this.#tracker.rootType}\`): not allowed as per \`DeserializationFeature.FAIL_ON_TRAILING_TOKENS\``, start)
  }

  #peekTokenType (): string {
    const c = this.#text.charCodeAt(this.#pos)
    if (c === 0x7b) return 'START_OBJECT'
    if (c === 0x5b) return 'START_ARRAY'
    if (c === 0x22) return 'VALUE_STRING'
    const node = this.#value()
    if (node.kind === 'number') return node.integral ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT'
    if (node.kind === 'boolean') return node.value ? 'VALUE_TRUE' : 'VALUE_FALSE'
    return 'VALUE_NULL'
  }
}

/** Parses a body; undefined when it holds nothing but white space. Throws UnreadableBodyException. */
export function parseJsonBody (text: string, tracker: ChainTracker): JsonNode | undefined {
  return new Parser(text, tracker).parseDocument()
}
