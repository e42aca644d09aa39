// Values.parseString's reading of text into a schema and value, with Kafka Connect's exact
// inference: booleans, the narrowest integer type, float32 before float64 before Decimal, ISO
// dates and times, quoted strings, and [arrays] and {maps} whose element schema is the common one
// of their elements. Its quirks are kept on purpose, because a header's meaning must not depend
// on which runtime read it: "1,2" is the INT8 1, "true}" is a string, whitespace-only tokens
// vanish inside quotes, and any structure that fails to parse makes the whole text a string.
//
// The text is cut into tokens at the unescaped delimiters : , { } [ ] " (a backslash escapes the
// next character and stays in the token); a cursor then walks the tokens, and may step back.

import { DataException } from '../errors.ts'
import type { BigDecimal } from './big-decimal.ts'
import { ConnectSchema, schemaEquals, valueEquals } from './connect-schema.ts'
import { ConnectDate } from './date.ts'
import { Decimal } from './decimal.ts'
import { parseTemporal, type TemporalKind } from './iso-date-format.ts'
import {
  compareMagnitudeWithPowerOfTen, exactInteger, isWholeNumber, javaDoubleValue, javaFloatValue, parseJavaBigDecimal,
} from './java-big-decimal.ts'
import { javaIsBlank, javaIsDigit, javaTrim } from './java-text.ts'
import { isPrimitiveType, Schema, type SchemaType } from './schema.ts'
import { rememberArrayElementSchemas, rememberMapEntrySchemas } from './parsed-element-schemas.ts'
import { SchemaAndValue } from './schema-and-value.ts'
import { Time } from './time.ts'
import { Timestamp } from './timestamp.ts'

/**
 * Converts a parsed element to the schema its array or map settled on (Values.convertTo with no
 * source schema). Throws DataException when it cannot, which makes the structure a string.
 */
export type AlignValue = (schema: Schema, value: unknown) => unknown

const DELIMITERS = new Set([':', ',', '{', '}', '[', ']', '"'])
const TRUE = new SchemaAndValue(Schema.BOOLEAN_SCHEMA, true)
const FALSE = new SchemaAndValue(Schema.BOOLEAN_SCHEMA, false)
const TEMPORAL_SCHEMAS: Readonly<Record<TemporalKind, Schema>> = {
  date: ConnectDate.SCHEMA,
  time: Time.SCHEMA,
  timestamp: Timestamp.SCHEMA,
}
/** At most nine ASCII digits: always within INT32 (the + 0 in parseNumber turns -0 into 0). */
const SMALL_INTEGER = /^[+-]?[0-9]{1,9}$/
const NUMERIC_RANK: Partial<Record<SchemaType, number>> = { INT8: 0, INT16: 1, INT32: 2, INT64: 3, FLOAT32: 4, FLOAT64: 5 }

/** Signals that the text is not the structure it began as; the caller steps back. */
class NotParsable extends DataException {}

/**
 * Reads non-empty `text` as Values.parseString does. Never throws: text that is nothing else is a
 * string. The literal "null" gives SchemaAndValue.NULL.
 */
export function parseValueText (text: string, align: AlignValue): SchemaAndValue {
  return new ValueTextParser(text, align).parseTopLevel()
}

/** A token of the text, with where it starts. */
interface Token { text: string, start: number }

/** Cuts text at unescaped delimiters; a delimiter is a token of its own. */
function tokenize (text: string): Token[] {
  const tokens: Token[] = []
  let start = 0
  let escaped = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (char === '\\') {
      escaped = !escaped
      continue
    }
    if (DELIMITERS.has(char) && !escaped) {
      if (start < i) tokens.push({ text: text.slice(start, i), start })
      tokens.push({ text: char, start: i })
      start = i + 1
    }
    escaped = false
  }
  if (start < text.length) tokens.push({ text: text.slice(start), start })
  return tokens
}

class ValueTextParser {
  private readonly text: string
  private readonly tokens: Token[]
  private readonly align: AlignValue
  /** The index of the next token to read. */
  private position = 0

