// A secret configuration value. Every way a value usually escapes into a log line or a response
// (string conversion, JSON, console.log / util.inspect) shows "[hidden]"; only value() reveals it.

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom')

/** The text that stands for a secret wherever it would be shown. */
export const HIDDEN = '[hidden]'

/** A PASSWORD configuration value that hides itself from logs, messages and JSON. */
export class Password {
  /** Kafka's name for the placeholder text. */
  static readonly HIDDEN = HIDDEN

  readonly #value: string

  constructor (value: string) {
    this.#value = value
  }

  /** The secret itself; call it only where the secret is really needed. */
  value (): string {
    return this.#value
  }

  /** Two passwords are equal when their secrets are. */
  equals (other: unknown): boolean {
    return other instanceof Password && other.#value === this.#value
  }

  toString (): string {
    return HIDDEN
  }

  toJSON (): string {
    return HIDDEN
  }

  [inspectSymbol] (): string {
    return HIDDEN
  }
}
