// The connector's settings. A ConfigDef gives kconnect everything it needs to check a
// configuration (PUT /connector-plugins/RandomSource/config/validate shows these keys with their
// documentation) and to parse it into typed values.

import { AbstractConfig, ConfigDef, NonEmptyString, Range } from 'kconnect/api'

/** The topic to write to. */
export const TOPIC_CONFIG = 'topic'
/** The seed of the numbers; the same seed gives the same numbers. */
export const SEED_CONFIG = 'seed'
/** The upper bound (exclusive) of the numbers. */
export const BOUND_CONFIG = 'bound'
/** Records per poll. */
export const BATCH_SIZE_CONFIG = 'batch.size'
/** The pause between two batches. */
export const INTERVAL_CONFIG = 'interval.ms'
/** Set by the connector in each task's configuration: which stream the task produces. */
export const TASK_INDEX_CONFIG = 'task.index'

/** Every setting, with its type, default, validator and documentation. */
export const CONFIG_DEF = new ConfigDef()
  .define({
    name: TOPIC_CONFIG, type: 'STRING', validator: new NonEmptyString(), importance: 'HIGH',
    documentation: 'The topic to write the numbers to.',
  })
  .define({
    name: SEED_CONFIG, type: 'LONG', defaultValue: 42, importance: 'MEDIUM',
    documentation: 'The seed of the numbers: the same seed gives the same numbers.',
  })
  .define({
    name: BOUND_CONFIG, type: 'INT', defaultValue: 1_000_000, validator: Range.atLeast(1), importance: 'MEDIUM',
    documentation: 'The numbers lie in [0, bound).',
  })
  .define({
    name: BATCH_SIZE_CONFIG, type: 'INT', defaultValue: 100, validator: Range.between(1, 100_000), importance: 'LOW',
    documentation: 'How many records each poll returns.',
  })
  .define({
    name: INTERVAL_CONFIG, type: 'LONG', defaultValue: 1000, validator: Range.atLeast(0), importance: 'LOW',
    documentation: 'How long to wait between two batches, in milliseconds.',
  })

/** A parsed configuration, with typed getters. */
export class RandomSourceConfig extends AbstractConfig {
  constructor (props: Record<string, string>) {
    super(CONFIG_DEF, props)
  }

  get topic (): string { return this.getString(TOPIC_CONFIG) as string }
  get seed (): bigint { return BigInt(this.getLong(SEED_CONFIG) as number) }
  get bound (): number { return this.getInt(BOUND_CONFIG) as number }
  get batchSize (): number { return this.getInt(BATCH_SIZE_CONFIG) as number }
  get intervalMs (): number { return this.getLong(INTERVAL_CONFIG) as number }
}
