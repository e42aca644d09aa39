// Kafka's client configs (the names a Java worker file uses: security.protocol, sasl.jaas.config,
// request.timeout.ms, …) read into what @platformatic/kafka takes. Only the keys that change how
// kconnect talks to Kafka are read; the rest are noted on the debug log (NODE_DEBUG=kconnect-kafka)
// and ignored, because a worker file written for Java carries many that mean nothing here.

import { readFileSync } from 'node:fs'
import type { ConnectionOptions as TlsOptions } from 'node:tls'
import { debuglog } from 'node:util'
import { parseType } from '../../api/config/parse-type.ts'
import { ConfigException } from '../../api/errors.ts'

/** The debug log of the Kafka log (enable with NODE_DEBUG=kconnect-kafka). */
export const debug = debuglog('kconnect-kafka')

/** Reads typed values from a map of Kafka client configs, with Java's parsing and defaults. */
export class ClientConfig {
  readonly #values: Readonly<Record<string, string>>
  readonly #read = new Set<string>()

  constructor (values: Readonly<Record<string, string>> = {}) {
    this.#values = values
  }

  /** The raw text of `name`, or undefined. */
  raw (name: string): string | undefined {
    this.#read.add(name)
    const value = this.#values[name]
    return value === undefined || value === null ? undefined : String(value)
  }

  string (name: string, fallback: string): string
  string (name: string, fallback?: string): string | undefined
  string (name: string, fallback?: string): string | undefined {
    const raw = this.raw(name)
    return raw === undefined ? fallback : parseType(name, raw, 'STRING') as string
  }

  int (name: string, fallback: number): number {
    const raw = this.raw(name)
    return raw === undefined ? fallback : parseType(name, raw, 'INT') as number
  }

  long (name: string, fallback: number): number {
    const raw = this.raw(name)
    return raw === undefined ? fallback : parseType(name, raw, 'LONG') as number
  }

  bool (name: string, fallback: boolean): boolean
  bool (name: string, fallback?: boolean): boolean | undefined
  bool (name: string, fallback?: boolean): boolean | undefined {
    const raw = this.raw(name)
    return raw === undefined ? fallback : parseType(name, raw, 'BOOLEAN') as boolean
  }

  /** A non-negative duration in ms (Kafka's INT or LONG "*.ms" settings). */
  ms (name: string, fallback: number): number {
    const value = this.long(name, fallback)
    if (value < 0) throw new ConfigException(name, value, 'Value must be at least 0')
    return value
  }

