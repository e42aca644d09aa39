// DropHeaders: removes every header with one of the listed names.

import { ConfigDef } from '../api/config/config-def.ts'
import { ValidList } from '../api/config/validators.ts'
import type { ConnectRecord } from '../api/connector/connect-record.ts'
import { ConnectHeaders } from '../api/header/headers.ts'
import type { Transformation, TransformationConfigs } from '../api/transforms/transformation.ts'
import { parseConfig } from './util/config.ts'
import { KAFKA_COMPAT_VERSION } from '../api/version.ts'

const HEADERS = 'headers'

/** DropHeaders' settings. */
export const DROP_HEADERS_CONFIG_DEF = new ConfigDef()
  .define({ name: HEADERS, type: 'LIST', validator: ValidList.anyNonDuplicateValues(false, false), importance: 'HIGH', documentation: 'The name of the headers to be removed.' })

/** Removes headers by name (org.apache.kafka.connect.transforms.DropHeaders). */
export class DropHeaders<R extends ConnectRecord<R>> implements Transformation<R> {
  #names = new Set<string>()

  version (): string {
    return KAFKA_COMPAT_VERSION
  }

  configure (configs: TransformationConfigs): void {
    this.#names = new Set(parseConfig(DROP_HEADERS_CONFIG_DEF, configs).getList(HEADERS))
  }

  apply (record: R): R | null {
    const headers = new ConnectHeaders()
    for (const header of record.headers) {
      if (!this.#names.has(header.key)) headers.add(header)
    }
    return record.newRecord({ headers })
  }

  config (): ConfigDef {
    return DROP_HEADERS_CONFIG_DEF
  }

  close (): void {}
}
