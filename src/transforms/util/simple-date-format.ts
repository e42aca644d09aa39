// Java's java.text.SimpleDateFormat in UTC with the English names of Java's default locale data,
// for the settings that take a date pattern (TimestampConverter's format, TimestampRouter's
// timestamp.format). Patterns, output and parsing are Java's, quirks included, because users copy
// their patterns from Kafka Connect and expect the same text:
//
// - every pattern letter: G y Y M L w W D d F E u a H k K h m s S z Z X; 'quoted text', '' for a
//   quote; other letters are refused as Java refuses them ("Illegal pattern character 'b'");
// - S is milliseconds as a number (SSS pads to three digits), not a fraction; yy prints the last
//   two digits; Y is the week year and w the week (weeks start on Sunday, week 1 holds 1 January);
// - dates before 1582-10-15 are Julian, as in Java's GregorianCalendar;
// - parsing is lenient: fields may have more or fewer digits than letters (except between
//   adjacent numeric fields), out-of-range values roll over (month 13 is January of the next
//   year), spaces before a field are skipped, text after the pattern is ignored, names match in
//   any case, and a two-digit year (yy) lands within 80 years before and 20 years after now;
// - zones parse as numeric offsets (+0130, GMT+01:30, Z) and as the names UTC, GMT and common
//   North American and European abbreviations and names (PST, CEST, Pacific Standard Time…),
//   which Java resolves to the same offsets; other names fail to parse here (Java knows every
//   zone of its database).
//
// Not reproduced: Java's SimpleDateFormat switches its own time zone to a zone name it parsed,
// so later dates format in that zone; this one always formats in UTC.

import { fieldsOfMillis, millisOfFields } from '../../api/data/java-calendar.ts'
import { javaDigitValue } from '../../api/data/java-text.ts'

/** A pattern Java's SimpleDateFormat constructor refuses (IllegalArgumentException there). */
export class DatePatternError extends Error {}

/** Text that does not parse with the pattern (ParseException in Java). */
export class DateParseError extends Error {}

const PATTERN_LETTERS = 'GyMdkHmsSEDFwWahKzZYuXL'
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
const SHORT_MONTHS = MONTHS.map(m => m.slice(0, 3))
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const SHORT_WEEKDAYS = WEEKDAYS.map(d => d.slice(0, 3))
const ERAS = ['BC', 'AD']
const AM_PM = ['AM', 'PM']
const MILLIS_PER_DAY = 86_400_000
const MILLIS_PER_MINUTE = 60_000

/**
 * Zone names parsing accepts: offset from UTC in minutes when standard, and the daylight saving
 * added when the name is a daylight one (the offsets Java gives these names).
 */
const ZONE_NAMES: ReadonlyArray<{ names: readonly string[], offset: number, dst: number }> = [
  { names: ['Coordinated Universal Time', 'UTC'], offset: 0, dst: 0 },
  { names: ['Greenwich Mean Time', 'GMT'], offset: 0, dst: 0 },
  { names: ['Eastern Standard Time', 'EST'], offset: -300, dst: 0 },
  { names: ['Eastern Daylight Time', 'EDT'], offset: -300, dst: 60 },
  { names: ['Central Standard Time', 'CST'], offset: -360, dst: 0 },
  { names: ['Central Daylight Time', 'CDT'], offset: -360, dst: 60 },
  { names: ['Mountain Standard Time', 'MST'], offset: -420, dst: 0 },
  { names: ['Mountain Daylight Time', 'MDT'], offset: -420, dst: 60 },
  { names: ['Pacific Standard Time', 'PST'], offset: -480, dst: 0 },
  { names: ['Pacific Daylight Time', 'PDT'], offset: -480, dst: 60 },
  { names: ['Alaska Standard Time', 'AKST'], offset: -540, dst: 0 },
  { names: ['Alaska Daylight Time', 'AKDT'], offset: -540, dst: 60 },
  { names: ['Hawaii-Aleutian Standard Time', 'HST'], offset: -600, dst: 0 },
  { names: ['Western European Standard Time', 'WET'], offset: 0, dst: 0 },
  { names: ['Western European Summer Time', 'WEST'], offset: 0, dst: 60 },
  { names: ['Central European Standard Time', 'CET'], offset: 60, dst: 0 },
  { names: ['Central European Summer Time', 'CEST'], offset: 60, dst: 60 },
  { names: ['Eastern European Standard Time', 'EET'], offset: 120, dst: 0 },
  { names: ['Eastern European Summer Time', 'EEST'], offset: 120, dst: 60 },
  { names: ['Japan Standard Time', 'JST'], offset: 540, dst: 0 },
]

