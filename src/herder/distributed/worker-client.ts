// Requests from one worker's REST layer or herder to another worker (Kafka's RestClient): a user
// request forwarded to the leader or to a connector's owner, task configs sent to the leader, a
// fencing request. Failures read as Kafka's: the other worker's error status and message are kept;
// a connection failure is a 500 "IO Error trying to forward REST request: …".

import { getLogger } from '../../logging/index.ts'
import { ConnectRestException } from '../errors.ts'
import { signatureHeaders } from './request-signature.ts'

const log = getLogger('org.apache.kafka.connect.runtime.rest.RestClient')

/** How long a request to another worker may take, at most (the REST API's own limit). */
export const WORKER_REQUEST_TIMEOUT_MS = 90_000

/** A request to another worker. */
export interface WorkerRequest {
  readonly url: string
  readonly method: string
  /** The body as sent (JSON text), or undefined for none. */
  readonly body?: string
  /** Copied from the user's request: Kafka forwards Authorization only. */
  readonly authorization?: string
  /** Signs the body (internal requests): the session key and the signature algorithm. */
  readonly signWith?: { readonly key: Uint8Array, readonly algorithm: string }
  readonly timeoutMs?: number
}

/** The other worker's answer: its status, its JSON body (undefined for 204), its headers. */
export interface WorkerResponse {
  readonly status: number
  readonly body: unknown
  readonly headers: Headers
}

/** Sends a request to another worker; rejects with a ConnectRestException carrying its error status and message. */
export async function workerRequest (request: WorkerRequest): Promise<WorkerResponse> {
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'kafka-connect' }
  if (request.authorization !== undefined) headers.authorization = request.authorization
  const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8')
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (request.signWith !== undefined) {
    Object.assign(headers, signatureHeaders(request.signWith.key, body ?? new Uint8Array(0), request.signWith.algorithm))
  }
  log.trace('Sending {} with input {} to {}', request.method, request.body, request.url)
  let response: Response
  let text: string
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs ?? WORKER_REQUEST_TIMEOUT_MS),
    })
    text = await response.text()
  } catch (error) {
    log.error('IO error forwarding REST request to {} :', request.url, error)
    const cause = (error as { cause?: { message?: string } }).cause?.message
    throw new ConnectRestException(500, `IO Error trying to forward REST request: ${cause ?? (error as Error).message}`, { cause: error })
  }
  const status = response.status
  log.debug('Request\'s response code: {}', status)
  if (status === 204) return { status, body: undefined, headers: response.headers }
  if (status >= 400) {
    let errorCode = status
    let message = text
    try {
      const parsed = JSON.parse(text) as { error_code?: number, message?: string }
      errorCode = typeof parsed.error_code === 'number' ? parsed.error_code : status
      message = parsed.message ?? ''
    } catch {
      // Not Kafka's error body (a proxy?): keep the text as the message.
    }
    log.error('Error forwarding REST request to {} : {}', request.url, message)
    throw new ConnectRestException(status, message, { errorCode })
  }
  if (status >= 200 && status < 300) {
    try {
      return { status, body: text === '' ? undefined : JSON.parse(text), headers: response.headers }
    } catch (error) {
      throw new ConnectRestException(500, `Error trying to forward REST request: ${(error as Error).message}`, { cause: error })
    }
  }
  throw new ConnectRestException(500, `Unexpected status code when handling forwarded request: ${status}`, { errorCode: 500 })
}

/** `base` (a worker URL, with or without a trailing '/') joined with an absolute or relative path. */
export function workerUrl (base: string, path: string): string {
  return base.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, '')
}
