// Cross-origin requests (`access.control.allow.origin`, `access.control.allow.methods`), as the
// Jetty CrossOriginHandler that Kafka Connect installs treats them: with no origins configured
// nothing is added; a request from an allowed origin gets Access-Control-Allow-Origin (its own
// origin echoed) and Vary: Origin; a preflight also gets the allowed methods and headers, and
// then goes on to the API (which answers OPTIONS with 200), as Kafka's deliverPreflightRequests.

import type { IncomingMessage, ServerResponse } from 'node:http'

/** Who may call the API from a browser page of another origin. */
export interface CorsPolicy {
  readonly origins: readonly RegExp[]
  readonly methods: readonly string[]
}

const DEFAULT_METHODS = ['GET', 'POST', 'HEAD']

function originPattern (origin: string): RegExp {
  // '*' is a wildcard, anywhere in the origin (https://*.example.com); the rest is literal.
  const escaped = origin.split('*').map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')
  return new RegExp('^' + escaped + '$')
}

/** The policy for the configured values; null when cross-origin access is off (no origins). */
export function corsPolicy (allowedOrigins: string, allowedMethods: string): CorsPolicy | null {
  const origins = allowedOrigins.split(',').map(o => o.trim()).filter(o => o !== '')
  if (origins.length === 0) return null
  const methods = allowedMethods.split(',').map(m => m.trim()).filter(m => m !== '')
  return { origins: origins.map(originPattern), methods: methods.length > 0 ? methods : DEFAULT_METHODS }
}

/** Adds the CORS response headers `request` earns under `policy`. */
export function applyCors (policy: CorsPolicy, request: IncomingMessage, response: ServerResponse): void {
  const origin = request.headers.origin
  if (origin === undefined) return
  response.setHeader('vary', 'Origin')
  if (!policy.origins.some(pattern => pattern.test(origin))) return
  response.setHeader('access-control-allow-origin', origin)
  const preflightMethod = request.headers['access-control-request-method']
  if (request.method === 'OPTIONS' && preflightMethod !== undefined) {
    response.setHeader('access-control-allow-methods', policy.methods.join(','))
    const requestedHeaders = request.headers['access-control-request-headers']
    if (requestedHeaders !== undefined) response.setHeader('access-control-allow-headers', requestedHeaders)
    response.setHeader('access-control-max-age', '60')
  }
}