  constructor (text: string, align: AlignValue) {
    this.text = text
    this.tokens = tokenize(text)
    this.align = align
  }

  parseTopLevel (): SchemaAndValue {
    return this.parseValue(false) ?? SchemaAndValue.NULL
  }

  /** One value; null for the literal null (or nothing left). Inside a structure, throws when there is no value. */
  private parseValue (embedded: boolean): SchemaAndValue | null {
    if (!this.hasNext()) return null
    if (embedded && this.consume('"')) return this.parseQuotedString()
    if (this.consumeLiteral(embedded, 'null')) return null
    if (this.consumeLiteral(embedded, 'true')) return TRUE
    if (this.consumeLiteral(embedded, 'false')) return FALSE
    const start = this.position
    try {
      if (this.consume('[')) return this.parseArray()
      if (this.consume('{')) return this.parseMap()
    } catch (error) {
      if (!(error instanceof DataException)) throw error
      this.position = start
    }
    const token = this.next()
    if (javaIsBlank(token)) return new SchemaAndValue(Schema.STRING_SCHEMA, token)
    return this.parseScalar(embedded, javaTrim(token))
  }

  /**
   * A literal matches at the top level only when nothing follows it ("true}" is a string); inside
   * a structure, what follows is the structure's business.
   */
  private consumeLiteral (embedded: boolean, literal: string): boolean {
    const start = this.position
    if (this.consume(literal) && (embedded || !this.hasNext())) return true
    this.position = start
    return false
  }

  private parseScalar (embedded: boolean, token: string): SchemaAndValue {
    const first = token.charCodeAt(0)
    const startsWithDigit = javaIsDigit(first)
    if (startsWithDigit) {
      const temporal = this.parseTemporalAcrossTokens(token)
      if (temporal !== null) return temporal
    }
    if (startsWithDigit || token[0] === '+' || token[0] === '-') {
      const number = parseNumber(token)
      if (number !== null) return number
    }
    if (embedded) throw new NotParsable('Failed to parse embedded value')
    return new SchemaAndValue(Schema.STRING_SCHEMA, this.text)
  }

  /** An unquoted time or timestamp is cut at its colons: try it whole (five tokens) first. */
  private parseTemporalAcrossTokens (token: string): SchemaAndValue | null {
    const start = this.position
    if (this.position + 4 <= this.tokens.length) {
      this.position += 4
      const end = this.position < this.tokens.length ? this.tokens[this.position].start : this.text.length
      const temporal = temporalValue(token + this.text.slice(this.tokens[start].start, end))
      if (temporal !== null) return temporal
      this.position = start
    }
    return temporalValue(token)
  }

  private parseQuotedString (): SchemaAndValue {
    let content = ''
    while (this.hasNext()) {
      if (this.consume('"')) break
      content += this.next()
    }
    return temporalValue(content) ?? new SchemaAndValue(Schema.STRING_SCHEMA, content)
  }

  private parseArray (): SchemaAndValue {
    const elements: unknown[] = []
    const elementSchemas: (Schema | null)[] = []
    const commonSchema = new CommonSchema()
    while (this.hasNext()) {
      if (this.consume(']')) return this.finishArray(elements, elementSchemas, commonSchema.schema())
      if (this.consume(',')) throw new NotParsable(`Unable to parse an empty array element: ${this.text}`)
      const element = this.parseValue(true)
      commonSchema.merge(element)
      elements.push(element === null ? null : element.value)
      elementSchemas.push(element === null ? null : element.schema)
      const afterElement = this.position
      if (this.consume(']')) this.position = afterElement
      else if (!this.consume(',')) throw new NotParsable('Array elements missing \',\' delimiter')
    }
    throw new NotParsable(`Array is missing terminating ']': ${this.text}`)
  }

  private finishArray (elements: unknown[], elementSchemas: (Schema | null)[], common: Schema | null): SchemaAndValue {
    const array = common === null ? elements : elements.map(element => this.align(common, element))
    rememberArrayElementSchemas(array, elementSchemas.map(own => schemaAfterAlignment(common, own)))
    return new SchemaAndValue(new ConnectSchema({ type: 'ARRAY', valueSchema: common }), array)
  }

