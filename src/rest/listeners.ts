// Listener URLs (`listeners`, `admin.listeners`), read as Kafka's RestServer reads them:
// protocol://host:port, where an empty host binds every interface and port 0 picks a free one.

import { ConfigException } from '../api/errors.ts'

/** One address the REST server listens on. */
export interface Listener {
  /** The URL as configured. */
  readonly url: string
  readonly protocol: 'http' | 'https'
  /** Empty: every interface. IPv6 addresses come without brackets. */
  readonly host: string
  readonly port: number
}

// Kafka's LISTENER_PATTERN, matched against the whole text.
const LISTENER_PATTERN = /^(.*):\/\/\[?([0-9a-zA-Z\-%._:]*)\]?:(-?[0-9]+)$/

/** Parses a listener URL; throws ConfigException with Kafka's messages. HTTPS is not supported yet. */
export function parseListener (url: string): Listener {
  const match = LISTENER_PATTERN.exec(url.trim())
  if (match === null) throw new ConfigException("Listener doesn't have the right format (protocol://hostname:port).")
  const protocol = match[1].toLowerCase()
  if (protocol !== 'http' && protocol !== 'https') {
    throw new ConfigException('Listener protocol must be either "http" or "https".')
  }
  if (protocol === 'https') {
    throw new ConfigException(`The listener ${url} uses HTTPS, which kconnect does not support yet: use an http:// listener ` +
      '(put a TLS-terminating proxy in front of it if the API must be encrypted).')
  }
  const port = Number(match[3])
  if (port < 0 || port > 65535) throw new ConfigException(`The listener ${url} has port ${port}; a port is between 0 and 65535.`)
  return { url, protocol, host: match[2], port }
}
