// The base of a sink connector (Kafka's SinkConnector), with the offset hook of KIP-875.

import { Connector } from '../connector/connector.ts'
import type { TaskClass } from '../connector/task.ts'
import type { MaybePromise } from '../maybe-promise.ts'
import type { SinkConnectorContext } from './sink-connector-context.ts'
import type { SinkTask } from './sink-task.ts'
import type { TopicPartitionMap } from './topic-partition.ts'

/** A connector that writes data from Kafka to another system. */
export abstract class SinkConnector extends Connector {
  /** The setting that lists the topics to consume. */
  static readonly TOPICS_CONFIG = 'topics'

  declare protected context: SinkConnectorContext

  override initialize (context: SinkConnectorContext, taskConfigs?: ReadonlyArray<Record<string, string>>): void {
    super.initialize(context, taskConfigs)
  }

  abstract override taskClass (): TaskClass<SinkTask>

  /**
   * Called when a user alters or resets this connector's consumer offsets through the REST API,
   * perhaps before start(); an offset of null means reset. Check the offsets (throw
   * ConnectException to refuse them) or apply them to an external store, and return true; the
   * default returns false, meaning "not overridden". It must be idempotent.
   */
  alterOffsets (_connectorConfig: Record<string, string>, _offsets: TopicPartitionMap<bigint | null>): MaybePromise<boolean> {
    return false
  }
}
