// Keeps secrets out of the REST API's answers, where Kafka Connect shows them in clear: every
// PASSWORD setting of a connector config reads "[hidden]" (connector info, config, task configs).
// Which settings are PASSWORD comes from the plugins' own definitions, through the herder
// (GET /connector-plugins/{class}/config): the connector's, its converters' (key.converter.*, …),
// its transforms' and predicates' (transforms.<alias>.*, predicates.<alias>.*), and Kafka's client
// secrets under producer.override., consumer.override. and admin.override.
//
// So that reading a config, changing one setting and writing it back keeps working, a PASSWORD
// setting written as "[hidden]" keeps the value the connector already has.

import { HIDDEN } from '../api/config/password.ts'
import type { Herder } from '../herder/herder.ts'

/** Kafka client settings of type PASSWORD (SSL, SASL and OAuth secrets). */
const CLIENT_PASSWORD_SETTINGS = new Set([
  'ssl.key.password', 'ssl.keystore.password', 'ssl.truststore.password', 'ssl.keystore.key',
  'ssl.keystore.certificate.chain', 'ssl.truststore.certificates', 'sasl.jaas.config',
  'sasl.oauthbearer.client.credentials.client.secret', 'sasl.oauthbearer.assertion.private.key.passphrase',
])
const CLIENT_OVERRIDE_PREFIXES = ['producer.override.', 'consumer.override.', 'admin.override.']
const CONVERTER_PREFIXES = ['key.converter', 'value.converter', 'header.converter']

type Config = Readonly<Record<string, string | null>>

/** Finds and hides the PASSWORD settings of connector configs. */
export class SecretGuard {
  readonly #herder: () => Herder
  // The PASSWORD setting names of each plugin class; plugins do not change while a worker runs.
  readonly #passwords = new Map<string, Promise<ReadonlySet<string>>>()

  constructor (herder: () => Herder) {
    this.#herder = herder
  }

  #passwordSettings (pluginClass: string | null | undefined): Promise<ReadonlySet<string>> {
    if (pluginClass === null || pluginClass === undefined || pluginClass.trim() === '') return Promise.resolve(new Set())
    let names = this.#passwords.get(pluginClass)
    if (names === undefined) {
      names = this.#herder().pluginConfig(pluginClass.trim()).then(
        keys => new Set(keys.filter(key => key.type === 'PASSWORD').map(key => key.name)),
        // An unknown plugin fails elsewhere, with its own message; it has no known secrets.
        () => new Set<string>())
      this.#passwords.set(pluginClass, names)
    }
    return names
  }

  /** The names of the settings of `config` that hold secrets. */
  async secretSettings (config: Config): Promise<Set<string>> {
    const secrets = new Set<string>()
    const add = async (pluginClass: string | null | undefined, prefix: string): Promise<void> => {
      for (const name of await this.#passwordSettings(pluginClass)) secrets.add(prefix + name)
    }
    await add(config['connector.class'], '')
    for (const prefix of CONVERTER_PREFIXES) await add(config[prefix], prefix + '.')
    for (const kind of ['transforms', 'predicates']) {
      for (const alias of (config[kind] ?? '').split(',').map(a => a.trim()).filter(a => a !== '')) {
        await add(config[`${kind}.${alias}.type`], `${kind}.${alias}.`)
      }
    }
    for (const name of Object.keys(config)) {
      const prefix = CLIENT_OVERRIDE_PREFIXES.find(p => name.startsWith(p))
      if (prefix !== undefined && CLIENT_PASSWORD_SETTINGS.has(name.slice(prefix.length))) secrets.add(name)
    }
    return secrets
  }

  /** A copy of `config` with its secrets "[hidden]"; `typesFrom` says which they are (default: `config` itself). */
  async hide<T extends Config> (config: T, typesFrom: Config = config): Promise<T> {
    const secrets = await this.secretSettings(typesFrom)
    if (secrets.size === 0) return config
    const copy: Record<string, string | null> = { ...config }
    for (const name of secrets) {
      if (copy[name] !== undefined && copy[name] !== null) copy[name] = HIDDEN
    }
    return copy as T
  }

  /** `incoming` with every secret written as "[hidden]" given back the value `existing` has for it. */
  async restore<T extends Config> (incoming: T, existing: Config | undefined): Promise<T> {
    if (existing === undefined || !Object.values(incoming).includes(HIDDEN)) return incoming
    const secrets = await this.secretSettings({ ...existing, ...incoming })
    const restored: Record<string, string | null> = { ...incoming }
    for (const [name, value] of Object.entries(incoming)) {
      const kept = existing[name]
      if (value === HIDDEN && secrets.has(name) && kept !== undefined && kept !== null) restored[name] = kept
    }
    return restored as T
  }
}
