// The failures the kconnect command reports as one line, without a stack trace: a bad argument
// (exit code 2) or a problem with the user's input, such as a missing file (exit code 1).

/** A problem the user can fix; the message says what and how. */
export class CliError extends Error {
  /** 1 for bad input, 2 for wrong usage. */
  readonly exitCode: number

  constructor (message: string, exitCode = 1) {
    super(message)
    this.name = 'CliError'
    this.exitCode = exitCode
  }
}

/** Wrong usage: exit code 2, and the command's usage is printed. */
export class UsageError extends CliError {
  constructor (message: string) {
    super(message, 2)
    this.name = 'UsageError'
  }
}
