// Turns what @platformatic/kafka throws (nested MultipleErrors, NetworkErrors wrapping socket
// errors, ResponseErrors carrying Kafka's error codes) into the API's exceptions, with a message
// that says what was being done, against which brokers, what went wrong and what to check. A
// RetriableException marks a failure that may pass on its own (a broker away, a leader moving).

import { ConnectException, RetriableException } from '../../api/errors.ts'

/** One Kafka error code found in a failure: its name (Kafka's, such as NOT_COORDINATOR) and whether retrying can help. */
export interface KafkaErrorCode {
  readonly id: string
  readonly canRetry: boolean
  readonly serverMessage: string | null
}

interface ErrorLike {
  readonly message?: unknown
  readonly code?: unknown
  readonly apiId?: unknown
  readonly canRetry?: unknown
  readonly serverErrorMessage?: unknown
  readonly errors?: unknown
  readonly cause?: unknown
}

function asErrorLike (error: unknown): ErrorLike | undefined {
  return typeof error === 'object' && error !== null ? error as ErrorLike : undefined
}

/** Every error in the tree below `error` (itself, the errors of a MultipleErrors, causes), depth first. */
function * walk (error: unknown, seen = new Set<unknown>()): Generator<ErrorLike> {
  const like = asErrorLike(error)
  if (like === undefined || seen.has(like)) return
  seen.add(like)
  yield like
  if (Array.isArray(like.errors)) for (const inner of like.errors) yield * walk(inner, seen)
  if (like.cause !== undefined) yield * walk(like.cause, seen)
}

/** The Kafka error codes (protocol errors) found anywhere in `error`, first found first. */
export function kafkaErrorCodes (error: unknown): KafkaErrorCode[] {
  const codes: KafkaErrorCode[] = []
  for (const like of walk(error)) {
    if (typeof like.apiId === 'string') {
      codes.push({
        id: like.apiId,
        canRetry: like.canRetry === true,
        serverMessage: typeof like.serverErrorMessage === 'string' ? like.serverErrorMessage : null,
      })
    }
  }
  return codes
}

/** Whether `error` carries the Kafka error code `id` (such as REBALANCE_IN_PROGRESS). */
export function hasKafkaError (error: unknown, id: string): boolean {
  return kafkaErrorCodes(error).some(code => code.id === id)
}

/** Whether `error` is the network failing (refused, reset, timed out) rather than a broker's answer. */
export function isNetworkError (error: unknown): boolean {
  for (const like of walk(error)) {
    if (like.code === 'PLT_KFK_NETWORK' || like.code === 'PLT_KFK_TIMEOUT') return true
    if (typeof like.code === 'string' && /^E[A-Z]+$/.test(like.code)) return true
  }
  return false
}

/**
 * A topic the cluster does not know: Java's UnknownTopicOrPartitionException. Admin calls fail
 * with it; a consumer assigned one of its partitions waits for it to appear, as Java's does (a
 * topic created a moment ago may not have reached every broker's metadata yet).
 */
export class UnknownTopicException extends ConnectException {}

/** Whether retrying the operation that failed with `error` may succeed. */
export function isRetriable (error: unknown): boolean {
  if (error instanceof RetriableException) return true
  if (error instanceof ConnectException) return false
  const codes = kafkaErrorCodes(error)
  if (codes.length > 0) return codes.every(code => code.canRetry)
  return isNetworkError(error)
}

/** The most specific message in `error`: the socket error under a NetworkError, or the broker's own words. */
function rootMessage (error: unknown): string {
  let deepest: string | undefined
  for (const like of walk(error)) {
    if (typeof like.serverErrorMessage === 'string' && like.serverErrorMessage !== '') return like.serverErrorMessage
    if (typeof like.message === 'string' && like.message !== '') deepest = like.message
  }
  return deepest ?? String(error)
}

const AUTHORIZATION_HINT: Record<string, string> = {
  TOPIC_AUTHORIZATION_FAILED: 'the topic',
  GROUP_AUTHORIZATION_FAILED: 'the consumer group',
  CLUSTER_AUTHORIZATION_FAILED: 'the cluster',
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: 'the transactional id',
  DELEGATION_TOKEN_AUTHORIZATION_FAILED: 'delegation tokens',
}

/**
 * The API exception for a failure of the Kafka client while doing `action` (such as "create topic
 * orders") against the cluster at `brokers`. Already-translated exceptions pass through unchanged.
 */
export function translateKafkaError (error: unknown, action: string, brokers: string): ConnectException {
  if (error instanceof ConnectException) return error
  const codes = kafkaErrorCodes(error)
  const detail = rootMessage(error)

  for (const like of walk(error)) {
    if (like.code === 'PLT_KFK_AUTHENTICATION') {
      return new ConnectException(`Could not ${action}: authentication with the Kafka broker(s) at ${brokers} failed (${detail}). ` +
        'Check security.protocol, sasl.mechanism and sasl.jaas.config (or the ssl.* settings).', { cause: error })
    }
  }
  const authentication = codes.find(code => code.id === 'SASL_AUTHENTICATION_FAILED' || code.id === 'ILLEGAL_SASL_STATE' || code.id === 'UNSUPPORTED_SASL_MECHANISM')
  if (authentication !== undefined) {
    return new ConnectException(`Could not ${action}: authentication with the Kafka broker(s) at ${brokers} failed (${authentication.id}: ${detail}). ` +
      'Check security.protocol, sasl.mechanism and sasl.jaas.config.', { cause: error })
  }
  const authorization = codes.find(code => code.id in AUTHORIZATION_HINT)
  if (authorization !== undefined) {
    return new ConnectException(`Not authorized to ${action} on the Kafka cluster at ${brokers} (${authorization.id}). ` +
      `Grant this client's principal the ACLs it needs on ${AUTHORIZATION_HINT[authorization.id]}, or use a principal that has them.`, { cause: error })
  }
  if (codes.some(code => code.id === 'UNKNOWN_TOPIC_OR_PARTITION' || code.id === 'UNKNOWN_TOPIC_ID')) {
    return new ConnectException(`Could not ${action}: the topic or partition does not exist on the Kafka cluster at ${brokers}. ` +
      'Create the topic first, or enable automatic topic creation.', { cause: error })
  }
  if (codes.length > 0) {
    const names = [...new Set(codes.map(code => code.id))].join(', ')
    const message = `Could not ${action} on the Kafka cluster at ${brokers}: ${names}${detail === '' ? '' : ` (${detail})`}`
    return codes.every(code => code.canRetry)
      ? new RetriableException(message + '. Retrying may succeed.', { cause: error })
      : new ConnectException(message, { cause: error })
  }
  if (isNetworkError(error)) {
    return new RetriableException(`Could not ${action}: no answer from the Kafka broker(s) at ${brokers} (${detail}). ` +
      'Check bootstrap.servers, that the brokers are running and reachable from this machine, and security.protocol.', { cause: error })
  }
  return new ConnectException(`Could not ${action} on the Kafka cluster at ${brokers}: ${detail}`, { cause: error })
}
