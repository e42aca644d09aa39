// What every built-in converter's settings share (Kafka's ConverterConfig and ConverterType):
// `converter.type`, which tells a converter whether it handles keys, values or headers. The worker
// sets it; configure(configs, isKey) sets it from isKey.

import { ConfigDef } from '../api/config/config-def.ts'
import { ValidString } from '../api/config/validators.ts'
import type { ConverterConfigs } from '../api/converter/converter.ts'

/** What a converter instance converts. */
export type ConverterType = 'key' | 'value' | 'header'

/** The setting that holds the ConverterType. */
export const CONVERTER_TYPE_CONFIG = 'converter.type'

/** A ConfigDef holding only `converter.type` (required: key, value or header), to extend. */
export function newConverterConfigDef (): ConfigDef {
  return new ConfigDef().define({
    name: CONVERTER_TYPE_CONFIG,
    type: 'STRING',
    defaultValue: ConfigDef.NO_DEFAULT_VALUE,
    validator: ValidString.in('key', 'value', 'header'),
    importance: 'LOW',
    documentation: 'How this converter will be used.',
  })
}

/** `configs` with `converter.type` set to key or value, as Converter.configure(configs, isKey) does. */
export function withConverterType (configs: ConverterConfigs, isKey: boolean): Record<string, unknown> {
  return { ...configs, [CONVERTER_TYPE_CONFIG]: isKey ? 'key' : 'value' }
}
