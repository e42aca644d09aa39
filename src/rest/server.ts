// The REST API of a worker (Kafka Connect's RestServer and ConnectRestServer), on node:http.
//
// It starts before the herder, as in Kafka: the worker id is the advertised host:port, which is
// known only once the listeners are bound. Until attachHerder() is called, the API answers 503
// (and /health says "starting"); the /admin/loggers endpoints work from the start.
//
// Every request is handled the same way: CORS headers, route matching (404, 405, OPTIONS), the
// content type checks (415, 406), the handler under a time limit (500 "Request timed out"), and
// any exception turned into Kafka's status and `{"error_code","message"}` body by errorResponse().

import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { once } from 'node:events'
import { hostname } from 'node:os'
import { AlreadyExistsException, ConnectException, NotFoundException } from '../api/errors.ts'
import { readBody, type Shape } from './body-shapes.ts'
import {
  ConflictException, ConnectRestException, RebalanceNeededException, RequestTargetException, ServiceUnavailableException, errorBodyOf, httpStatusOf,
} from '../herder/errors.ts'
import { workerRequest, workerUrl } from '../herder/distributed/worker-client.ts'
import type { Herder } from '../herder/herder.ts'
import { getLogger, loggers as processLoggers } from '../logging/index.ts'
import type { LoggerRegistry } from '../logging/logger-registry.ts'
import { applyCors, corsPolicy, type CorsPolicy } from './cors.ts'
import { writeJson } from './json.ts'
import { SecretGuard } from './secrets.ts'
import { parseListener, type Listener } from './listeners.ts'
import type { RestServerConfig } from './rest-config.ts'
import { Router, type RestRequest, type RestResponse, type Route } from './router.ts'
import { connectorRoutes } from './routes/connectors.ts'
import { internalRoutes } from './routes/internal.ts'
import type { RouteContext } from './routes/context.ts'
import { loggerRoutes } from './routes/loggers.ts'
import { pluginRoutes } from './routes/plugins.ts'
import { rootRoutes, STARTING_MESSAGE } from './routes/root.ts'

// node:http taken as a CommonJS module: an ES import of it reads every export, and its lazy
// fetch-related ones load undici, about 20 ms of a worker's start-up for code the server never uses.
const { createServer } = process.getBuiltinModule('node:http')

const log = getLogger('org.apache.kafka.connect.runtime.rest.RestServer')
const forwardLog = getLogger('org.apache.kafka.connect.runtime.rest.HerderRequestHandler')
const mapperLog = getLogger('org.apache.kafka.connect.runtime.rest.errors.ConnectExceptionMapper')

/** Kafka's DEFAULT_REST_REQUEST_TIMEOUT_MS. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 90_000
/** The largest request body accepted; a connector config is a few kilobytes. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024

const REASONS: Readonly<Record<number, string>> = {
  404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable', 413: 'Payload Too Large', 415: 'Unsupported Media Type',
}

/** Jersey's own failures (no route, wrong method, …) read "HTTP 404 Not Found". */
function jerseyError (status: number): ConnectRestException {
  return new ConnectRestException(status, `HTTP ${status} ${REASONS[status]}`)
}

export interface RestServerOptions {
  config: RestServerConfig
  /** The loggers /admin/loggers shows and changes; the process's by default. */
  loggers?: LoggerRegistry
  /** How /admin/loggers?scope=cluster applies a level; by default on this worker (standalone). */
  setClusterLoggerLevel?: (namespace: string, level: string) => Promise<void>
  requestTimeoutMs?: number
  maxBodyBytes?: number
  /** How long stop() lets requests in flight finish. */
  shutdownGraceMs?: number
}

interface BoundListener {
  readonly listener: Listener
  readonly admin: boolean
  readonly server: Server
  port: number
}

/** A worker's REST API. */
export class RestServer {
  readonly #config: RestServerConfig
  readonly #loggers: LoggerRegistry
  readonly #requestTimeoutMs: number
  readonly #maxBodyBytes: number
  readonly #shutdownGraceMs: number
  readonly #cors: CorsPolicy | null
  readonly #mainRouter: Router
  readonly #adminRouter: Router
  readonly #bound: BoundListener[] = []
  #herder: Herder | undefined

