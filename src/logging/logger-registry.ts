// The loggers of a process and their levels, with the semantics Kafka Connect's /admin/loggers
// exposes (Kafka's Loggers class over log4j 2):
//
// - A logger's level is the level set on it, else on its nearest dotted ancestor that has one
//   (a.b.C looks at a.b.C, a.b, a), else the root's. The root is named "root" (or "").
// - Known loggers are those code has asked for plus those a level was ever set on; asking for the
//   level of any other name is "not found".
// - Setting a level on a namespace sets it on the namespace and on every logger whose name starts
//   with it (a plain prefix, as log4j's Configurator.setAllLevels does), and reports, sorted, the
//   loggers whose level changed. Those get a last_modified time; the others keep null.

import { Logger, type LoggerState, type LogOutput } from './logger.ts'
import { LEVEL_NAMES, parseLevel, severity, type LevelName } from './level.ts'

/** The name the REST API uses for the root logger. */
export const ROOT_LOGGER = 'root'

/** A logger's level as /admin/loggers shows it. */
export interface LoggerLevelInfo {
  level: LevelName
  /** Epoch ms of the last change through setLevel; null when never changed. */
  last_modified: number | null
}

/** Whether `name` names the root logger ("root" in any case, or ""). */
export function isRootLoggerName (name: string): boolean {
  return name === '' || name.toLowerCase() === ROOT_LOGGER
}

/** A set of named loggers sharing one output, with per-name levels and inheritance. */
export class LoggerRegistry {
  // Levels set explicitly, by internal name ("" is the root).
  readonly #levels = new Map<string, LevelName>([['', 'INFO']])
  readonly #loggers = new Map<string, LoggerState>()
  readonly #instances = new Map<string, Logger>()
  readonly #lastModified = new Map<string, number>()
  readonly #output: LogOutput

  /** `output` receives every line; its clock also stamps last_modified. */
  constructor (output: LogOutput, rootLevel: LevelName = 'INFO') {
    this.#output = output
    this.#levels.set('', rootLevel)
  }

  /** The logger named `name`, created on first use. */
  getLogger (name: string): Logger {
    const internal = isRootLoggerName(name) ? '' : name
    let logger = this.#instances.get(internal)
    if (logger === undefined) {
      const state = { name: internal === '' ? ROOT_LOGGER : internal, threshold: severity(this.#effectiveLevel(internal)) }
      this.#loggers.set(internal, state)
      logger = new Logger(state, this.#output)
      this.#instances.set(internal, logger)
    }
    return logger
  }

  /** The level of a known logger (its own or inherited), or undefined if no such logger exists. */
  level (name: string): LoggerLevelInfo | undefined {
    const internal = isRootLoggerName(name) ? '' : name
    if (!this.#isKnown(internal)) return undefined
    return this.#info(internal)
  }

  /** Every known logger whose level is not OFF, sorted by name; the root is "root". */
  allLevels (): Map<string, LoggerLevelInfo> {
    const names = [...this.#knownNames()].map(n => n === '' ? ROOT_LOGGER : n).sort()
    const result = new Map<string, LoggerLevelInfo>()
    for (const name of names) {
      const info = this.#info(isRootLoggerName(name) ? '' : name)
      if (info.level !== 'OFF') result.set(name, info)
    }
    return result
  }

  /**
   * Sets `level` on `namespace` and every logger under it; returns the sorted names of the loggers
   * whose level changed. Throws on a level log4j does not know.
   */
  setLevel (namespace: string, level: string): string[] {
    const newLevel = parseLevel(level)
    if (newLevel === undefined) throw new Error(`Unknown log level '${level}'; use one of ${LEVEL_NAMES.join(', ')}`)
    const internal = isRootLoggerName(namespace) ? '' : namespace
    const before = this.allLevels()
    const candidates = new Set([...this.#knownNames()].filter(n => n.startsWith(internal)))
    candidates.add(internal)

    this.#levels.set(internal, newLevel)
    for (const name of this.#levels.keys()) {
      if (name.startsWith(internal)) this.#levels.set(name, newLevel)
    }
    for (const [name, state] of this.#loggers) state.threshold = severity(this.#effectiveLevel(name))

    const now = this.#output.now()
    const changed: string[] = []
    for (const name of candidates) {
      const shown = name === '' ? ROOT_LOGGER : name
      // A logger at OFF is missing from `before`, so setting it counts as a change (as in Kafka).
      if (before.get(shown)?.level !== this.#effectiveLevel(name)) {
        this.#lastModified.set(shown, now)
        changed.push(shown)
      }
    }
    return changed.sort()
  }

  #isKnown (internal: string): boolean {
    return internal === '' || this.#loggers.has(internal) || this.#levels.has(internal)
  }

  #knownNames (): Set<string> {
    return new Set([...this.#levels.keys(), ...this.#loggers.keys()])
  }

  #info (internal: string): LoggerLevelInfo {
    return {
      level: this.#effectiveLevel(internal),
      last_modified: this.#lastModified.get(internal === '' ? ROOT_LOGGER : internal) ?? null,
    }
  }

  #effectiveLevel (internal: string): LevelName {
    let name = internal
    while (name !== '') {
      const level = this.#levels.get(name)
      if (level !== undefined) return level
      const dot = name.lastIndexOf('.')
      name = dot < 0 ? '' : name.slice(0, dot)
    }
    return this.#levels.get('') ?? 'INFO'
  }
}
