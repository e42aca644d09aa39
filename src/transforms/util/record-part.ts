// Most transforms exist twice, as $Key and $Value: the same change applied to a record's key or
// to its value. A RecordPart is that choice: how to read the part's schema and value, and how to
// make a record with the part replaced (everything else kept, headers copied).

import type { ConnectRecord } from '../../api/connector/connect-record.ts'
import type { Schema } from '../../api/data/schema.ts'
import type { Header } from '../../api/header/headers.ts'

/** The key or the value of a record. */
export interface RecordPart {
  readonly name: 'key' | 'value'
  schema (record: ConnectRecord<any>): Schema | null
  value (record: ConnectRecord<any>): unknown
  /** A record like `record` with this part's schema and value replaced (and the headers, when given). */
  replace<R extends ConnectRecord<R>> (record: R, schema: Schema | null, value: unknown, headers?: Iterable<Header>): R
}

/** The record's key. */
export const KEY: RecordPart = Object.freeze({
  name: 'key',
  schema: (record: ConnectRecord<any>) => record.keySchema,
  value: (record: ConnectRecord<any>) => record.key,
  replace<R extends ConnectRecord<R>> (record: R, schema: Schema | null, value: unknown, headers?: Iterable<Header>): R {
    return record.newRecord({ keySchema: schema, key: value, ...(headers === undefined ? {} : { headers }) })
  },
})

/** The record's value. */
export const VALUE: RecordPart = Object.freeze({
  name: 'value',
  schema: (record: ConnectRecord<any>) => record.valueSchema,
  value: (record: ConnectRecord<any>) => record.value,
  replace<R extends ConnectRecord<R>> (record: R, schema: Schema | null, value: unknown, headers?: Iterable<Header>): R {
    return record.newRecord({ valueSchema: schema, value, ...(headers === undefined ? {} : { headers }) })
  },
})
