// The FileStream connectors' loggers, named as Kafka names them so that users' logger settings
// keep working. Until src/logging lands this writes warnings and errors to stderr and drops the
// rest; then it delegates to the named loggers there.

/** The few log calls the FileStream connectors make. */
export interface FileLogger {
  error (message: string, error?: unknown): void
  warn (message: string): void
  info (message: string): void
  debug (message: string): void
}

/** A logger named like Kafka's (org.apache.kafka.connect.file.FileStreamSourceTask). */
export function fileLogger (name: string): FileLogger {
  return {
    error: (message, error) => console.error(`ERROR ${message} (${name})`, ...(error === undefined ? [] : [error])),
    warn: message => console.error(`WARN ${message} (${name})`),
    info: () => {},
    debug: () => {},
  }
}
