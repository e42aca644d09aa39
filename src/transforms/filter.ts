// Filter: drops every record. With a predicate (transforms.<alias>.predicate, optionally negated)
// it drops the records the predicate selects.

import { ConfigDef } from '../api/config/config-def.ts'
import type { ConnectRecord } from '../api/connector/connect-record.ts'
import type { Transformation } from '../api/transforms/transformation.ts'
import { KAFKA_COMPAT_VERSION } from '../api/version.ts'

/** Filter's settings: none. */
export const FILTER_CONFIG_DEF = new ConfigDef()

/** Drops records (org.apache.kafka.connect.transforms.Filter). */
export class Filter<R extends ConnectRecord<R>> implements Transformation<R> {
  version (): string {
    return KAFKA_COMPAT_VERSION
  }

  configure (): void {}

  apply (): R | null {
    return null
  }

  config (): ConfigDef {
    return FILTER_CONFIG_DEF
  }

  close (): void {}
}