  private parseMap (): SchemaAndValue {
    const entries = new EqualityMap()
    const keySchema = new CommonSchema()
    const valueSchema = new CommonSchema()
    while (this.hasNext()) {
      if (this.consume('}')) return this.finishMap(entries, keySchema.schema(), valueSchema.schema())
      if (this.consume(',')) throw new NotParsable(`Unable to parse a map entry with no key or value: ${this.text}`)
      const key = this.parseValue(true)
      if (key === null || key.value === null) throw new NotParsable(`Map entry may not have a null key: ${this.text}`)
      if (!this.consume(':')) throw new NotParsable(`Map entry is missing ':' in ${this.text}`)
      const value = this.parseValue(true)
      entries.set(key.value, value === null ? null : value.value, key.schema, value === null ? null : value.schema)
      // Commas between entries are optional, as in Kafka Connect.
      this.consume(',')
      keySchema.merge(key)
      valueSchema.merge(value)
    }
    throw new NotParsable(`Map is missing terminating '}': ${this.text}`)
  }

  /** Java aligns the keys only when they share a schema, and the values only when both do. */
  private finishMap (entries: EqualityMap, keySchema: Schema | null, valueSchema: Schema | null): SchemaAndValue {
    const commonValueSchema = keySchema === null ? null : valueSchema
    let result = entries
    if (keySchema !== null) {
      result = new EqualityMap()
      for (const [key, value] of entries.map) {
        const [ownKeySchema, ownValueSchema] = entries.schemasOf(key)
        result.set(
          this.align(keySchema, key),
          commonValueSchema === null ? value : this.align(commonValueSchema, value),
          schemaAfterAlignment(keySchema, ownKeySchema),
          schemaAfterAlignment(commonValueSchema, ownValueSchema),
        )
      }
    }
    rememberMapEntrySchemas(result.map, result.schemas)
    return new SchemaAndValue(new ConnectSchema({ type: 'MAP', keySchema, valueSchema: commonValueSchema }), result.map)
  }

  private hasNext (): boolean {
    return this.position < this.tokens.length
  }

  private next (): string {
    return this.tokens[this.position++]?.text ?? ''
  }

  /**
   * Consumes the next token when, trimmed, it is `expected`. Whitespace-only tokens before it are
   * skipped for good, whether or not it matches (unless one is the very last token).
   */
  private consume (expected: string): boolean {
    const last = this.tokens.length - 1
    while (this.position < last && javaIsBlank(this.tokens[this.position].text)) this.position++
    if (this.position > last || javaTrim(this.tokens[this.position].text) !== expected) return false
    this.position++
    return true
  }
}

function temporalValue (text: string): SchemaAndValue | null {
  const temporal = parseTemporal(text)
  return temporal === null ? null : new SchemaAndValue(TEMPORAL_SCHEMAS[temporal.kind], temporal.date)
}

/**
 * A number's narrowest schema: a whole number within 64 bits is INT8, INT16, INT32 or INT64;
 * otherwise a fraction or exponent form is FLOAT32 if it fits, then FLOAT64; anything else (huge,
 * or a whole number past 64 bits) is a Decimal of the text's own scale.
 */
function parseNumber (token: string): SchemaAndValue | null {
  // The common case, a small plain integer, without the general machinery.
  if (SMALL_INTEGER.test(token)) return narrowestInteger(Number(token) + 0)
  const decimal = parseJavaBigDecimal(token)
  if (decimal === null) return null
  const integer = exactIntegerValue(decimal)
  if (integer !== null) return integer
  if (decimal.scale !== 0) {
    const float = javaFloatValue(decimal)
    if (Number.isFinite(float)) return new SchemaAndValue(Schema.FLOAT32_SCHEMA, float)
    const double = javaDoubleValue(decimal)
    if (Number.isFinite(double)) return new SchemaAndValue(Schema.FLOAT64_SCHEMA, double)
  }
  return new SchemaAndValue(Decimal.schema(decimal.scale), decimal)
}

