// What route handlers share: the herder (once the worker has one), the loggers, the REST config,
// and small helpers for query parameters and Location headers.

import type { Herder } from '../../herder/herder.ts'
import type { LoggerRegistry } from '../../logging/logger-registry.ts'
import type { RestServerConfig } from '../rest-config.ts'
import type { SecretGuard } from '../secrets.ts'

/** The state routes read. */
export interface RouteContext {
  /** The herder; the server answers 503 before there is one, so handlers may rely on it. */
  readonly herder: () => Herder
  readonly loggers: LoggerRegistry
  readonly config: RestServerConfig
  /** Hides PASSWORD settings in answers, and restores them when written back hidden. */
  readonly secrets: SecretGuard
  /** PUT /admin/loggers/{l}?scope=cluster. A standalone worker is the whole cluster. */
  readonly setClusterLoggerLevel: (namespace: string, level: string) => Promise<void>
}

/**
 * A Boolean query parameter as Jersey reads one: absent gives the default, "true" in any case is
 * true, anything else false.
 */
export function queryBoolean (query: URLSearchParams, name: string, defaultValue: boolean): boolean {
  const value = query.get(name)
  if (value === null) return defaultValue
  return value.toLowerCase() === 'true'
}

/**
 * `name` as a path segment of a Location header, encoded as Jersey's UriBuilder.path encodes it:
 * characters a path allows stay, others are percent-encoded, and '/' is kept.
 */
export function encodePath (name: string): string {
  return encodeURIComponent(name).replace(/%(2F|3A|40|24|26|2B|2C|3B|3D)/gi, (escape) => decodeURIComponent(escape))
}
