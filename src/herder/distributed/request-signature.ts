// Signatures of internal requests between workers (KIP-507, Kafka's InternalRequestSignature).
// The leader distributes a session key through the config topic; a worker that sends another
// worker task configs or a fencing request signs the request body with it (an HMAC, base64 in
// X-Connect-Authorization, the algorithm's Java name in X-Connect-Request-Signature-Algorithm),
// and the receiver checks the signature against the key it read. Bytes and headers are Java's, so
// kconnect and Java workers accept each other's requests.

import { createHmac, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { ConnectException } from '../../api/errors.ts'
import { MAC_ALGORITHMS } from '../../runtime/config/distributed-config.ts'
import { BadRequestException } from '../errors.ts'

export const SIGNATURE_HEADER = 'X-Connect-Authorization'
export const SIGNATURE_ALGORITHM_HEADER = 'X-Connect-Request-Signature-Algorithm'

function mac (algorithm: string, key: Uint8Array, body: Uint8Array): Buffer {
  const known = MAC_ALGORITHMS[algorithm]
  if (known === undefined) throw new ConnectException(`Algorithm ${algorithm} not available`)
  return createHmac(known.digest, key).update(body).digest()
}

/** The two headers that sign `body` with `key` (Kafka's InternalRequestSignature.addToRequest). */
export function signatureHeaders (key: Uint8Array, body: Uint8Array, algorithm: string): Record<string, string> {
  return {
    [SIGNATURE_HEADER]: mac(algorithm, key, body).toString('base64'),
    [SIGNATURE_ALGORITHM_HEADER]: algorithm,
  }
}

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/

/** A request's signature, checked against the session key the receiver knows. */
export class InternalRequestSignature {
  readonly #body: Uint8Array
  readonly #algorithm: string
  readonly #signature: Uint8Array

  constructor (body: Uint8Array, algorithm: string, signature: Uint8Array) {
    this.#body = body
    this.#algorithm = algorithm
    this.#signature = signature
  }

  /**
   * The signature a request carries, or null when either header is missing. An unknown algorithm
   * or a signature that is not base64 is a 400, as in Kafka.
   */
  static fromHeaders (body: Uint8Array, headers: IncomingHttpHeaders): InternalRequestSignature | null {
    const algorithm = headerValue(headers, SIGNATURE_ALGORITHM_HEADER)
    const encoded = headerValue(headers, SIGNATURE_HEADER)
    if (algorithm === undefined || encoded === undefined) return null
    if (!Object.hasOwn(MAC_ALGORITHMS, algorithm)) throw new BadRequestException(`Algorithm ${algorithm} not available`)
    if (!STRICT_BASE64.test(encoded)) {
      const bad = [...encoded].find(c => !/[A-Za-z0-9+/=]/.test(c))
      throw new BadRequestException(bad === undefined ? 'Input byte array has incorrect ending byte' : `Illegal base64 character ${bad.charCodeAt(0).toString(16)}`)
    }
    return new InternalRequestSignature(body, algorithm, Buffer.from(encoded, 'base64'))
  }

  /** The MAC algorithm the sender used (Java's name). */
  keyAlgorithm (): string {
    return this.#algorithm
  }

  /** Whether the body was signed with this key. */
  isValid (key: Uint8Array): boolean {
    const expected = mac(this.#algorithm, key, this.#body)
    return expected.length === this.#signature.length && timingSafeEqual(expected, this.#signature)
  }
}

function headerValue (headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}