/** One element of a compiled pattern. */
type Token = { readonly letter: string, readonly count: number } | { readonly literal: string }

/** Calendar fields a parse sets, in Java's Calendar terms (months from 0, Sunday = 1). */
type ParsedField =
  | 'era' | 'year' | 'weekYear' | 'month' | 'dayOfMonth' | 'dayOfYear' | 'dayOfWeek' | 'dayOfWeekInMonth'
  | 'weekOfYear' | 'weekOfMonth' | 'hourOfDay' | 'hour' | 'amPm' | 'minute' | 'second' | 'millisecond'
  | 'zoneOffset' | 'dstOffset'

/** A pattern compiled once, for formatting and parsing many dates in UTC. */
export class SimpleDateFormat {
  readonly #pattern: string
  readonly #tokens: readonly Token[]
  /** Two-digit years are read into the hundred years starting at this instant (80 years ago). */
  readonly #centuryStart: number
  readonly #centuryStartYear: number

  /** Compiles `pattern`; throws DatePatternError where Java's constructor throws. */
  constructor (pattern: string, now: number = Date.now()) {
    this.#pattern = pattern
    this.#tokens = compile(pattern)
    const fields = fieldsOfMillis(now)
    this.#centuryStart = millisOfFields({ ...fields, year: fields.year - 80 })
    this.#centuryStartYear = fields.year - 80
  }

  /** The pattern as given (Java's toPattern()). */
  toPattern (): string {
    return this.#pattern
  }

  /** The text of an instant, in UTC. */
  format (date: Date | number): string {
    const millis = typeof date === 'number' ? date : date.getTime()
    const calendar = new CalendarView(millis)
    let out = ''
    for (const token of this.#tokens) {
      out += 'literal' in token ? token.literal : formatField(calendar, token.letter, token.count)
    }
    return out
  }

  /**
   * The instant `text` describes (DateFormat.parse): the pattern must match from the start;
   * anything after it is ignored. Throws DateParseError("Unparseable date: …") otherwise.
   */
  parse (text: string): Date {
    const parsed = new ParsedFields()
    let index = 0
    const ambiguousYear = { value: false }
    for (let t = 0; t < this.#tokens.length; t++) {
      const token = this.#tokens[t]
      if ('literal' in token) {
        for (const expected of token.literal) {
          if (index >= text.length || !charEquals(text[index], expected)) throw unparseable(text)
          index++
        }
        continue
      }
      const next = this.#tokens[t + 1]
      const obeyCount = next !== undefined && 'letter' in next && shouldObeyCount(next.letter, next.count)
      index = this.#parseField(text, index, token.letter, token.count, obeyCount, parsed, ambiguousYear)
      if (index < 0) throw unparseable(text)
    }
    if (index === 0) throw unparseable(text)
    let millis = parsed.establish()
    if (ambiguousYear.value && millis < this.#centuryStart) {
      parsed.addYears(100)
      millis = parsed.establish()
    }
    return new Date(millis)
  }

