// A value together with its schema, what converters return (either may be null).

import type { Schema } from './schema.ts'
import { schemaEquals, valueEquals } from './connect-schema.ts'
import { formatValue } from './format-value.ts'

/** A schema and a value, as a converter's toConnectData returns them. */
export class SchemaAndValue {
  /** No schema and no value (a tombstone, or an absent key). */
  static readonly NULL = new SchemaAndValue(null, null)

  readonly schema: Schema | null
  readonly value: unknown

  constructor (schema: Schema | null, value: unknown) {
    this.schema = schema
    this.value = value
  }

  /** Deeply equal schema and value. */
  equals (other: unknown): boolean {
    if (this === other) return true
    return other instanceof SchemaAndValue && schemaEquals(this.schema, other.schema) && valueEquals(this.value, other.value)
  }

  toString (): string {
    return `SchemaAndValue{schema=${String(this.schema)}, value=${formatValue(this.value)}}`
  }
}
