// The runtime's loggers, named after Kafka Connect's Java classes
// (org.apache.kafka.connect.runtime.WorkerSourceTask, …) so users' logger settings keep working.
// This is the one place the runtime reaches the logging system: until src/logging takes over,
// warnings and errors go to stderr and the rest is dropped unless KCONNECT_RUNTIME_DEBUG is set.

import { inspect } from 'node:util'

/** A named logger. Arguments after the message are appended (errors with their stack). */
export interface RuntimeLogger {
  error (message: string, ...details: unknown[]): void
  warn (message: string, ...details: unknown[]): void
  info (message: string, ...details: unknown[]): void
  debug (message: string, ...details: unknown[]): void
}

type Level = 'ERROR' | 'WARN' | 'INFO' | 'DEBUG'

const verbose = process.env.KCONNECT_RUNTIME_DEBUG !== undefined && process.env.KCONNECT_RUNTIME_DEBUG !== ''

function write (level: Level, name: string, message: string, details: unknown[]): void {
  if (!verbose && (level === 'INFO' || level === 'DEBUG')) return
  const extra = details.map(d => d instanceof Error ? '\n' + (d.stack ?? String(d)) : ' ' + inspect(d, { depth: 4 })).join('')
  process.stderr.write(`[${new Date().toISOString()}] ${level} ${message}${extra} (${name})\n`)
}

/** The logger of a Java class name, e.g. 'org.apache.kafka.connect.runtime.Worker'. */
export function runtimeLogger (name: string): RuntimeLogger {
  return {
    error: (message, ...details) => write('ERROR', name, message, details),
    warn: (message, ...details) => write('WARN', name, message, details),
    info: (message, ...details) => write('INFO', name, message, details),
    debug: (message, ...details) => write('DEBUG', name, message, details),
  }
}
