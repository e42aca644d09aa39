// What a sink connector can ask of the runtime (Kafka's SinkConnectorContext).

import type { ConnectorContext } from '../connector/connector-context.ts'

/** The context of a sink connector: nothing beyond a ConnectorContext so far, as in Kafka. */
export type SinkConnectorContext = ConnectorContext
