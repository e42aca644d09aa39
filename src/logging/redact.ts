// Keeps secrets out of log lines: a config map printed through redactConfig shows "[hidden]"
// for every PASSWORD setting, every Password value, every setting whose name says it holds a
// secret, and every config provider reference (`${provider:path:key}`), whose resolved value is
// a secret by intent.

import type { ConfigDef } from '../api/config/config-def.ts'
import { HIDDEN, Password } from '../api/config/password.ts'

/** Names of settings that hold secrets whatever their declared type (a safety net for plain maps). */
const SECRET_NAME = /password|secret|jaas\.config|credential|token|api\.key|user\.info|private\.key|access\.key/i

/** A KIP-297 config provider reference, such as ${file:/etc/kafka/secrets.properties:db.password}. */
const PROVIDER_REFERENCE = /\$\{[^}:]*:[^}]*\}/

/** Whether a setting's value must not be shown. */
export function isSecretSetting (name: string, value: unknown, configDef?: ConfigDef): boolean {
  if (value instanceof Password) return true
  if (configDef?.configKeys().get(name)?.type === 'PASSWORD') return true
  if (SECRET_NAME.test(name)) return true
  return typeof value === 'string' && PROVIDER_REFERENCE.test(value)
}

/**
 * A copy of `config` fit for a log line: secret values replaced by "[hidden]" (see
 * isSecretSetting), other values as text. Pass the plugin's ConfigDef when there is one.
 */
export function redactConfig (config: Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>, configDef?: ConfigDef): Record<string, string | null> {
  const entries = config instanceof Map ? [...config.entries()] : Object.entries(config)
  const result: Record<string, string | null> = {}
  for (const [name, value] of entries) {
    if (value === null || value === undefined) result[name] = null
    else result[name] = isSecretSetting(name, value, configDef) ? HIDDEN : String(value)
  }
  return result
}

/** `config` as Kafka prints config maps in logs (`{a=1, b=[hidden]}`), secrets hidden. */
export function configText (config: Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>, configDef?: ConfigDef): string {
  return '{' + Object.entries(redactConfig(config, configDef)).map(([k, v]) => `${k}=${v}`).join(', ') + '}'
}
