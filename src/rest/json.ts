// JSON in and out of the REST API, as Kafka Connect's Jackson reads and writes it.
//
// In: bodies are parsed by the converters' Jackson-compatible parser (numbers keep every digit),
// and a malformed body fails with Jackson's own message and location. Kafka Connect answers any
// body it cannot read (malformed, or the wrong shape) with 500, and so does kconnect; the
// message says what was wrong. Scalars in a string map are taken as their text, as Jackson
// coerces them (`"tasks.max": 1` is "1").
//
// Out: compact JSON with Jackson's string escaping, object keys in the order given (entities.ts
// orders them as Kafka does), and bigint written as an exact integer.

import { HIDDEN, Password } from '../api/config/password.ts'
import { JsonParseError, parseJson } from '../converters/json/json-parser.ts'
import { quoteJsonString } from '../converters/json/json-text.ts'
import { JsonNumber, type JsonValue } from '../converters/json/json-tree.ts'
import { ConnectRestException } from '../herder/errors.ts'

/** A body Kafka Connect could not read: it answers 500, with Jackson's message. */
export class UnreadableBodyException extends ConnectRestException {
  constructor (message: string) {
    super(500, message)
  }
}

const LOCATION = / at line (\d+), column (\d+)$/

/** Parses a request body; undefined when it is empty. Throws UnreadableBodyException for malformed JSON. */
export function parseBody (bytes: Uint8Array): JsonValue | undefined {
  try {
    return parseJson(bytes)
  } catch (error) {
    if (!(error instanceof JsonParseError)) throw error
    // Jackson's location suffix, as Kafka Connect's answer shows it.
    const message = error.message.replace(LOCATION, (_all, line: string, column: string) =>
      `\n at [Source: REDACTED (\`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION\` disabled); line: ${line}, column: ${column}]`)
    throw new UnreadableBodyException(message)
  }
}

/** Jackson's name of a node's token, for "cannot deserialize" messages. */
function tokenName (value: JsonValue): string {
  if (value === null) return 'VALUE_NULL'
  if (typeof value === 'string') return 'VALUE_STRING'
  if (typeof value === 'boolean') return value ? 'VALUE_TRUE' : 'VALUE_FALSE'
  if (typeof value === 'number') return 'VALUE_NUMBER_INT'
  if (value instanceof JsonNumber) return value.integral ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT'
  return Array.isArray(value) ? 'START_ARRAY' : 'START_OBJECT'
}

function kindName (value: JsonValue): string {
  if (value === null) return 'Null value'
  if (typeof value === 'string') return 'String value'
  if (typeof value === 'boolean') return 'Boolean value'
  if (typeof value === 'number' || value instanceof JsonNumber) return 'Number value'
  return Array.isArray(value) ? 'Array value' : 'Object value'
}

/** The failure for a value of the wrong JSON type, worded as Jackson words it. */
export function wrongType (expected: string, value: JsonValue, where: string): UnreadableBodyException {
  return new UnreadableBodyException(
    `Cannot deserialize value of type \`${expected}\` from ${kindName(value)} (token \`JsonToken.${tokenName(value)}\`)${where}`)
}

/** A scalar as the text Jackson gives it when a String is wanted; undefined for arrays and objects. */
function scalarText (value: JsonValue): string | null | undefined {
  if (value === null) return null
  if (typeof value === 'string') return value
  if (typeof value === 'boolean' || typeof value === 'number') return String(value)
  if (value instanceof JsonNumber) return value.text
  return undefined
}

/** A JSON value read where Kafka reads a String: scalars as their text, null as null. */
export function toText (value: JsonValue, where: string): string | null {
  const text = scalarText(value)
  if (text === undefined) throw wrongType('java.lang.String', value, where)
  return text
}

/**
 * A JSON object of settings as a map of strings (null values kept: a PATCH removes those keys, and
 * validation reports them). `what` names the body in messages.
 */
export function toStringMap (value: JsonValue | undefined, what: string): Record<string, string | null> {
  if (value === undefined || value === null) throw new UnreadableBodyException(`The request body must be ${what}, but it is empty`)
  if (!(value instanceof Map)) throw wrongType('java.util.LinkedHashMap<java.lang.String,java.lang.String>', value, '')
  const result: Record<string, string | null> = {}
  for (const [key, entry] of value) {
    result[key] = toText(entry, ` (in the value of "${key}")`)
  }
  return result
}

/**
 * A JSON value as plain JavaScript for a herder: objects as plain objects, integers as bigint (as
 * the offset stores and the JSON converter give them), other numbers as number.
 */
export function toPlain (value: JsonValue): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value
  if (typeof value === 'number') return BigInt(value)
  if (value instanceof JsonNumber) return value.integral ? BigInt(value.text) : Number(value.text)
  if (Array.isArray(value)) return value.map(toPlain)
  const result: Record<string, unknown> = {}
  for (const [key, entry] of value) result[key] = toPlain(entry)
  return result
}

/**
 * Compact JSON text of a response entity. Keys keep their order; undefined members are left
 * out; bigint is an exact integer; a Password is "[hidden]"; Maps are objects.
 */
export function writeJson (value: unknown): string {
  if (value === null || value === undefined) return 'null'
  switch (typeof value) {
    case 'string': return quoteJsonString(value)
    case 'boolean': return value ? 'true' : 'false'
    case 'bigint': return value.toString()
    case 'number': return Number.isFinite(value) ? JSON.stringify(value) : 'null'
    case 'object': break
    default: return 'null'
  }
  if (value instanceof Password) return quoteJsonString(HIDDEN)
  if (Array.isArray(value)) return '[' + value.map(item => item === undefined ? 'null' : writeJson(item)).join(',') + ']'
  const entries: Iterable<[unknown, unknown]> = value instanceof Map ? value.entries() : Object.entries(value)
  let out = '{'
  for (const [key, entry] of entries) {
    if (entry === undefined) continue
    if (out.length > 1) out += ','
    out += quoteJsonString(String(key)) + ':' + writeJson(entry)
  }
  return out + '}'
}
