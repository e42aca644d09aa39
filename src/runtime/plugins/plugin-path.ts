// Loads the connector packages of the worker's plugin.path and registers their plugins.
//
// plugin.path lists directories. Each is either a connector package itself (a folder whose
// package.json has a "kconnect" manifest, see plugin-manifest.ts), or a folder of them: packages
// as subfolders, @scope/package subfolders, and a node_modules folder laid out the same way (what
// `npm install --prefix <dir> <package>` makes). Packages without a manifest are dependencies and
// are passed over. Each package's modules are imported (dynamic import(): .ts through Node's type
// stripping, .js as is) and each declared class is checked by creating one instance.
//
// A package that cannot be used (bad manifest, a module that fails to load, a class of the wrong
// kind) is logged with the reason and skipped as a whole; the worker starts without it, and the
// returned report lists it. Nothing here throws for a bad package.

import { readdir, readFile, realpath, stat } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Connector } from '../../api/connector/connector.ts'
import { SinkConnector } from '../../api/sink/sink-connector.ts'
import { SourceConnector } from '../../api/source/source-connector.ts'
import { getLogger, type Logger } from '../../logging/index.ts'
import { installModuleHooks } from './module-hooks.js'
import { parseManifest, PluginManifestError, type ManifestEntry } from './plugin-manifest.ts'
import type { PluginDescriptor, PluginRegistry, PluginType } from './plugin-registry.ts'

/** A package whose plugins were registered. */
export interface LoadedPluginPackage {
  readonly name: string
  readonly version: string | null
  readonly directory: string
  readonly plugins: readonly PluginDescriptor[]
}

/** Something on plugin.path that could not be used, and why. */
export interface PluginPathFailure {
  /** The plugin.path entry, package directory, or plugin class at fault. */
  readonly location: string
  readonly message: string
  readonly cause?: unknown
}

/** What loading plugin.path did. */
export interface PluginPathReport {
  readonly packages: readonly LoadedPluginPackage[]
  readonly failures: readonly PluginPathFailure[]
}

/** The methods a plugin of each non-connector type must have. */
const REQUIRED_METHODS: Record<Exclude<PluginType, 'source' | 'sink'>, readonly string[]> = {
  converter: ['configure', 'fromConnectData', 'toConnectData'],
  header_converter: ['configure', 'fromConnectHeader', 'toConnectHeader'],
  transformation: ['apply'],
  predicate: ['test'],
}

const defaultLog = getLogger('org.apache.kafka.connect.runtime.isolation.PluginScanner')

/**
 * Loads every connector package under `pluginPath` (plugin.path: a list, or its comma-separated
 * text) into `registry`. Bad entries and packages are logged and skipped, never thrown.
 */
export async function loadPluginPath (pluginPath: readonly string[] | string | null | undefined,
  registry: Pick<PluginRegistry, 'register'>, log: Logger = defaultLog): Promise<PluginPathReport> {
  const entries = typeof pluginPath === 'string' ? pluginPath.split(',') : [...(pluginPath ?? [])]
  const packages: LoadedPluginPackage[] = []
  const failures: PluginPathFailure[] = []
  const fail = (failure: PluginPathFailure): void => {
    failures.push(failure)
    // The stack only where it helps: a module that failed to load (a syntax error, a missing import).
    const cause = failure.cause instanceof Error ? failure.cause.cause : undefined
    log.error('{}', failure.message, ...(cause instanceof Error ? [cause] : []))
  }
  const trimmed = entries.map(e => e.trim()).filter(e => e !== '')
  if (trimmed.length === 0) return { packages, failures }

  // Before the first import: `kconnect/api` must resolve to this worker's API.
  installModuleHooks()
  const seen = new Set<string>()
  for (const entry of trimmed) {
    let packageDirs: FoundPackage[]
    try {
      packageDirs = await findPackages(resolve(entry), fail)
    } catch (error) {
      fail({ location: entry, message: `Could not read the plugin.path entry '${entry}': ${messageOf(error)}. Ignoring it.`, cause: error })
      continue
    }
    for (const { directory, manifest } of packageDirs) {
      const real = await realpath(directory)
      if (seen.has(real)) continue
      seen.add(real)
      log.info('Loading plugin package from: {}', directory)
      const loaded = await loadPackage(directory, manifest, registry, fail)
      if (loaded !== null) {
        packages.push(loaded)
        for (const plugin of loaded.plugins) {
          log.info("Added plugin '{}' ({}, version {}) from {}", plugin.className, plugin.type, plugin.version ?? 'undefined', directory)
        }
      }
    }
  }
  return { packages, failures }
}

