// Parses JSON bytes into the tree of json-tree.ts, accepting exactly what Kafka's JsonConverter
// (Jackson, as JsonDeserializer configures it) accepts:
//   - numbers keep all their digits; leading zeros are allowed ("007" is 7);
//   - an empty document is no value (MISSING), not an error;
//   - only the first root value is read: "1 2" is 1 and "{} x" is {}, but a root number must be
//     followed by white space or the end ("1x" fails);
//   - UTF-8 (with or without a byte order mark) or UTF-16, detected as Jackson does;
//   - Jackson's limits: 1000 levels of nesting, 1000 characters in a number.
// Anything else (comments, NaN, trailing commas, single quotes…) is a JsonParseError.

import { TextDecoder } from 'node:util'
import { JsonNumber, type JsonObject, type JsonValue } from './json-tree.ts'

const MAX_DEPTH = 1000
const MAX_NUMBER_LENGTH = 1000

/** The input is not JSON that Jackson would read. The message says what and where. */
export class JsonParseError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'JsonParseError'
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
const utf16le = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: false })
const utf16be = new TextDecoder('utf-16be', { fatal: true, ignoreBOM: false })

/** Parses a document; undefined when it holds no value at all (empty or only white space). */
export function parseJson (input: Uint8Array | string): JsonValue | undefined {
  return parseDocument(input).value
}

/** A parsed document, with the source text of each member of a root object. */
export interface ParsedDocument {
  readonly value: JsonValue | undefined
  /**
   * The exact source text of each member value of the root object (absent for other roots), so
   * a caller can key a cache by text without writing the value back out.
   */
  readonly rootMemberSources: ReadonlyMap<string, string>
  /** Root members left unparsed because `skipRootMember` said so; their value reads as null. */
  readonly skippedRootMembers: ReadonlySet<string>
}

/**
 * Asked for each member of a root object, before its value is parsed (the value starts at
 * `start` in `text`): returns where the value ends to leave it unparsed, or -1 to parse it. The
 * caller must only skip a value it has parsed before, as identical text.
 */
export type SkipRootMember = (key: string, text: string, start: number) => number

/**
 * Parses a document as parseJson does, keeping the source text of the root object's members.
 * Members that `skipRootMember` skips are not parsed: text identical to text parsed before is
 * valid JSON, so skipping it changes no outcome.
 */
export function parseDocument (input: Uint8Array | string, skipRootMember?: SkipRootMember): ParsedDocument {
  const parser = (text: string, truncatedBy: string | null = null): Parser => new Parser(text, truncatedBy, skipRootMember ?? null)
  if (typeof input === 'string') return parser(input).parseDocument()
  const utf16 = detectUtf16(input)
  if (utf16 !== null) {
    let text: string
    try {
      text = utf16.decode(input)
    } catch {
      throw new JsonParseError('Invalid UTF-16 input: a surrogate is unpaired or a byte is missing')
    }
    return parser(text).parseDocument()
  }
  let text: string
  try {
    text = utf8.decode(input)
  } catch (error) {
    if (!(error instanceof TypeError)) throw error
    return parseWithInvalidUtf8(input, parser)
  }
  return parser(text).parseDocument()
}

/** UTF-16 by its byte order mark, or by a zero byte among the first two (JSON starts with ASCII). */
function detectUtf16 (bytes: Uint8Array): TextDecoder | null {
  if (bytes.length < 2) return null
  const [first, second] = [bytes[0], bytes[1]]
  if (first === 0xfe && second === 0xff) return utf16be
  if (first === 0xff && second === 0xfe) return utf16le
  if (first === 0 && second !== 0) return utf16be
  if (first !== 0 && second === 0 && (bytes.length < 4 || bytes[2] !== 0)) return utf16le
  return null
}

/**
 * Jackson decodes as it reads, so bad UTF-8 after the root value goes unnoticed: parse what comes
 * before the first bad byte, and fail only when the root value needs more than that.
 */
function parseWithInvalidUtf8 (bytes: Uint8Array, parser: (text: string, truncatedBy: string) => Parser): ParsedDocument {
  const [offset, message] = firstInvalidUtf8(bytes)
  const text = utf8.decode(bytes.subarray(0, offset))
  return parser(text, message).parseDocument()
}

