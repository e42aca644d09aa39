// Single message transforms (Kafka's org.apache.kafka.connect.transforms.Transformation): small,
// record-at-a-time changes a connector configuration chains under `transforms` — rename a field,
// route to another topic, drop a record. The runtime applies them between the task and the
// converters, in the configured order, on source and sink records alike.

import type { ConfigDef } from '../config/config-def.ts'
import type { ConnectRecord } from '../connector/connect-record.ts'

/** Settings handed to configure(): the `transforms.<alias>.` prefixed keys, prefix stripped. */
export type TransformationConfigs = Readonly<Record<string, unknown>>

/**
 * Changes or drops one record at a time. Register a class implementing it in a plugin package's
 * `transforms` manifest field and name it in `transforms.<alias>.type`.
 */
export interface Transformation<R extends ConnectRecord<R>> {
  /**
   * Called once, before the first apply(), with the transform's settings (the connector's
   * `transforms.<alias>.*`, prefix stripped; `predicate` and `negate` removed). Throw a
   * ConfigException for a bad setting: the task then fails with that message.
   */
  configure (configs: TransformationConfigs): void
  /**
   * The transformed record, `record` itself when nothing changes, or null to drop it. Must not
   * change anything reachable from `record` (headers, structs, arrays, maps): build a new record
   * with record.newRecord() instead. Runs on the task's hot path, so it is synchronous.
   */
  apply (record: R): R | null
  /** The settings this transform accepts (the validate endpoint lists them under the alias). */
  config (): ConfigDef
  /** Releases whatever the transform holds; called once, when the task stops. */
  close (): void
  /** The version GET /connector-plugins shows; optional (Kafka shows "undefined" without one). */
  version? (): string
}

/** A class whose instances are transformations, as plugin packages export them. */
export type TransformationClass<R extends ConnectRecord<R>> = new () => Transformation<R>
