// The three ISO 8601 layouts Kafka Connect's Values writes and recognises: yyyy-MM-dd for a Date,
// HH:mm:ss.SSS'Z' for a Time and yyyy-MM-dd'T'HH:mm:ss.SSS'Z' for a Timestamp. Java goes through
// SimpleDateFormat, whose parsing is lenient (2020-13-45 is 2021-02-14, a field may have more or
// fewer digits than its letters, and text after the last field is ignored); this module reproduces
// that, in UTC, so a header means the same instant to kconnect as to Kafka Connect.

import { fieldsOfMillis, millisOfFields, type CalendarFields } from './java-calendar.ts'
import { javaDigitValue } from './java-text.ts'

const MILLIS_PER_DAY = 86_400_000
/** The furthest a JavaScript Date reaches from the epoch either way, in milliseconds. */
const MAX_DATE_MILLIS = 8_640_000_000_000_000

/** Which of Connect's temporal logical types a text is written as. */
export type TemporalKind = 'date' | 'time' | 'timestamp'

/** A layout as a list of numeric fields and the literal characters between them. */
type LayoutPart = keyof CalendarFields | { literal: string }

const DATE_LAYOUT: readonly LayoutPart[] = ['year', { literal: '-' }, 'month', { literal: '-' }, 'day']
const TIME_LAYOUT: readonly LayoutPart[] = [
  'hour', { literal: ':' }, 'minute', { literal: ':' }, 'second', { literal: '.' }, 'millisecond', { literal: 'Z' },
]
const TIMESTAMP_LAYOUT: readonly LayoutPart[] = [...DATE_LAYOUT, { literal: 'T' }, ...TIME_LAYOUT]

/** The length of each layout's canonical text, by which Values decides which one to try. */
const LAYOUT_BY_LENGTH: ReadonlyMap<number, [TemporalKind, readonly LayoutPart[]]> = new Map([
  ['HH:mm:ss.SSSZ'.length, ['time', TIME_LAYOUT]],
  ['yyyy-MM-ddTHH:mm:ss.SSSZ'.length, ['timestamp', TIMESTAMP_LAYOUT]],
  ['yyyy-MM-dd'.length, ['date', DATE_LAYOUT]],
])

/**
 * The text Values writes for a Date: a Time layout for instants before 1970-01-02 (negative
 * ones included, as Java), a Date layout at midnight, a Timestamp layout otherwise.
 */
export function formatTemporal (date: Date): string {
  const millis = date.getTime()
  const fields = fieldsOfMillis(millis)
  const time = `${pad(fields.hour, 2)}:${pad(fields.minute, 2)}:${pad(fields.second, 2)}.${pad(fields.millisecond, 3)}Z`
  // Every earlier instant gets the Time layout, so the date layouts only ever show years after 1970.
  if (millis < MILLIS_PER_DAY) return time
  const day = `${pad(fields.year, 4)}-${pad(fields.month, 2)}-${pad(fields.day, 2)}`
  return millis % MILLIS_PER_DAY === 0 ? day : `${day}T${time}`
}

/**
 * Reads `text` as Values does: the layout is chosen by the text's length (13 a Time, 24 a
 * Timestamp, 10 a Date), colons may be escaped as "\:", and the fields are read leniently. Null
 * when the text does not fit its layout, or the instant lies beyond a JavaScript Date.
 */
export function parseTemporal (text: string): { kind: TemporalKind, date: Date } | null {
  const unescaped = text.replaceAll('\\:', ':')
  const layout = LAYOUT_BY_LENGTH.get(unescaped.length)
  if (layout === undefined) return null
  const [kind, parts] = layout
  const fields = readFields(unescaped, parts)
  if (fields === null) return null
  const millis = millisOfFields(fields)
  if (!(Math.abs(millis) <= MAX_DATE_MILLIS)) return null
  return { kind, date: new Date(millis) }
}

function readFields (text: string, parts: readonly LayoutPart[]): CalendarFields | null {
  const fields: CalendarFields = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, millisecond: 0 }
  let position = 0
  for (const part of parts) {
    if (typeof part === 'object') {
      if (text[position] !== part.literal) return null
      position++
      continue
    }
    const number = readNumber(text, position)
    if (number === null) return null
    fields[part] = number.value
    position = number.end
  }
  return fields
}

/**
 * One numeric field as SimpleDateFormat's number format reads it: spaces and tabs skipped, an
 * optional minus sign, digits of any script, an optional exponent ("1E2"), then the value as a
 * 32-bit int (Java's Number.intValue).
 */
function readNumber (text: string, start: number): { value: number, end: number } | null {
  let position = start
  while (text[position] === ' ' || text[position] === '\t') position++
  const mantissa = readSignedDigits(text, position)
  if (mantissa === null) return null
  let exponent = 0
  let end = mantissa.end
  if (text[end] === 'E') {
    const power = readSignedDigits(text, end + 1)
    if (power !== null) {
      exponent = (power.negative ? -1 : 1) * Number(power.digits)
      end = power.end
    }
  }
  return { value: toJavaInt(mantissa.negative, mantissa.digits, exponent), end }
}

/**
 * An optional minus sign and at least one digit (of any script, as Java's Character.digit reads
 * them) from `start`: the sign, the digits in ASCII, and where they end; null without digits.
 */
function readSignedDigits (text: string, start: number): { negative: boolean, digits: string, end: number } | null {
  let position = start
  const negative = text[position] === '-'
  if (negative) position++
  let digits = ''
  while (position < text.length && javaDigitValue(text.charCodeAt(position)) >= 0) {
    digits += javaDigitValue(text.charCodeAt(position))
    position++
  }
  return digits === '' ? null : { negative, digits, end: position }
}

/**
 * Java's DecimalFormat yields a long when the value is a whole number within 64 bits (intValue
 * then keeps its low 32 bits) and a double otherwise (intValue truncates and saturates).
 */
function toJavaInt (negative: boolean, digits: string, exponent: number): number {
  const significant = digits.replace(/^0+/, '')
  if (significant === '') return 0
  const integerDigits = significant.length + exponent
  if (integerDigits <= 19 && exponent >= 0) {
    const magnitude = BigInt(significant) * 10n ** BigInt(exponent)
    const signed = negative ? -magnitude : magnitude
    if (signed >= -(2n ** 63n) && signed < 2n ** 63n) return Number(BigInt.asIntN(32, signed))
  }
  const double = Number(`${negative ? '-' : ''}${significant}e${exponent}`)
  if (Number.isNaN(double)) return 0
  return Math.trunc(Math.max(-2147483648, Math.min(2147483647, double)))
}

function pad (value: number, width: number): string {
  return String(value).padStart(width, '0')
}
