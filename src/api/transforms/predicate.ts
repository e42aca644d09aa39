// Predicates (Kafka's org.apache.kafka.connect.transforms.predicates.Predicate): conditions on a
// record that decide whether a transform applies. A connector configuration names them under
// `predicates` and refers to one from `transforms.<alias>.predicate` (with `negate` to invert it).

import type { ConfigDef } from '../config/config-def.ts'
import type { ConnectRecord } from '../connector/connect-record.ts'

/** Settings handed to configure(): the `predicates.<alias>.` prefixed keys, prefix stripped. */
export type PredicateConfigs = Readonly<Record<string, unknown>>

/**
 * A test on records. Register a class implementing it in a plugin package's `predicates`
 * manifest field and name it in `predicates.<alias>.type`.
 */
export interface Predicate<R extends ConnectRecord<R>> {
  /** Called once, before the first test(), with the predicate's settings. */
  configure (configs: PredicateConfigs): void
  /** Whether `record` satisfies the predicate. Must not change the record. */
  test (record: R): boolean
  /** The settings this predicate accepts. */
  config (): ConfigDef
  /** Releases whatever the predicate holds; called once, when the task stops. */
  close (): void
  /** The version GET /connector-plugins shows; optional. */
  version? (): string
}

/** A class whose instances are predicates, as plugin packages export them. */
export type PredicateClass<R extends ConnectRecord<R>> = new () => Predicate<R>
