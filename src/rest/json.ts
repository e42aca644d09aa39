// JSON out of the REST API, as Kafka Connect's Jackson writes it: compact, with Jackson's string
// escaping, object keys in the order given (entities.ts orders them as Kafka does), and bigint
// written as an exact integer. Request bodies are read by json-body.ts and body-shapes.ts.

import { HIDDEN, Password } from '../api/config/password.ts'
import { quoteJsonString } from '../converters/json/json-text.ts'

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
