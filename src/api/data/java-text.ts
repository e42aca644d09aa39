// Java's rules for a few character questions that differ from JavaScript's: what String.trim()
// removes (every char up to U+0020, and nothing beyond), and what Character.digit accepts as a
// decimal digit (every Unicode decimal digit in the BMP, so "٣" is 3). Kafka Connect's parsing of
// header text depends on both.

const DECIMAL_DIGIT = /\p{Nd}/u

/** Java's String.trim(): strips chars <= U+0020 from both ends (not NBSP or other Unicode spaces). */
export function javaTrim (text: string): string {
  let start = 0
  let end = text.length
  while (start < end && text.charCodeAt(start) <= 0x20) start++
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--
  return start === 0 && end === text.length ? text : text.slice(start, end)
}

/** Kafka's Utils.isBlank: nothing left after Java's trim. */
export function javaIsBlank (text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x20) return false
  return true
}

/** Java's Character.digit(c, 10) for one UTF-16 code unit: 0 to 9, or -1 when it is no digit. */
export function javaDigitValue (codeUnit: number): number {
  if (codeUnit >= 0x30 && codeUnit <= 0x39) return codeUnit - 0x30
  if (codeUnit < 0x80 || !isDecimalDigit(codeUnit)) return -1
  // Unicode lays out every script's digits as runs of ten, zero first.
  let runStart = codeUnit
  while (isDecimalDigit(runStart - 1)) runStart--
  return (codeUnit - runStart) % 10
}

/** Java's Character.isDigit for one UTF-16 code unit. */
export function javaIsDigit (codeUnit: number): boolean {
  return javaDigitValue(codeUnit) >= 0
}

function isDecimalDigit (codeUnit: number): boolean {
  // A lone surrogate is no digit, as in Java, where a char never holds a supplementary character.
  return codeUnit >= 0 && DECIMAL_DIGIT.test(String.fromCharCode(codeUnit))
}
