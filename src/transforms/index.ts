// The transformations and predicates kconnect ships, under the Java class names connector
// configs use (`transforms.route.type=org.apache.kafka.connect.transforms.RegexRouter`, or
// RegexRouter: the registry derives the simple names; the $Key/$Value classes need their full
// names, as in Kafka, since "Key" and "Value" alone are ambiguous). The plugin registry
// (src/runtime/plugins/builtin-plugins.ts) registers every entry.

import type { PluginDescriptor } from '../runtime/plugins/plugin-registry.ts'
import { CastKey, CastValue } from './cast.ts'
import { DropHeaders } from './drop-headers.ts'
import { ExtractFieldKey, ExtractFieldValue } from './extract-field.ts'
import { Filter } from './filter.ts'
import { FlattenKey, FlattenValue } from './flatten.ts'
import { HeaderFromKey, HeaderFromValue } from './header-from.ts'
import { HoistFieldKey, HoistFieldValue } from './hoist-field.ts'
import { InsertFieldKey, InsertFieldValue } from './insert-field.ts'
import { InsertHeader } from './insert-header.ts'
import { MaskFieldKey, MaskFieldValue } from './mask-field.ts'
import { HasHeaderKey } from './predicates/has-header-key.ts'
import { RecordIsTombstone } from './predicates/record-is-tombstone.ts'
import { TopicNameMatches } from './predicates/topic-name-matches.ts'
import { RegexRouter } from './regex-router.ts'
import { ReplaceFieldKey, ReplaceFieldValue } from './replace-field.ts'
import { SetSchemaMetadataKey, SetSchemaMetadataValue } from './set-schema-metadata.ts'
import { TimestampConverterKey, TimestampConverterValue } from './timestamp-converter.ts'
import { TimestampRouter } from './timestamp-router.ts'
import { ValueToKey } from './value-to-key.ts'
import { KAFKA_COMPAT_VERSION } from '../api/version.ts'

const TRANSFORMS_PACKAGE = 'org.apache.kafka.connect.transforms.'
const PREDICATES_PACKAGE = 'org.apache.kafka.connect.transforms.predicates.'

function plugin (type: 'transformation' | 'predicate', className: string, create: () => unknown): PluginDescriptor {
  return { className, type, version: KAFKA_COMPAT_VERSION, location: 'builtin', create }
}

function transform (name: string, create: () => unknown): PluginDescriptor {
  return plugin('transformation', TRANSFORMS_PACKAGE + name, create)
}

/** Every built-in transformation, in Kafka's class names. */
export const BUILTIN_TRANSFORMS: readonly PluginDescriptor[] = Object.freeze([
  transform('Cast$Key', () => new CastKey()),
  transform('Cast$Value', () => new CastValue()),
  transform('DropHeaders', () => new DropHeaders()),
  transform('ExtractField$Key', () => new ExtractFieldKey()),
  transform('ExtractField$Value', () => new ExtractFieldValue()),
  transform('Filter', () => new Filter()),
  transform('Flatten$Key', () => new FlattenKey()),
  transform('Flatten$Value', () => new FlattenValue()),
  transform('HeaderFrom$Key', () => new HeaderFromKey()),
  transform('HeaderFrom$Value', () => new HeaderFromValue()),
  transform('HoistField$Key', () => new HoistFieldKey()),
  transform('HoistField$Value', () => new HoistFieldValue()),
  transform('InsertField$Key', () => new InsertFieldKey()),
  transform('InsertField$Value', () => new InsertFieldValue()),
  transform('InsertHeader', () => new InsertHeader()),
  transform('MaskField$Key', () => new MaskFieldKey()),
  transform('MaskField$Value', () => new MaskFieldValue()),
  transform('RegexRouter', () => new RegexRouter()),
  transform('ReplaceField$Key', () => new ReplaceFieldKey()),
  transform('ReplaceField$Value', () => new ReplaceFieldValue()),
  transform('SetSchemaMetadata$Key', () => new SetSchemaMetadataKey()),
  transform('SetSchemaMetadata$Value', () => new SetSchemaMetadataValue()),
  transform('TimestampConverter$Key', () => new TimestampConverterKey()),
  transform('TimestampConverter$Value', () => new TimestampConverterValue()),
  transform('TimestampRouter', () => new TimestampRouter()),
  transform('ValueToKey', () => new ValueToKey()),
])

/** Every built-in predicate, in Kafka's class names. */
export const BUILTIN_PREDICATES: readonly PluginDescriptor[] = Object.freeze([
  plugin('predicate', PREDICATES_PACKAGE + 'HasHeaderKey', () => new HasHeaderKey()),
  plugin('predicate', PREDICATES_PACKAGE + 'RecordIsTombstone', () => new RecordIsTombstone()),
  plugin('predicate', PREDICATES_PACKAGE + 'TopicNameMatches', () => new TopicNameMatches()),
])

export { buildTransformationChain, TransformationChain } from './chain.ts'
