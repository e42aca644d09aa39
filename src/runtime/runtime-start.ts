// What an assembled runtime (standalone or distributed) loads first: its log and its plugins.
// Shared by startStandalone and startDistributed.
//
// The log is opened first: on Kafka that imports the Kafka client, most of a worker's start-up,
// and plugin.path's directory and file reads can overlap it.

import { openLog } from '../log/index.ts'
import type { Log } from '../log/log.ts'
import { PLUGIN_PATH_CONFIG, type WorkerConfig } from './config/worker-config.ts'
import { builtinPluginRegistry } from './plugins/builtin-plugins.ts'
import { loadPluginPath } from './plugins/plugin-path.ts'
import type { PluginDescriptor, PluginRegistry } from './plugins/plugin-registry.ts'

/** A runtime's log and plugins. */
export interface LogAndPlugins {
  readonly log: Log
  /** Whether the log was opened here (and so is the runtime's to close). */
  readonly ownLog: boolean
  readonly registry: PluginRegistry
}

/**
 * Opens the log `config` names (unless `given`), and meanwhile builds the plugin registry: the
 * built-in plugins, `plugins`, and plugin.path's packages. A log opened here is closed again if
 * the plugins fail to load.
 */
export async function openLogAndPlugins (config: WorkerConfig, given: Log | undefined, plugins: readonly PluginDescriptor[] = []): Promise<LogAndPlugins> {
  const opening = given !== undefined ? Promise.resolve(given) : openLog(config.originalStrings())
  opening.catch(() => {}) // a failure is thrown where it is awaited, below
  const registry = builtinPluginRegistry(plugins)
  const pluginPath = config.getList(PLUGIN_PATH_CONFIG)
  try {
    if (pluginPath !== null && pluginPath.length > 0) await loadPluginPath(pluginPath, registry)
  } catch (error) {
    if (given === undefined) await opening.then(async opened => { await opened.close() }, () => {})
    throw error
  }
  return { log: await opening, ownLog: given === undefined, registry }
}
