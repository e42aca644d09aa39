// Reads .properties text exactly as java.util.Properties.load does, so a worker.properties or
// connector.properties written for Kafka Connect means the same here:
//
// - lines end at \n, \r or \r\n; a line ending in an odd number of backslashes continues on the
//   next, whose leading white space is dropped;
// - blank lines and lines whose first non-blank character is # or ! are comments (a comment
//   never continues);
// - the key ends at the first unescaped '=', ':' or white space; then white space, at most one
//   '=' or ':', and more white space are skipped; the rest of the line is the value, trailing
//   white space included;
// - in keys and values, \t \n \r \f and \uXXXX are escapes, and a backslash before any other
//   character stands for that character;
// - a key given twice keeps its last value.
//
// One difference, on purpose: Java reads the bytes as ISO-8859-1, so a UTF-8 "é" becomes "Ã©".
// We read UTF-8, and fall back to ISO-8859-1 only for bytes that are not valid UTF-8.

import { readFile } from 'node:fs/promises'
import { TextDecoder } from 'node:util'

/** A malformed \uXXXX escape, as Properties.load reports it. */
export class PropertiesSyntaxError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'PropertiesSyntaxError'
  }
}

const WHITESPACE = new Set([' ', '\t', '\f'])
const utf8 = new TextDecoder('utf-8', { fatal: true })
const latin1 = new TextDecoder('latin1')

/** Decodes file bytes: UTF-8 when they are valid UTF-8, else ISO-8859-1 (Java's reading). */
export function decodeProperties (bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes)
  } catch {
    return latin1.decode(bytes)
  }
}

/** Splits text into Java's logical lines: comments and blank lines dropped, continuations joined. */
function logicalLines (text: string): string[] {
  const natural = text.split(/\r\n|\r|\n/)
  const lines: string[] = []
  let pending: string | undefined
  for (const raw of natural) {
    let line = raw
    if (pending !== undefined) {
      // A continuation line's leading white space is not part of the value.
      let i = 0
      while (i < line.length && WHITESPACE.has(line[i])) i++
      line = line.slice(i)
    } else {
      let i = 0
      while (i < line.length && WHITESPACE.has(line[i])) i++
      if (i === line.length) continue
      if (line[i] === '#' || line[i] === '!') continue
      line = line.slice(i)
    }
    let backslashes = 0
    for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) backslashes++
    const continues = backslashes % 2 === 1
    const content = continues ? line.slice(0, -1) : line
    pending = (pending ?? '') + content
    if (!continues) {
      lines.push(pending)
      pending = undefined
    }
  }
  // A continuation at the very end of the input ends the last line.
  if (pending !== undefined) lines.push(pending)
  return lines
}

/** Resolves the escapes of a key or value. */
function unescape (text: string): string {
  if (!text.includes('\\')) return text
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c !== '\\') {
      out += c
      continue
    }
    i++
    if (i >= text.length) break
    const next = text[i]
    if (next === 'u') {
      const hex = text.slice(i + 1, i + 5)
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new PropertiesSyntaxError('Malformed \\uxxxx encoding.')
      out += String.fromCharCode(parseInt(hex, 16))
      i += 4
    } else if (next === 't') out += '\t'
    else if (next === 'n') out += '\n'
    else if (next === 'r') out += '\r'
    else if (next === 'f') out += '\f'
    else out += next
  }
  return out
}

/** Splits a logical line into its raw (still escaped) key and value. */
function splitLine (line: string): [string, string] {
  let keyEnd = 0
  let escaped = false
  for (; keyEnd < line.length; keyEnd++) {
    const c = line[keyEnd]
    if (escaped) {
      escaped = false
      continue
    }
    if (c === '\\') escaped = true
    else if (c === '=' || c === ':' || WHITESPACE.has(c)) break
  }
  let valueStart = keyEnd
  while (valueStart < line.length && WHITESPACE.has(line[valueStart])) valueStart++
  if (valueStart < line.length && (line[valueStart] === '=' || line[valueStart] === ':')) {
    valueStart++
    while (valueStart < line.length && WHITESPACE.has(line[valueStart])) valueStart++
  }
  return [line.slice(0, keyEnd), line.slice(valueStart)]
}

/** Parses .properties text into an object, keys in first-seen order, the last value of a key winning. */
export function parseProperties (text: string): Record<string, string> {
  const result: Record<string, string> = {}
  for (const line of logicalLines(text)) {
    const [key, value] = splitLine(line)
    result[unescape(key)] = unescape(value)
  }
  return result
}

/** Reads and parses a .properties file. */
export async function readPropertiesFile (path: string): Promise<Record<string, string>> {
  return parseProperties(decodeProperties(await readFile(path)))
}