interface FoundPackage {
  directory: string
  /** The parsed package.json. */
  manifest: Record<string, unknown>
}

/**
 * The connector packages in a plugin.path entry; throws when the entry cannot be read. A
 * subfolder whose package.json cannot be read is reported through `fail` and passed over.
 */
async function findPackages (entry: string, fail: (failure: PluginPathFailure) => void): Promise<FoundPackage[]> {
  if (!(await stat(entry)).isDirectory()) throw new Error('it is not a directory')
  const own = await readPackageJson(entry)
  if (own !== null && Object.hasOwn(own, 'kconnect')) return [{ directory: entry, manifest: own }]
  const found: FoundPackage[] = []
  await collectPackages(entry, found, true, fail)
  return found
}

/** Adds the connector packages among the subfolders of `dir` (with @scopes and, once, node_modules). */
async function collectPackages (dir: string, found: FoundPackage[], descendIntoNodeModules: boolean,
  fail: (failure: PluginPathFailure) => void): Promise<void> {
  for (const name of (await readdir(dir)).sort()) {
    if (name.startsWith('.')) continue
    const path = join(dir, name)
    if (!(await isDirectory(path))) continue
    if (name === 'node_modules') {
      if (descendIntoNodeModules) await collectPackages(path, found, false, fail)
    } else if (name.startsWith('@')) {
      await collectPackages(path, found, false, fail)
    } else {
      let manifest: Record<string, unknown> | null
      try {
        manifest = await readPackageJson(path)
      } catch (error) {
        fail({ location: path, message: `Could not read ${join(path, 'package.json')}: ${messageOf(error)}. Ignoring ${path}.` })
        continue
      }
      if (manifest !== null && Object.hasOwn(manifest, 'kconnect')) found.push({ directory: path, manifest })
    }
  }
}

/** A folder's package.json, or null when there is none; throws when it is not a JSON object. */
async function readPackageJson (dir: string): Promise<Record<string, unknown> | null> {
  let text: string
  try {
    text = await readFile(join(dir, 'package.json'), 'utf8')
  } catch {
    return null
  }
  const parsed: unknown = JSON.parse(text)
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${dir}/package.json is not a JSON object`)
  return parsed as Record<string, unknown>
}

/** Imports, checks and registers one package's plugins; null (after reporting why) when it cannot be used. */
async function loadPackage (directory: string, packageJson: Record<string, unknown>, registry: Pick<PluginRegistry, 'register'>,
  fail: (failure: PluginPathFailure) => void): Promise<LoadedPluginPackage | null> {
  const name = typeof packageJson.name === 'string' && packageJson.name !== '' ? packageJson.name : basename(directory)
  const version = typeof packageJson.version === 'string' && packageJson.version !== '' ? packageJson.version : null
  const where = `Plugin package ${name} (${directory})`
  let descriptors: PluginDescriptor[]
  try {
    const entries = parseManifest(packageJson.kconnect, directory)
    descriptors = []
    const modules = new Map<string, Record<string, unknown>>()
    for (const entry of entries) descriptors.push(await describePlugin(entry, version, directory, modules))
  } catch (error) {
    const reason = error instanceof PluginManifestError || error instanceof PluginClassError
      ? error.message
      : messageOf(error)
    fail({ location: directory, message: `${where} is skipped: ${reason}`, cause: error })
    return null
  }
  const registered: PluginDescriptor[] = []
  for (const descriptor of descriptors) {
    try {
      registry.register(descriptor)
      registered.push(descriptor)
    } catch (error) {
      fail({ location: `${directory}#${descriptor.className}`, message: `${where}: ${messageOf(error)}`, cause: error })
    }
  }
  return registered.length === 0 ? null : { name, version, directory, plugins: registered }
}

