// Record headers in Connect's form: an ordered list of (key, schema, value) that keeps duplicates,
// as org.apache.kafka.connect.header.ConnectHeaders. A header converter turns them into bytes.

import { DataException } from '../errors.ts'
import { BigDecimal } from '../data/big-decimal.ts'
import { ConnectSchema, schemaEquals, valueEquals } from '../data/connect-schema.ts'
import { ConnectDate } from '../data/date.ts'
import { Decimal } from '../data/decimal.ts'
import { formatValue } from '../data/format-value.ts'
import { Schema } from '../data/schema.ts'
import type { SchemaType } from '../data/schema.ts'
import { SchemaAndValue } from '../data/schema-and-value.ts'
import { Struct } from '../data/struct.ts'
import { Time } from '../data/time.ts'
import { Timestamp } from '../data/timestamp.ts'

/** One header: a key, and a value with its schema (either may be null). */
export interface Header {
  readonly key: string
  readonly schema: Schema | null
  readonly value: unknown
}

/** Replaces a header by another, or removes it by returning null. */
export type HeaderTransform = (header: Header) => Header | null

/** The Header implementation ConnectHeaders creates. Immutable. */
export class ConnectHeader implements Header {
  readonly key: string
  readonly schema: Schema | null
  readonly value: unknown

  constructor (key: string, schema: Schema | null, value: unknown) {
    checkKey(key)
    this.key = key
    // A struct carries its schema, so a struct header without one still has it (as in Java).
    this.schema = schema ?? (value instanceof Struct ? value.schema : null)
    this.value = value ?? null
  }

  /** The same schema and value under another key. */
  rename (key: string): ConnectHeader {
    return key === this.key ? this : new ConnectHeader(key, this.schema, this.value)
  }

  /** Another schema and value under the same key. */
  with (schema: Schema | null, value: unknown): ConnectHeader {
    return new ConnectHeader(this.key, schema, value)
  }

  /** The same key, and deeply equal schema and value. */
  equals (other: unknown): boolean {
    return other === this || (isHeader(other) && headersEqual(this, other))
  }

  toString (): string {
    return `ConnectHeader(key=${this.key}, value=${formatValue(this.value)}, schema=${String(this.schema)})`
  }
}

/** An ordered, duplicate-keeping list of headers, cheap to create when empty. */
export class ConnectHeaders implements Iterable<Header> {
  // Created on the first add: most records have no headers.
  private headers: Header[] | null = null

  constructor (original?: Iterable<Header> | null) {
    if (original === null || original === undefined) return
    for (const header of original) this.add(header)
  }

  /** The number of headers, duplicates included. */
  size (): number {
    return this.headers === null ? 0 : this.headers.length
  }

  /** Whether there are no headers. */
  isEmpty (): boolean {
    return this.headers === null || this.headers.length === 0
  }

  /** Removes every header. */
  clear (): this {
    if (this.headers !== null) this.headers.length = 0
    return this
  }

  /** Appends a header object as is. */
  add (header: Header): this
  /** Appends a header from a SchemaAndValue, validated against its schema when there is one. */
  add (key: string, schemaAndValue: SchemaAndValue | null): this
  /** Appends a header, validating the value against the schema when one is given. */
  add (key: string, value: unknown, schema?: Schema | null): this
  add (keyOrHeader: string | Header, valueOrSchemaAndValue?: unknown, schema?: Schema | null): this {
    if (typeof keyOrHeader !== 'string') {
      if (!isHeader(keyOrHeader)) throw new DataException('Unable to add a null header.')
      checkKey(keyOrHeader.key)
      return this.append(keyOrHeader)
    }
    if (arguments.length === 2 && (valueOrSchemaAndValue instanceof SchemaAndValue || valueOrSchemaAndValue === null)) {
      const schemaAndValue = valueOrSchemaAndValue ?? SchemaAndValue.NULL
      return this.addValidated(keyOrHeader, schemaAndValue.value, schemaAndValue.schema)
    }
    return this.addValidated(keyOrHeader, valueOrSchemaAndValue, schema ?? null)
  }

  /** Appends a STRING header (OPTIONAL_STRING when the value is null). */
  addString (key: string, value: string | null): this {
    return this.addValidated(key, value, value === null ? Schema.OPTIONAL_STRING_SCHEMA : Schema.STRING_SCHEMA)
  }

