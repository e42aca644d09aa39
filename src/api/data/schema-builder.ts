// Builds schemas fluently, with Kafka Connect's checks: a property may be set once, fields only on
// structs and only once per name, and a default value must be valid for the schema being built.

import { DataException, SchemaBuilderException } from '../errors.ts'
import { ConnectSchema } from './connect-schema.ts'
import { Field } from './field.ts'
import { SCHEMA_TYPES } from './schema.ts'
import type { Schema, SchemaType } from './schema.ts'

/**
 * A fluent builder of schemas: `SchemaBuilder.struct().name('person').field('id', Schema.INT64_SCHEMA).build()`.
 * Unlike Java's, it is not itself a Schema (TypeScript cannot have a property and a method of one
 * name); read its state with the get… methods, or call build().
 */
export class SchemaBuilder {
  readonly type: SchemaType
  private optionalFlag: boolean | null = null
  private defaultValueSet = false
  private defaultVal: unknown = undefined
  private nameValue: string | null = null
  private versionValue: number | null = null
  private docValue: string | null = null
  private parameterValues: Record<string, string> | null = null
  private readonly fieldsByName: Map<string, Field> | null
  private keySchemaValue: Schema | null = null
  private valueSchemaValue: Schema | null = null

  constructor (type: SchemaType) {
    if (type === null || type === undefined) throw new SchemaBuilderException('type cannot be null')
    if (!SCHEMA_TYPES.includes(type)) {
      throw new SchemaBuilderException(`Unknown schema type: ${String(type)}. Expected one of ${SCHEMA_TYPES.join(', ')}`)
    }
    this.type = type
    this.fieldsByName = type === 'STRUCT' ? new Map() : null
  }

  /** A builder of the given type. */
  static type (type: SchemaType): SchemaBuilder {
    return new SchemaBuilder(type)
  }

  /** An INT8 builder. */
  static int8 (): SchemaBuilder { return new SchemaBuilder('INT8') }
  /** An INT16 builder. */
  static int16 (): SchemaBuilder { return new SchemaBuilder('INT16') }
  /** An INT32 builder. */
  static int32 (): SchemaBuilder { return new SchemaBuilder('INT32') }
  /** An INT64 builder. */
  static int64 (): SchemaBuilder { return new SchemaBuilder('INT64') }
  /** A FLOAT32 builder. */
  static float32 (): SchemaBuilder { return new SchemaBuilder('FLOAT32') }
  /** A FLOAT64 builder. */
  static float64 (): SchemaBuilder { return new SchemaBuilder('FLOAT64') }
  /** A BOOLEAN builder. */
  static bool (): SchemaBuilder { return new SchemaBuilder('BOOLEAN') }
  /** A STRING builder. */
  static string (): SchemaBuilder { return new SchemaBuilder('STRING') }
  /** A BYTES builder. */
  static bytes (): SchemaBuilder { return new SchemaBuilder('BYTES') }
  /** A STRUCT builder; add fields with field(name, schema). */
  static struct (): SchemaBuilder { return new SchemaBuilder('STRUCT') }

  /** An ARRAY builder whose elements have `valueSchema`. */
  static array (valueSchema: Schema): SchemaBuilder {
    if (valueSchema === null || valueSchema === undefined) throw new SchemaBuilderException('valueSchema cannot be null.')
    const builder = new SchemaBuilder('ARRAY')
    builder.valueSchemaValue = valueSchema
    return builder
  }

  /** A MAP builder with the given key and value schemas. */
  static map (keySchema: Schema, valueSchema: Schema): SchemaBuilder {
    if (keySchema === null || keySchema === undefined) throw new SchemaBuilderException('keySchema cannot be null.')
    if (valueSchema === null || valueSchema === undefined) throw new SchemaBuilderException('valueSchema cannot be null.')
    const builder = new SchemaBuilder('MAP')
    builder.keySchemaValue = keySchema
    builder.valueSchemaValue = valueSchema
    return builder
  }

  /** Allows null values. */
  optional (): this {
    checkCanSet('optional', this.optionalFlag, true)
    this.optionalFlag = true
    return this
  }

  /** Forbids null values (the default). */
  required (): this {
    checkCanSet('optional', this.optionalFlag, false)
    this.optionalFlag = false
    return this
  }

  /** The value used when a struct field is null. It must be valid for the schema as built so far. */
  defaultValue (value: unknown): this {
    checkCanSet('default', this.defaultValueSet ? this.defaultVal ?? null : null, value)
    try {
      ConnectSchema.validateValue(this.build(), value)
    } catch (error) {
      if (!(error instanceof DataException)) throw error
      throw new SchemaBuilderException(`Invalid default value: ${error.message}`, { cause: error })
    }
    this.defaultValueSet = true
    this.defaultVal = value
    return this
  }