  /** One field at `start`; the index after it, or -1 when it does not parse. */
  #parseField (text: string, start: number, letter: string, count: number, obeyCount: boolean,
    parsed: ParsedFields, ambiguousYear: { value: boolean }): number {
    let index = start
    // Spaces and tabs before a field are skipped; the end of the text is a failure.
    while (true) {
      if (index >= text.length) return -1
      if (text[index] !== ' ' && text[index] !== '\t') break
      index++
    }
    const actualStart = index
    const readNumber = (): { value: number, end: number } | null => {
      if (obeyCount && start + count > text.length) return null
      return parseInteger(obeyCount ? text.slice(0, start + count) : text, index)
    }
    let value = 0
    if (letter === 'k' || letter === 'h' || letter === 'y' || letter === 'Y' || ((letter === 'M' || letter === 'L') && count <= 2)) {
      const number = readNumber()
      if (number === null) return -1
      value = number.value
      index = number.end
    }
    switch (letter) {
      case 'G': return matchNames(text, start, ERAS, index => parsed.set('era', index))
      case 'y':
      case 'Y': {
        if (count <= 2 && index - actualStart === 2 && isDigit(text[actualStart]) && isDigit(text[actualStart + 1])) {
          const ambiguousTwoDigitYear = mod(this.#centuryStartYear, 100)
          ambiguousYear.value = value === ambiguousTwoDigitYear
          value += Math.trunc(this.#centuryStartYear / 100) * 100 + (value < ambiguousTwoDigitYear ? 100 : 0)
        }
        parsed.set(letter === 'y' ? 'year' : 'weekYear', value)
        return index
      }
      case 'M':
      case 'L':
        if (count <= 2) {
          parsed.set('month', value - 1)
          return index
        }
        return matchNames(text, start, [...MONTHS, ...SHORT_MONTHS], i => parsed.set('month', i % 12))
      case 'k':
        parsed.set('hourOfDay', value === 24 ? 0 : value)
        return index
      case 'h':
        parsed.set('hour', value === 12 ? 0 : value)
        return index
      case 'E': {
        const long = matchNames(text, start, WEEKDAYS, i => parsed.set('dayOfWeek', i + 1))
        return long > 0 ? long : matchNames(text, start, SHORT_WEEKDAYS, i => parsed.set('dayOfWeek', i + 1))
      }
      case 'a': return matchNames(text, start, AM_PM, i => parsed.set('amPm', i))
      case 'z':
      case 'Z': return parseZone(text, start, index, parsed)
      case 'X': return parseIsoZone(text, index, count, parsed)
    }
    const number = readNumber()
    if (number === null) return -1
    const fieldOf: Record<string, ParsedField> = {
      d: 'dayOfMonth', H: 'hourOfDay', m: 'minute', s: 'second', S: 'millisecond', D: 'dayOfYear',
      F: 'dayOfWeekInMonth', w: 'weekOfYear', W: 'weekOfMonth', K: 'hour', u: 'dayOfWeek',
    }
    // 'u' is the ISO day number (Monday = 1); the calendar counts from Sunday = 1.
    parsed.set(fieldOf[letter], letter === 'u' ? (number.value % 7) + 1 : number.value)
    return number.end
  }
}

/** Java's SimpleDateFormat.compile: fields and literal text, with Java's refusals. */
function compile (pattern: string): Token[] {
  const tokens: Token[] = []
  let literal = ''
  let i = 0
  const flush = (): void => {
    if (literal !== '') tokens.push({ literal })
    literal = ''
  }
  while (i < pattern.length) {
    const c = pattern[i]
    if (c === '\'') {
      if (pattern[i + 1] === '\'') {
        literal += '\''
        i += 2
        continue
      }
      i++
      while (true) {
        if (i >= pattern.length) throw new DatePatternError('Unterminated quote')
        if (pattern[i] === '\'') {
          if (pattern[i + 1] === '\'') {
            literal += '\''
            i += 2
            continue
          }
          i++
          break
        }
        literal += pattern[i++]
      }
      continue
    }
    if (!/[a-zA-Z]/.test(c)) {
      literal += c
      i++
      continue
    }
    if (!PATTERN_LETTERS.includes(c)) throw new DatePatternError(`Illegal pattern character '${c}'`)
    let count = 1
    while (pattern[i + count] === c) count++
    if (c === 'X' && count > 3) throw new DatePatternError(`invalid ISO 8601 format: length=${count}`)
    flush()
    tokens.push({ letter: c, count })
    i += count
  }
  flush()
  return tokens
}

/** The calendar fields of one instant, computed as formatting needs them. */
class CalendarView {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
  readonly millisecond: number
  readonly epochDay: number

  constructor (millis: number) {
    const fields = fieldsOfMillis(millis)
    this.year = fields.year
    this.month = fields.month
    this.day = fields.day
    this.hour = fields.hour
    this.minute = fields.minute
    this.second = fields.second
    this.millisecond = fields.millisecond
    this.epochDay = Math.floor(millis / MILLIS_PER_DAY)
  }

  /** Sunday = 1 … Saturday = 7. */
  dayOfWeek (): number {
    return dayOfWeekOf(this.epochDay)
  }

  dayOfYear (): number {
    return this.epochDay - epochDayOf(this.year, 1, 1) + 1
  }

  /** The week of the year and the year it belongs to (the last days of December may be week 1 of the next). */
  weekOfYear (): { week: number, weekYear: number } {
    const nextWeek1 = weekOneStart(epochDayOf(this.year + 1, 1, 1))
    if (this.epochDay >= nextWeek1) return { week: 1, weekYear: this.year + 1 }
    return { week: Math.floor((this.epochDay - weekOneStart(epochDayOf(this.year, 1, 1))) / 7) + 1, weekYear: this.year }
  }

  weekOfMonth (): number {
    return Math.floor((this.epochDay - weekOneStart(epochDayOf(this.year, this.month, 1))) / 7) + 1
  }
}

function formatField (calendar: CalendarView, letter: string, count: number): string {
  switch (letter) {
    case 'G': return ERAS[calendar.year > 0 ? 1 : 0]
    case 'y': {
      const yearOfEra = calendar.year > 0 ? calendar.year : 1 - calendar.year
      return count === 2 ? pad(yearOfEra % 100, 2) : pad(yearOfEra, count)
    }
    case 'Y': {
      const { weekYear } = calendar.weekOfYear()
      if (count !== 2) return pad(weekYear, count)
      return (weekYear < 0 ? '-' : '') + pad(Math.abs(weekYear) % 100, 2)
    }
    case 'M':
      if (count >= 4) return MONTHS[calendar.month - 1]
      if (count === 3) return SHORT_MONTHS[calendar.month - 1]
      return pad(calendar.month, count)
    case 'L':
      if (count >= 4) return MONTHS[calendar.month - 1]
      if (count === 3) return SHORT_MONTHS[calendar.month - 1]
      return pad(calendar.month, count)
    case 'w': return pad(calendar.weekOfYear().week, count)
    case 'W': return pad(calendar.weekOfMonth(), count)
    case 'D': return pad(calendar.dayOfYear(), count)
    case 'd': return pad(calendar.day, count)
    // Counted in days since the first of the month: October 1582 lost ten days to the cutover.
    case 'F': return pad(Math.floor((calendar.epochDay - epochDayOf(calendar.year, calendar.month, 1)) / 7) + 1, count)
    case 'E': return (count >= 4 ? WEEKDAYS : SHORT_WEEKDAYS)[calendar.dayOfWeek() - 1]
    case 'u': return pad(calendar.dayOfWeek() === 1 ? 7 : calendar.dayOfWeek() - 1, count)
    case 'a': return AM_PM[calendar.hour < 12 ? 0 : 1]
    case 'H': return pad(calendar.hour, count)
    case 'k': return pad(calendar.hour === 0 ? 24 : calendar.hour, count)
    case 'K': return pad(calendar.hour % 12, count)
    case 'h': return pad(calendar.hour % 12 === 0 ? 12 : calendar.hour % 12, count)
    case 'm': return pad(calendar.minute, count)
    case 's': return pad(calendar.second, count)
    case 'S': return pad(calendar.millisecond, count)
    case 'z': return count >= 4 ? 'Coordinated Universal Time' : 'UTC'
    case 'Z': return '+0000'
    case 'X': return 'Z'
  }
  throw new DatePatternError(`Illegal pattern character '${letter}'`)
}

/** A number with at least `digits` digits (Java's zeroPaddingNumber; a minus sign comes first). */
function pad (value: number, digits: number): string {
  const text = String(Math.abs(value)).padStart(digits, '0')
  return value < 0 ? '-' + text : text
}

function mod (a: number, b: number): number {
  return ((a % b) + b) % b
}

/** Whether the next field is numeric, so the current one may take only as many digits as it has letters. */
function shouldObeyCount (letter: string, count: number): boolean {
  if (letter === 'M' || letter === 'L') return count <= 2
  return 'ydkHmsSDFwWhKYu'.includes(letter)
}

/** Java's lenient literal match: equal, or both space separators. */
function charEquals (actual: string, expected: string): boolean {
  return actual === expected || (/\p{Zs}/u.test(actual) && /\p{Zs}/u.test(expected))
}

function isDigit (c: string | undefined): boolean {
  return c !== undefined && javaDigitValue(c.charCodeAt(0)) >= 0
}

/**
 * Java's integer-only DecimalFormat parse at `start`: an optional minus sign, digits of any
 * script, an optional exponent (E, optional minus, digits); the value as Number.intValue() gives
 * it. Null when there is no digit.
 */
function parseInteger (text: string, start: number): { value: number, end: number } | null {
  let index = start
  const negative = text[index] === '-'
  if (negative) index++
  let digits = ''
  while (index < text.length && isDigit(text[index])) digits += String(javaDigitValue(text.charCodeAt(index++)))
  if (digits === '') return null
  let magnitude = BigInt(digits)
  const exponent = /^E(-?)(\d+)/.exec(text.slice(index))
  if (exponent !== null) {
    const power = Math.min(Number(exponent[2]), 400)
    magnitude = exponent[1] === '-' ? magnitude / 10n ** BigInt(power) : magnitude * 10n ** BigInt(power)
    index += exponent[0].length
  }
  const value = negative ? -magnitude : magnitude
  // A Long keeps its low 32 bits in intValue(); beyond the long range Java has a Double, which saturates.
  let int: number
  if (value > 2n ** 63n - 1n) int = 2147483647
  else if (value < -(2n ** 63n)) int = -2147483648
  else int = Number(BigInt.asIntN(32, value))
  return { value: int, end: index }
}

/** The longest of `names` found at `start`, any case; its index goes to `set`. The index after it, or -1. */
function matchNames (text: string, start: number, names: readonly string[], set: (index: number) => void): number {
  let best = -1
  for (let i = 0; i < names.length; i++) {
    if ((best < 0 || names[i].length > names[best].length) && regionMatches(text, start, names[i])) best = i
  }
  if (best < 0) return -1
  set(best)
  return start + names[best].length
}

function regionMatches (text: string, start: number, name: string): boolean {
  return text.slice(start, start + name.length).toLowerCase() === name.toLowerCase()
}

/** 'z' and 'Z': +hhmm, GMT, GMT±hh:mm, or a zone name. */
function parseZone (text: string, start: number, index: number, parsed: ParsedFields): number {
  const c = text[index]
  if (c === '+' || c === '-') return parseNumericZone(text, index + 1, c === '+' ? 1 : -1, 0, false, parsed)
  if ((c === 'G' || c === 'g') && text.length - start >= 3 && regionMatches(text, start, 'GMT')) {
    const after = start + 3
    const sign = text[after] === '+' ? 1 : text[after] === '-' ? -1 : 0
    if (sign === 0) {
      parsed.set('zoneOffset', 0)
      parsed.set('dstOffset', 0)
      return after
    }
    return parseNumericZone(text, after + 1, sign, 0, true, parsed)
  }
  let best: { name: string, offset: number, dst: number } | null = null
  for (const zone of ZONE_NAMES) {
    for (const name of zone.names) {
      if (regionMatches(text, index, name) && (best === null || name.length > best.name.length)) best = { name, ...zone }
    }
  }
  if (best === null) return -1
  parsed.set('zoneOffset', best.offset * MILLIS_PER_MINUTE)
  parsed.set('dstOffset', best.dst * MILLIS_PER_MINUTE)
  return index + best.name.length
}

/** 'X': Z, or ±hh (X), ±hhmm (XX), ±hh:mm (XXX). */
function parseIsoZone (text: string, index: number, count: number, parsed: ParsedFields): number {
  const c = text[index]
  if (c === 'Z') {
    parsed.set('zoneOffset', 0)
    parsed.set('dstOffset', 0)
    return index + 1
  }
  if (c !== '+' && c !== '-') return -1
  return parseNumericZone(text, index + 1, c === '+' ? 1 : -1, count, count === 3, parsed)
}

/** hh[[:]mm] after a sign (Java's subParseNumericZone); the index after it, or -1. */
function parseNumericZone (text: string, start: number, sign: number, count: number, colon: boolean, parsed: ParsedFields): number {
  let index = start
  const digit = (at: number): number => {
    const code = text.charCodeAt(at)
    return code >= 48 && code <= 57 ? code - 48 : -1
  }
  if (digit(index) < 0) return -1
  let hours = digit(index++)
  if (index >= text.length) return -1
  if (digit(index) >= 0) {
    hours = hours * 10 + digit(index++)
  } else if (count > 0 || !colon) {
    return -1
  }
  if (hours > 23) return -1
  let minutes = 0
  if (count !== 1) {
    if (index >= text.length) return -1
    if (colon) {
      if (text[index] !== ':') return -1
      index++
    }
    if (digit(index) < 0 || digit(index + 1) < 0) return -1
    minutes = digit(index) * 10 + digit(index + 1)
    index += 2
    if (minutes > 59) return -1
  }
  parsed.set('zoneOffset', (hours * 60 + minutes) * MILLIS_PER_MINUTE * sign)
  parsed.set('dstOffset', 0)
  return index
}

function unparseable (text: string): DateParseError {
  return new DateParseError(`Unparseable date: "${text}"`)
}

/** Days since 1970-01-01 of a calendar date (lenient, Julian before the cutover as Java). */
function epochDayOf (year: number, month: number, day: number): number {
  return Math.floor(millisOfFields({ year, month, day, hour: 0, minute: 0, second: 0, millisecond: 0 }) / MILLIS_PER_DAY)
}

/** Sunday = 1 … Saturday = 7 (1970-01-01 was a Thursday). */
function dayOfWeekOf (epochDay: number): number {
  return mod(epochDay + 4, 7) + 1
}

/** The day `dayOfWeek` on or before `epochDay`. */
function dayOfWeekOnOrBefore (epochDay: number, dayOfWeek: number): number {
  return epochDay - mod(dayOfWeekOf(epochDay) - dayOfWeek, 7)
}

/** The first day of week 1 of the year or month starting at `firstDay`: the Sunday on or before it. */
function weekOneStart (firstDay: number): number {
  return dayOfWeekOnOrBefore(firstDay, 1)
}

/**
 * The fields a parse set, each remembering when, so that the date resolves as Java's
 * GregorianCalendar resolves it: the most recently set combination of fields wins.
 */
class ParsedFields {
  readonly #values = new Map<ParsedField, number>()
  readonly #stamps = new Map<ParsedField, number>()
  #nextStamp = 1

  set (field: ParsedField, value: number): void {
    this.#values.set(field, value)
    this.#stamps.set(field, this.#nextStamp++)
  }

  addYears (years: number): void {
    for (const field of ['year', 'weekYear'] as const) {
      const value = this.#values.get(field)
      if (value !== undefined) this.#values.set(field, value + years)
    }
  }

  #get (field: ParsedField, fallback: number): number {
    return this.#values.get(field) ?? fallback
  }

  #stamp (field: ParsedField): number {
    return this.#stamps.get(field) ?? 0
  }

  #isSet (field: ParsedField): boolean {
    return this.#stamps.has(field)
  }

  /** The instant, in milliseconds since the epoch. */
  establish (): number {
    const bc = this.#isSet('era') && this.#get('era', 1) === 0
    const yearOf = (field: 'year' | 'weekYear'): number => {
      const year = this.#get(field, 1970)
      return bc ? 1 - year : year
    }
    let epochDay: number
    if (this.#isSet('weekYear') && this.#stamp('weekYear') > this.#stamp('year')) {
      let week = this.#get('weekOfYear', 1)
      let dayOfWeek = this.#get('dayOfWeek', 1)
      if (dayOfWeek >= 8) {
        dayOfWeek--
        week += Math.floor(dayOfWeek / 7)
        dayOfWeek = (dayOfWeek % 7) + 1
      } else {
        while (dayOfWeek <= 0) {
          dayOfWeek += 7
          week--
        }
      }
      epochDay = weekOneStart(epochDayOf(yearOf('weekYear'), 1, 1)) + (dayOfWeek - 1) + 7 * (week - 1)
    } else {
      epochDay = this.#resolveDate(yearOf('year'))
    }
    return epochDay * MILLIS_PER_DAY + this.#timeOfDay() - this.#get('zoneOffset', 0) - this.#get('dstOffset', 0)
  }

  /** GregorianCalendar's selectFields and getFixedDate for the day. */
  #resolveDate (year: number): number {
    const dowStamp = this.#stamp('dayOfWeek')
    const aggregate = (a: number, b: number): number => a === 0 || b === 0 ? 0 : Math.max(a, b)
    const domStamp = this.#stamp('dayOfMonth')
    let womStamp = aggregate(this.#stamp('weekOfMonth'), dowStamp)
    let dowimStamp = aggregate(this.#stamp('dayOfWeekInMonth'), dowStamp)
    const doyStamp = this.#stamp('dayOfYear')
    let woyStamp = aggregate(this.#stamp('weekOfYear'), dowStamp)
    let best = Math.max(domStamp, womStamp, dowimStamp, doyStamp, woyStamp)
    let useDayOfMonth = best === domStamp
    if (best === 0) {
      womStamp = this.#stamp('weekOfMonth')
      dowimStamp = Math.max(this.#stamp('dayOfWeekInMonth'), dowStamp)
      woyStamp = this.#stamp('weekOfYear')
      best = Math.max(womStamp, dowimStamp, woyStamp)
      if (best === 0) useDayOfMonth = true
    }
    const month = this.#get('month', 0) + 1
    const dayOfWeek = this.#isSet('dayOfWeek') ? this.#get('dayOfWeek', 1) : 1
    if (useDayOfMonth) return epochDayOf(year, month, 1) + this.#get('dayOfMonth', 1) - 1
    const inMonth = best === womStamp || best === dowimStamp
    const monthFirst = best === womStamp
      ? this.#stamp('weekOfMonth') >= this.#stamp('weekOfYear')
      : best === dowimStamp && this.#stamp('dayOfWeekInMonth') >= this.#stamp('weekOfYear')
    if (inMonth && monthFirst) {
      const first = epochDayOf(year, month, 1)
      if (best === womStamp) {
        return weekStart(first, dayOfWeek) + 7 * (this.#get('weekOfMonth', 1) - 1)
      }
      const dowim = this.#get('dayOfWeekInMonth', 1)
      if (dowim >= 0) return dayOfWeekOnOrBefore(first + 7 * dowim - 1, dayOfWeek)
      const last = epochDayOf(year, month + 1, 1) - 1
      return dayOfWeekOnOrBefore(last + 7 * (dowim + 1), dayOfWeek)
    }
    const january1 = epochDayOf(year, 1, 1)
    if (best === doyStamp) return january1 + this.#get('dayOfYear', 1) - 1
    return weekStart(january1, dayOfWeek) + 7 * (this.#get('weekOfYear', 1) - 1)
  }

  /** Milliseconds into the day (possibly more than a day, or negative: lenient). */
  #timeOfDay (): number {
    const hourOfDayStamp = this.#stamp('hourOfDay')
    const hourStamp = this.#stamp('hour') === 0 || this.#stamp('amPm') === 0 ? 0 : Math.max(this.#stamp('hour'), this.#stamp('amPm'))
    let best = Math.max(hourStamp, hourOfDayStamp)
    if (best === 0) best = Math.max(this.#stamp('hour'), this.#stamp('amPm'))
    let hours = 0
    if (best !== 0) {
      if (best === hourOfDayStamp) {
        hours = this.#get('hourOfDay', 0)
      } else {
        hours = this.#get('hour', 0) + (this.#isSet('amPm') ? 12 * this.#get('amPm', 0) : 0)
      }
    }
    return ((hours * 60 + this.#get('minute', 0)) * 60 + this.#get('second', 0)) * 1000 + this.#get('millisecond', 0)
  }
}

/** The first day of week 1 of a period starting at `first`, moved to `dayOfWeek` within that week. */
function weekStart (first: number, dayOfWeek: number): number {
  const sunday = weekOneStart(first)
  return dayOfWeek === 1 ? sunday : dayOfWeekOnOrBefore(sunday + 6, dayOfWeek)
}