  /** Appends a BYTES header (OPTIONAL_BYTES when the value is null). */
  addBytes (key: string, value: Uint8Array | null): this {
    return this.addValidated(key, value, value === null ? Schema.OPTIONAL_BYTES_SCHEMA : Schema.BYTES_SCHEMA)
  }

  /** Appends a BOOLEAN header. */
  addBoolean (key: string, value: boolean): this {
    return this.addValidated(key, value, Schema.BOOLEAN_SCHEMA)
  }

  /** Appends an INT8 header. */
  addByte (key: string, value: number): this {
    return this.addValidated(key, value, Schema.INT8_SCHEMA)
  }

  /** Appends an INT16 header. */
  addShort (key: string, value: number): this {
    return this.addValidated(key, value, Schema.INT16_SCHEMA)
  }

  /** Appends an INT32 header. */
  addInt (key: string, value: number): this {
    return this.addValidated(key, value, Schema.INT32_SCHEMA)
  }

  /** Appends an INT64 header. */
  addLong (key: string, value: bigint): this {
    return this.addValidated(key, value, Schema.INT64_SCHEMA)
  }

  /** Appends a FLOAT32 header. */
  addFloat (key: string, value: number): this {
    return this.addValidated(key, value, Schema.FLOAT32_SCHEMA)
  }

  /** Appends a FLOAT64 header. */
  addDouble (key: string, value: number): this {
    return this.addValidated(key, value, Schema.FLOAT64_SCHEMA)
  }

  /** Appends an ARRAY header with the given array schema (a null value gets no schema). */
  addList (key: string, value: readonly unknown[] | null, schema: Schema): this {
    if (value === null || value === undefined) return this.addValidated(key, null, null)
    checkSchemaType(schema, 'ARRAY')
    return this.addValidated(key, value, schema)
  }

  /** Appends a MAP header with the given map schema (a null value gets no schema). */
  addMap (key: string, value: ReadonlyMap<unknown, unknown> | Readonly<Record<string, unknown>> | null, schema: Schema): this {
    if (value === null || value === undefined) return this.addValidated(key, null, null)
    checkSchemaType(schema, 'MAP')
    return this.addValidated(key, value, schema)
  }

  /** Appends a STRUCT header with the struct's own schema. */
  addStruct (key: string, value: Struct | null): this {
    if (value === null || value === undefined) return this.addValidated(key, null, null)
    if (!(value instanceof Struct)) throw new DataException(`Expecting a Struct but instead found ${formatValue(value)}`)
    return this.addValidated(key, value, value.schema)
  }

  /** Appends a Decimal header with a schema of the value's scale. */
  addDecimal (key: string, value: BigDecimal | null): this {
    if (value === null || value === undefined) return this.addValidated(key, null, null)
    if (!(value instanceof BigDecimal)) throw new DataException(`Expecting a BigDecimal but instead found ${formatValue(value)}`)
    return this.append(new ConnectHeader(key, Decimal.schema(value.scale), value))
  }

  /** Appends a Date header; the value must be a midnight UTC. */
  addDate (key: string, value: Date | null): this {
    if (value !== null && value !== undefined) ConnectDate.fromLogical(ConnectDate.SCHEMA, value)
    return this.append(new ConnectHeader(key, ConnectDate.SCHEMA, value))
  }

  /** Appends a Time header; the value must be on 1970-01-01 UTC. */
  addTime (key: string, value: Date | null): this {
    if (value !== null && value !== undefined) Time.fromLogical(Time.SCHEMA, value)
    return this.append(new ConnectHeader(key, Time.SCHEMA, value))
  }

  /** Appends a Timestamp header. */
  addTimestamp (key: string, value: Date | null): this {
    if (value !== null && value !== undefined) Timestamp.fromLogical(Timestamp.SCHEMA, value)
    return this.append(new ConnectHeader(key, Timestamp.SCHEMA, value))
  }

  /** The last header with that key, or null. */
  lastWithName (key: string): Header | null {
    checkKey(key)
    const headers = this.headers ?? []
    for (let i = headers.length - 1; i >= 0; i--) {
      if (headers[i].key === key) return headers[i]
    }
    return null
  }

