// Cross-origin requests (`access.control.allow.origin`, `access.control.allow.methods`), as the
// Jetty 12 CrossOriginHandler that Kafka Connect 4 installs treats them (checked against it):
// with no origins configured nothing is added; otherwise every answer has Vary: Origin, a request
// from an allowed origin gets Access-Control-Allow-Origin (its origin echoed), and a preflight
// also gets the allowed methods, Content-Type as the allowed header and a max age of 60 s, then
// goes on to the API (which answers OPTIONS with 200), as Kafka's deliverPreflightRequests.
//
// An origin entry is '*' (any), or a glob where '*' stands for any text (as Jetty 9 read it,
// https://*.example.com), or a regular expression (as Jetty 12 reads it); matching either counts.

import type { IncomingMessage, ServerResponse } from 'node:http'

/** Who may call the API from a browser page of another origin. */
export interface CorsPolicy {
  readonly origins: readonly RegExp[]
  readonly methods: readonly string[]
}

const DEFAULT_METHODS = ['GET', 'POST', 'HEAD']

function originPatterns (origin: string): RegExp[] {
  if (origin === '*') return [/^.*$/]
  const glob = origin.split('*').map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')
  const patterns = [new RegExp('^' + glob + '$')]
  try {
    patterns.push(new RegExp('^(?:' + origin + ')$'))
  } catch {
    // not a regular expression; the glob reading stands
  }
  return patterns
}

/** The policy for the configured values; null when cross-origin access is off (no origins). */
export function corsPolicy (allowedOrigins: string, allowedMethods: string): CorsPolicy | null {
  const origins = allowedOrigins.split(',').map(o => o.trim()).filter(o => o !== '')
  if (origins.length === 0) return null
  const methods = allowedMethods.split(',').map(m => m.trim()).filter(m => m !== '')
  return { origins: origins.flatMap(originPatterns), methods: methods.length > 0 ? methods : DEFAULT_METHODS }
}

/** Adds the CORS response headers `request` earns under `policy`. */
export function applyCors (policy: CorsPolicy, request: IncomingMessage, response: ServerResponse): void {
  response.setHeader('vary', 'Origin')
  const origin = request.headers.origin
  if (origin === undefined) return
  if (!policy.origins.some(pattern => pattern.test(origin))) return
  response.setHeader('access-control-allow-origin', origin)
  const preflightMethod = request.headers['access-control-request-method']
  if (request.method === 'OPTIONS' && preflightMethod !== undefined) {
    response.setHeader('access-control-allow-methods', policy.methods.join(','))
    response.setHeader('access-control-allow-headers', 'Content-Type')
    response.setHeader('access-control-max-age', '60')
  }
}
