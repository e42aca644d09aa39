// The plugins a worker knows: connectors, converters, header converters, transformations and
// predicates, built in or loaded from plugin.path. Configs name a plugin as Kafka Connect users
// do: by its full class name (org.apache.kafka.connect.file.FileStreamSourceConnector), its simple
// name (FileStreamSourceConnector), or the simple name without its type's suffix
// (FileStreamSource), the last two only when no other plugin claims them (Java's alias rules,
// PluginUtils.computeAliases). A name that matches nothing gets an error listing close matches.

import { ConnectException } from '../../api/errors.ts'
import type { PluginInfo } from '../../herder/herder.ts'

/** What a plugin is, named as GET /connector-plugins shows it. */
export type PluginType = PluginInfo['type']

/** Every plugin type, in the order GET /connector-plugins lists them (as Kafka does). */
export const PLUGIN_TYPES: readonly PluginType[] = ['sink', 'source', 'transformation', 'predicate', 'converter', 'header_converter']

/** A plugin, as a built-in list or a plugin package declares it. */
export interface PluginDescriptor {
  /**
   * The name configs use: the Java class name for a drop-in replacement of a Kafka plugin
   * (org.apache.kafka.connect.file.FileStreamSourceConnector), otherwise a name of the
   * package's choosing, preferably dotted the same way (com.example.MySourceConnector).
   */
  readonly className: string
  readonly type: PluginType
  /** More names that resolve to this plugin, besides the simple and pruned names derived from className. */
  readonly aliases?: readonly string[]
  /**
   * The version GET /connector-plugins shows. When left out, a connector's own version() is asked
   * once; other plugins then show none.
   */
  readonly version?: string | null
  /** A new, unconfigured instance (for a connector: a Connector; for a converter: a Converter; …). */
  create (): unknown
  /** Where the plugin came from: 'builtin' or the package directory (shown in messages). */
  readonly location?: string
}

/**
 * The simple name of each type's interface (Java's PluginType.simpleName()): messages call the
 * type by it, and a plugin's short alias drops it as a suffix (JsonConverter -> Json).
 */
const SIMPLE_NAME: Record<PluginType, string> = {
  source: 'Connector',
  sink: 'Connector',
  converter: 'Converter',
  header_converter: 'HeaderConverter',
  transformation: 'Transformation',
  predicate: 'Predicate',
}

/** The simple name of a class name: after the last '.' and, for nested classes, after the last '$'. */
export function simpleName (className: string): string {
  const afterDot = className.slice(className.lastIndexOf('.') + 1)
  return afterDot.slice(afterDot.lastIndexOf('$') + 1)
}

/** The simple name without its type's suffix, as Kafka's PluginUtils.prunedName. */
export function prunedName (className: string, type: PluginType): string {
  const simple = simpleName(className)
  const position = simple.lastIndexOf(SIMPLE_NAME[type])
  return position > 0 ? simple.slice(0, position) : simple
}

/** The plugins of one worker, by name and type. */
export class PluginRegistry {
  readonly #plugins: PluginDescriptor[] = []
  /** Alias -> class names claiming it; an alias with more than one claimant resolves to nothing. */
  #aliases: Map<string, Set<string>> | null = null
  readonly #versions = new Map<PluginDescriptor, string | null>()

  /** Adds a plugin; a second plugin of the same class name and type is refused. */
  register (descriptor: PluginDescriptor): void {
    if (typeof descriptor.className !== 'string' || descriptor.className === '') {
      throw new ConnectException('A plugin must have a non-empty className')
    }
    if (!PLUGIN_TYPES.includes(descriptor.type)) {
      throw new ConnectException(`The plugin ${descriptor.className} has an unknown type '${String(descriptor.type)}'; ` +
        `use one of ${PLUGIN_TYPES.join(', ')}`)
    }
    if (typeof descriptor.create !== 'function') {
      throw new ConnectException(`The plugin ${descriptor.className} has no create() function`)
    }
    const existing = this.#plugins.find(p => p.className === descriptor.className && p.type === descriptor.type)
    if (existing !== undefined) {
      throw new ConnectException(`A ${descriptor.type} plugin named ${descriptor.className} is already registered ` +
        `(from ${existing.location ?? 'builtin'}); the one from ${descriptor.location ?? 'builtin'} is ignored`)
    }
    this.#plugins.push(descriptor)
    this.#aliases = null
  }

