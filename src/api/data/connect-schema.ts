// The immutable Schema implementation (SchemaBuilder.build() makes these), value validation with
// Kafka Connect's rules and messages, and deep equality over our value representation.

import { DataException } from '../errors.ts'
import type { Field } from './field.ts'
import type { Schema, SchemaType } from './schema.ts'
import { BigDecimal } from './big-decimal.ts'
import { Struct } from './struct.ts'
import { describeType, isPlainObject } from './format-value.ts'
import { DATE_LOGICAL_NAME, DECIMAL_LOGICAL_NAME, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME } from './logical-names.ts'

const KNOWN_TYPES: ReadonlySet<string> = new Set([
  'INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING', 'BYTES', 'ARRAY', 'MAP', 'STRUCT',
])

const INT_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  INT8: [-128, 127],
  INT16: [-32768, 32767],
  INT32: [-2147483648, 2147483647],
}

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/** What `new ConnectSchema(…)` takes; everything but the type is optional. */
export interface ConnectSchemaOptions {
  type: SchemaType
  optional?: boolean
  defaultValue?: unknown
  name?: string | null
  version?: number | null
  doc?: string | null
  parameters?: Readonly<Record<string, string>> | null
  fields?: readonly Field[] | null
  keySchema?: Schema | null
  valueSchema?: Schema | null
}

/** An immutable schema. Usually made by SchemaBuilder; construct directly when that is simpler. */
export class ConnectSchema implements Schema {
  readonly type: SchemaType
  readonly optional: boolean
  readonly defaultValue: unknown
  readonly name: string | null
  readonly version: number | null
  readonly doc: string | null
  readonly parameters: Readonly<Record<string, string>> | null
  readonly keySchema: Schema | null
  readonly valueSchema: Schema | null
  readonly fields: readonly Field[] | null
  private readonly fieldsByName: ReadonlyMap<string, Field> | null

  constructor (options: ConnectSchemaOptions) {
    if (options === null || typeof options !== 'object' || !KNOWN_TYPES.has(options.type)) {
      throw new DataException(`Unknown schema type: ${String(options?.type)}. Expected one of ${[...KNOWN_TYPES].join(', ')}`)
    }
    const type = options.type
    this.type = type
    this.optional = options.optional === true
    this.defaultValue = options.defaultValue
    this.name = options.name ?? null
    this.version = options.version ?? null
    this.doc = options.doc ?? null
    this.parameters = options.parameters == null ? null : Object.freeze({ ...options.parameters })
    this.keySchema = type === 'MAP' ? options.keySchema ?? null : null
    this.valueSchema = type === 'MAP' || type === 'ARRAY' ? options.valueSchema ?? null : null
    if (type === 'STRUCT') {
      const fields = Object.freeze([...(options.fields ?? [])])
      this.fields = fields
      this.fieldsByName = indexFields(fields)
    } else {
      this.fields = null
      this.fieldsByName = null
    }
  }

  /** STRUCT only: the field of that name, or null. */
  field (name: string): Field | null {
    if (this.fieldsByName === null) throw new DataException('Cannot look up fields on non-struct type')
    return this.fieldsByName.get(name) ?? null
  }

  /**
   * Throws DataException unless `value` is valid for `schema`: the right JavaScript type (see the
   * table in schema.ts), integers in range, null only where the schema is optional, and for
   * containers every element, key, value and struct field valid too. `fieldName` names the field
   * in the message.
   */
  static validateValue (schema: Schema, value: unknown, fieldName?: string | null): void {
    validateAt(schema, value, fieldName == null ? 'value' : `field: "${fieldName}"`)
  }

  /** Validates a value against this schema (see the static validateValue). */
  validateValue (value: unknown): void {
    validateAt(this, value, 'value')
  }

  /** Deep equality with another schema (see schemaEquals). */
  equals (other: unknown): boolean {
    return schemaEquals(this, other as Schema | null)
  }

  toString (): string {
    return this.name === null ? `Schema{${this.type}}` : `Schema{${this.name}:${this.type}}`
  }
}

