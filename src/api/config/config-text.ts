// How configuration values are written in messages. Kafka builds these texts with Java's
// toString, so lists look like "[a, b]" and maps "{k=v}"; users compare our messages with Kafka's,
// so we write the same text. A Password always reads "[hidden]", whatever it is nested in.

import { Password } from './password.ts'

/** A value as Java's String.valueOf would show it in a message: "null", "[a, b]", "{k=v}", … */
export function valueText (value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'string') return value
  if (value instanceof Password) return value.toString()
  if (Array.isArray(value)) return '[' + value.map(valueText).join(', ') + ']'
  if (value instanceof Set) return '[' + [...value].map(valueText).join(', ') + ']'
  if (value instanceof Map) {
    return '{' + [...value].map(([k, v]) => `${valueText(k)}=${valueText(v)}`).join(', ') + '}'
  }
  if (typeof value === 'function') return value.name
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return '{' + Object.entries(value).map(([k, v]) => `${k}=${valueText(v)}`).join(', ') + '}'
  }
  return String(value)
}

/** The kind of a JavaScript value, for messages such as "but it was a boolean". */
export function typeNameOf (value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'object') return value.constructor?.name ?? 'object'
  return typeof value
}
