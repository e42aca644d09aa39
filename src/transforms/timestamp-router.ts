// TimestampRouter: routes each record to a topic made of its topic and its timestamp, formatted
// with a SimpleDateFormat pattern in UTC (orders -> orders-20240315). Unlike Kafka, a bad pattern
// is refused when the transform is configured, not on every record.

import { ConfigDef } from '../api/config/config-def.ts'
import type { ConnectRecord } from '../api/connector/connect-record.ts'
import { ConfigException, DataException } from '../api/errors.ts'
import type { Transformation, TransformationConfigs } from '../api/transforms/transformation.ts'
import { parseConfig } from './util/config.ts'
import { SimpleDateFormat } from './util/simple-date-format.ts'
import { KAFKA_COMPAT_VERSION } from '../api/version.ts'

const TOPIC_FORMAT = 'topic.format'
const TIMESTAMP_FORMAT = 'timestamp.format'

/** TimestampRouter's settings. */
export const TIMESTAMP_ROUTER_CONFIG_DEF = new ConfigDef()
  .define({
    name: TOPIC_FORMAT,
    type: 'STRING',
    defaultValue: '${topic}-${timestamp}',
    importance: 'HIGH',
    documentation: 'Format string which can contain <code>${topic}</code> and <code>${timestamp}</code> as placeholders for the topic and timestamp, respectively.',
  })
  .define({
    name: TIMESTAMP_FORMAT,
    type: 'STRING',
    defaultValue: 'yyyyMMdd',
    importance: 'HIGH',
    documentation: 'Format string for the timestamp that is compatible with <code>java.text.SimpleDateFormat</code>.',
  })

/** Routes records by topic and timestamp (org.apache.kafka.connect.transforms.TimestampRouter). */
export class TimestampRouter<R extends ConnectRecord<R>> implements Transformation<R> {
  #topicFormat = ''
  #timestampFormat = new SimpleDateFormat('yyyyMMdd')

  version (): string {
    return KAFKA_COMPAT_VERSION
  }

  configure (configs: TransformationConfigs): void {
    const config = parseConfig(TIMESTAMP_ROUTER_CONFIG_DEF, configs)
    this.#topicFormat = config.getString(TOPIC_FORMAT) ?? ''
    const pattern = config.getString(TIMESTAMP_FORMAT) ?? ''
    try {
      this.#timestampFormat = new SimpleDateFormat(pattern)
    } catch (error) {
      throw new ConfigException(TIMESTAMP_FORMAT, pattern, `${(error as Error).message}; use a java.text.SimpleDateFormat pattern such as yyyyMMdd`)
    }
  }

  apply (record: R): R | null {
    if (record.timestamp === null) throw new DataException(`Timestamp missing on record: ${record.toString()}`)
    const timestamp = this.#timestampFormat.format(record.timestamp)
    const topic = this.#topicFormat.split('${topic}').join(record.topic).split('${timestamp}').join(timestamp)
    return record.newRecord({ topic })
  }

  config (): ConfigDef {
    return TIMESTAMP_ROUTER_CONFIG_DEF
  }

  close (): void {}
}
