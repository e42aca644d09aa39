// Validation of a connector configuration, as Kafka's AbstractHerder.validateConnectorConfig does
// it for PUT /connector-plugins/{plugin}/config/validate and before a connector is created or
// updated: the framework's connector settings (with the worker's converters as defaults and the
// settings of each configured transform and predicate), the sink topics rules, the settings of
// the connector's own converters, the client overrides under the override policy, and the
// connector's config() and validate(). The result is the ConfigInfos body, in Kafka's order.

import type { ConfigDef } from '../../api/config/config-def.ts'
import type { ConfigKey } from '../../api/config/config-key.ts'
import {
  buildConfigInfos, mergeConfigInfos, prefixedConfigInfos, type ConfigInfos,
} from '../../api/config/config-infos.ts'
import { Config, ConfigValue } from '../../api/config/config-value.ts'
import type { Connector } from '../../api/connector/connector.ts'
import { SinkConnector } from '../../api/sink/sink-connector.ts'
import { SourceConnector } from '../../api/source/source-connector.ts'
import { configText } from '../../logging/index.ts'
import { connectorOverrides, overridePrefix, validateOverrides, type ClientKind } from '../../runtime/client-configs.ts'
import {
  CONNECTOR_CLASS_CONFIG, DLQ_TOPIC_NAME_CONFIG, enrichedConnectorConfigDef, validateSinkTopics, type ConnectorKind,
} from '../../runtime/config/connector-config.ts'
import { usesTopicCreation } from '../../runtime/config/topic-creation-config.ts'
import {
  HEADER_CONVERTER_CLASS_CONFIG, HEADER_CONVERTER_VERSION, KEY_CONVERTER_CLASS_CONFIG, KEY_CONVERTER_VERSION,
  VALUE_CONVERTER_CLASS_CONFIG, VALUE_CONVERTER_VERSION, type WorkerConfig,
} from '../../runtime/config/worker-config.ts'
import type { PluginRegistry, PluginType } from '../../runtime/plugins/plugin-registry.ts'
import { BadRequestException } from '../errors.ts'

/** What validation needs from the worker. */
export interface ValidationContext {
  readonly registry: PluginRegistry
  readonly workerConfig: WorkerConfig
  /**
   * Checks a herder adds to the framework's, on the validated settings (Kafka's
   * validateSinkConnectorConfig / validateSourceConnectorConfig overrides): a distributed worker
   * checks sink group ids against its own group and exactly-once settings.
   */
  readonly checks?: ConnectorKindChecks
}

/** A herder's own checks of a sink's or a source's settings; they add error messages to `validated`. */
export interface ConnectorKindChecks {
  sink? (connector: SinkConnector, props: Record<string, string>, validated: Map<string, ConfigValue>): void | Promise<void>
  source? (connector: SourceConnector, props: Record<string, string>, validated: Map<string, ConfigValue>): void | Promise<void>
}

/** A connector configuration as it arrives in a REST body: values may be null, which is an error. */
export type ConnectorProps = Readonly<Record<string, string | null>>

/**
 * Validates a connector configuration. Resolves with the ConfigInfos (errors included); rejects
 * with a BadRequestException when there is nothing to validate against (no connector.class, an
 * unknown class, a connector whose config() or validate() returns nothing).
 */
