// The settings of FileStreamSourceConnector and its task, word for word as Kafka defines them
// (FileStreamSourceConnector.CONFIG_DEF), and the keys of its source partitions and offsets.

import { AbstractConfig } from '../../api/config/abstract-config.ts'
import { ConfigDef } from '../../api/config/config-def.ts'
import { NonEmptyString } from '../../api/config/validators.ts'

/** The setting naming the topic to publish to. */
export const TOPIC_CONFIG = 'topic'
/** The setting naming the file to read; absent or empty means standard input. */
export const FILE_CONFIG = 'file'
/** The setting bounding the records one poll() returns. */
export const TASK_BATCH_SIZE_CONFIG = 'batch.size'
/** batch.size when not set. */
export const DEFAULT_TASK_BATCH_SIZE = 2000
/** The key of the source partition: the file name. */
export const FILENAME_FIELD = 'filename'
/** The key of the source offset: characters read, up to the end of the last line returned. */
export const POSITION_FIELD = 'position'

/** The source connector's settings, word for word as Kafka defines them. */
export const SOURCE_CONFIG_DEF = new ConfigDef()
  .define({
    name: FILE_CONFIG, type: 'STRING', defaultValue: null, importance: 'HIGH',
    documentation: 'Source filename. If not specified, the standard input will be used',
  })
  .define({
    name: TOPIC_CONFIG, type: 'STRING', validator: new NonEmptyString(), importance: 'HIGH',
    documentation: 'The topic to publish data to',
  })
  .define({
    name: TASK_BATCH_SIZE_CONFIG, type: 'INT', defaultValue: DEFAULT_TASK_BATCH_SIZE, importance: 'LOW',
    documentation: 'The maximum number of records the source task can read from the file each time it is polled',
  })

/** The file a configuration names, or null for standard input (as in Kafka, "" means stdin too). */
export function configuredFile (props: Record<string, string>): string | null {
  const filename = new AbstractConfig(SOURCE_CONFIG_DEF, props).getString(FILE_CONFIG)
  return filename === null || filename === '' ? null : filename
}

/**
 * Whether `value` is what Java sees as a Long: an INT64 (bigint), or an integer number that JSON
 * parsing may have produced before the runtime normalised it.
 */
export function isLong (value: unknown): value is bigint | number {
  if (typeof value === 'bigint') return value >= -(2n ** 63n) && value < 2n ** 63n
  return typeof value === 'number' && Number.isSafeInteger(value)
}
