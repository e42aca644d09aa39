// What the internal-topic stores share: their client ids, the configs of their producers and
// consumers, and how long topic creation may be retried. As in Kafka, the worker's top-level
// settings (security, timeouts, any producer or consumer setting written without a prefix) apply
// to the stores' clients, and the settings the stores depend on are forced over them.

import type { WorkerConfig } from '../../runtime/config/worker-config.ts'
import type { TopicCreationRetry } from './internal-topics.ts'

/**
 * The start of the stores' client ids (Kafka's ConnectUtils.clientIdBase): "<group.id>-" or
 * "<group.id>-<client.id>-" ("connect-" without a group).
 */
export function clientIdBase (config: WorkerConfig): string {
  const originals = config.originals()
  const groupId = typeof originals['group.id'] === 'string' && originals['group.id'] !== '' ? originals['group.id'] : 'connect'
  const clientId = typeof originals['client.id'] === 'string' ? originals['client.id'].trim() : ''
  return clientId === '' ? `${groupId}-` : `${groupId}-${clientId}-`
}

// Settings that name the worker's own membership or identity; a store's client must not take them.
const NOT_FOR_STORE_CLIENTS = new Set(['group.id', 'client.id', 'transactional.id', 'group.instance.id'])

/** The worker's settings as a store's client configs, with `forced` over them. */
export function storeClientConfig (config: WorkerConfig, forced: Readonly<Record<string, string>>): Record<string, string> {
  const result: Record<string, string> = {}
  for (const [name, value] of Object.entries(config.originalStrings())) {
    if (!NOT_FOR_STORE_CLIENTS.has(name)) result[name] = value
  }
  return { ...result, ...forced }
}

/** The producer configs of the config and offsets stores (Kafka: acks=all, no idempotence, one request in flight, no delivery timeout). */
export const DURABLE_PRODUCER_CONFIG: Readonly<Record<string, string>> = {
  acks: 'all',
  'enable.idempotence': 'false',
  'max.in.flight.requests.per.connection': '1',
  'delivery.timeout.ms': '2147483647',
}

/** Topic creation retries within default.api.timeout.ms, every retry.backoff.ms, as Kafka's stores do. */
export function topicCreationRetry (config: WorkerConfig): TopicCreationRetry {
  const originals = config.originals()
  return {
    timeoutMs: positiveNumber(originals['default.api.timeout.ms'], 60_000),
    backoffMs: positiveNumber(originals['retry.backoff.ms'], 100),
  }
}

function positiveNumber (value: unknown, fallback: number): number {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN
  return Number.isFinite(number) && number >= 0 ? number : fallback
}
