// Failures as the status API shows them in `trace`: the error's stack, then each cause's as
// "Caused by: …", the way Java's printStackTrace lays out a chain of exceptions.

/** The error's stack trace followed by its causes'; a thrown non-Error is shown as text. */
export function traceOf (error: unknown): string {
  const parts: string[] = []
  const seen = new Set<unknown>()
  let current: unknown = error
  while (current !== undefined && current !== null && !seen.has(current)) {
    seen.add(current)
    const text = current instanceof Error ? (current.stack ?? `${current.name}: ${current.message}`) : `Error: ${String(current)}`
    parts.push(parts.length === 0 ? text : 'Caused by: ' + text)
    current = current instanceof Error ? current.cause : undefined
  }
  return parts.join('\n')
}

/** An Error for whatever was thrown (connector code may throw strings or plain objects). */
export function asError (thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(typeof thrown === 'string' ? thrown : `A non-Error value was thrown: ${String(thrown)}`)
}

/** The error's message, for one-line logs. */
export function messageOf (thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown)
}