export async function validateConnectorConfig (context: ValidationContext, props: ConnectorProps): Promise<ConfigInfos> {
  const { registry, workerConfig } = context
  const connectorClass = props[CONNECTOR_CLASS_CONFIG]
  if (connectorClass === undefined || connectorClass === null) {
    throw new BadRequestException(`Connector config ${configText(withoutNulls(props))} contains no connector type`)
  }
  let connector: Connector
  try {
    const created = registry.resolve(connectorClass, 'source', 'sink').create()
    if (!(created instanceof SourceConnector) && !(created instanceof SinkConnector)) {
      throw new BadRequestException('Connector implementations must be a subclass of either SourceConnector or SinkConnector')
    }
    connector = created
  } catch (error) {
    throw error instanceof BadRequestException ? error : new BadRequestException((error as Error).message, { cause: error })
  }
  const kind: ConnectorKind = connector instanceof SinkConnector ? 'sink' : 'source'
  const stringProps = withoutNulls(props)
  const enrichedDef = enrichedConnectorConfigDef(registry, kind, stringProps, workerConfig, false)
  const validated = enrichedDef.validateAll(normalizeClassNames(enrichedDef, stringProps, registry))
  if (kind === 'sink') validateSinkTopics(stringProps, validated)
  if (connector instanceof SinkConnector) await context.checks?.sink?.(connector, stringProps, validated)
  else if (connector instanceof SourceConnector) await context.checks?.source?.(connector, stringProps, validated)
  for (const [name, value] of Object.entries(props)) {
    if (value !== null) continue
    let configValue = validated.get(name)
    if (configValue === undefined) {
      configValue = new ConfigValue(name)
      validated.set(name, configValue)
    }
    configValue.addErrorMessage('Null value can not be supplied as the configuration value.')
  }
  // Converter validation may add errors to the connector's own settings, so it comes first.
  const converterInfos = validateConverters(registry, stringProps, validated, connectorClass)
  const overrideInfos = validateClientOverrides(workerConfig, kind, stringProps, connectorClass)
  const connectorInfos = await validateConnectorSettings(connector, stringProps, validated, enrichedDef, connectorClass)
  return mergeConfigInfos(connectorClass, connectorInfos, overrideInfos, converterInfos)
}

/**
 * The message of a create or update refused for invalid settings (AbstractHerder.maybeAddConfigErrors):
 * every error, one per line, and where to find them again.
 */
export function invalidConfigMessage (infos: ConfigInfos): string {
  let message = `Connector configuration is invalid and contains the following ${infos.error_count} error(s):`
  for (const info of infos.configs) {
    for (const error of info.value?.errors ?? []) message += '\n' + error
  }
  return message + '\nYou can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`'
}

async function validateConnectorSettings (connector: Connector, props: Record<string, string>, validated: Map<string, ConfigValue>,
  enrichedDef: ConfigDef, connectorClass: string): Promise<ConfigInfos> {
  const configKeys = new Map<string, ConfigKey>(enrichedDef.configKeys())
  const groups = new Set(enrichedDef.groups())
  const configValues = [...validated.values()]
  const connectorDef = connector.config() as ConfigDef | null | undefined
  if (connectorDef === null || connectorDef === undefined) {
    throw new BadRequestException(`${connector.constructor.name}.config() must return a ConfigDef that is not null.`)
  }
  const config = await connector.validate({ ...props }) as Config | null | undefined
  if (config === null || config === undefined || !Array.isArray(config.configValues)) {
    throw new BadRequestException(`${connector.constructor.name}.validate() must return a Config that is not null.`)
  }
  for (const [name, key] of connectorDef.configKeys()) configKeys.set(name, key)
  for (const group of connectorDef.groups()) groups.add(group)
  configValues.push(...config.configValues)
  return buildConfigInfos(connectorClass, configKeys, configValues, [...groups])
}

