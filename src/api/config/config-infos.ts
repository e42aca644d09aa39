// The REST API's view of configuration definitions and validation results: the ConfigInfos body
// of PUT /connector-plugins/{plugin}/config/validate and the ConfigKeyInfo list of
// GET /connector-plugins/{plugin}/config. Rules from Kafka's AbstractHerder (generateResult,
// convertConfigKey, convertConfigValue) and the rest/entities records.
//
// Field names and order are what Kafka 4.2+ writes. Kafka up to 4.1 wrote a definition's position
// as "order"; since its REST entities became records (4.2), the field is "order_in_group".

import type { ConfigDef } from './config-def.ts'
import type { ConfigKey } from './config-key.ts'
import type { ConfigType } from './config-types.ts'
import { ConfigValue } from './config-value.ts'
import { convertToString } from './parse-type.ts'
import { HIDDEN } from './password.ts'

/** The definition of a setting, as the REST API shows it. */
export interface ConfigKeyInfo {
  name: string
  type: ConfigType
  required: boolean
  /** The default as text; null when required (or when the default is null). */
  default_value: string | null
  importance: string
  documentation: string | null
  group: string | null
  order_in_group: number
  width: string
  display_name: string
  dependents: string[]
}

/** The validation result of a setting, as the REST API shows it. */
export interface ConfigValueInfo {
  name: string
  /** The parsed value as text; "[hidden]" for a password. */
  value: string | null
  recommended_values: Array<string | null>
  errors: string[]
  visible: boolean
}

/** One setting of a validation response: its definition (null if unknown) and its result. */
export interface ConfigInfo {
  definition: ConfigKeyInfo | null
  value: ConfigValueInfo | null
}

/** The body of a validation response. */
export interface ConfigInfos {
  /** The connector class that was validated. */
  name: string
  error_count: number
  groups: string[]
  configs: ConfigInfo[]
}

/** A setting's definition as the REST API shows it, its name prefixed by `prefix`. */
export function configKeyInfo (key: ConfigKey, prefix = ''): ConfigKeyInfo {
  return {
    name: prefix + key.name,
    type: key.type,
    required: !key.hasDefault(),
    default_value: key.hasDefault() ? convertToString(key.defaultValue, key.type) : null,
    importance: key.importance,
    documentation: key.documentation,
    group: key.group,
    order_in_group: key.orderInGroup,
    width: key.width,
    display_name: key.displayName,
    dependents: [...key.dependents],
  }
}

/**
 * A validation result as the REST API shows it, with values written as text for `type`.
 * A PASSWORD value is always "[hidden]", even one a connector's validate() left as a plain string.
 */
export function configValueInfo (configValue: ConfigValue, type: ConfigType | null): ConfigValueInfo {
  const hidden = type === 'PASSWORD' && configValue.value !== null && configValue.value !== undefined
  // List settings recommend single elements, so each is written as a string, not as a list.
  const recommendedType = type === 'LIST' ? 'STRING' : type
  return {
    name: configValue.name,
    value: hidden ? HIDDEN : convertToString(configValue.value, type),
    recommended_values: configValue.recommendedValues.map(v => convertToString(v, recommendedType)),
    errors: [...configValue.errorMessages],
    visible: configValue.visible,
  }
}

/**
 * Builds a validation response (Kafka's generateResult). Results for names with no definition
 * come first, with a null definition; then every definition in order, with its result if there
 * is one. error_count is the number of error messages.
 */
export function buildConfigInfos (
  connectorClass: string,
  configKeys: ReadonlyMap<string, ConfigKey>,
  configValues: readonly ConfigValue[],
  groups: readonly string[],
): ConfigInfos {
  let errorCount = 0
  const configs: ConfigInfo[] = []
  const valuesByName = new Map<string, ConfigValue>()
  for (const configValue of configValues) {
    valuesByName.set(configValue.name, configValue)
    if (!configKeys.has(configValue.name)) {
      configs.push({ definition: null, value: configValueInfo(configValue, null) })
      errorCount += configValue.errorMessages.length
    }
  }
  for (const [name, key] of configKeys) {
    const configValue = valuesByName.get(name)
    if (configValue !== undefined) errorCount += configValue.errorMessages.length
    configs.push({
      definition: configKeyInfo(key),
      value: configValue === undefined ? null : configValueInfo(configValue, key.type),
    })
  }
  return { name: connectorClass, error_count: errorCount, groups: [...groups], configs }
}

/** A validation response for one ConfigDef and the results of validating against it. */
export function configInfosFor (connectorClass: string, configDef: ConfigDef, configValues: readonly ConfigValue[]): ConfigInfos {
  return buildConfigInfos(connectorClass, configDef.configKeys(), configValues, configDef.groups())
}

/**
 * Results validated under a prefix (client overrides such as "producer.override."): each name
 * and definition gets the prefix, a group is listed once, and error_count counts settings with
 * errors (not messages), as Kafka's prefixedConfigInfos does. The name is left empty for
 * mergeConfigInfos to set.
 */
export function prefixedConfigInfos (
  configKeys: ReadonlyMap<string, ConfigKey>,
  configValues: readonly ConfigValue[],
  prefix: string,
): ConfigInfos {
  let errorCount = 0
  const groups = new Set<string>()
  const configs: ConfigInfo[] = []
  for (const configValue of configValues) {
    const key = configKeys.get(configValue.name)
    if (key !== undefined && key.group !== null) groups.add(key.group)
    if (configValue.errorMessages.length > 0) errorCount++
    const prefixedValue = new ConfigValue(prefix + configValue.name, configValue.value,
      configValue.recommendedValues, configValue.errorMessages)
    configs.push({
      definition: key === undefined ? null : configKeyInfo(key, prefix),
      value: configValueInfo(prefixedValue, key?.type ?? null),
    })
  }
  return { name: '', error_count: errorCount, groups: [...groups], configs }
}

/** Several validation responses as one: counts summed, configs concatenated, groups deduplicated. */
export function mergeConfigInfos (connectorClass: string, ...parts: Array<ConfigInfos | null | undefined>): ConfigInfos {
  let errorCount = 0
  const configs: ConfigInfo[] = []
  const groups = new Set<string>()
  for (const part of parts) {
    if (part === null || part === undefined) continue
    errorCount += part.error_count
    configs.push(...part.configs)
    for (const group of part.groups) groups.add(group)
  }
  return { name: connectorClass, error_count: errorCount, groups: [...groups], configs }
}

/**
 * The definitions of GET /connector-plugins/{plugin}/config: the plugin's own settings first,
 * then those of `base` (the framework's connector settings) that the plugin does not redefine.
 */
export function pluginConfigKeyInfos (pluginConfigDef: ConfigDef, base?: ConfigDef): ConfigKeyInfo[] {
  const keys = new Map(pluginConfigDef.configKeys())
  for (const [name, key] of base?.configKeys() ?? []) {
    if (!keys.has(name)) keys.set(name, key)
  }
  return [...keys.values()].map(key => configKeyInfo(key))
}
