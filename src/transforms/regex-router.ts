// RegexRouter: when the whole topic matches a Java regex, routes the record to the topic that
// Java's Matcher.replaceFirst gives with the replacement ($1, ${name}). Unlike Kafka, a
// replacement that refers to a group the regex does not have is refused when the transform is
// configured, not when a record first matches.

import { ConfigDef } from '../api/config/config-def.ts'
import type { ConnectRecord } from '../api/connector/connect-record.ts'
import { ConfigException } from '../api/errors.ts'
import type { Transformation, TransformationConfigs } from '../api/transforms/transformation.ts'
import { parseConfig } from './util/config.ts'
import { compileJavaPattern, expandReplacement, matchesWhole, replaceFirstJava, type JavaPattern } from './util/java-pattern.ts'
import { RegexValidator } from './util/regex-validator.ts'
import { KAFKA_COMPAT_VERSION } from '../api/version.ts'

const REGEX = 'regex'
const REPLACEMENT = 'replacement'

/** RegexRouter's settings. */
export const REGEX_ROUTER_CONFIG_DEF = new ConfigDef()
  .define({ name: REGEX, type: 'STRING', validator: new RegexValidator(), importance: 'HIGH', documentation: 'Regular expression to use for matching.' })
  .define({ name: REPLACEMENT, type: 'STRING', importance: 'HIGH', documentation: 'Replacement string.' })

/** Renames topics by regex (org.apache.kafka.connect.transforms.RegexRouter). */
export class RegexRouter<R extends ConnectRecord<R>> implements Transformation<R> {
  #regex: JavaPattern = compileJavaPattern('')
  #replacement = ''

  version (): string {
    return KAFKA_COMPAT_VERSION
  }

  configure (configs: TransformationConfigs): void {
    const config = parseConfig(REGEX_ROUTER_CONFIG_DEF, configs)
    this.#regex = compileJavaPattern(config.getString(REGEX) as string)
    this.#replacement = config.getString(REPLACEMENT) as string
    checkReplacement(this.#regex, this.#replacement)
  }

  apply (record: R): R | null {
    if (!matchesWhole(this.#regex, record.topic)) return record
    return record.newRecord({ topic: replaceFirstJava(this.#regex, record.topic, this.#replacement) })
  }

  config (): ConfigDef {
    return REGEX_ROUTER_CONFIG_DEF
  }

  close (): void {}
}

/** Expands the replacement once with empty groups, so a bad reference fails now rather than on a record. */
function checkReplacement (regex: JavaPattern, replacement: string): void {
  try {
    expandReplacement(regex, [], replacement)
  } catch (error) {
    const names = regex.groupNames.size > 0 ? `, named ${[...regex.groupNames.keys()].join(', ')}` : ''
    throw new ConfigException(REPLACEMENT, replacement, `${(error as Error).message} (the regex has ${regex.groupCount} group(s)${names})`)
  }
}
