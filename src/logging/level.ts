// Log levels with log4j 2's names and order. The REST API (/admin/loggers) accepts every name
// log4j accepts, in any case; the code logs at ERROR, WARN, INFO, DEBUG and TRACE.

/** The level names log4j 2 knows, most severe first. */
export const LEVEL_NAMES = ['OFF', 'FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE', 'ALL'] as const

/** A level's name, upper case. */
export type LevelName = typeof LEVEL_NAMES[number]

/** The levels a message can be logged at. */
export type MessageLevel = 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE'

// log4j 2's intLevel values: a message is logged when its level's value is at most the logger's.
const SEVERITY: Readonly<Record<LevelName, number>> = {
  OFF: 0,
  FATAL: 100,
  ERROR: 200,
  WARN: 300,
  INFO: 400,
  DEBUG: 500,
  TRACE: 600,
  ALL: Number.MAX_SAFE_INTEGER,
}

/** The level named `name` in any case (as log4j's Level.getLevel), or undefined. */
export function parseLevel (name: string): LevelName | undefined {
  const upper = name.toUpperCase()
  return (LEVEL_NAMES as readonly string[]).includes(upper) ? upper as LevelName : undefined
}

/** The number compared against a logger's threshold: smaller is more severe. */
export function severity (level: LevelName): number {
  return SEVERITY[level]
}
