// The exceptions a herder raises to say how a request failed, and the one mapping from an
// exception to the REST API's status code and `{"error_code","message"}` body (Kafka's
// ConnectExceptionMapper). The herder and the REST layer both import this file, so a herder
// chooses a status by choosing an exception, and never touches HTTP itself.

import { AlreadyExistsException, ConnectException, NotFoundException } from '../api/errors.ts'

/** A failure with its own HTTP status (Kafka's ConnectRestException). */
export class ConnectRestException extends ConnectException {
  readonly statusCode: number
  /** The body's error_code; the status code unless said otherwise. */
  readonly errorCode: number

  constructor (statusCode: number, message: string, options?: { cause?: unknown, errorCode?: number }) {
    super(message, options)
    this.statusCode = statusCode
    this.errorCode = options?.errorCode ?? statusCode
  }
}

/** 400: the request itself is wrong (an invalid config, a name mismatch). */
export class BadRequestException extends ConnectRestException {
  constructor (message: string, options?: { cause?: unknown }) {
    super(400, message, options)
  }
}

/** 409: the request conflicts with the cluster's state right now (a rebalance, no leader). */
export class ConflictException extends ConnectRestException {
  constructor (message: string, options?: { cause?: unknown }) {
    super(409, message, options)
  }
}

/** 403: the operation is disabled by the worker's configuration (topic tracking). */
export class ForbiddenException extends ConnectRestException {
  constructor (message: string, options?: { cause?: unknown }) {
    super(403, message, options)
  }
}

/** 503: the herder cannot serve requests yet (still starting) or any more. */
export class ServiceUnavailableException extends ConnectRestException {
  constructor (message: string, options?: { cause?: unknown }) {
    super(503, message, options)
  }
}

/**
 * The request must be handled by another worker, at `forwardUrl` (Kafka's RequestTargetException):
 * the REST layer forwards it there, or answers 409 when it cannot.
 */
export class RequestTargetException extends ConnectException {
  /** The other worker's REST URL (ending in '/'), or null when it is not known (a rebalance is under way). */
  readonly forwardUrl: string | null

  constructor (message: string, forwardUrl: string | null, options?: { cause?: unknown }) {
    super(message, options)
    this.forwardUrl = forwardUrl
  }
}

/** Only the cluster's leader may do this; `forwardUrl` is the leader's (Kafka's NotLeaderException). */
export class NotLeaderException extends RequestTargetException {}

/** The connector or task runs on another worker; `forwardUrl` is its owner's (Kafka's NotAssignedException). */
export class NotAssignedException extends RequestTargetException {}

/**
 * A rebalance is expected, so what this worker knows may be stale (Kafka's RebalanceNeededException):
 * a 500 for reads, a 409 for writes that could be forwarded.
 */
export class RebalanceNeededException extends ConnectException {}

/** The REST API's error body. */
export interface ErrorMessage {
  error_code: number
  message: string | null
}

/**
 * The status and body for a failed request: a ConnectRestException's own status, 404 for
 * NotFoundException, 409 for AlreadyExistsException, 500 for anything else (Kafka's
 * ConnectExceptionMapper). The message is the exception's, as in Kafka.
 */
export function errorResponse (error: unknown): { status: number, body: ErrorMessage } {
  const message = error instanceof Error ? error.message : String(error)
  if (error instanceof ConnectRestException) return { status: error.statusCode, body: { error_code: error.errorCode, message } }
  if (error instanceof NotFoundException) return { status: 404, body: { error_code: 404, message } }
  if (error instanceof AlreadyExistsException) return { status: 409, body: { error_code: 409, message } }
  return { status: 500, body: { error_code: 500, message } }
}

/** The HTTP status for a failed request (the status part of errorResponse). */
export function httpStatusOf (error: unknown): number {
  return errorResponse(error).status
}

/** The REST API's error body for a failed request (the body part of errorResponse). */
export function errorBodyOf (error: unknown): ErrorMessage {
  return errorResponse(error).body
}
