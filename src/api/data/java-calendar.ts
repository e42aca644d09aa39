// The calendar arithmetic of Java's default GregorianCalendar in UTC, which Kafka Connect's date
// text goes through: Julian before 1582-10-15 and Gregorian from then on, with years counted
// astronomically (year 0 is 1 BC) and out-of-range fields rolled over leniently (month 13 is next
// January, day 0 the last day of the month before). Both directions work on whole epoch days and
// milliseconds, so they reach every instant a JavaScript Date can hold.

const MILLIS_PER_DAY = 86_400_000

/** The first day of the Gregorian calendar, 1582-10-15, in days since 1970-01-01. */
const GREGORIAN_CUTOVER_DAY = -141_427

/** The Julian Day Number of 1970-01-01. */
const EPOCH_JULIAN_DAY = 2_440_588

/** The calendar fields of an instant, as Java's GregorianCalendar gives them in UTC. */
export interface CalendarFields {
  /** Astronomical year: 0 is 1 BC, -1 is 2 BC. */
  year: number
  /** 1 to 12. */
  month: number
  day: number
  hour: number
  minute: number
  second: number
  millisecond: number
}

/** The fields of the instant `millis` ms after the epoch, in the calendar Java uses for it. */
export function fieldsOfMillis (millis: number): CalendarFields {
  const epochDay = Math.floor(millis / MILLIS_PER_DAY)
  let timeOfDay = millis - epochDay * MILLIS_PER_DAY
  const { year, month, day } = epochDay >= GREGORIAN_CUTOVER_DAY ? gregorianDate(epochDay) : julianDate(epochDay)
  const millisecond = timeOfDay % 1000
  timeOfDay = (timeOfDay - millisecond) / 1000
  const second = timeOfDay % 60
  timeOfDay = (timeOfDay - second) / 60
  return { year, month, day, hour: Math.floor(timeOfDay / 60), minute: timeOfDay % 60, second, millisecond }
}

/**
 * The instant of the given fields, each of which may be out of its range (Java's lenient
 * calendar rolls the excess into the next larger unit). `month` counts from 1.
 */
export function millisOfFields (fields: CalendarFields): number {
  const timeOfDay = ((fields.hour * 60 + fields.minute) * 60 + fields.second) * 1000 + fields.millisecond
  const carriedDays = Math.floor(timeOfDay / MILLIS_PER_DAY)
  const julian = carriedDays + julianEpochDay(fields.year, fields.month, fields.day)
  // Java picks the calendar from the year as written, then falls back to Julian when the
  // Gregorian reading lands before the cutover.
  let epochDay = julian
  if (fields.year >= 1582) {
    const gregorian = carriedDays + gregorianEpochDay(fields.year, fields.month, fields.day)
    if (gregorian >= GREGORIAN_CUTOVER_DAY) epochDay = gregorian
  }
  return epochDay * MILLIS_PER_DAY + (timeOfDay - carriedDays * MILLIS_PER_DAY)
}

/** Splits a month that may be out of 1..12 into whole years and a month in range. */
function normalizeMonth (year: number, month: number): [number, number] {
  const monthIndex = month - 1
  const yearShift = Math.floor(monthIndex / 12)
  return [year + yearShift, monthIndex - yearShift * 12 + 1]
}

function gregorianEpochDay (year: number, month: number, day: number): number {
  const [y, m] = normalizeMonth(year, month)
  // Days to the first of the month in a year that starts in March, so the leap day comes last.
  const yearOfEra = m <= 2 ? y - 1 : y
  const era = Math.floor(yearOfEra / 400)
  const yoe = yearOfEra - era * 400
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5)
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146_097 + doe - 719_468 + (day - 1)
}

function gregorianDate (epochDay: number): { year: number, month: number, day: number } {
  const shifted = epochDay + 719_468
  const era = Math.floor(shifted / 146_097)
  const doe = shifted - era * 146_097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

function julianEpochDay (year: number, month: number, day: number): number {
  const [y, m] = normalizeMonth(year, month)
  const a = Math.floor((14 - m) / 12)
  const yy = y + 4800 - a
  const mm = m + 12 * a - 3
  const julianDayNumber = 1 + Math.floor((153 * mm + 2) / 5) + 365 * yy + Math.floor(yy / 4) - 32_083
  return julianDayNumber - EPOCH_JULIAN_DAY + (day - 1)
}

function julianDate (epochDay: number): { year: number, month: number, day: number } {
  const c = epochDay + EPOCH_JULIAN_DAY + 32_082
  const d = Math.floor((4 * c + 3) / 1461)
  const e = c - Math.floor((1461 * d) / 4)
  const m = Math.floor((5 * e + 2) / 153)
  const day = e - Math.floor((153 * m + 2) / 5) + 1
  const month = m + 3 - 12 * Math.floor(m / 10)
  return { year: d - 4800 + Math.floor(m / 10), month, day }
}
