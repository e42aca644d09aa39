// Connectors, clients and topic configs receive settings as strings (Kafka's Map<String, String>),
// while a parsed config may hold numbers, booleans or class references among its originals.

/** The entries of `values` that are set, each written with String(); null and undefined are left out. */
export function stringValues (values: Readonly<Record<string, unknown>>): Record<string, string> {
  const result: Record<string, string> = {}
  for (const [name, value] of Object.entries(values)) {
    if (value !== null && value !== undefined) result[name] = String(value)
  }
  return result
}
