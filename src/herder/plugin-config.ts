// GET /connector-plugins/{plugin}/config (Kafka's AbstractHerder.connectorPluginConfig): the
// settings a plugin defines, and for a connector the framework's settings around them. Both
// herders answer it the same way.

import { ConnectException, NotFoundException } from '../api/errors.ts'
import { pluginConfigKeyInfos, type ConfigKeyInfo } from '../api/config/config-infos.ts'
import type { ConfigDef } from '../api/config/config-def.ts'
import { SinkConnector } from '../api/sink/sink-connector.ts'
import { SourceConnector } from '../api/source/source-connector.ts'
import { connectorConfigDef, sinkConnectorConfigDef, sourceConnectorConfigDef } from '../runtime/config/connector-config.ts'
import type { PluginRegistry } from '../runtime/plugins/plugin-registry.ts'
import { BadRequestException } from './errors.ts'

/** The config keys of a plugin, as GET /connector-plugins/{plugin}/config lists them. */
export function pluginConfigKeys (registry: PluginRegistry, pluginName: string): ConfigKeyInfo[] {
  const plugin = registry.find(pluginName)
  if (plugin === undefined) throw new NotFoundException(`Unknown plugin ${pluginName}.`)
  const instance = plugin.create() as { config?: () => ConfigDef | null | undefined }
  let base: ConfigDef | undefined
  if (instance instanceof SinkConnector) base = sinkConnectorConfigDef(connectorConfigDef({ connectorVersion: registry.versionOf(plugin) }))
  else if (instance instanceof SourceConnector) base = sourceConnectorConfigDef(connectorConfigDef({ connectorVersion: registry.versionOf(plugin) }))
  if (typeof instance?.config !== 'function') {
    throw new BadRequestException(`Invalid plugin class ${pluginName}. Valid types are sink, source, converter, header_converter, transformation, predicate.`)
  }
  const def = instance.config()
  if (def === null || def === undefined) throw new ConnectException(`${plugin.className}.config() must return a ConfigDef that is not null.`)
  return pluginConfigKeyInfos(def, base)
}
