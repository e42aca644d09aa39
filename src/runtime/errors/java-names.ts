// The Java class names error records carry. Kafka's dead letter queue headers and error logs name
// the failing plugin's class and the exception's class; tools built for Kafka Connect match on
// them (`org.apache.kafka.connect.errors.DataException`), so kconnect writes the same names for
// the API's exceptions, and the JavaScript name for any other error.

const CONNECT_ERRORS = 'org.apache.kafka.connect.errors.'

/** Java's class names of the API's exceptions (src/api/errors.ts), by their JavaScript names. */
const JAVA_EXCEPTION_NAMES: Readonly<Record<string, string>> = {
  ConnectException: CONNECT_ERRORS + 'ConnectException',
  DataException: CONNECT_ERRORS + 'DataException',
  SchemaBuilderException: CONNECT_ERRORS + 'SchemaBuilderException',
  SchemaProjectorException: CONNECT_ERRORS + 'SchemaProjectorException',
  RetriableException: CONNECT_ERRORS + 'RetriableException',
  NotFoundException: CONNECT_ERRORS + 'NotFoundException',
  AlreadyExistsException: CONNECT_ERRORS + 'AlreadyExistsException',
  ConfigException: 'org.apache.kafka.common.config.ConfigException',
}

/** The class name of a thrown value: Java's for the API's exceptions, else the error's own name. */
export function exceptionClassName (error: unknown): string {
  if (error instanceof Error) {
    const name = error.constructor?.name ?? error.name
    return JAVA_EXCEPTION_NAMES[name] ?? name
  }
  return typeof error
}

/** The message of a thrown value (Java's getMessage(); a non-Error's text). */
export function exceptionMessage (error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * The deepest cause of an error chain: what actually went wrong. An aggregate of several errors
 * (a client's "Producing messages failed." over per-broker answers) is not descended into: the
 * error that wrapped it summarized it better than any one of its parts.
 */
export function rootCause (error: unknown): unknown {
  const seen = new Set<unknown>()
  let current = error
  while (current instanceof Error && current.cause !== undefined && current.cause !== null && !seen.has(current.cause) && !isAggregate(current.cause)) {
    seen.add(current)
    current = current.cause
  }
  return current
}

function isAggregate (error: unknown): boolean {
  return typeof error === 'object' && error !== null && Array.isArray((error as { errors?: unknown }).errors)
}
