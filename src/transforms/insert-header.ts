// InsertHeader: adds a header with a fixed value to every record. The value is text read as
// Kafka's Values.parseString reads it, so "42" is an INT8 and "true" a BOOLEAN.

import { ConfigDef } from '../api/config/config-def.ts'
import { NonNullValidator } from '../api/config/validators.ts'
import type { ConnectRecord } from '../api/connector/connect-record.ts'
import { SchemaAndValue } from '../api/data/schema-and-value.ts'
import { Values } from '../api/data/values.ts'
import type { Transformation, TransformationConfigs } from '../api/transforms/transformation.ts'
import { parseConfig } from './util/config.ts'
import { KAFKA_COMPAT_VERSION } from '../api/version.ts'

const HEADER = 'header'
const VALUE_LITERAL = 'value.literal'

/** InsertHeader's settings. */
export const INSERT_HEADER_CONFIG_DEF = new ConfigDef()
  .define({ name: HEADER, type: 'STRING', validator: new NonNullValidator(), importance: 'HIGH', documentation: 'The name of the header.' })
  .define({ name: VALUE_LITERAL, type: 'STRING', validator: new NonNullValidator(), importance: 'HIGH', documentation: 'The literal value that is to be set as the header value on all records.' })

/** Adds a header (org.apache.kafka.connect.transforms.InsertHeader). */
export class InsertHeader<R extends ConnectRecord<R>> implements Transformation<R> {
  #header = ''
  #value: SchemaAndValue = SchemaAndValue.NULL

  version (): string {
    return KAFKA_COMPAT_VERSION
  }

  configure (configs: TransformationConfigs): void {
    const config = parseConfig(INSERT_HEADER_CONFIG_DEF, configs)
    this.#header = config.getString(HEADER) as string
    this.#value = Values.parseString(config.getString(VALUE_LITERAL))
  }

  apply (record: R): R | null {
    const headers = record.headers.duplicate()
    headers.add(this.#header, this.#value)
    return record.newRecord({ headers })
  }

  config (): ConfigDef {
    return INSERT_HEADER_CONFIG_DEF
  }

  close (): void {}
}