  /** Every registered plugin of these types (all types when none are given). */
  plugins (...types: PluginType[]): PluginDescriptor[] {
    return types.length === 0 ? [...this.#plugins] : this.#plugins.filter(p => types.includes(p.type))
  }

  /**
   * The plugin of one of `types` that `name` refers to (full class name, explicit alias, or
   * unambiguous simple or pruned name), or undefined. A class name registered under several of the
   * types (JsonConverter is a converter and a header converter) resolves to the first type listed.
   */
  find (name: string, ...types: PluginType[]): PluginDescriptor | undefined {
    const wanted = types.length === 0 ? PLUGIN_TYPES : types
    const pick = (className: string): PluginDescriptor | undefined => {
      for (const type of wanted) {
        const plugin = this.#plugins.find(p => p.className === className && p.type === type)
        if (plugin !== undefined) return plugin
      }
      return undefined
    }
    const direct = pick(name)
    if (direct !== undefined) return direct
    const claimants = this.#aliasTable().get(name)
    if (claimants !== undefined && claimants.size === 1) return pick([...claimants][0])
    return undefined
  }

  /** Like find, but throws a ConnectException that names what is available and what is close. */
  resolve (name: string, ...types: PluginType[]): PluginDescriptor {
    const found = this.find(name, ...types)
    if (found !== undefined) return found
    throw new ConnectException(this.notFoundMessage(name, ...types))
  }

  /**
   * Java's message for a name that matches no plugin of these types, plus the closest names:
   * "Failed to find any class that implements Connector and which name matches X, available
   * connectors are: A, B. Did you mean A?"
   */
  notFoundMessage (name: string, ...types: PluginType[]): string {
    const wanted = types.length === 0 ? PLUGIN_TYPES : types
    const candidates = this.#plugins.filter(p => wanted.includes(p.type))
    const noun = SIMPLE_NAME[wanted[0]]
    const what = wanted.every(t => t === 'source' || t === 'sink') ? 'connectors' : 'plugins'
    const ambiguous = this.#aliasTable().get(name)
    if (ambiguous !== undefined && ambiguous.size > 1) {
      return `More than one ${noun.toLowerCase()} matches alias ${name}. Please use full package and class name instead. ` +
        `Classes found: ${[...ambiguous].sort().join(', ')}`
    }
    let message = `Failed to find any class that implements ${noun} and which name matches ${name}, ` +
      `available ${what} are: ${candidates.map(p => p.className).sort().join(', ')}`
    const suggestions = this.closeMatches(name, ...wanted)
    if (suggestions.length > 0) message += `. Did you mean ${suggestions.join(' or ')}?`
    return message
  }

  /** Up to three names of these types that look like `name` (case, typos, a missing package). */
  closeMatches (name: string, ...types: PluginType[]): string[] {
    const wanted = types.length === 0 ? PLUGIN_TYPES : types
    const target = name.toLowerCase()
    const scored: Array<{ name: string, score: number }> = []
    for (const plugin of this.#plugins.filter(p => wanted.includes(p.type))) {
      const names = this.namesOf(plugin)
      let best = Infinity
      let bestName = plugin.className
      for (const candidate of names) {
        const lower = candidate.toLowerCase()
        const distance = lower === target ? 0 : editDistance(lower, target)
        if (distance < best) {
          best = distance
          bestName = candidate
        }
      }
      const similarEnough = best <= Math.max(2, Math.floor(target.length / 4))
      const contains = target.length >= 4 && names.some(n => n.toLowerCase().includes(target))
      if (similarEnough || contains) scored.push({ name: bestName, score: contains && !similarEnough ? 100 : best })
    }
    scored.sort((a, b) => a.score - b.score || (a.name < b.name ? -1 : 1))
    // A name that differs only in case is the answer; others would only distract.
    const best = scored.length > 0 && scored[0].score === 0 ? scored.filter(s => s.score === 0) : scored
    return [...new Set(best.map(s => s.name))].slice(0, 3)
  }

  /** The names that resolve to this plugin: its class name, explicit aliases, and unambiguous derived aliases. */
  namesOf (plugin: PluginDescriptor): string[] {
    const names = [plugin.className]
    for (const [alias, claimants] of this.#aliasTable()) {
      if (claimants.size === 1 && claimants.has(plugin.className) && alias !== plugin.className) names.push(alias)
    }
    return names
  }

  /** The version GET /connector-plugins shows for a plugin, or null for none. */
  versionOf (plugin: PluginDescriptor): string | null {
    if (plugin.version !== undefined) return plugin.version
    if (this.#versions.has(plugin)) return this.#versions.get(plugin) ?? null
    let version: string | null = null
    try {
      const instance = plugin.create() as { version?: () => unknown }
      if (typeof instance?.version === 'function') {
        const v = instance.version()
        if (typeof v === 'string' && v !== '') version = v
      }
    } catch {
      // A plugin that cannot be created shows no version; using it reports the error.
    }
    this.#versions.set(plugin, version)
    return version
  }

  /**
   * GET /connector-plugins: sinks, then sources, then (unless connectorsOnly) transformations,
   * predicates, converters and header converters, each group sorted by class name, as Kafka lists them.
   */
  pluginInfos (connectorsOnly: boolean): PluginInfo[] {
    const types = connectorsOnly ? PLUGIN_TYPES.filter(t => t === 'sink' || t === 'source') : PLUGIN_TYPES
    const result: PluginInfo[] = []
    for (const type of types) {
      const ofType = this.#plugins.filter(p => p.type === type).sort((a, b) => a.className < b.className ? -1 : a.className > b.className ? 1 : 0)
      for (const plugin of ofType) {
        const version = this.versionOf(plugin)
        result.push(version === null ? { class: plugin.className, type } : { class: plugin.className, type, version })
      }
    }
    return result
  }

  #aliasTable (): Map<string, Set<string>> {
    if (this.#aliases !== null) return this.#aliases
    const table = new Map<string, Set<string>>()
    const claim = (alias: string, className: string): void => {
      if (alias === '') return
      let claimants = table.get(alias)
      if (claimants === undefined) {
        claimants = new Set()
        table.set(alias, claimants)
      }
      claimants.add(className)
    }
    for (const plugin of this.#plugins) {
      claim(simpleName(plugin.className), plugin.className)
      claim(prunedName(plugin.className, plugin.type), plugin.className)
      for (const alias of plugin.aliases ?? []) claim(alias, plugin.className)
    }
    this.#aliases = table
    return table
  }
}

/** Levenshtein distance, for suggestions. */
function editDistance (a: string, b: string): number {
  if (a === b) return 0
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.length]
}
