// JsonConverter's settings, with Kafka's names, defaults, documentation and groups
// (org.apache.kafka.connect.json.JsonConverterConfig), so the REST API describes them as Java does.

import { AbstractConfig } from '../../api/config/abstract-config.ts'
import type { ConfigDef } from '../../api/config/config-def.ts'
import { CaseInsensitiveValidString } from '../../api/config/validators.ts'
import type { ConverterConfigs } from '../../api/converter/converter.ts'
import { CONVERTER_TYPE_CONFIG, newConverterConfigDef, type ConverterType } from '../converter-config.ts'

/** How Decimal values are written: base64 of the unscaled bytes, or a JSON number. */
export type DecimalFormat = 'BASE64' | 'NUMERIC'

export const SCHEMAS_ENABLE_CONFIG = 'schemas.enable'
export const SCHEMA_CONTENT_CONFIG = 'schema.content'
export const SCHEMAS_CACHE_SIZE_CONFIG = 'schemas.cache.size'
export const DECIMAL_FORMAT_CONFIG = 'decimal.format'
export const REPLACE_NULL_WITH_DEFAULT_CONFIG = 'replace.null.with.default'

/** JsonConverter's ConfigDef: converter.type plus the Schemas and Serialization groups. */
export const JSON_CONVERTER_CONFIG_DEF: ConfigDef = newConverterConfigDef()
  .define({
    name: SCHEMAS_ENABLE_CONFIG,
    type: 'BOOLEAN',
    defaultValue: true,
    importance: 'HIGH',
    documentation: 'Include schemas within each of the serialized values and keys.',
    group: 'Schemas',
    orderInGroup: 0,
    width: 'MEDIUM',
    displayName: 'Enable Schemas',
  })
  .define({
    name: SCHEMAS_CACHE_SIZE_CONFIG,
    type: 'INT',
    defaultValue: 1000,
    importance: 'HIGH',
    documentation: 'The maximum number of schemas that can be cached in this converter instance.',
    group: 'Schemas',
    orderInGroup: 1,
    width: 'MEDIUM',
    displayName: 'Schema Cache Size',
  })
  .define({
    name: SCHEMA_CONTENT_CONFIG,
    type: 'STRING',
    defaultValue: null,
    importance: 'HIGH',
    // Kafka's text, missing space included, so the REST API shows the same documentation.
    documentation: 'When set, this is used as the schema for all messages, and the schemas within each of the message will be ignored.' +
      "Otherwise, the schema will be included in the content of each message. This configuration applies only 'schemas.enable' is true, and it exclusively affects the sink connector.",
    group: 'Schemas',
    orderInGroup: 2,
    width: 'MEDIUM',
    displayName: 'Schema Content',
  })
  .define({
    name: DECIMAL_FORMAT_CONFIG,
    type: 'STRING',
    defaultValue: 'BASE64',
    validator: CaseInsensitiveValidString.in('BASE64', 'NUMERIC'),
    importance: 'LOW',
    documentation: 'Controls which format this converter will serialize decimals in.' +
      " This value is case insensitive and can be either 'BASE64' (default) or 'NUMERIC'",
    group: 'Serialization',
    orderInGroup: 0,
    width: 'MEDIUM',
    displayName: 'Decimal Format',
  })
  .define({
    name: REPLACE_NULL_WITH_DEFAULT_CONFIG,
    type: 'BOOLEAN',
    defaultValue: true,
    importance: 'LOW',
    documentation: 'Whether to replace fields that have a default value and that are null to the default value. ' +
      'When set to true, the default value is used, otherwise null is used.',
    group: 'Serialization',
    orderInGroup: 1,
    width: 'MEDIUM',
    displayName: 'Replace null with default',
  })

/** JsonConverter's parsed settings. Throws ConfigException (Kafka's messages) on a bad one. */
export class JsonConverterConfig extends AbstractConfig {
  readonly type: ConverterType
  readonly schemasEnabled: boolean
  readonly schemaCacheSize: number
  readonly decimalFormat: DecimalFormat
  readonly replaceNullWithDefault: boolean
  /** The fixed schema of every message (JsonConverter's JSON schema form), or null. */
  readonly schemaContent: string | null

  constructor (configs: ConverterConfigs) {
    super(JSON_CONVERTER_CONFIG_DEF, configs)
    this.type = this.getString(CONVERTER_TYPE_CONFIG) as ConverterType
    this.schemasEnabled = this.getBoolean(SCHEMAS_ENABLE_CONFIG) as boolean
    this.schemaCacheSize = this.getInt(SCHEMAS_CACHE_SIZE_CONFIG) as number
    this.decimalFormat = (this.getString(DECIMAL_FORMAT_CONFIG) as string).toUpperCase() as DecimalFormat
    this.replaceNullWithDefault = this.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG) as boolean
    const content = this.getString(SCHEMA_CONTENT_CONFIG)
    this.schemaContent = content === null || content === '' ? null : content
  }
}
