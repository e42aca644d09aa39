// Matches a request's method and path to a route, with URLPattern. A path no route knows is a
// 404; a known path with another method is a 405 (HEAD runs GET; OPTIONS lists the methods), as
// Jersey answers them.

import type { IncomingHttpHeaders } from 'node:http'
import type { Shape } from './body-shapes.ts'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** What a route handler sees of a request. */
export interface RestRequest {
  readonly method: string
  /** The decoded path parameters, such as `connector`. */
  readonly params: Readonly<Record<string, string>>
  readonly query: URLSearchParams
  readonly headers: IncomingHttpHeaders
  /** scheme://host:port of the request, for Location headers. */
  readonly baseUrl: string
  /**
   * The body bound to `shape` as Kafka binds it (undefined when empty); reading it enforces the size
   * limit, and a body that does not fit fails with Jackson's message.
   */
  body (shape: Shape): Promise<unknown>
  /** The body's bytes as received (empty when there is none): what an internal request's signature covers. */
  rawBody (): Promise<Uint8Array>
}

/** A route's answer: a status, and a JSON entity unless the status has none. */
export interface RestResponse {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

export type RouteHandler = (request: RestRequest) => Promise<RestResponse>

/** One endpoint. */
export interface Route {
  readonly method: HttpMethod
  /** A URLPattern pathname, such as /connectors/:connector/status. */
  readonly path: string
  readonly handler: RouteHandler
  /** Served on admin.listeners (the /admin endpoints). */
  readonly admin?: boolean
  /** Rejects a non-JSON Content-Type with 415 (Kafka's resources declare @Consumes(JSON)). */
  readonly consumesJson?: boolean
  /**
   * Takes Kafka's `forward` query parameter: when the herder says another worker must handle the
   * request (the leader, or a connector's owner), the server sends it there and relays the answer.
   */
  readonly forwardable?: boolean
}

/** The outcome of matching a request. */
export type RouteMatch =
  | { kind: 'found', route: Route, params: Record<string, string> }
  | { kind: 'method-not-allowed', allowed: string[] }
  | { kind: 'not-found' }

interface CompiledRoute {
  readonly route: Route
  readonly pattern: URLPattern
}

/** A fixed set of routes. */
export class Router {
  readonly #routes: CompiledRoute[]

  constructor (routes: readonly Route[]) {
    this.#routes = routes.map(route => ({ route, pattern: new URLPattern({ pathname: route.path }) }))
  }

  /**
   * The route for `method` and `path` (a raw, still encoded path; one trailing slash is ignored, as
   * Jersey does). Undecodable parameters do not match.
   */
  match (method: string, path: string): RouteMatch {
    const normalized = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path
    const allowed = new Set<string>()
    for (const { route, pattern } of this.#routes) {
      const result = pattern.exec({ pathname: normalized })
      if (result === null) continue
      const params = decodeParams(result.pathname.groups)
      if (params === undefined) continue
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { kind: 'found', route, params }
      allowed.add(route.method)
    }
    if (allowed.size === 0) return { kind: 'not-found' }
    if (allowed.has('GET')) allowed.add('HEAD')
    allowed.add('OPTIONS')
    return { kind: 'method-not-allowed', allowed: [...allowed] }
  }
}

function decodeParams (groups: Record<string, string | undefined>): Record<string, string> | undefined {
  const params: Record<string, string> = {}
  for (const [name, raw] of Object.entries(groups)) {
    if (raw === undefined) continue
    try {
      params[name] = decodeURIComponent(raw)
    } catch {
      return undefined
    }
  }
  return params
}
