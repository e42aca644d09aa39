// The errors the herder raises for the REST API, and the one place that maps an error to its HTTP
// status (Kafka's ConnectExceptionMapper): ConnectRestException and its kin carry their status,
// NotFoundException is 404, AlreadyExistsException 409, anything else 500. The body is always
// {"error_code": <status>, "message": <message>}.

import { AlreadyExistsException, ConnectException, NotFoundException } from '../api/errors.ts'

/** An error with the HTTP status the REST API answers with (Kafka's ConnectRestException). */
export class ConnectRestException extends ConnectException {
  readonly statusCode: number

  constructor (statusCode: number, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.statusCode = statusCode
  }
}

/** The request is invalid: 400 (Kafka's BadRequestException). */
export class BadRequestException extends ConnectRestException {
  constructor (message: string, options?: { cause?: unknown }) {
    super(400, message, options)
  }
}

/** The request conflicts with the cluster's state, e.g. a rebalance: 409. */
export class ConflictException extends ConnectRestException {
  constructor (message: string, options?: { cause?: unknown }) {
    super(409, message, options)
  }
}

/** The operation is disabled by configuration, e.g. topic tracking: 403. */
export class ForbiddenException extends ConnectRestException {
  constructor (message: string, options?: { cause?: unknown }) {
    super(403, message, options)
  }
}

/** The herder cannot serve requests yet, or any more: 503. */
export class ServiceUnavailableException extends ConnectRestException {
  constructor (message: string, options?: { cause?: unknown }) {
    super(503, message, options)
  }
}

/** The HTTP status for an error thrown by the herder. */
export function httpStatusOf (error: unknown): number {
  if (error instanceof ConnectRestException) return error.statusCode
  if (error instanceof NotFoundException) return 404
  if (error instanceof AlreadyExistsException) return 409
  return 500
}

/** The REST API's error body for an error thrown by the herder. */
export function errorBodyOf (error: unknown): { error_code: number, message: string | null } {
  const message = error instanceof Error ? error.message : error === undefined || error === null ? null : String(error)
  return { error_code: httpStatusOf(error), message }
}