/** Where the first malformed UTF-8 sequence starts, and Jackson's words for it. */
function firstInvalidUtf8 (bytes: Uint8Array): [number, string] {
  let i = 0
  while (i < bytes.length) {
    const lead = bytes[i]
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead < 0xe0 ? 2 : lead >= 0xe0 && lead < 0xf0 ? 3 : lead >= 0xf0 && lead < 0xf5 ? 4 : 0
    if (length === 0) return [i, `Invalid UTF-8 start byte 0x${hex(lead)}`]
    for (let k = 1; k < length; k++) {
      if (i + k >= bytes.length) return [i, 'Unexpected end-of-input in a UTF-8 character']
      const next = bytes[i + k]
      if ((next & 0xc0) !== 0x80) return [i, `Invalid UTF-8 middle byte 0x${hex(next)}`]
    }
    try {
      utf8.decode(bytes.subarray(i, i + length))
    } catch {
      return [i, `Invalid UTF-8 character starting with byte 0x${hex(lead)}`]
    }
    i += length
  }
  return [bytes.length, 'Invalid UTF-8']
}

function hex (byte: number): string {
  return byte.toString(16).padStart(2, '0')
}

class Parser {
  private readonly text: string
  private readonly end: number
  /** Set when the text stops early at bad UTF-8: reaching its end is then that error. */
  private readonly truncatedBy: string | null
  private pos = 0
  private readonly rootMemberSources = new Map<string, string>()
  private readonly skipRootMember: SkipRootMember | null
  private readonly skippedRootMembers = new Set<string>()

  constructor (text: string, truncatedBy: string | null = null, skipRootMember: SkipRootMember | null = null) {
    this.text = text
    this.end = text.length
    this.truncatedBy = truncatedBy
    this.skipRootMember = skipRootMember
  }

  parseDocument (): ParsedDocument {
    return { value: this.parseRoot(), rootMemberSources: this.rootMemberSources, skippedRootMembers: this.skippedRootMembers }
  }

  private parseRoot (): JsonValue | undefined {
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1
    this.skipWhitespace()
    if (this.pos >= this.end) {
      if (this.truncatedBy !== null) throw new JsonParseError(this.truncatedBy)
      return undefined
    }
    const first = this.text.charCodeAt(this.pos)
    const value = this.parseValue(0)
    if (first === 0x2d || (first >= 0x30 && first <= 0x39)) {
      // A root number must end in white space (or the end of input).
      if (this.pos < this.end) {
        const next = this.text.charCodeAt(this.pos)
        if (next !== 0x20 && next !== 0x0a && next !== 0x0d && next !== 0x09) {
          throw this.unexpected(next, 'Expected space separating root-level values')
        }
      } else if (this.truncatedBy !== null) {
        throw new JsonParseError(this.truncatedBy)
      }
    }
    return value
  }

  private parseValue (depth: number): JsonValue {
    const c = this.text.charCodeAt(this.pos)
    switch (c) {
      case 0x22: return this.parseString()
      case 0x7b: return this.parseObject(depth + 1)
      case 0x5b: return this.parseArray(depth + 1)
      case 0x74: return this.parseLiteral('true', true)
      case 0x66: return this.parseLiteral('false', false)
      case 0x6e: return this.parseLiteral('null', null)
      case 0x2d: return this.parseNumber()
      case 0x5d:
      case 0x7d:
      case 0x2c:
        throw this.unexpected(c, 'expected a value')
    }
    if (c >= 0x30 && c <= 0x39) return this.parseNumber()
    if (Number.isNaN(c)) throw this.endOfInput('expected a value')
    throw this.unrecognizedToken()
  }

