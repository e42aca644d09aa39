// TopicNameMatches: true for records whose whole topic name matches a Java regex.

import { ConfigDef } from '../../api/config/config-def.ts'
import { CompositeValidator, NonEmptyString } from '../../api/config/validators.ts'
import type { ConnectRecord } from '../../api/connector/connect-record.ts'
import { ConfigException } from '../../api/errors.ts'
import type { Predicate, PredicateConfigs } from '../../api/transforms/predicate.ts'
import { parseConfig } from '../util/config.ts'
import { compileJavaPattern, matchesWhole, type JavaPattern } from '../util/java-pattern.ts'
import { RegexValidator } from '../util/regex-validator.ts'
import { KAFKA_COMPAT_VERSION } from '../../api/version.ts'

const PATTERN = 'pattern'

/** TopicNameMatches' settings. */
export const TOPIC_NAME_MATCHES_CONFIG_DEF = new ConfigDef()
  .define({
    name: PATTERN,
    type: 'STRING',
    validator: CompositeValidator.of(new NonEmptyString(), new RegexValidator()),
    importance: 'MEDIUM',
    documentation: 'A Java regular expression for matching against the name of a record\'s topic.',
  })

/** Matches records by topic (org.apache.kafka.connect.transforms.predicates.TopicNameMatches). */
export class TopicNameMatches<R extends ConnectRecord<R>> implements Predicate<R> {
  #pattern: JavaPattern | null = null

  version (): string {
    return KAFKA_COMPAT_VERSION
  }

  configure (configs: PredicateConfigs): void {
    const value = parseConfig(TOPIC_NAME_MATCHES_CONFIG_DEF, configs).getString(PATTERN) as string
    try {
      this.#pattern = compileJavaPattern(value)
    } catch (error) {
      throw new ConfigException(PATTERN, value, `entry must be a Java-compatible regular expression: ${(error as Error).message}`)
    }
  }

  test (record: R): boolean {
    return record.topic !== null && this.#pattern !== null && matchesWhole(this.#pattern, record.topic)
  }

  config (): ConfigDef {
    return TOPIC_NAME_MATCHES_CONFIG_DEF
  }

  close (): void {}

  toString (): string {
    return `TopicNameMatches{pattern=${this.#pattern?.source ?? 'null'}}`
  }
}