/** The settings of the converters the connector configures itself (not those it inherits from the worker). */
function validateConverters (registry: PluginRegistry, props: Record<string, string>, validated: Map<string, ConfigValue>, connectorClass: string): ConfigInfos {
  const one = (classConfig: string, versionConfig: string, type: PluginType, converterType: 'key' | 'value' | 'header', name: string): ConfigInfos | null => {
    const className = props[classConfig]
    const classValue = validated.get(classConfig)
    const versionValue = validated.get(versionConfig)
    if (className === undefined || classValue === undefined || classValue.errorMessages.length > 0 ||
      (versionValue !== undefined && versionValue.errorMessages.length > 0)) return null
    const plugin = registry.find(className, type)
    if (plugin === undefined) {
      classValue.addErrorMessage(`Failed to load class ${className}`)
      return null
    }
    let converter: { config (): ConfigDef | null | undefined, close? (): void }
    try {
      converter = plugin.create() as typeof converter
    } catch (error) {
      classValue.addErrorMessage(`Failed to load class ${className}: ${(error as Error).message}`)
      return null
    }
    try {
      let def: ConfigDef | null | undefined
      try {
        def = converter.config()
      } catch (error) {
        classValue.addErrorMessage(`Failed to load ConfigDef from ${name}: ${(error as Error).message}`)
        return null
      }
      // Kafka skips converters whose config() returns nothing: older converters did.
      if (def === null || def === undefined) return null
      const prefix = classConfig + '.'
      const converterProps: Record<string, string> = {}
      for (const [key, value] of Object.entries(props)) {
        if (key.startsWith(prefix)) converterProps[key.slice(prefix.length)] = value
      }
      converterProps['converter.type'] ??= converterType
      let values: ConfigValue[]
      try {
        values = def.validate(converterProps)
      } catch (error) {
        classValue.addErrorMessage(`Failed to perform config validation for ${name}: ${(error as Error).message}`)
        return null
      }
      return prefixedConfigInfos(def.configKeys(), values, prefix)
    } finally {
      try {
        converter.close?.()
      } catch {
        // Closing an instance made only for validation.
      }
    }
  }
  return mergeConfigInfos(connectorClass,
    one(HEADER_CONVERTER_CLASS_CONFIG, HEADER_CONVERTER_VERSION, 'header_converter', 'header', 'header converter'),
    one(KEY_CONVERTER_CLASS_CONFIG, KEY_CONVERTER_VERSION, 'converter', 'key', 'key converter'),
    one(VALUE_CONVERTER_CLASS_CONFIG, VALUE_CONVERTER_VERSION, 'converter', 'value', 'value converter'))
}

/** The client overrides the connector's clients would get, checked against connector.client.config.override.policy. */
function validateClientOverrides (workerConfig: WorkerConfig, kind: ConnectorKind, props: Record<string, string>, connectorClass: string): ConfigInfos {
  const hasDlq = (props[DLQ_TOPIC_NAME_CONFIG] ?? '').trim() !== ''
  const usesProducer = kind === 'source' || hasDlq
  const usesAdmin = kind === 'source' ? usesTopicCreation(props) : hasDlq
  const usesConsumer = kind === 'sink'
  const policy = workerConfig.clientOverridePolicy()
  const infos = (client: ClientKind): ConfigInfos => {
    const values = validateOverrides(policy, connectorOverrides(props, client))
    // kconnect has no definitions of the Kafka clients' own settings: values come with a null definition.
    return prefixedConfigInfos(new Map(), values, overridePrefix(client))
  }
  return mergeConfigInfos(connectorClass,
    usesProducer ? infos('producer') : null,
    usesConsumer ? infos('consumer') : null,
    usesAdmin ? infos('admin') : null)
}

/**
 * The props with CLASS settings that name a known plugin by alias replaced by its full class
 * name: Kafka loads the class while parsing, so its validation shows the full name.
 */
function normalizeClassNames (def: ConfigDef, props: Record<string, string>, registry: PluginRegistry): Record<string, string> {
  const result = { ...props }
  for (const [name, key] of def.configKeys()) {
    if (key.type !== 'CLASS' || result[name] === undefined) continue
    const plugin = registry.find(result[name].trim())
    if (plugin !== undefined) result[name] = plugin.className
  }
  return result
}

function withoutNulls (props: ConnectorProps): Record<string, string> {
  const result: Record<string, string> = {}
  for (const [key, value] of Object.entries(props)) {
    if (value !== null && value !== undefined) result[key] = value
  }
  return result
}
