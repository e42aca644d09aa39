// A structured value: one value per field of a STRUCT schema, validated as it is put.

import { DataException } from '../errors.ts'
import type { Field } from './field.ts'
import type { Schema, SchemaType } from './schema.ts'
import { ConnectSchema, schemaEquals, valueEquals } from './connect-schema.ts'
import { formatValue, isPlainObject } from './format-value.ts'

const BRAND = Symbol.for('kconnect.Struct')

/** The value of a STRUCT schema. Fields are set with put (which validates) and read with get. */
export class Struct {
  readonly schema: Schema
  private readonly values: unknown[]

  constructor (schema: Schema) {
    if (schema === null || typeof schema !== 'object' || schema.type !== 'STRUCT') {
      throw new DataException(`Not a struct schema: ${String(schema)}`)
    }
    this.schema = schema
    this.values = new Array((schema.fields ?? []).length).fill(null)
  }

  /** Recognises a Struct from another copy of this module too (a plugin may bundle its own). */
  static [Symbol.hasInstance] (value: unknown): value is Struct {
    if (this !== Struct) return Function.prototype[Symbol.hasInstance].call(this, value)
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true
  }

  /** The field's value, or its schema's default when the value is null. */
  get (field: Field | string): unknown {
    const resolved = this.resolve(field)
    const value = this.values[resolved.index]
    return value === null ? resolved.schema.defaultValue ?? null : value
  }

  /** The field's value as put, without applying the default. */
  getWithoutDefault (field: Field | string): unknown {
    return this.values[this.resolve(field).index]
  }

  /** An INT8 field's value (no default applied, as all typed getters). */
  getInt8 (fieldName: string): number | null {
    return this.getChecked(fieldName, 'INT8') as number | null
  }

  /** An INT16 field's value. */
  getInt16 (fieldName: string): number | null {
    return this.getChecked(fieldName, 'INT16') as number | null
  }

  /** An INT32 field's value. */
  getInt32 (fieldName: string): number | null {
    return this.getChecked(fieldName, 'INT32') as number | null
  }

  /** An INT64 field's value. */
  getInt64 (fieldName: string): bigint | null {
    return this.getChecked(fieldName, 'INT64') as bigint | null
  }

  /** A FLOAT32 field's value. */
  getFloat32 (fieldName: string): number | null {
    return this.getChecked(fieldName, 'FLOAT32') as number | null
  }

  /** A FLOAT64 field's value. */
  getFloat64 (fieldName: string): number | null {
    return this.getChecked(fieldName, 'FLOAT64') as number | null
  }

  /** A BOOLEAN field's value. */
  getBoolean (fieldName: string): boolean | null {
    return this.getChecked(fieldName, 'BOOLEAN') as boolean | null
  }

  /** A STRING field's value. */
  getString (fieldName: string): string | null {
    return this.getChecked(fieldName, 'STRING') as string | null
  }

  /** A BYTES field's value (for a Decimal field, use get: its value is a BigDecimal). */
  getBytes (fieldName: string): Uint8Array | null {
    return this.getChecked(fieldName, 'BYTES') as Uint8Array | null
  }

  /** An ARRAY field's value. */
  getArray<T = unknown> (fieldName: string): T[] | null {
    return this.getChecked(fieldName, 'ARRAY') as T[] | null
  }

  /** A MAP field's value, always as a Map (a plain object put there is converted, not stored). */
  getMap<K = unknown, V = unknown> (fieldName: string): Map<K, V> | null {
    const value = this.getChecked(fieldName, 'MAP')
    if (isPlainObject(value)) return new Map(Object.entries(value)) as Map<K, V>
    return value as Map<K, V> | null
  }

  /** A STRUCT field's value. */
  getStruct (fieldName: string): Struct | null {
    return this.getChecked(fieldName, 'STRUCT') as Struct | null
  }

  /** Sets a field after validating the value against the field's schema. Returns this, to chain. */
  put (field: Field | string, value: unknown): this {
    const resolved = this.resolve(field)
    ConnectSchema.validateValue(resolved.schema, value, resolved.name)
    this.values[resolved.index] = value ?? null
    return this
  }

  /** Throws DataException unless every required field without a default is set and all values are valid. */
  validate (): void {
    for (const field of this.schema.fields ?? []) {
      const value = this.values[field.index]
      if (value === null && (field.schema.optional || (field.schema.defaultValue ?? null) !== null)) continue
      ConnectSchema.validateValue(field.schema, value, field.name)
    }
  }

  /** The same schema (deeply) and deeply equal values. */
  equals (other: unknown): boolean {
    if (this === other) return true
    if (!(other instanceof Struct) || !schemaEquals(this.schema, other.schema)) return false
    const otherValues = other.values
    if (this.values.length !== otherValues.length) return false
    for (let i = 0; i < this.values.length; i++) {
      if (!valueEquals(this.values[i], otherValues[i])) return false
    }
    return true
  }

  /** Java's form: Struct{name=value,…}, listing the fields that are set. */
  toString (): string {
    const fields = this.schema.fields ?? []
    const parts: string[] = []
    for (let i = 0; i < this.values.length; i++) {
      if (this.values[i] !== null) parts.push(fields[i].name + '=' + formatValue(this.values[i]))
    }
    return 'Struct{' + parts.join(',') + '}'
  }

  private resolve (field: Field | string): Field {
    if (typeof field === 'string') return this.lookup(field)
    if (field === null || field === undefined) throw new DataException('field cannot be null.')
    // A Field of another (equal) schema is fine, as in Java, as long as it names one of ours.
    const own = this.schema.fields?.[field.index]
    return own === field || own?.name === field.name ? own : this.lookup(field.name)
  }

  private lookup (fieldName: string): Field {
    const field = this.schema.field(fieldName)
    if (field === null) throw new DataException(`${String(fieldName)} is not a valid field name`)
    return field
  }

  private getChecked (fieldName: string, type: SchemaType): unknown {
    const field = this.lookup(fieldName)
    if (field.schema.type !== type) throw new DataException(`Field '${fieldName}' is not of type ${type}`)
    return this.values[field.index]
  }
}

Object.defineProperty(Struct.prototype, BRAND, { value: true })