  /** Notes on the debug log every key that nothing read, once the caller has read what it uses. */
  noteIgnored (what: string, known: ReadonlySet<string> = new Set()): void {
    const ignored = Object.keys(this.#values).filter(name => !this.#read.has(name) && !known.has(name))
    if (ignored.length > 0) debug('%s: ignoring configs that have no effect here: %s', what, ignored.join(', '))
  }
}

/** The connection settings every client of one cluster shares, as @platformatic/kafka takes them. */
export interface ConnectionSettings {
  readonly bootstrapBrokers: string[]
  readonly connectTimeout: number
  readonly requestTimeout: number
  readonly timeout: number
  readonly retryDelay: (client: unknown, operationId: string, attempt: number) => number
  readonly metadataMaxAge: number
  readonly tls?: TlsOptions
  readonly tlsServerName?: boolean
  readonly sasl?: { mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512', username: string, password: string }
  readonly clientRack?: string
}

/** The timing settings kconnect's own retry loops use. */
export interface Timing {
  /** default.api.timeout.ms: how long one operation (a commit, a lookup) keeps retrying. */
  readonly apiTimeoutMs: number
  /** retry.backoff.ms: the first pause between retries. */
  readonly retryBackoffMs: number
  /** retry.backoff.max.ms: the longest pause between retries. */
  readonly retryBackoffMaxMs: number
  /** metadata.max.age.ms: how often metadata is refreshed even when nothing asks for it. */
  readonly metadataMaxAgeMs: number
}

/** Splits bootstrap.servers text ("a:9092, b:9092") into host:port entries. */
export function parseBootstrapServers (servers: string[] | string): string[] {
  const list = (Array.isArray(servers) ? servers : [servers])
    .flatMap(entry => entry.split(','))
    .map(entry => entry.trim().replace(/^[A-Za-z_]+:\/\//, ''))
    .filter(entry => entry !== '')
  if (list.length === 0) {
    throw new ConfigException('bootstrap.servers', servers, 'Provide at least one host:port of a Kafka broker')
  }
  for (const entry of list) {
    if (!/^(\[[^\]]+\]|[^:]+):\d+$/.test(entry)) {
      throw new ConfigException('bootstrap.servers', entry, `Invalid url in bootstrap.servers: ${entry}. Use host:port`)
    }
  }
  return list
}

/** The retry timing of a client config. */
export function readTiming (config: ClientConfig): Timing {
  const retryBackoffMs = config.ms('retry.backoff.ms', 100)
  return {
    apiTimeoutMs: config.ms('default.api.timeout.ms', 60_000),
    retryBackoffMs,
    retryBackoffMaxMs: Math.max(retryBackoffMs, config.ms('retry.backoff.max.ms', 1000)),
    metadataMaxAgeMs: config.ms('metadata.max.age.ms', 300_000),
  }
}

/** The pause before retry number `attempt` (1-based): doubling from the base to the maximum, as Kafka's clients do. */
export function backoffMs (timing: Timing, attempt: number): number {
  return Math.min(timing.retryBackoffMaxMs, timing.retryBackoffMs * 2 ** Math.max(0, attempt - 1))
}

function readPemSetting (config: ClientConfig, textKey: string, locationKey: string, what: string): string | undefined {
  const text = config.string(textKey)
  if (text !== undefined && text !== '') return text
  const location = config.string(locationKey)
  if (location === undefined || location === '') return undefined
  try {
    return readFileSync(location, 'utf8')
  } catch (error) {
    throw new ConfigException(locationKey, location, `Cannot read the ${what} file: ${(error as Error).message}`)
  }
}

function readTls (config: ClientConfig): TlsOptions {
  const tls: TlsOptions = {}
  const truststoreType = config.string('ssl.truststore.type')
  const truststoreLocation = config.string('ssl.truststore.location')
  const truststoreText = config.string('ssl.truststore.certificates')
  if (truststoreLocation !== undefined || truststoreText !== undefined) {
    const ca = readPemSetting(config, 'ssl.truststore.certificates', 'ssl.truststore.location', 'truststore')
    if (ca !== undefined) {
      if ((truststoreType ?? 'PEM').toUpperCase() !== 'PEM' && !ca.includes('-----BEGIN')) {
        throw new ConfigException('ssl.truststore.type', truststoreType,
          'Only PEM truststores are supported: export the CA certificates to a PEM file and set ssl.truststore.type=PEM')
      }
      tls.ca = ca
    }
  }

  const keystoreType = (config.string('ssl.keystore.type') ?? 'PEM').toUpperCase()
  const keystoreLocation = config.string('ssl.keystore.location')
  if (keystoreType === 'PKCS12' && keystoreLocation !== undefined) {
    try {
      tls.pfx = readFileSync(keystoreLocation)
    } catch (error) {
      throw new ConfigException('ssl.keystore.location', keystoreLocation, `Cannot read the keystore file: ${(error as Error).message}`)
    }
    tls.passphrase = config.string('ssl.keystore.password')
  } else {
    const chain = config.string('ssl.keystore.certificate.chain')
    const key = config.string('ssl.keystore.key')
    if (chain !== undefined && key !== undefined) {
      tls.cert = chain
      tls.key = key
      tls.passphrase = config.string('ssl.key.password')
    } else if (keystoreLocation !== undefined) {
      if (keystoreType !== 'PEM') {
        throw new ConfigException('ssl.keystore.type', keystoreType,
          'Only PEM and PKCS12 keystores are supported: convert the keystore, or set ssl.keystore.certificate.chain and ssl.keystore.key')
      }
      const pem = readPemSetting(config, 'ssl.keystore.certificate.chain', 'ssl.keystore.location', 'keystore')
      tls.cert = pem
      tls.key = pem
      tls.passphrase = config.string('ssl.key.password')
    }
  }
  // An empty ssl.endpoint.identification.algorithm turns host name verification off, as in Java.
  if (config.string('ssl.endpoint.identification.algorithm', 'https') === '') {
    tls.checkServerIdentity = () => undefined
  }
  return tls
}

/** The options of the JAAS login module line in sasl.jaas.config (username="…" password="…"). */
export function parseJaasOptions (jaas: string): Map<string, string> {
  const options = new Map<string, string>()
  const pattern = /([A-Za-z_][\w.-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;]+))/g
  for (const match of jaas.matchAll(pattern)) {
    options.set(match[1], match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3])
  }
  return options
}

function readSasl (config: ClientConfig): ConnectionSettings['sasl'] {
  const mechanism = config.string('sasl.mechanism', 'GSSAPI').toUpperCase()
  if (mechanism !== 'PLAIN' && mechanism !== 'SCRAM-SHA-256' && mechanism !== 'SCRAM-SHA-512') {
    throw new ConfigException('sasl.mechanism', mechanism,
      'kconnect supports the SASL mechanisms PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512')
  }
  const jaas = config.raw('sasl.jaas.config')
  if (jaas === undefined || jaas.trim() === '') {
    throw new ConfigException(`sasl.jaas.config is required with sasl.mechanism=${mechanism}: ` +
      'set it to a login module line with username="…" and password="…"')
  }
  const options = parseJaasOptions(jaas)
  const username = options.get('username')
  const password = options.get('password')
  if (username === undefined || password === undefined) {
    // The value holds a password: the message names the setting, never its value.
    throw new ConfigException('sasl.jaas.config has no username="…" and password="…" options; ' +
      `both are needed with sasl.mechanism=${mechanism}`)
  }
  return { mechanism, username, password }
}

/** The connection settings of `config` for clients of the cluster at `bootstrapServers`. */
export function readConnectionSettings (config: ClientConfig, bootstrapServers: string[]): ConnectionSettings {
  const timing = readTiming(config)
  const requestTimeout = config.ms('request.timeout.ms', 30_000)
  const protocol = config.string('security.protocol', 'PLAINTEXT').toUpperCase()
  if (!['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'].includes(protocol)) {
    throw new ConfigException('security.protocol', protocol, 'String must be one of: PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL')
  }
  const clientRack = config.string('client.rack', '')
  return {
    bootstrapBrokers: bootstrapServers,
    connectTimeout: config.ms('socket.connection.setup.timeout.ms', 10_000),
    requestTimeout,
    timeout: requestTimeout,
    retryDelay: (_client, _operation, attempt) => backoffMs(timing, attempt),
    metadataMaxAge: timing.metadataMaxAgeMs,
    ...(protocol.endsWith('SSL') ? { tls: readTls(config) } : {}),
    ...(protocol.startsWith('SASL') ? { sasl: readSasl(config) } : {}),
    ...(clientRack === '' ? {} : { clientRack }),
  }
}

/**
 * How many times @platformatic/kafka should retry an operation so that, with kconnect's backoff,
 * retrying lasts about `budgetMs`.
 */
export function retriesWithin (timing: Timing, budgetMs: number): number {
  let elapsed = 0
  let retries = 0
  while (elapsed < budgetMs && retries < 1000) {
    retries++
    elapsed += backoffMs(timing, retries)
  }
  return retries
}
