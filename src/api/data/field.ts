// One field of a STRUCT schema: its name, its position among the struct's fields, and its schema.

import type { Schema } from './schema.ts'
import { schemaEquals } from './connect-schema.ts'

/** A field of a struct schema. */
export class Field {
  readonly name: string
  readonly index: number
  readonly schema: Schema

  constructor (name: string, index: number, schema: Schema) {
    this.name = name
    this.index = index
    this.schema = schema
  }

  /** Same name, index and (deeply) the same schema. */
  equals (other: unknown): boolean {
    if (this === other) return true
    if (!(other instanceof Field)) return false
    return this.name === other.name && this.index === other.index && schemaEquals(this.schema, other.schema)
  }

  toString (): string {
    return `Field{name=${this.name}, index=${this.index}, schema=${String(this.schema)}}`
  }
}