  private parseObject (depth: number): JsonObject {
    this.checkDepth(depth)
    this.pos++
    const object: JsonObject = new Map()
    this.skipWhitespace()
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      this.pos++
      return object
    }
    while (true) {
      const quote = this.text.charCodeAt(this.pos)
      if (quote !== 0x22) {
        if (Number.isNaN(quote)) throw this.endOfInput('expected a field name or the end of an Object')
        throw this.unexpected(quote, 'was expecting double-quote to start field name')
      }
      const key = this.parseString()
      this.skipWhitespace()
      const colon = this.text.charCodeAt(this.pos)
      if (colon !== 0x3a) {
        if (Number.isNaN(colon)) throw this.endOfInput("expected ':' after a field name")
        throw this.unexpected(colon, 'was expecting a colon to separate field name and value')
      }
      this.pos++
      this.skipWhitespace()
      if (depth === 1) {
        const start = this.pos
        const end = this.skipRootMember === null ? -1 : this.skipRootMember(key, this.text, start)
        if (end > start) {
          this.pos = end
          object.set(key, null)
          this.skippedRootMembers.add(key)
        } else {
          object.set(key, this.parseValue(depth))
          // A repeated key's last value counts: it was parsed, whatever happened to the first.
          this.skippedRootMembers.delete(key)
        }
        this.rootMemberSources.set(key, this.text.slice(start, this.pos))
      } else {
        object.set(key, this.parseValue(depth))
      }
      this.skipWhitespace()
      const next = this.text.charCodeAt(this.pos)
      this.pos++
      if (next === 0x7d) return object
      if (next !== 0x2c) {
        this.pos--
        if (Number.isNaN(next)) throw this.endOfInput('expected close marker for Object')
        throw this.unexpected(next, 'was expecting comma to separate Object entries')
      }
      this.skipWhitespace()
    }
  }

  private parseArray (depth: number): JsonValue[] {
    this.checkDepth(depth)
    this.pos++
    const array: JsonValue[] = []
    this.skipWhitespace()
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      this.pos++
      return array
    }
    while (true) {
      array.push(this.parseValue(depth))
      this.skipWhitespace()
      const next = this.text.charCodeAt(this.pos)
      this.pos++
      if (next === 0x5d) return array
      if (next !== 0x2c) {
        this.pos--
        if (Number.isNaN(next)) throw this.endOfInput('expected close marker for Array')
        throw this.unexpected(next, 'was expecting comma to separate Array entries')
      }
      this.skipWhitespace()
    }
  }

  private parseString (): string {
    const text = this.text
    const start = ++this.pos
    let i = start
    // The common case: no escapes, so the value is a slice of the input.
    while (i < this.end) {
      const c = text.charCodeAt(i)
      if (c === 0x22) {
        this.pos = i + 1
        return text.slice(start, i)
      }
      if (c === 0x5c || c < 0x20) break
      i++
    }
    let value = text.slice(start, i)
    while (true) {
      if (i >= this.end) {
        this.pos = i
        throw this.endOfInput('was expecting closing quote for a string value')
      }
      const c = text.charCodeAt(i)
      if (c === 0x22) {
        this.pos = i + 1
        return value
      }
      if (c < 0x20) {
        this.pos = i
        throw new JsonParseError(`Illegal unquoted character (${charName(c)}): has to be escaped using backslash to be included in string value${this.at()}`)
      }
      if (c !== 0x5c) {
        const runStart = i
        while (i < this.end) {
          const d = text.charCodeAt(i)
          if (d === 0x22 || d === 0x5c || d < 0x20) break
          i++
        }
        value += text.slice(runStart, i)
        continue
      }
      this.pos = i
      const escape = text.charCodeAt(i + 1)
      i += 2
      switch (escape) {
        case 0x22: value += '"'; break
        case 0x5c: value += '\\'; break
        case 0x2f: value += '/'; break
        case 0x62: value += '\b'; break
        case 0x66: value += '\f'; break
        case 0x6e: value += '\n'; break
        case 0x72: value += '\r'; break
        case 0x74: value += '\t'; break
        case 0x75: {
          let code = 0
          for (let k = 0; k < 4; k++) {
            const h = text.charCodeAt(i + k)
            const digit = hexDigit(h)
            if (digit < 0) {
              this.pos = i + k
              if (Number.isNaN(h)) throw this.endOfInput('in character escape sequence')
              throw this.unexpected(h, 'expected a hex-digit for character escape sequence')
            }
            code = code * 16 + digit
          }
          value += String.fromCharCode(code)
          i += 4
          break
        }
        default:
          if (Number.isNaN(escape)) throw this.endOfInput('in character escape sequence')
          throw new JsonParseError(`Unrecognized character escape ${charName(escape)}${this.at()}`)
      }
    }
  }

  private parseNumber (): number | JsonNumber {
    const text = this.text
    const start = this.pos
    let i = start
    const negative = text.charCodeAt(i) === 0x2d
    if (negative) i++
    const intStart = i
    while (isDigit(text.charCodeAt(i))) i++
    if (i === intStart) {
      this.pos = i
      const c = text.charCodeAt(i)
      if (Number.isNaN(c)) throw this.endOfInput('expected digit (0-9) to follow minus sign, for valid numeric value')
      throw this.unexpected(c, 'expected digit (0-9) to follow minus sign, for valid numeric value')
    }
    // Leading zeros are allowed (Jackson's ALLOW_LEADING_ZEROS_FOR_NUMBERS) and dropped.
    let digitsStart = intStart
    while (digitsStart < i - 1 && text.charCodeAt(digitsStart) === 0x30) digitsStart++
    const intDigits = i - digitsStart
    let integral = true
    if (text.charCodeAt(i) === 0x2e) {
      integral = false
      i++
      const fractionStart = i
      while (isDigit(text.charCodeAt(i))) i++
      if (i === fractionStart) {
        this.pos = i
        throw this.unexpectedOrEnd('Decimal point not followed by a digit')
      }
    }
    const e = text.charCodeAt(i)
    if (e === 0x65 || e === 0x45) {
      integral = false
      i++
      const sign = text.charCodeAt(i)
      if (sign === 0x2b || sign === 0x2d) i++
      const exponentStart = i
      while (isDigit(text.charCodeAt(i))) i++
      if (i === exponentStart) {
        this.pos = i
        throw this.unexpectedOrEnd('Exponent indicator not followed by a digit')
      }
    }
    this.pos = i
    if (i - start > MAX_NUMBER_LENGTH) {
      throw new JsonParseError(`Number value length (${i - start}) exceeds the maximum allowed (${MAX_NUMBER_LENGTH})`)
    }
    const literal = (negative ? '-' : '') + text.slice(digitsStart, i)
    if (integral && intDigits <= 10) {
      const value = Number(literal)
      if (value >= -2147483648 && value <= 2147483647) return value === 0 ? 0 : value
    }
    return new JsonNumber(literal, integral)
  }

  private parseLiteral (word: string, value: boolean | null): boolean | null {
    const text = this.text
    const end = this.pos + word.length
    if (text.startsWith(word, this.pos) && !isIdentifierPart(text.charCodeAt(end))) {
      this.pos = end
      return value
    }
    throw this.unrecognizedToken()
  }

  private skipWhitespace (): void {
    const text = this.text
    let i = this.pos
    while (i < this.end) {
      const c = text.charCodeAt(i)
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        i++
        continue
      }
      if (c < 0x20) {
        this.pos = i
        throw new JsonParseError(`Illegal character (${charName(c)}): only regular white space (\\r, \\n, \\t) is allowed between tokens${this.at()}`)
      }
      if (c === 0x2f || c === 0x23) {
        this.pos = i
        throw this.unexpected(c, 'maybe a (non-standard) comment? (not recognized as one since comments are not allowed in JSON)')
      }
      break
    }
    this.pos = i
  }

  private checkDepth (depth: number): void {
    if (depth > MAX_DEPTH) {
      throw new JsonParseError(`Document nesting depth (${depth}) exceeds the maximum allowed (${MAX_DEPTH})`)
    }
  }

  private unrecognizedToken (): JsonParseError {
    const text = this.text
    let i = this.pos
    while (i < this.end && i - this.pos < 256 && isIdentifierPart(text.charCodeAt(i))) i++
    const token = i === this.pos ? text.slice(this.pos, this.pos + 1) : text.slice(this.pos, i)
    if (i >= this.end && this.truncatedBy !== null) return new JsonParseError(this.truncatedBy)
    return new JsonParseError(`Unrecognized token '${token}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')${this.at()}`)
  }

  private unexpected (c: number, expectation: string): JsonParseError {
    return new JsonParseError(`Unexpected character (${charName(c)}): ${expectation}${this.at()}`)
  }

  private unexpectedOrEnd (expectation: string): JsonParseError {
    const c = this.text.charCodeAt(this.pos)
    return Number.isNaN(c) ? this.endOfInput(expectation) : this.unexpected(c, expectation)
  }

  private endOfInput (expectation: string): JsonParseError {
    if (this.truncatedBy !== null) return new JsonParseError(this.truncatedBy)
    return new JsonParseError(`Unexpected end-of-input: ${expectation}${this.at()}`)
  }

  /** " at line L, column C" of the current position (1-based, as Jackson counts). */
  private at (): string {
    let line = 1
    let lineStart = 0
    for (let i = 0; i < this.pos && i < this.end; i++) {
      if (this.text.charCodeAt(i) === 0x0a) {
        line++
        lineStart = i + 1
      }
    }
    return ` at line ${line}, column ${this.pos - lineStart + 1}`
  }
}

function isDigit (c: number): boolean {
  return c >= 0x30 && c <= 0x39
}

function hexDigit (c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30
  if (c >= 0x61 && c <= 0x66) return c - 0x57
  if (c >= 0x41 && c <= 0x46) return c - 0x37
  return -1
}

/** Letters, digits, '_' and '$': what may not directly follow true, false or null. */
function isIdentifierPart (c: number): boolean {
  if (Number.isNaN(c)) return false
  if (c < 0x80) {
    return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x24
  }
  return /[\p{L}\p{N}\p{Mn}\p{Mc}\p{Pc}\p{Sc}]/u.test(String.fromCharCode(c))
}

/** Jackson's way of naming a character in a message: 'x' (code 120), or (CTRL-CHAR, code 1). */
function charName (c: number): string {
  if (c < 0x20) return `CTRL-CHAR, code ${c}`
  return `'${String.fromCharCode(c)}' (code ${c})`
}
