// A named logger. Its level comes from the registry (src/logging/logger-registry.ts), which
// updates `threshold` in place whenever a level changes, so a disabled call costs one comparison.

import { formatLine, formatMessage } from './format.ts'
import { severity, type MessageLevel } from './level.ts'

/** What a logger shares with its registry: its name and the current threshold. */
export interface LoggerState {
  readonly name: string
  /** The severity of the logger's effective level; messages above it are dropped. */
  threshold: number
}

/** Where formatted lines go, and the clock that stamps them. */
export interface LogOutput {
  write (line: string): void
  now (): number
}

const ERROR = severity('ERROR')
const WARN = severity('WARN')
const INFO = severity('INFO')
const DEBUG = severity('DEBUG')
const TRACE = severity('TRACE')

/**
 * Logs messages under a name (Java style, such as org.apache.kafka.connect.runtime.Worker).
 * Messages use `{}` placeholders: `log.info('Created connector {}', name)`; a trailing Error
 * argument prints its stack trace.
 */
export class Logger {
  readonly #state: LoggerState
  readonly #output: LogOutput
  readonly #context: string

  constructor (state: LoggerState, output: LogOutput, context = '') {
    this.#state = state
    this.#output = output
    this.#context = context
  }

  /** The logger's name. */
  get name (): string {
    return this.#state.name
  }

  /**
   * The same logger, with `context` written before every message: Connect's connector context,
   * such as `[file-source|task-0] `.
   */
  withContext (context: string): Logger {
    return new Logger(this.#state, this.#output, context)
  }

  /** Whether a message at `level` would be written. */
  isEnabled (level: MessageLevel): boolean {
    return severity(level) <= this.#state.threshold
  }

  /** Whether DEBUG messages are written; check it before building an expensive message. */
  isDebugEnabled (): boolean {
    return DEBUG <= this.#state.threshold
  }

  /** Whether TRACE messages are written. */
  isTraceEnabled (): boolean {
    return TRACE <= this.#state.threshold
  }

  /** Logs at ERROR. */
  error (message: string, ...args: unknown[]): void {
    if (ERROR <= this.#state.threshold) this.#write('ERROR', message, args)
  }

  /** Logs at WARN. */
  warn (message: string, ...args: unknown[]): void {
    if (WARN <= this.#state.threshold) this.#write('WARN', message, args)
  }

  /** Logs at INFO. */
  info (message: string, ...args: unknown[]): void {
    if (INFO <= this.#state.threshold) this.#write('INFO', message, args)
  }

  /** Logs at DEBUG. */
  debug (message: string, ...args: unknown[]): void {
    if (DEBUG <= this.#state.threshold) this.#write('DEBUG', message, args)
  }

  /** Logs at TRACE. */
  trace (message: string, ...args: unknown[]): void {
    if (TRACE <= this.#state.threshold) this.#write('TRACE', message, args)
  }

  /** Logs at `level`. */
  log (level: MessageLevel, message: string, ...args: unknown[]): void {
    if (severity(level) <= this.#state.threshold) this.#write(level, message, args)
  }

  #write (level: MessageLevel, template: string, args: unknown[]): void {
    const { text, error } = formatMessage(template, args)
    this.#output.write(formatLine(this.#output.now(), level, this.#context, text, this.#state.name, error))
  }
}
