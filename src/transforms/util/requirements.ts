// The checks every transform makes on what it is given (Kafka's transforms.util.Requirements),
// with Kafka's messages: "Only Struct objects supported for [field insertion], found: java.lang.String".

import { DataException } from '../../api/errors.ts'
import { isPlainObject } from '../../api/data/format-value.ts'
import type { Schema } from '../../api/data/schema.ts'
import { Struct } from '../../api/data/struct.ts'
import type { ConnectRecord } from '../../api/connector/connect-record.ts'
import { SinkRecord } from '../../api/sink/sink-record.ts'
import { SourceRecord } from '../../api/source/source-record.ts'
import { javaClassName } from './java-values.ts'

/** Throws unless there is a schema; `purpose` names what needed it. */
export function requireSchema (schema: Schema | null, purpose: string): Schema {
  if (schema === null || schema === undefined) throw new DataException(`Schema required for [${purpose}]`)
  return schema
}

/**
 * A schemaless value as a map (a Map, or a plain object read as one); throws for anything else.
 * The map is the caller's to read, never to change: build a new one for the result.
 */
export function requireMap (value: unknown, purpose: string): ReadonlyMap<unknown, unknown> {
  if (value instanceof Map) return value
  if (isPlainObject(value)) return new Map(Object.entries(value))
  throw new DataException(`Only Map objects supported in absence of schema for [${purpose}], found: ${javaClassName(value)}`)
}

/** requireMap, letting null through. */
export function requireMapOrNull (value: unknown, purpose: string): ReadonlyMap<unknown, unknown> | null {
  return value === null || value === undefined ? null : requireMap(value, purpose)
}

/** The value as a Struct; throws for anything else. */
export function requireStruct (value: unknown, purpose: string): Struct {
  if (!(value instanceof Struct)) {
    throw new DataException(`Only Struct objects supported for [${purpose}], found: ${javaClassName(value)}`)
  }
  return value
}

/** requireStruct, letting null through. */
export function requireStructOrNull (value: unknown, purpose: string): Struct | null {
  return value === null || value === undefined ? null : requireStruct(value, purpose)
}

/** The record as a SinkRecord (for what only sink records have, such as an offset); throws for a source record. */
export function requireSinkRecord (record: ConnectRecord<any>, purpose: string): SinkRecord {
  if (!(record instanceof SinkRecord)) {
    const found = record instanceof SourceRecord ? 'org.apache.kafka.connect.source.SourceRecord' : javaClassName(record)
    throw new DataException(`Only SinkRecord supported for [${purpose}], found: ${found}`)
  }
  return record
}
