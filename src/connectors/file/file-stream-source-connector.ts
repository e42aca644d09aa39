// FileStreamSourceConnector: reads lines from a file (or standard input) into a topic, with
// exactly the settings, defaults, messages and behaviour of Kafka's
// (connect/file/src/main/java/org/apache/kafka/connect/file/FileStreamSourceConnector.java).
// Only one task reads a file, whatever tasks.max says.

import type { ConfigDef } from '../../api/config/config-def.ts'
import { ConnectException } from '../../api/errors.ts'
import type { TaskClass } from '../../api/connector/task.ts'
import { SourceConnector, type ExactlyOnceSupport, type SourcePartitionOffset } from '../../api/source/source-connector.ts'
import type { SourceTask } from '../../api/source/source-task.ts'
import {
  FILE_CONFIG, FILENAME_FIELD, POSITION_FIELD, SOURCE_CONFIG_DEF, configuredFile, isLong,
} from './file-stream-source-config.ts'
import { FileStreamSourceTask } from './file-stream-source-task.ts'
import { getLogger } from '../../logging/index.ts'
import { KAFKA_COMPAT_VERSION } from '../../api/version.ts'

const log = getLogger('org.apache.kafka.connect.file.FileStreamSourceConnector')

/** Kafka's FileStreamSourceConnector: one task reading a file or standard input line by line. */
export class FileStreamSourceConnector extends SourceConnector {
  #props: Record<string, string> = {}

  version (): string {
    return KAFKA_COMPAT_VERSION
  }

  start (props: Record<string, string>): void {
    // Parsing here fails start() with Kafka's message when a setting is invalid.
    const filename = configuredFile(props)
    this.#props = props
    log.info('Starting file source connector reading from {}', filename ?? 'standard input')
  }

  taskClass (): TaskClass<SourceTask> {
    return FileStreamSourceTask
  }

  taskConfigs (_maxTasks: number): Array<Record<string, string>> {
    // Only one input stream makes sense.
    return [{ ...this.#props }]
  }

  stop (): void {
    // Nothing runs in the background.
  }

  config (): ConfigDef {
    return SOURCE_CONFIG_DEF
  }

  override exactlyOnceSupport (connectorConfig: Record<string, string>): ExactlyOnceSupport {
    // A real file that is only appended to can be re-read from an offset; stdin cannot, and
    // keeps no offsets at all.
    return configuredFile(connectorConfig) !== null ? 'SUPPORTED' : 'UNSUPPORTED'
  }

  override alterOffsets (connectorConfig: Record<string, string>, offsets: readonly SourcePartitionOffset[]): boolean {
    if (configuredFile(connectorConfig) === null) {
      throw new ConnectException(`Offsets cannot be modified if the '${FILE_CONFIG}' configuration is unspecified. ` +
        'This is because stdin is used for input and offsets are not tracked.')
    }
    // Partitions of earlier configurations (other files) may be in the request too; each is
    // checked, and a null offset (a reset) is always allowed, so that garbage can be cleaned up.
    for (const { partition, offset } of offsets) {
      if (offset === null) continue
      if (!Object.hasOwn(offset, POSITION_FIELD)) {
        throw new ConnectException(`Offset objects should either be null or contain the key '${POSITION_FIELD}'`)
      }
      const position = offset[POSITION_FIELD]
      if (!isLong(position)) {
        throw new ConnectException(`The value for the '${POSITION_FIELD}' key in the offset is expected to be a Long value`)
      }
      if (position < 0) {
        throw new ConnectException(`The value for the '${POSITION_FIELD}' key in the offset should be a non-negative value`)
      }
      if (partition === null || partition === undefined) throw new ConnectException('Partition objects cannot be null')
      if (!Object.hasOwn(partition, FILENAME_FIELD)) {
        throw new ConnectException(`Partition objects should contain the key '${FILENAME_FIELD}'`)
      }
    }
    // Whether the position fits the file is checked by the task when it starts.
    return true
  }
}
