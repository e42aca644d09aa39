// The settings of the Kafka clients a connector's tasks use (Kafka's Worker.baseProducerConfigs,
// baseConsumerConfigs and connectorClientConfigOverrides): Connect's defaults, then the worker's
// producer.* / consumer.* / admin.* settings, then the connector's producer.override.* /
// consumer.override.* / admin.override.* ones, as far as connector.client.config.override.policy
// lets a connector override them.

import type { ConfigValue } from '../api/config/config-value.ts'
import { ConfigValue as ConfigValueClass } from '../api/config/config-value.ts'
import { ConnectException } from '../api/errors.ts'
import { ADMIN_OVERRIDES_PREFIX, CONSUMER_OVERRIDES_PREFIX, PRODUCER_OVERRIDES_PREFIX } from './config/connector-config.ts'
import type { WorkerConfig } from './config/worker-config.ts'

/** Which client a setting is for. */
export type ClientKind = 'producer' | 'consumer' | 'admin'

const OVERRIDE_PREFIX: Record<ClientKind, string> = {
  producer: PRODUCER_OVERRIDES_PREFIX,
  consumer: CONSUMER_OVERRIDES_PREFIX,
  admin: ADMIN_OVERRIDES_PREFIX,
}

const PRINCIPAL_SETTINGS = new Set(['sasl.jaas.config', 'sasl.mechanism', 'security.protocol'])

/** The override prefix of a client kind, such as "producer.override.". */
export function overridePrefix (kind: ClientKind): string {
  return OVERRIDE_PREFIX[kind]
}

/** The connector's overrides for a client, prefix stripped. */
export function connectorOverrides (connectorConfig: Readonly<Record<string, string>>, kind: ClientKind): Record<string, string> {
  const prefix = OVERRIDE_PREFIX[kind]
  const result: Record<string, string> = {}
  for (const [name, value] of Object.entries(connectorConfig)) {
    if (name.startsWith(prefix) && name.length > prefix.length) result[name.slice(prefix.length)] = value
  }
  return result
}

/**
 * The override policy's verdict on each override (Kafka's ConnectorClientConfigOverridePolicy
 * validate): one ConfigValue per setting, with an error for each the policy refuses.
 */
export function validateOverrides (policy: ReturnType<WorkerConfig['clientOverridePolicy']>, overrides: Readonly<Record<string, string>>): ConfigValue[] {
  return Object.entries(overrides).map(([name, value]) => {
    const configValue = new ConfigValueClass(name, value, [], [])
    const allowed = policy === 'All' || (policy === 'Principal' && PRINCIPAL_SETTINGS.has(name))
    if (!allowed) configValue.addErrorMessage(`The '${policy}' policy does not allow '${name}' to be overridden in the connector configuration.`)
    return configValue
  })
}

/** The connector's overrides for a client, refused with Kafka's message when the policy forbids one. */
function allowedOverrides (connectorName: string, workerConfig: WorkerConfig, connectorConfig: Readonly<Record<string, string>>, kind: ClientKind): Record<string, string> {
  const overrides = connectorOverrides(connectorConfig, kind)
  const errors = validateOverrides(workerConfig.clientOverridePolicy(), overrides).filter(v => v.errorMessages.length > 0)
  if (errors.length > 0) {
    throw new ConnectException(`Client Config Overrides not allowed ${errors.map(e => `${e.name} -> ${e.errorMessages.join(', ')}`).join(', ')} ` +
      `for connector ${connectorName}`)
  }
  return overrides
}

/** A source task's producer settings: acks=all and one request in flight (ordering), then the worker's, then the connector's. */
export function producerConfigs (connectorName: string, workerConfig: WorkerConfig, connectorConfig: Readonly<Record<string, string>>): Record<string, string> {
  return {
    acks: 'all',
    'max.in.flight.requests.per.connection': '1',
    'enable.idempotence': 'false',
    'delivery.timeout.ms': String(2147483647),
    ...workerConfig.clientConfigs('producer.'),
    ...allowedOverrides(connectorName, workerConfig, connectorConfig, 'producer'),
  }
}

/** A sink task's consumer settings: group connect-<name>, no auto commit, earliest; then the worker's, then the connector's. */
export function consumerConfigs (connectorName: string, workerConfig: WorkerConfig, connectorConfig: Readonly<Record<string, string>>): Record<string, string> {
  return {
    'group.id': sinkGroupId(connectorName),
    'enable.auto.commit': 'false',
    'auto.offset.reset': 'earliest',
    ...workerConfig.clientConfigs('consumer.'),
    ...allowedOverrides(connectorName, workerConfig, connectorConfig, 'consumer'),
  }
}

/** The admin settings for a connector's topic creation and offsets requests. */
export function adminConfigs (connectorName: string, workerConfig: WorkerConfig, connectorConfig: Readonly<Record<string, string>>): Record<string, string> {
  return {
    ...workerConfig.clientConfigs('admin.'),
    ...allowedOverrides(connectorName, workerConfig, connectorConfig, 'admin'),
  }
}

/** A sink connector's consumer group: connect-<name> (SinkUtils.consumerGroupId). */
export function sinkGroupId (connectorName: string): string {
  return `connect-${connectorName}`
}

/** The consumer group a sink connector actually uses: consumer.override.group.id when set (and allowed). */
export function effectiveSinkGroupId (connectorName: string, workerConfig: WorkerConfig, connectorConfig: Readonly<Record<string, string>>): string {
  return consumerConfigs(connectorName, workerConfig, connectorConfig)['group.id']
}