/** A declared class that is not what the manifest says it is. */
class PluginClassError extends Error {}

async function describePlugin (entry: ManifestEntry, packageVersion: string | null, directory: string,
  modules: Map<string, Record<string, unknown>>): Promise<PluginDescriptor> {
  let module = modules.get(entry.modulePath)
  if (module === undefined) {
    try {
      module = await import(pathToFileURL(entry.modulePath).href) as Record<string, unknown>
    } catch (error) {
      throw new PluginClassError(`"${entry.field}.module" (${entry.modulePath}) failed to load: ${messageOf(error)}`,
        { cause: error })
    }
    modules.set(entry.modulePath, module)
  }
  if (!Object.hasOwn(module, entry.exportName)) {
    const exported = Object.keys(module).join(', ') || 'nothing'
    throw new PluginClassError(`${entry.modulePath} has no export '${entry.exportName}' (from "${entry.field}.export"); ` +
      `it exports ${exported}`)
  }
  const pluginClass = module[entry.exportName]
  if (typeof pluginClass !== 'function') {
    throw new PluginClassError(`the export '${entry.exportName}' of ${entry.modulePath} is not a class`)
  }
  const PluginClass = pluginClass as new () => unknown
  let instance: unknown
  try {
    instance = new PluginClass()
  } catch (error) {
    throw new PluginClassError(`${entry.className} could not be created with no arguments: ${messageOf(error)}`, { cause: error })
  }
  const type = pluginType(entry, instance)
  return {
    className: entry.className,
    type,
    aliases: entry.aliases,
    version: ownVersion(instance) ?? packageVersion,
    location: directory,
    create: () => new PluginClass(),
  }
}

/** The registry type of a declared plugin, checked against what its instance is. */
function pluginType (entry: ManifestEntry, instance: unknown): PluginType {
  if (entry.kind === 'connector') {
    if (instance instanceof SourceConnector) return 'source'
    if (instance instanceof SinkConnector) return 'sink'
    const hint = inheritsByName(instance, ['SourceConnector', 'SinkConnector', 'Connector'])
      ? ' It extends a different copy of the kconnect API: import the base classes from \'kconnect/api\', ' +
        'and let the worker provide it (a peer dependency), rather than bundling your own.'
      : ''
    const what = instance instanceof Connector ? 'extends Connector, but neither SourceConnector nor SinkConnector' : 'is not a connector'
    throw new PluginClassError(`${entry.className} (from "${entry.field}") ${what}; ` +
      `a connector must extend SourceConnector or SinkConnector from 'kconnect/api'.${hint}`)
  }
  const missing = REQUIRED_METHODS[entry.kind].filter(m => typeof (instance as Record<string, unknown>)[m] !== 'function')
  if (missing.length > 0) {
    throw new PluginClassError(`${entry.className} (from "${entry.field}") is not a ${entry.kind}: it has no ${missing.join(', ')} method`)
  }
  return entry.kind
}

/** Whether a class of one of these names is on the prototype chain (a sign of a second API copy). */
function inheritsByName (instance: unknown, names: readonly string[]): boolean {
  for (let proto = Object.getPrototypeOf(instance); proto !== null; proto = Object.getPrototypeOf(proto)) {
    if (names.includes((proto.constructor as { name?: string } | undefined)?.name ?? '')) return true
  }
  return false
}

/** The version a plugin reports itself (version(), as Kafka's Versioned plugins), if any. */
function ownVersion (instance: unknown): string | null {
  const version = (instance as { version?: unknown }).version
  if (typeof version !== 'function') return null
  try {
    const value: unknown = version.call(instance)
    return typeof value === 'string' && value !== '' ? value : null
  } catch {
    return null
  }
}

async function isDirectory (path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory()
  } catch {
    return false
  }
}

function messageOf (error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
