// The settings of FileStreamSinkConnector and its task, word for word as Kafka defines them
// (FileStreamSinkConnector.CONFIG_DEF). topics / topics.regex are the runtime's sink settings.

import { AbstractConfig } from '../../api/config/abstract-config.ts'
import { ConfigDef } from '../../api/config/config-def.ts'

/** The setting naming the file to append to; absent or empty means standard output. */
export const SINK_FILE_CONFIG = 'file'

/** The sink connector's settings. */
export const SINK_CONFIG_DEF = new ConfigDef()
  .define({
    name: SINK_FILE_CONFIG, type: 'STRING', defaultValue: null, importance: 'HIGH',
    documentation: 'Destination filename. If not specified, the standard output will be used',
  })

/** The file a sink configuration names, or null for standard output ("" too, as in Kafka). */
export function configuredSinkFile (props: Record<string, string>): string | null {
  const filename = new AbstractConfig(SINK_CONFIG_DEF, props).getString(SINK_FILE_CONFIG)
  return filename === null || filename === '' ? null : filename
}
