// The process's loggers. Code asks for a logger by its Java-style name:
//
//   const log = getLogger('org.apache.kafka.connect.runtime.Worker')
//   log.info('Creating task {}', id)
//
// Lines go to stdout, as Kafka Connect's connect-log4j2 console appender writes them, until
// configureLogging says otherwise (the CLI sends them to stderr when stdout carries data, such as
// `kconnect topics tail`). /admin/loggers reads and changes levels through `loggers`.

import { LoggerRegistry } from './logger-registry.ts'
import { parseLevel, type LevelName } from './level.ts'
import type { Logger, LogOutput } from './logger.ts'

export { Logger } from './logger.ts'
export { LoggerRegistry, ROOT_LOGGER, isRootLoggerName, type LoggerLevelInfo } from './logger-registry.ts'
export { LEVEL_NAMES, parseLevel, type LevelName, type MessageLevel } from './level.ts'
export { redactConfig, configText, isSecretSetting } from './redact.ts'

const output: LogOutput = {
  write: line => { process.stdout.write(line) },
  now: () => Date.now(),
}

/** The registry of this process's loggers. */
export const loggers = new LoggerRegistry(output)

/** The logger named `name` (a Java-style dotted name; "root" is the root logger). */
export function getLogger (name: string): Logger {
  return loggers.getLogger(name)
}

export interface LoggingOptions {
  /** Where lines go: stdout (the default, as Connect), stderr, or a function (tests). */
  destination?: 'stdout' | 'stderr' | ((line: string) => void)
  /**
   * Levels as `ROOTLEVEL,name=LEVEL,…`, such as `INFO,org.apache.kafka.connect.runtime=DEBUG`
   * (the format of the KCONNECT_LOG_LEVEL environment variable).
   */
  levels?: string
}

/** Changes where lines go and the initial levels. Throws on a level spec it cannot read. */
export function configureLogging (options: LoggingOptions): void {
  const destination = options.destination
  if (destination === 'stdout') output.write = line => { process.stdout.write(line) }
  else if (destination === 'stderr') output.write = line => { process.stderr.write(line) }
  else if (typeof destination === 'function') output.write = destination
  if (options.levels !== undefined) {
    for (const [name, level] of parseLevelSpec(options.levels)) loggers.setLevel(name, level)
  }
}

/** Reads `INFO,a.b=DEBUG` into [['root','INFO'],['a.b','DEBUG']]; throws on an unknown level. */
export function parseLevelSpec (spec: string): Array<[string, LevelName]> {
  const result: Array<[string, LevelName]> = []
  for (const part of spec.split(',').map(p => p.trim()).filter(p => p !== '')) {
    const eq = part.indexOf('=')
    const name = eq < 0 ? 'root' : part.slice(0, eq).trim()
    const levelText = eq < 0 ? part : part.slice(eq + 1).trim()
    const level = parseLevel(levelText)
    if (level === undefined) {
      throw new Error(`Unknown log level '${levelText}' in '${spec}': use OFF, FATAL, ERROR, WARN, INFO, DEBUG, TRACE or ALL`)
    }
    result.push([name, level])
  }
  return result
}
