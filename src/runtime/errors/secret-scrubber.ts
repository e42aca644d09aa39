// Keeps a task's secrets out of what error handling writes: error logs, dead letter queue headers
// and the summaries that start task traces. A message may quote a setting's value (a connector's
// "cannot connect as admin:hunter2", a ConfigException's "Invalid value …"), so every secret value
// of the task's configuration is replaced by [hidden] wherever it appears. Which settings are
// secret: PASSWORD settings of the connector's and plugins' definitions, Password values, names
// that say they hold a secret, and config provider references (src/logging/redact.ts).

import type { ConfigDef } from '../../api/config/config-def.ts'
import { HIDDEN, Password } from '../../api/config/password.ts'
import { isSecretSetting } from '../../logging/redact.ts'

/**
 * Shorter values are not scrubbed: replacing every "on" or "abc" in a message would make errors
 * unreadable, and secrets that short protect nothing.
 */
const MIN_SECRET_LENGTH = 4

/** Replaces known secret values in text. */
export class SecretScrubber {
  /** Longest first, so a secret containing another is replaced whole. */
  readonly #secrets: readonly string[]

  constructor (secrets: Iterable<string>) {
    this.#secrets = [...new Set(secrets)].filter(s => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length)
  }

  /** A scrubber for the secret values of these configurations, judged with these definitions. */
  static forConfigs (configs: ReadonlyArray<Readonly<Record<string, unknown>>>, definitions: ReadonlyArray<ConfigDef | null | undefined>): SecretScrubber {
    const secrets: string[] = []
    for (const config of configs) {
      for (const [name, value] of Object.entries(config)) {
        if (value === null || value === undefined) continue
        const secret = isSecretSetting(name, value) || definitions.some(def => def !== null && def !== undefined && isSecretSetting(name, value, def))
        if (!secret) continue
        secrets.push(value instanceof Password ? value.value() : String(value))
      }
    }
    return new SecretScrubber(secrets)
  }

  /** A scrubber that changes nothing. */
  static readonly NONE = new SecretScrubber([])

  /** `text` with every secret replaced by [hidden]. */
  scrub (text: string): string {
    let result = text
    for (const secret of this.#secrets) {
      if (result.includes(secret)) result = result.split(secret).join(HIDDEN)
    }
    return result
  }
}
