// FileStreamSinkConnector: appends each record's value, one line per record, to a file (or to
// standard output), with exactly the settings and behaviour of Kafka's
// (connect/file/src/main/java/org/apache/kafka/connect/file/FileStreamSinkConnector.java).

import type { ConfigDef } from '../../api/config/config-def.ts'
import type { TaskClass } from '../../api/connector/task.ts'
import { SinkConnector } from '../../api/sink/sink-connector.ts'
import type { SinkTask } from '../../api/sink/sink-task.ts'
import type { TopicPartitionMap } from '../../api/sink/topic-partition.ts'
import { SINK_CONFIG_DEF, configuredSinkFile } from './file-stream-sink-config.ts'
import { FileStreamSinkTask } from './file-stream-sink-task.ts'
import { getLogger } from '../../logging/index.ts'
import { KAFKA_COMPAT_VERSION } from '../../api/version.ts'

const log = getLogger('org.apache.kafka.connect.file.FileStreamSinkConnector')

/** Kafka's FileStreamSinkConnector: tasks.max identical tasks appending values to one file. */
export class FileStreamSinkConnector extends SinkConnector {
  #props: Record<string, string> = {}

  version (): string {
    return KAFKA_COMPAT_VERSION
  }

  start (props: Record<string, string>): void {
    const filename = configuredSinkFile(props)
    this.#props = props
    log.info('Starting file sink connector writing to {}', filename ?? 'standard output')
  }

  taskClass (): TaskClass<SinkTask> {
    return FileStreamSinkTask
  }

  taskConfigs (maxTasks: number): Array<Record<string, string>> {
    // Every task gets the same configuration; the consumer group shares the partitions out.
    return Array.from({ length: maxTasks }, () => ({ ...this.#props }))
  }

  stop (): void {
    // Nothing runs in the background.
  }

  config (): ConfigDef {
    return SINK_CONFIG_DEF
  }

  override alterOffsets (_connectorConfig: Record<string, string>, _offsets: TopicPartitionMap<bigint | null>): boolean {
    // The offsets live in the consumer group only, and any value is acceptable.
    return true
  }
}
