// Renders a Connect value for toString() and error messages, the way Java's toString methods would
// (lists as [a, b], maps as {k=v}), but readable where Java is not (bytes, dates).

const MAX_BYTES_SHOWN = 32

/** A short, human-readable rendering of any Connect value. */
export function formatValue (value: unknown): string {
  if (value === null || value === undefined) return 'null'
  switch (typeof value) {
    case 'string': return value
    case 'bigint': return value.toString()
    case 'object': break
    default: return String(value)
  }
  if (value instanceof Uint8Array) return formatBytes(value)
  if (Array.isArray(value)) return '[' + value.map(formatValue).join(', ') + ']'
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()
  if (value instanceof Map) return formatEntries(value.entries())
  if (isPlainObject(value)) return formatEntries(Object.entries(value))
  return String(value)
}

/** True for an object literal (or Object.create(null)), which Connect accepts as a string-keyed map. */
export function isPlainObject (value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** The name of a value's JavaScript type, as error messages show it ("string", "Uint8Array", …). */
export function describeType (value: unknown): string {
  if (value === null) return 'null'
  if (typeof value !== 'object') return typeof value
  if (Array.isArray(value)) return 'Array'
  const ctor = (value as { constructor?: { name?: unknown } }).constructor
  return typeof ctor?.name === 'string' && ctor.name !== '' ? ctor.name : 'Object'
}

function formatEntries (entries: Iterable<[unknown, unknown]>): string {
  const parts: string[] = []
  for (const [key, value] of entries) parts.push(formatValue(key) + '=' + formatValue(value))
  return '{' + parts.join(', ') + '}'
}

function formatBytes (bytes: Uint8Array): string {
  const shown = Array.from(bytes.subarray(0, MAX_BYTES_SHOWN)).join(', ')
  const more = bytes.length > MAX_BYTES_SHOWN ? ', …' : ''
  return `bytes[${bytes.length}]{${shown}${more}}`
}