  constructor (options: RestServerOptions) {
    this.#config = options.config
    this.#loggers = options.loggers ?? processLoggers
    this.#requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS
    this.#maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
    this.#shutdownGraceMs = options.shutdownGraceMs ?? 10_000
    this.#cors = corsPolicy(this.#config.allowedOrigins, this.#config.allowedMethods)
    const herder = (): Herder => {
      if (this.#herder === undefined) {
        throw new ServiceUnavailableException('The worker is still starting up; the REST API answers once its herder has started.')
      }
      return this.#herder
    }
    const context: RouteContext = {
      herder,
      secrets: new SecretGuard(herder),
      loggers: this.#loggers,
      config: this.#config,
      setClusterLoggerLevel: options.setClusterLoggerLevel ?? (async (namespace, level) => { this.#loggers.setLevel(namespace, level) }),
    }
    const regular = [...rootRoutes(context), ...connectorRoutes(context), ...internalRoutes(context), ...pluginRoutes(context)]
    const admin = loggerRoutes(context)
    // admin.listeners unset: the admin endpoints join the regular ones; empty: they are off;
    // a list: they are served there only, and nothing else is.
    const adminListeners = this.#config.adminListeners
    this.#mainRouter = new Router(adminListeners === null ? [...regular, ...admin] : regular)
    this.#adminRouter = new Router(adminListeners !== null && adminListeners.length > 0 ? admin : [])
  }

  /** Binds every listener. Throws ConnectException (with the address and the reason) if one cannot be bound. */
  async start (): Promise<void> {
    const listeners = this.#config.listeners.map(url => ({ listener: parseListener(url), admin: false }))
    for (const url of this.#config.adminListeners ?? []) listeners.push({ listener: parseListener(url), admin: true })
    log.info('Initializing REST server')
    try {
      for (const { listener, admin } of listeners) {
        const router = admin ? this.#adminRouter : this.#mainRouter
        const server = createServer((request, response) => { this.#handle(router, request, response) })
        server.listen(listener.port, listener.host === '' ? undefined : listener.host)
        try {
          await once(server, 'listening')
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code
          const hint = code === 'EADDRINUSE' ? ': the address is in use; stop whatever listens there, or change \'listeners\'' : ''
          throw new ConnectException(`Unable to initialize REST server: cannot listen on ${listener.url} (${code ?? (error as Error).message})${hint}`, { cause: error })
        }
        const address = server.address()
        const port = typeof address === 'object' && address !== null ? address.port : listener.port
        this.#bound.push({ listener, admin, server, port })
        log.info('Added {}connector for {}', admin ? 'admin ' : '', listener.url)
      }
    } catch (error) {
      await this.stop()
      throw error
    }
    log.info('REST server listening at {}, advertising URL {}', this.addresses()[0]?.url, this.advertisedUrl())
  }

  /** Makes the herder's endpoints answer. */
  attachHerder (herder: Herder): void {
    this.#herder = herder
    log.info('REST resources initialized; server is started and ready to handle requests')
  }

  /** The URL other workers and clients are told to use, ending in '/' (Kafka's advertisedUrl). */
  advertisedUrl (): string {
    const protocol = (this.#config.advertisedListener ?? this.#defaultProtocol()).toLowerCase()
    const bound = this.#bound.find(b => !b.admin && b.listener.protocol === protocol)
    const host = this.#config.advertisedHostName ?? (bound !== undefined && bound.listener.host !== '' ? bound.listener.host : hostname())
    const port = this.#config.advertisedPort ?? (bound === undefined ? 0 : (bound.listener.port > 0 ? bound.listener.port : bound.port))
    return `${protocol}://${host.includes(':') ? `[${host}]` : host}:${port}/`
  }

  /** The worker id: the advertised host:port. */
  workerId (): string {
    const url = new URL(this.advertisedUrl())
    return `${url.hostname.replace(/^\[|\]$/g, '')}:${url.port}`
  }

  /** The URL of the admin endpoints, or null when they are disabled. */
  adminUrl (): string | null {
    const admin = this.#bound.find(b => b.admin)
    if (admin !== undefined) return `${admin.listener.protocol}://${admin.listener.host === '' ? hostname() : admin.listener.host}:${admin.port}/`
    return this.#config.adminListeners === null ? this.advertisedUrl() : null
  }

  /** The bound addresses (the real ports, when 0 was configured), regular listeners first. */
  addresses (): Array<{ url: string, admin: boolean }> {
    return this.#bound.map(b => ({ url: `${b.listener.protocol}://${b.listener.host === '' ? '127.0.0.1' : b.listener.host.includes(':') ? `[${b.listener.host}]` : b.listener.host}:${b.port}`, admin: b.admin }))
  }

  /** Stops accepting requests, lets those in flight finish (within the grace period), and closes. */
  async stop (): Promise<void> {
    log.info('Stopping REST server')
    const servers = this.#bound.splice(0).map(b => b.server)
    await Promise.all(servers.map(async server => {
      const closed = once(server, 'close')
      server.close()
      server.closeIdleConnections()
      const timer = setTimeout(() => server.closeAllConnections(), this.#shutdownGraceMs)
      await closed
      clearTimeout(timer)
    }))
    log.info('REST server stopped')
  }

  #defaultProtocol (): string {
    const listeners = this.#config.listeners.join(',').toLowerCase()
    if (listeners.includes('http://')) return 'http'
    return listeners.includes('https://') ? 'https' : 'http'
  }

  #handle (router: Router, request: IncomingMessage, response: ServerResponse): void {
    const started = Date.now()
    response.on('finish', () => this.#logRequest(request, response, started))
    this.#respond(router, request, response).catch(error => {
      // Only a failure to write the response gets here; the connection is beyond saving.
      log.debug('Failed to answer {} {}', request.method, request.url, error)
      response.destroy()
    })
  }

  async #respond (router: Router, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET'
    const url = new URL(request.url ?? '/', 'http://localhost')
    let answer: RestResponse
    try {
      if (this.#cors !== null) applyCors(this.#cors, request, response)
      answer = await this.#dispatch(router, method, url, request)
    } catch (error) {
      answer = this.#failure(error, url.pathname)
    }
    if (answer.status === 413 && !request.complete) response.setHeader('connection', 'close')
    await this.#send(response, method, answer)
  }

  async #dispatch (router: Router, method: string, url: URL, request: IncomingMessage): Promise<RestResponse> {
    const match = router.match(method, url.pathname)
    if (match.kind === 'not-found') throw jerseyError(404)
    if (match.kind === 'method-not-allowed') {
      if (method === 'OPTIONS') {
        const allow = match.allowed.join(', ')
        return { status: 200, body: allow, headers: { allow: match.allowed.join(','), 'content-type': 'text/plain' } }
      }
      throw jerseyError(405)
    }
    const { route, params } = match
    this.#checkMediaTypes(route, request)
    if (route.path === '/health' && this.#herder === undefined) {
      return { status: 503, body: { status: 'starting', message: STARTING_MESSAGE } }
    }
    const bytes = memoize(() => this.#readBody(request))
    const text = async (): Promise<string> => (await bytes()).toString('utf8')
    const restRequest: RestRequest = {
      method,
      params,
      query: url.searchParams,
      headers: request.headers,
      baseUrl: `http://${request.headers.host ?? 'localhost'}`,
      body: async (shape: Shape) => readBody(await text(), shape),
      rawBody: bytes,
    }
    const work = route.forwardable === true ? this.#completeOrForward(route, restRequest, url, text) : route.handler(restRequest)
    return await this.#withTimeout(work)
  }

  /**
   * Runs a forwardable route; when the herder answers that another worker must handle the request,
   * sends it there (Kafka's HerderRequestHandler.completeOrForwardRequest). A request that came
   * without `forward` may be forwarded again by the worker it reaches (two hops in all); one that
   * came with forward=false was forwarded already, and gets a 409 instead.
   */
  async #completeOrForward (route: Route, request: RestRequest, url: URL, text: () => Promise<string>): Promise<RestResponse> {
    try {
      return await route.handler(request)
    } catch (error) {
      if (error instanceof RebalanceNeededException) {
        throw new ConflictException('Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)')
      }
      if (!(error instanceof RequestTargetException)) throw error
      const forwardParam = url.searchParams.get('forward')
      const forward = forwardParam === null ? null : forwardParam.toLowerCase() === 'true'
      if (forward === false) {
        forwardLog.error('Request \'{} {}\' failed because it couldn\'t find the target Connect worker within two hops (between workers).', request.method, url.pathname)
        throw new ConflictException('Cannot complete request because of a conflicting operation (e.g. worker rebalance)')
      }
      if (error.forwardUrl === null) {
        throw new ConflictException('Cannot complete request momentarily due to no known leader URL, likely because a rebalance was underway.')
      }
      const query = new URLSearchParams({ forward: String(forward === null) })
      for (const [name, value] of url.searchParams) if (name !== 'forward') query.append(name, value)
      const target = `${workerUrl(error.forwardUrl, url.pathname)}?${query.toString()}`
      const body = await text()
      forwardLog.debug('Forwarding request {} {} {}', target, request.method, body)
      const authorization = request.headers.authorization
      const answer = await workerRequest({ url: target, method: request.method, body: body === '' ? undefined : body, authorization })
      const headers: Record<string, string> = {}
      const location = answer.headers.get('location')
      // The Location names this worker, as Kafka builds it from the request the user sent here.
      if (location !== null) headers.location = request.baseUrl + new URL(location, target).pathname
      return { status: answer.status, body: answer.body, headers }
    }
  }

  #checkMediaTypes (route: Route, request: IncomingMessage): void {
    const contentType = request.headers['content-type']
    if (route.consumesJson === true && contentType !== undefined && !isJson(contentType)) throw jerseyError(415)
    const accept = request.headers.accept
    if (accept !== undefined && !acceptsJson(accept)) throw jerseyError(406)
  }

  async #readBody (request: IncomingMessage): Promise<Buffer> {
    const declared = Number(request.headers['content-length'] ?? '0')
    if (declared > this.#maxBodyBytes) throw this.#tooLarge()
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length
      if (size > this.#maxBodyBytes) throw this.#tooLarge()
      chunks.push(chunk)
    }
    return Buffer.concat(chunks)
  }

  #tooLarge (): ConnectRestException {
    return new ConnectRestException(413, `The request body is larger than ${this.#maxBodyBytes} bytes, the most this worker accepts.`)
  }

  async #withTimeout (work: Promise<RestResponse>): Promise<RestResponse> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new ConnectRestException(500, 'Request timed out')), this.#requestTimeoutMs)
    })
    try {
      return await Promise.race([work, timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  #failure (error: unknown, path: string): RestResponse {
    const status = httpStatusOf(error)
    const body = errorBodyOf(error)
    // As Kafka's ConnectExceptionMapper: unexpected failures are errors in the log, the rest debug.
    const expected = error instanceof ConnectRestException || error instanceof NotFoundException || error instanceof AlreadyExistsException
    if (!expected) {
      mapperLog.error('Uncaught exception in REST call to {}', path, error)
    } else {
      mapperLog.debug('Uncaught exception in REST call to {}', path, error)
    }
    return { status, body }
  }

  async #send (response: ServerResponse, method: string, answer: RestResponse): Promise<void> {
    response.statusCode = answer.status
    for (const [name, value] of Object.entries(answer.headers ?? {})) response.setHeader(name, value)
    if (answer.body === undefined) {
      response.end()
      return
    }
    const text = typeof answer.body === 'string' && response.hasHeader('content-type') ? answer.body : writeJson(answer.body)
    const bytes = Buffer.from(text, 'utf8')
    if (!response.hasHeader('content-type')) response.setHeader('content-type', 'application/json')
    response.setHeader('content-length', bytes.length)
    response.end(method === 'HEAD' ? undefined : bytes)
  }

  #logRequest (request: IncomingMessage, response: ServerResponse, started: number): void {
    if (!log.isEnabled('INFO')) return
    // Jetty's extended NCSA line, which Kafka Connect logs for every request.
    const header = (name: string): string => {
      const value = request.headers[name]
      return value === undefined ? '-' : String(value)
    }
    const length = response.getHeader('content-length') ?? 0
    log.info('{} - - [{}] "{} {} HTTP/{}" {} {} "{}" "{}" {}', request.socket.remoteAddress ?? '-', ncsaTime(new Date(started)),
      request.method, request.url, request.httpVersion, response.statusCode, length, header('referer'), header('user-agent'), Date.now() - started)
  }
}

function memoize<T> (load: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined
  return () => {
    promise ??= load()
    return promise
  }
}

function mediaType (value: string): string {
  return value.split(';')[0].trim().toLowerCase()
}

function isJson (contentType: string): boolean {
  return mediaType(contentType) === 'application/json'
}

function acceptsJson (accept: string): boolean {
  return accept.split(',').some(range => ['application/json', 'application/*', '*/*', '*'].includes(mediaType(range)))
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** dd/MMM/yyyy:HH:mm:ss +0000, in UTC, as Jetty's request log writes it. */
function ncsaTime (date: Date): string {
  const p2 = (n: number): string => String(n).padStart(2, '0')
  return `${p2(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${p2(date.getUTCHours())}:${p2(date.getUTCMinutes())}:${p2(date.getUTCSeconds())} +0000`
}