  /** Every header with that key, in order. */
  allWithName (key: string): Header[] {
    checkKey(key)
    return (this.headers ?? []).filter((header) => header.key === key)
  }

  /** Removes every header with that key. */
  remove (key: string): this {
    checkKey(key)
    if (this.headers !== null) this.headers = this.headers.filter((header) => header.key !== key)
    return this
  }

  /** Keeps only the last header of `key`, or with no key, the last header of every key. */
  retainLatest (key?: string): this {
    if (key !== undefined) checkKey(key)
    if (this.headers === null || this.headers.length < 2) return this
    const seen = new Set<string>()
    const kept: Header[] = []
    for (let i = this.headers.length - 1; i >= 0; i--) {
      const header = this.headers[i]
      const isDuplicate = (key === undefined || header.key === key) && seen.has(header.key)
      if (!isDuplicate) kept.push(header)
      seen.add(header.key)
    }
    this.headers = kept.reverse()
    return this
  }

  /** Replaces each header by what `transform` returns (null removes it). */
  apply (transform: HeaderTransform): this
  /** Replaces each header with that key by what `transform` returns (null removes it). */
  apply (key: string, transform: HeaderTransform): this
  apply (keyOrTransform: string | HeaderTransform, transform?: HeaderTransform): this {
    const key = typeof keyOrTransform === 'string' ? keyOrTransform : null
    const fn = typeof keyOrTransform === 'function' ? keyOrTransform : transform
    if (key !== null) checkKey(key)
    if (typeof fn !== 'function') throw new DataException('A header transform must be a function')
    if (this.headers === null) return this
    const result: Header[] = []
    for (const header of this.headers) {
      const updated = key === null || header.key === key ? fn(header) : header
      if (updated !== null && updated !== undefined) result.push(updated)
    }
    this.headers = result
    return this
  }

  /** An independent copy (the headers themselves are immutable and shared). */
  duplicate (): ConnectHeaders {
    const copy = new ConnectHeaders()
    if (this.headers !== null && this.headers.length > 0) copy.headers = [...this.headers]
    return copy
  }

  /** The same headers, deeply equal, in the same order. */
  equals (other: unknown): boolean {
    if (other === this) return true
    if (!(other instanceof ConnectHeaders)) return false
    const mine = this.headers ?? []
    const theirs = other.headers ?? []
    if (mine.length !== theirs.length) return false
    for (let i = 0; i < mine.length; i++) {
      if (!headersEqual(mine[i], theirs[i])) return false
    }
    return true
  }

  toString (): string {
    return `ConnectHeaders(headers=${this.headers === null ? '' : '[' + this.headers.map(String).join(', ') + ']'})`
  }

  [Symbol.iterator] (): Iterator<Header> {
    return (this.headers ?? []).values()
  }

  private addValidated (key: string, value: unknown, schema: Schema | null): this {
    checkKey(key)
    if (schema !== null) checkSchemaMatches(schema, value)
    return this.append(new ConnectHeader(key, schema, value))
  }

  private append (header: Header): this {
    if (this.headers === null) this.headers = [header]
    else this.headers.push(header)
    return this
  }
}

function checkKey (key: unknown): asserts key is string {
  if (typeof key !== 'string') {
    throw new DataException(key === null || key === undefined ? 'Header key cannot be null' : `Header key must be a string, not ${typeof key}`)
  }
}

function checkSchemaType (schema: Schema, type: SchemaType): void {
  if (schema?.type !== type) throw new DataException(`Expecting ${type} but instead found ${String(schema?.type ?? schema)}`)
}

function checkSchemaMatches (schema: Schema, value: unknown): void {
  if (value === null || value === undefined) {
    if (!schema.optional) throw new DataException(`A null value requires an optional schema but was ${String(schema)}`)
    return
  }
  try {
    ConnectSchema.validateValue(schema, value)
  } catch (error) {
    if (!(error instanceof DataException)) throw error
    throw new DataException(`The value ${formatValue(value)} is not compatible with the schema ${String(schema)}: ${error.message}`,
      { cause: error })
  }
}

function isHeader (value: unknown): value is Header {
  return typeof value === 'object' && value !== null && typeof (value as Header).key === 'string'
}

function headersEqual (a: Header, b: Header): boolean {
  return a.key === b.key && schemaEquals(a.schema, b.schema) && valueEquals(a.value, b.value)
}