  /** The schema's name (for a struct, its record name; for a logical type, the logical name). */
  name (name: string | null): this {
    checkCanSet('name', this.nameValue, name)
    if (name !== null && typeof name !== 'string') throw new SchemaBuilderException(`A schema name must be a string, not ${typeof name}`)
    this.nameValue = name
    return this
  }

  /** The schema's version. */
  version (version: number | null): this {
    checkCanSet('version', this.versionValue, version)
    if (version !== null && !Number.isInteger(version)) {
      throw new SchemaBuilderException(`A schema version must be an integer, not ${String(version)}`)
    }
    this.versionValue = version
    return this
  }

  /** The schema's documentation. */
  doc (doc: string | null): this {
    checkCanSet('doc', this.docValue, doc)
    if (doc !== null && typeof doc !== 'string') throw new SchemaBuilderException(`A schema doc must be a string, not ${typeof doc}`)
    this.docValue = doc
    return this
  }

  /** Sets one parameter (logical types keep their settings here, e.g. Decimal's scale). */
  parameter (key: string, value: string): this {
    if (typeof key !== 'string' || typeof value !== 'string') {
      throw new SchemaBuilderException(`Schema parameters are strings, but got ${typeof key} ${String(key)} = ${typeof value}`)
    }
    this.parameterValues ??= {}
    this.parameterValues[key] = value
    return this
  }

  /** Sets several parameters, keeping those set before. */
  parameters (parameters: Readonly<Record<string, string>> | ReadonlyMap<string, string>): this {
    const entries = parameters instanceof Map ? [...parameters.entries()] : Object.entries(parameters ?? {})
    for (const [key, value] of entries) this.parameter(key, value)
    return this
  }

  /** Adds a field to a struct. Names must be unique and non-empty. */
  field (fieldName: string, fieldSchema: Schema): this {
    if (this.fieldsByName === null) throw new SchemaBuilderException(`Cannot create fields on type ${this.type}`)
    if (typeof fieldName !== 'string' || fieldName === '') throw new SchemaBuilderException('fieldName cannot be null.')
    if (fieldSchema === null || fieldSchema === undefined) {
      throw new SchemaBuilderException(`fieldSchema for field ${fieldName} cannot be null.`)
    }
    if (this.fieldsByName.has(fieldName)) {
      throw new SchemaBuilderException(`Cannot create field because of field name duplication ${fieldName}`)
    }
    this.fieldsByName.set(fieldName, new Field(fieldName, this.fieldsByName.size, fieldSchema))
    return this
  }

  /** Whether optional() was called. */
  isOptional (): boolean {
    return this.optionalFlag === true
  }

  /** The default value, or undefined when none was set. */
  getDefaultValue (): unknown {
    return this.defaultVal
  }

  /** The name, or null. */
  getName (): string | null {
    return this.nameValue
  }

  /** The version, or null. */
  getVersion (): number | null {
    return this.versionValue
  }

  /** The doc, or null. */
  getDoc (): string | null {
    return this.docValue
  }

  /** A copy of the parameters, or null when none were set. */
  getParameters (): Record<string, string> | null {
    return this.parameterValues === null ? null : { ...this.parameterValues }
  }

  /** The fields added so far, in order. Throws DataException on a non-struct builder. */
  get fields (): readonly Field[] {
    if (this.fieldsByName === null) throw new DataException('Cannot list fields on non-struct type')
    return [...this.fieldsByName.values()]
  }

  /** The field of that name, or null. Throws DataException on a non-struct builder. */
  getField (fieldName: string): Field | null {
    if (this.fieldsByName === null) throw new DataException('Cannot look up fields on non-struct type')
    return this.fieldsByName.get(fieldName) ?? null
  }

  /** A MAP builder's key schema, else null. */
  get keySchema (): Schema | null {
    return this.keySchemaValue
  }

  /** An ARRAY or MAP builder's value schema, else null. */
  get valueSchema (): Schema | null {
    return this.valueSchemaValue
  }

  /** The immutable schema. The builder may be built again; each build is a new, equal schema. */
  build (): Schema {
    return new ConnectSchema({
      type: this.type,
      optional: this.optionalFlag === true,
      defaultValue: this.defaultVal,
      name: this.nameValue,
      version: this.versionValue,
      doc: this.docValue,
      parameters: this.parameterValues,
      fields: this.fieldsByName === null ? null : [...this.fieldsByName.values()],
      keySchema: this.keySchemaValue,
      valueSchema: this.valueSchemaValue,
    })
  }

  /** Same as build(), as Java's Schema.schema(). */
  schema (): Schema {
    return this.build()
  }
}

/** Java allows setting a property again only to the very same value. */
function checkCanSet (property: string, current: unknown, next: unknown): void {
  if (current !== null && current !== next) {
    throw new SchemaBuilderException(`Invalid SchemaBuilder call: ${property} has already been set.`)
  }
}
