// HasHeaderKey: true for records with at least one header of the configured name.

import { ConfigDef } from '../../api/config/config-def.ts'
import { NonEmptyString } from '../../api/config/validators.ts'
import type { ConnectRecord } from '../../api/connector/connect-record.ts'
import type { Predicate, PredicateConfigs } from '../../api/transforms/predicate.ts'
import { parseConfig } from '../util/config.ts'
import { KAFKA_COMPAT_VERSION } from '../../api/version.ts'

const NAME = 'name'

/** HasHeaderKey's settings. */
export const HAS_HEADER_KEY_CONFIG_DEF = new ConfigDef()
  .define({ name: NAME, type: 'STRING', validator: new NonEmptyString(), importance: 'MEDIUM', documentation: 'The header name.' })

/** Matches records with a header (org.apache.kafka.connect.transforms.predicates.HasHeaderKey). */
export class HasHeaderKey<R extends ConnectRecord<R>> implements Predicate<R> {
  #name = ''

  version (): string {
    return KAFKA_COMPAT_VERSION
  }

  configure (configs: PredicateConfigs): void {
    this.#name = parseConfig(HAS_HEADER_KEY_CONFIG_DEF, configs).getString(NAME) as string
  }

  test (record: R): boolean {
    return record.headers.lastWithName(this.#name) !== null
  }

  config (): ConfigDef {
    return HAS_HEADER_KEY_CONFIG_DEF
  }

  close (): void {}

  toString (): string {
    return `HasHeaderKey{name='${this.#name}'}`
  }
}
