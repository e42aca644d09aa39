// What a distributed worker checks in a connector config beyond the framework's checks (Kafka's
// DistributedHerder.validateSinkConnectorConfig / validateSourceConnectorConfig): a sink's consumer
// group must not be the workers' own group, and a source's exactly-once settings must be ones this
// cluster and this connector can honour. Messages are Kafka's.

import { ConfigValue } from '../../api/config/config-value.ts'
import type { SinkConnector } from '../../api/sink/sink-connector.ts'
import type { SourceConnector } from '../../api/source/source-connector.ts'
import { getLogger } from '../../logging/index.ts'
import { EXACTLY_ONCE_SUPPORT_CONFIG, NAME_CONFIG, TRANSACTION_BOUNDARY_CONFIG } from '../../runtime/config/connector-config.ts'
import type { DistributedConfig } from '../../runtime/config/distributed-config.ts'
import type { ConnectorKindChecks } from '../standalone/connector-validation.ts'

const log = getLogger('org.apache.kafka.connect.runtime.distributed.DistributedHerder')

const GROUP_ID_OVERRIDE = 'consumer.override.group.id'

/** The checks of a distributed worker with this config. */
export function distributedValidationChecks (config: DistributedConfig): ConnectorKindChecks {
  const workerGroupId = config.groupId()
  return {
    sink: (_connector: SinkConnector, props, validated) => {
      if (Object.hasOwn(props, GROUP_ID_OVERRIDE)) {
        const groupId = props[GROUP_ID_OVERRIDE]
        let value = validated.get(GROUP_ID_OVERRIDE)
        if (value === undefined) {
          value = new ConfigValue(GROUP_ID_OVERRIDE, groupId)
          validated.set(GROUP_ID_OVERRIDE, value)
        }
        if (groupId === workerGroupId) value.addErrorMessage(`Consumer group ${groupId} conflicts with Connect worker group ${workerGroupId}`)
        return
      }
      const name = validated.get(NAME_CONFIG)
      if (name !== undefined && `connect-${String(name.value)}` === workerGroupId) {
        name.addErrorMessage(`Consumer group for sink connector named ${String(name.value)} conflicts with Connect worker group ${workerGroupId}`)
      }
    },
    source: async (connector: SourceConnector, props, validated) => {
      await checkExactlyOnceSupport(config, connector, props, validated)
      await checkTransactionBoundary(connector, props, validated)
    },
  }
}

async function checkExactlyOnceSupport (config: DistributedConfig, connector: SourceConnector, props: Record<string, string>,
  validated: Map<string, ConfigValue>): Promise<void> {
  const value = validated.get(EXACTLY_ONCE_SUPPORT_CONFIG)
  if (value === undefined || value.errorMessages.length > 0 || String(value.value).toLowerCase() !== 'required') return
  if (!config.exactlyOnceSourceEnabled()) value.addErrorMessage('This worker does not have exactly-once source support enabled.')
  try {
    const support = await connector.exactlyOnceSupport({ ...props })
    if (support === null || support === undefined) {
      value.addErrorMessage('The connector does not implement the API required for preflight validation of exactly-once source support. ' +
        'Please consult the documentation for the connector to determine whether it supports exactly-once semantics, and then consider ' +
        'reconfiguring the connector to use the value "requested" for this property (which will disable this preflight check and allow the ' +
        'connector to be created).')
    } else if (support === 'UNSUPPORTED') {
      value.addErrorMessage('The connector does not support exactly-once semantics with the provided configuration.')
    } else if (support !== 'SUPPORTED') {
      throw new Error(`Unexpected value returned from SourceConnector::exactlyOnceSupport: ${String(support)}`)
    }
  } catch (error) {
    log.error('Failed while validating connector support for exactly-once semantics', error)
    value.addErrorMessage(unexpectedError(error))
  }
}

async function checkTransactionBoundary (connector: SourceConnector, props: Record<string, string>, validated: Map<string, ConfigValue>): Promise<void> {
  const value = validated.get(TRANSACTION_BOUNDARY_CONFIG)
  if (value === undefined || value.errorMessages.length > 0 || String(value.value).toLowerCase() !== 'connector') return
  try {
    const support = await connector.canDefineTransactionBoundaries({ ...props })
    if (support === null || support === undefined) {
      value.addErrorMessage('This connector has returned a null value from its canDefineTransactionBoundaries method, which is not permitted. ' +
        'The connector will be treated as if it cannot define its own transaction boundaries, and cannot be configured with ' +
        `'${TRANSACTION_BOUNDARY_CONFIG}' set to 'connector'.`)
    } else if (support !== 'SUPPORTED') {
      value.addErrorMessage('The connector does not support connector-defined transaction boundaries with the given configuration. ' +
        'Please reconfigure it to use a different transaction boundary definition.')
    }
  } catch (error) {
    log.error('Failed while validating connector support for defining its own transaction boundaries', error)
    value.addErrorMessage(unexpectedError(error))
  }
}

function unexpectedError (error: unknown): string {
  const message = error instanceof Error ? error.message.trim() : ''
  return message === '' ? 'An unexpected error occurred during validation; please see the worker logs for more details.' : `An unexpected error occurred during validation: ${message}`
}
