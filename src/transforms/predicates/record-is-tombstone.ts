// RecordIsTombstone: true for records whose value is null (deletions in compacted topics).

import { ConfigDef } from '../../api/config/config-def.ts'
import type { ConnectRecord } from '../../api/connector/connect-record.ts'
import type { Predicate } from '../../api/transforms/predicate.ts'
import { KAFKA_COMPAT_VERSION } from '../../api/version.ts'

/** RecordIsTombstone's settings: none. */
export const RECORD_IS_TOMBSTONE_CONFIG_DEF = new ConfigDef()

/** Matches tombstones (org.apache.kafka.connect.transforms.predicates.RecordIsTombstone). */
export class RecordIsTombstone<R extends ConnectRecord<R>> implements Predicate<R> {
  version (): string {
    return KAFKA_COMPAT_VERSION
  }

  configure (): void {}

  test (record: R): boolean {
    return record.value === null
  }

  config (): ConfigDef {
    return RECORD_IS_TOMBSTONE_CONFIG_DEF
  }

  close (): void {}

  toString (): string {
    return 'RecordIsTombstone{}'
  }
}