function indexFields (fields: readonly Field[]): Map<string, Field> {
  const byName = new Map<string, Field>()
  fields.forEach((field, position) => {
    if (field.index !== position) {
      throw new DataException(`Field "${field.name}" has index ${field.index} but is at position ${position} of the struct's fields`)
    }
    if (byName.has(field.name)) throw new DataException(`Duplicate field name in struct schema: ${field.name}`)
    byName.set(field.name, field)
  })
  return byName
}

function validateAt (schema: Schema, value: unknown, location: string): void {
  if (value === null || value === undefined) {
    if (!schema.optional) {
      throw new DataException(`Invalid value: null used for required ${location}, schema type: ${schema.type}`)
    }
    return
  }
  const problem = schema.name !== null && isLogicalName(schema.name)
    ? logicalValueProblem(schema.name, value)
    : primitiveValueProblem(schema.type, value)
  if (problem !== null) {
    const named = schema.name === null ? '' : ` "${schema.name}"`
    throw new DataException(`Invalid JavaScript value for schema${named} with type ${schema.type}: ${problem} for ${location}`)
  }
  switch (schema.type) {
    case 'STRUCT': {
      const struct = value as Struct
      if (struct.schema !== schema && !schemaEquals(struct.schema, schema)) {
        throw new DataException(`Struct schemas do not match for ${location}: the struct has ${String(struct.schema)}, ` +
          `the schema expects ${String(schema)}`)
      }
      struct.validate()
      break
    }
    case 'ARRAY': {
      const entryLocation = `element of array ${location}`
      const elementSchema = requireSchema(schema.valueSchema, entryLocation)
      for (const element of value as unknown[]) validateAt(elementSchema, element, entryLocation)
      break
    }
    case 'MAP': {
      const keyLocation = `key of map ${location}`
      const valueLocation = `value of map ${location}`
      const keySchema = requireSchema(schema.keySchema, keyLocation)
      const valueSchema = requireSchema(schema.valueSchema, valueLocation)
      const entries = value instanceof Map ? value.entries() : Object.entries(value as Record<string, unknown>)
      for (const [key, entryValue] of entries) {
        validateAt(keySchema, key, keyLocation)
        validateAt(valueSchema, entryValue, valueLocation)
      }
      break
    }
  }
}

function requireSchema (schema: Schema | null, location: string): Schema {
  if (schema === null || schema === undefined) throw new DataException(`No schema defined for ${location}`)
  return schema
}

function isLogicalName (name: string): boolean {
  return name === DECIMAL_LOGICAL_NAME || name === DATE_LOGICAL_NAME ||
    name === TIME_LOGICAL_NAME || name === TIMESTAMP_LOGICAL_NAME
}

/** Why `value` cannot be a logical type's value, or null when it can. */
function logicalValueProblem (name: string, value: unknown): string | null {
  if (name === DECIMAL_LOGICAL_NAME) return value instanceof BigDecimal ? null : `${describeType(value)} (a Decimal value must be a BigDecimal)`
  if (!(value instanceof Date)) return `${describeType(value)} (this logical type's value must be a Date)`
  return Number.isNaN(value.getTime()) ? 'Invalid Date' : null
}

/** Why `value` cannot be a value of `type`, or null when it can. */
function primitiveValueProblem (type: SchemaType, value: unknown): string | null {
  switch (type) {
    case 'INT8':
    case 'INT16':
    case 'INT32': {
      if (typeof value !== 'number') return describeType(value)
      const [min, max] = INT_RANGES[type]
      return Number.isInteger(value) && value >= min && value <= max ? null : `number ${value} is not an integer in [${min}, ${max}]`
    }
    case 'INT64':
      if (typeof value === 'number') return 'number (an INT64 value must be a bigint, so all 64 bits are exact)'
      if (typeof value !== 'bigint') return describeType(value)
      return value >= INT64_MIN && value <= INT64_MAX ? null : `bigint ${value} is not in [${INT64_MIN}, ${INT64_MAX}]`
    case 'FLOAT32':
    case 'FLOAT64':
      return typeof value === 'number' ? null : describeType(value)
    case 'BOOLEAN':
      return typeof value === 'boolean' ? null : describeType(value)
    case 'STRING':
      return typeof value === 'string' ? null : describeType(value)
    case 'BYTES':
      return value instanceof Uint8Array ? null : describeType(value)
    case 'ARRAY':
      return Array.isArray(value) ? null : describeType(value)
    case 'MAP':
      return value instanceof Map || isPlainObject(value) ? null : describeType(value)
    case 'STRUCT':
      return value instanceof Struct ? null : describeType(value)
  }
}

