// The kconnect SDK: everything a connector, converter or transform author imports. It depends on
// nothing else of ours. Modules that only implement Java's exact text and number rules for the
// ones below (data/java-*, data/values-*, data/iso-date-format, data/format-value,
// config/config-text) are left out on purpose: they are details, free to change.

export {
  ConnectException, DataException, SchemaBuilderException, SchemaProjectorException, RetriableException,
  NotFoundException, AlreadyExistsException, ConfigException,
} from './errors.ts'
export type { MaybePromise } from './maybe-promise.ts'
export { KAFKA_COMPAT_VERSION } from './version.ts'

// Data: schemas, structs and logical types.
export { Schema, SCHEMA_TYPES, isPrimitiveType, schemaTypeName, type SchemaType } from './data/schema.ts'
export { ConnectSchema, schemaEquals, valueEquals, type ConnectSchemaOptions } from './data/connect-schema.ts'
export { Field } from './data/field.ts'
export { SchemaBuilder } from './data/schema-builder.ts'
export { Struct } from './data/struct.ts'
export { BigDecimal, type RoundingMode } from './data/big-decimal.ts'
export { Decimal } from './data/decimal.ts'
export { ConnectDate } from './data/date.ts'
export { Time } from './data/time.ts'
export { Timestamp } from './data/timestamp.ts'
export {
  DECIMAL_LOGICAL_NAME, DATE_LOGICAL_NAME, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME,
} from './data/logical-names.ts'
export { SchemaAndValue } from './data/schema-and-value.ts'
export { Values } from './data/values.ts'

// Headers and records.
export { ConnectHeader, ConnectHeaders, type Header, type HeaderTransform } from './header/headers.ts'
export { ConnectRecord, type ConnectRecordOptions, type RecordChanges } from './connector/connect-record.ts'
export { SourceRecord, type SourceRecordOptions } from './source/source-record.ts'
export { SinkRecord, type SinkRecordOptions, type TimestampType } from './sink/sink-record.ts'

// Configuration.
export {
  CONFIG_TYPES, IMPORTANCES, WIDTHS, isSensitiveType,
  type ConfigType, type Importance, type Width, type Validator, type Recommender,
} from './config/config-types.ts'
export { ConfigDef, type RawConfig } from './config/config-def.ts'
export { ConfigKey, NO_DEFAULT_VALUE, type ConfigKeyOptions } from './config/config-key.ts'
export { ConfigValue, Config } from './config/config-value.ts'
export { Password, HIDDEN } from './config/password.ts'
export { parseType, convertToString } from './config/parse-type.ts'
export {
  Range, ValidString, ValidList, CaseInsensitiveValidString, NonNullValidator, NonEmptyString,
  NonEmptyStringWithoutControlChars, ListSize, LambdaValidator, CompositeValidator,
} from './config/validators.ts'
export { AbstractConfig } from './config/abstract-config.ts'
export {
  buildConfigInfos, configInfosFor, configKeyInfo, configValueInfo, mergeConfigInfos, prefixedConfigInfos,
  pluginConfigKeyInfos, type ConfigInfos, type ConfigInfo, type ConfigKeyInfo, type ConfigValueInfo,
} from './config/config-infos.ts'

// Connectors and tasks.
export { Connector } from './connector/connector.ts'
export type { ConnectorContext } from './connector/connector-context.ts'
export type { Task, TaskClass } from './connector/task.ts'
export {
  SourceConnector, type ExactlyOnceSupport, type ConnectorTransactionBoundaries, type SourcePartitionOffset,
} from './source/source-connector.ts'
export type { SourceConnectorContext } from './source/source-connector-context.ts'
export { SourceTask } from './source/source-task.ts'
export type { SourceTaskContext } from './source/source-task-context.ts'
export type { OffsetStorageReader } from './source/offset-storage-reader.ts'
export type { RecordMetadata } from './source/record-metadata.ts'
export type { TransactionContext } from './source/transaction-context.ts'
export {
  TRANSACTION_BOUNDARY_CONFIG, TRANSACTION_BOUNDARIES, DEFAULT_TRANSACTION_BOUNDARY, parseTransactionBoundary,
  type TransactionBoundary,
} from './source/transaction-boundary.ts'
export { SinkConnector } from './sink/sink-connector.ts'
export type { SinkConnectorContext } from './sink/sink-connector-context.ts'
export { SinkTask } from './sink/sink-task.ts'
export type { SinkTaskContext } from './sink/sink-task-context.ts'
export type { ErrantRecordReporter } from './sink/errant-record-reporter.ts'
export { TopicPartition, TopicPartitionMap, type TopicPartitionLike } from './sink/topic-partition.ts'
export { OffsetAndMetadata } from './sink/offset-and-metadata.ts'

// Converters.
export type { Converter, HeaderConverter, ConverterConfigs } from './converter/converter.ts'

// Single message transforms and predicates.
export type { Transformation, TransformationClass, TransformationConfigs } from './transforms/transformation.ts'
export type { Predicate, PredicateClass, PredicateConfigs } from './transforms/predicate.ts'
