// The text of a log line, in the layout of Kafka Connect's connect-log4j2 pattern
// `[%d] %p %X{connector.context}%m (%c)%n`:
//
//   [2026-11-22 10:00:00,123] INFO [file-source|task-0] Committing offsets (org.apache.kafka.connect.runtime.WorkerSourceTask)
//
// Messages use slf4j's `{}` placeholders, so a disabled level costs no formatting at all, and a
// trailing error argument prints its stack trace (with causes) under the line, as log4j does.

import { inspect } from 'node:util'

/** `yyyy-MM-dd HH:mm:ss,SSS` in local time: log4j's default %d. */
export function formatTimestamp (epochMs: number): string {
  const d = new Date(epochMs)
  const p2 = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())} ` +
    `${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())},${String(d.getMilliseconds()).padStart(3, '0')}`
}

/** How an argument reads inside a message: strings as they are, anything else as util.inspect shows it. */
function argumentText (arg: unknown): string {
  if (typeof arg === 'string') return arg
  if (arg instanceof Error) return arg.message
  if (typeof arg === 'bigint' || typeof arg === 'number' || typeof arg === 'boolean') return String(arg)
  if (arg === null || arg === undefined) return String(arg)
  // inspect honours custom inspectors, so a Password shows as [hidden].
  return inspect(arg, { breakLength: Infinity, depth: 4 })
}

/**
 * Replaces each `{}` of `template` with the next argument. Of the arguments left over, an Error
 * is the throwable, returned apart so that its stack goes under the line; any others are appended
 * to the message, so `log.warn('Retrying', details)` shows the details too.
 */
export function formatMessage (template: string, args: readonly unknown[]): { text: string, error: unknown } {
  let used = 0
  let text = template
  if (args.length > 0 && template.includes('{}')) {
    text = template.replace(/\{\}/g, placeholder => used < args.length ? argumentText(args[used++]) : placeholder)
  }
  let error: unknown
  for (const arg of args.slice(used)) {
    if (error === undefined && arg instanceof Error) error = arg
    else text += ' ' + argumentText(arg)
  }
  return { text, error }
}

/** One log record as text, ending with a newline; an error adds its stack and causes below. */
export function formatLine (epochMs: number, level: string, context: string, message: string, loggerName: string, error?: unknown): string {
  let line = `[${formatTimestamp(epochMs)}] ${level} ${context}${message} (${loggerName})\n`
  if (error !== undefined) line += inspect(error, { breakLength: Infinity, depth: 6 }) + '\n'
  return line
}