function exactIntegerValue (decimal: BigDecimal): SchemaAndValue | null {
  // Java bounds the search at 1e19 and at 1 (a non-zero fraction below 1 is never whole).
  if (compareMagnitudeWithPowerOfTen(decimal, 19) > 0) return null
  if (decimal.unscaled !== 0n && compareMagnitudeWithPowerOfTen(decimal, 0) < 0) return null
  if (!isWholeNumber(decimal)) return null
  const integer = exactInteger(decimal)
  if (integer !== BigInt.asIntN(64, integer)) return null
  if (integer !== BigInt.asIntN(32, integer)) return new SchemaAndValue(Schema.INT64_SCHEMA, integer)
  return narrowestInteger(Number(integer))
}

/** INT8, INT16 or INT32, whichever is the narrowest to hold `integer`. */
function narrowestInteger (integer: number): SchemaAndValue {
  if (integer >= -128 && integer <= 127) return new SchemaAndValue(Schema.INT8_SCHEMA, integer)
  if (integer >= -32768 && integer <= 32767) return new SchemaAndValue(Schema.INT16_SCHEMA, integer)
  return new SchemaAndValue(Schema.INT32_SCHEMA, integer)
}

/**
 * The schema every value seen so far fits, as Kafka Connect merges them: numbers widen (INT8 to
 * INT64, integers to floats); other types must match exactly, and the first mismatch ends the
 * search. Nulls fit anything.
 */
class CommonSchema {
  private common: Schema | null = null
  private compatible = true

  merge (latest: SchemaAndValue | null): void {
    if (latest === null || latest.schema === null || !this.compatible) return
    if (this.common === null) {
      this.common = latest.schema
      return
    }
    this.common = mergeSchemas(this.common, latest.schema)
    this.compatible = this.common !== null
  }

  schema (): Schema | null {
    return this.common
  }
}

function mergeSchemas (previous: Schema, next: Schema): Schema | null {
  if (previous.type !== next.type) {
    const previousRank = NUMERIC_RANK[previous.type]
    const nextRank = NUMERIC_RANK[next.type]
    if (previousRank === undefined || nextRank === undefined) return null
    // The wider wins, whatever logical name it carries (so INT8 and a Date merge to the Date).
    return nextRank > previousRank ? next : previous
  }
  if (previous.optional === next.optional) return previous.optional ? previous : next
  return schemaEquals(previous, next) ? previous : null
}

/**
 * The schema that truly describes an element after alignment: the common schema when it is a
 * primitive one (alignment converted the element to it), else the element's own, because Java
 * merges two arrays (or maps) of different element types into the later one's schema and leaves
 * the elements as they were.
 */
function schemaAfterAlignment (common: Schema | null, own: Schema | null): Schema | null {
  return common !== null && isPrimitiveType(common.type) ? common : own
}

/**
 * An insertion-ordered map whose keys compare as Java's equals would (a Map matches objects such
 * as dates, decimals and lists by identity, so those are looked up by value), with the schema
 * each key and value was parsed with.
 */
class EqualityMap {
  readonly map = new Map<unknown, unknown>()
  readonly schemas = new Map<unknown, [Schema | null, Schema | null]>()

  /** As Java's put: a key equal to an earlier one keeps the earlier key and replaces its value. */
  set (key: unknown, value: unknown, keySchema: Schema | null, valueSchema: Schema | null): void {
    const existing = this.map.has(key) ? key : this.findEqualKey(key)
    if (existing === NO_KEY) {
      this.map.set(key, value)
      this.schemas.set(key, [keySchema, valueSchema])
      return
    }
    this.map.set(existing, value)
    this.schemas.set(existing, [this.schemasOf(existing)[0], valueSchema])
  }

  schemasOf (key: unknown): [Schema | null, Schema | null] {
    return this.schemas.get(key) ?? [null, null]
  }

  private findEqualKey (key: unknown): unknown {
    if (typeof key !== 'object' || key === null) return NO_KEY
    for (const existing of this.map.keys()) if (valueEquals(existing, key)) return existing
    return NO_KEY
  }
}

const NO_KEY = Symbol('no such key')
