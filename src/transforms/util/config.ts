// Small pieces every transform's configuration uses: parsing settings under a ConfigDef
// (Kafka's SimpleConfig), the shared replace.null.with.default setting, Java's String.split and
// list printing (messages show lists as Java prints them).

import { AbstractConfig } from '../../api/config/abstract-config.ts'
import type { ConfigDef } from '../../api/config/config-def.ts'
import type { ConfigKeyOptions } from '../../api/config/config-key.ts'

export const REPLACE_NULL_WITH_DEFAULT_CONFIG = 'replace.null.with.default'

/** The replace.null.with.default setting, as the transforms that have it define it. */
export const REPLACE_NULL_WITH_DEFAULT: ConfigKeyOptions = Object.freeze({
  name: REPLACE_NULL_WITH_DEFAULT_CONFIG,
  type: 'BOOLEAN',
  defaultValue: true,
  importance: 'MEDIUM',
  documentation: 'Whether to replace fields that have a default value and that are null to the default value. ' +
    'When set to true, the default value is used, otherwise null is used.',
})

/** The settings parsed under `def`; throws ConfigException with Kafka's message for a bad one. */
export function parseConfig (def: ConfigDef, configs: Readonly<Record<string, unknown>>): AbstractConfig {
  return new AbstractConfig(def, configs ?? {})
}

/** Java's String.split(separator) for a one-character separator: trailing empty parts are dropped. */
export function javaSplit (text: string, separator: string): string[] {
  const parts = text.split(separator)
  if (text === '') return parts
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop()
  return parts
}

/** A list as Java's List.toString prints it: [a, b]. */
export function javaListText (list: readonly unknown[]): string {
  return `[${list.map(String).join(', ')}]`
}
