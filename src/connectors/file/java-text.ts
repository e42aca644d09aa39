// The text Java's String.valueOf gives a Connect value, which is what Kafka's FileStreamSinkTask
// prints for each record (PrintStream.println(Object)). The schema tells a FLOAT64 1.0 ("1.0")
// from an INT32 1 ("1"); without one, a JavaScript number is a double, as a schemaless
// JsonConverter gives integers as INT64 (bigint) and only other numbers as FLOAT64.
//
// Where Java's text is of no use it is not copied: bytes print as their content, not "[B@1b6d3586";
// maps print in insertion order (Java's HashMap order depends on hash codes).

import { BigDecimal } from '../../api/data/big-decimal.ts'
import { formatValue } from '../../api/data/format-value.ts'
import { javaDoubleToString, javaFloatToString } from '../../api/data/java-number-format.ts'
import type { Schema } from '../../api/data/schema.ts'
import { Struct } from '../../api/data/struct.ts'

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Java's String.valueOf(value) for a Connect value of `schema` (null when schemaless). */
export function javaText (value: unknown, schema: Schema | null): string {
  if (value === null || value === undefined) return 'null'
  switch (typeof value) {
    case 'string': return value
    case 'bigint': return value.toString()
    case 'boolean': return value ? 'true' : 'false'
    case 'number': return numberText(value, schema)
  }
  if (value instanceof Struct) return structText(value)
  if (Array.isArray(value)) return '[' + value.map(item => javaText(item, schema?.valueSchema ?? null)).join(', ') + ']'
  if (value instanceof Map) return entriesText(value.entries(), schema)
  if (value instanceof Date) return dateText(value)
  if (value instanceof BigDecimal) return value.toString()
  if (value instanceof Uint8Array) return formatValue(value)
  if (Object.getPrototypeOf(value) === Object.prototype) return entriesText(Object.entries(value), schema)
  return String(value)
}

function numberText (value: number, schema: Schema | null): string {
  switch (schema?.type) {
    case 'FLOAT32': return javaFloatToString(value)
    case 'INT8': case 'INT16': case 'INT32': case 'INT64': return String(value)
    default: return javaDoubleToString(value)
  }
}

function structText (struct: Struct): string {
  // Java's Struct.toString: the fields that are set, "name=value" joined by commas, no spaces.
  const parts: string[] = []
  for (const field of struct.schema.fields ?? []) {
    const value = struct.getWithoutDefault(field)
    if (value !== null) parts.push(field.name + '=' + javaText(value, field.schema))
  }
  return 'Struct{' + parts.join(',') + '}'
}

function entriesText (entries: Iterable<[unknown, unknown]>, schema: Schema | null): string {
  const parts: string[] = []
  for (const [key, value] of entries) {
    parts.push(javaText(key, schema?.keySchema ?? null) + '=' + javaText(value, schema?.valueSchema ?? null))
  }
  return '{' + parts.join(', ') + '}'
}

/** java.util.Date.toString in the local time zone: "Tue Jan 02 03:04:05 UTC 2024". */
function dateText (date: Date): string {
  if (Number.isNaN(date.getTime())) return 'Invalid Date'
  const two = (n: number): string => String(n).padStart(2, '0')
  const zone = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(date)
    .find(part => part.type === 'timeZoneName')?.value ?? 'UTC'
  return `${WEEKDAYS[date.getDay()]} ${MONTHS[date.getMonth()]} ${two(date.getDate())} ` +
    `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())} ${zone} ${date.getFullYear()}`
}