/**
 * Deep schema equality, as Java's ConnectSchema.equals: type, optionality, name, version, doc,
 * default value, parameters, and recursively the fields, key and value schemas.
 */
export function schemaEquals (a: Schema | null | undefined, b: Schema | null | undefined): boolean {
  if (a === b) return true
  if (a === null || a === undefined || b === null || b === undefined) return false
  return a.type === b.type &&
    a.optional === b.optional &&
    (a.name ?? null) === (b.name ?? null) &&
    (a.version ?? null) === (b.version ?? null) &&
    (a.doc ?? null) === (b.doc ?? null) &&
    valueEquals(a.defaultValue, b.defaultValue) &&
    parametersEqual(a.parameters, b.parameters) &&
    fieldsEqual(a.fields, b.fields) &&
    schemaEquals(a.keySchema, b.keySchema) &&
    schemaEquals(a.valueSchema, b.valueSchema)
}

function parametersEqual (a: Readonly<Record<string, string>> | null, b: Readonly<Record<string, string>> | null): boolean {
  if (a === b) return true
  if (a == null || b == null) return false
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key])
}

function fieldsEqual (a: readonly Field[] | null, b: readonly Field[] | null): boolean {
  if (a === b) return true
  if (a == null || b == null || a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const left = a[i]
    const right = b[i]
    if (left.name !== right.name || left.index !== right.index || !schemaEquals(left.schema, right.schema)) return false
  }
  return true
}

/**
 * Deep equality over Connect values: bytes by content, arrays element by element, maps (Map or
 * plain object) by entries, Dates by time, and anything with an equals method (Struct, BigDecimal)
 * by it. null and undefined are equal; so are two NaNs, as Java's Double.equals has it.
 */
export function valueEquals (a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null)
  if (typeof a !== 'object' || typeof b !== 'object') return Number.isNaN(a) && Number.isNaN(b)
  if (a instanceof Uint8Array) return b instanceof Uint8Array && bytesEqual(a, b)
  if (Array.isArray(a)) return Array.isArray(b) && arraysEqual(a, b)
  if (a instanceof Date) return b instanceof Date && Object.is(a.getTime(), b.getTime())
  if (a instanceof Map || isPlainObject(a)) return (b instanceof Map || isPlainObject(b)) && mapsEqual(asMap(a), asMap(b))
  const equals = (a as { equals?: unknown }).equals
  return typeof equals === 'function' && equals.call(a, b) === true
}

function bytesEqual (a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function arraysEqual (a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (!valueEquals(a[i], b[i])) return false
  return true
}

function asMap (value: object): ReadonlyMap<unknown, unknown> {
  return value instanceof Map ? value : new Map(Object.entries(value))
}

function mapsEqual (a: ReadonlyMap<unknown, unknown>, b: ReadonlyMap<unknown, unknown>): boolean {
  if (a.size !== b.size) return false
  for (const [key, value] of a) {
    if (b.has(key)) {
      if (!valueEquals(value, b.get(key))) return false
    } else if (typeof key !== 'object' || key === null || !hasEqualEntry(b, key, value)) {
      return false
    }
  }
  return true
}

/** For object keys (structs, bytes…), which Map matches by identity: find a deeply equal entry. */
function hasEqualEntry (map: ReadonlyMap<unknown, unknown>, key: unknown, value: unknown): boolean {
  for (const [candidateKey, candidateValue] of map) {
    if (valueEquals(candidateKey, key) && valueEquals(candidateValue, value)) return true
  }
  return false
}
