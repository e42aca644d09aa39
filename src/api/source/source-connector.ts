// The base of a source connector (Kafka's SourceConnector), with the exactly-once hooks of
// KIP-618 and the offset hook of KIP-875.

import { Connector } from '../connector/connector.ts'
import type { TaskClass } from '../connector/task.ts'
import type { MaybePromise } from '../maybe-promise.ts'
import type { SourceConnectorContext } from './source-connector-context.ts'
import type { SourceTask } from './source-task.ts'

/** Whether a connector can give exactly-once delivery with a given configuration. */
export type ExactlyOnceSupport = 'SUPPORTED' | 'UNSUPPORTED'

/** Whether a connector can define its own transaction boundaries with a given configuration. */
export type ConnectorTransactionBoundaries = 'SUPPORTED' | 'UNSUPPORTED'

/** A source partition and the offset requested for it; offset null means reset. */
export interface SourcePartitionOffset {
  readonly partition: Record<string, unknown>
  readonly offset: Record<string, unknown> | null
}

/** A connector that brings data from another system into Kafka. */
export abstract class SourceConnector extends Connector {
  declare protected context: SourceConnectorContext

  override initialize (context: SourceConnectorContext, taskConfigs?: ReadonlyArray<Record<string, string>>): void {
    super.initialize(context, taskConfigs)
  }

  abstract override taskClass (): TaskClass<SourceTask>

  /**
   * Whether this configuration can run with exactly-once delivery; asked before start() when
   * the worker has exactly-once support. null (the default) is taken as UNSUPPORTED.
   */
  exactlyOnceSupport (_connectorConfig: Record<string, string>): MaybePromise<ExactlyOnceSupport | null> {
    return null
  }

  /**
   * Whether this configuration lets the connector define transaction boundaries; asked before
   * start() when transaction.boundary=connector. The default is UNSUPPORTED.
   */
  canDefineTransactionBoundaries (_connectorConfig: Record<string, string>): MaybePromise<ConnectorTransactionBoundaries> {
    return 'UNSUPPORTED'
  }

  /**
   * Called when a user alters or resets this connector's offsets through the REST API, perhaps
   * before start(). Check the offsets (throw ConnectException to refuse them) or apply them to an
   * external store, and return true; the default returns false, meaning "not overridden". It
   * must be idempotent: a failed request may be retried.
   */
  alterOffsets (_connectorConfig: Record<string, string>, _offsets: readonly SourcePartitionOffset[]): MaybePromise<boolean> {
    return false
  }
}
