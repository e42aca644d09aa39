// The transformation chain of a connector (Kafka's ConnectorConfig.transformationStages,
// TransformationStage and TransformationChain): for each alias in `transforms`, in order, an
// instance of `transforms.<alias>.type` configured with the `transforms.<alias>.*` settings, and,
// when `transforms.<alias>.predicate` names one, an instance of that predicate's
// `predicates.<name>.type` configured with its `predicates.<name>.*` settings; `negate` inverts it.
// A record goes through the stages in order; a stage whose predicate says no passes it on
// unchanged, and a stage that returns null drops it (the rest are skipped).
//
// Failures while building are ConnectExceptions whose message is Kafka's: the failing
// exception's Java class name and message ("org.apache.kafka.common.config.ConfigException: No
// field insertion configured"), with the error itself as the cause. A predicate alias that is
// not declared in `predicates` gets a message that says so (Kafka's names an unknown setting).

import type { AbstractConfig } from '../api/config/abstract-config.ts'
import type { ConnectRecord } from '../api/connector/connect-record.ts'
import { ConfigException, ConnectException, DataException, RetriableException } from '../api/errors.ts'
import type { Predicate } from '../api/transforms/predicate.ts'
import type { Transformation } from '../api/transforms/transformation.ts'
import type { PluginRegistry } from '../runtime/plugins/plugin-registry.ts'

const TRANSFORMS_CONFIG = 'transforms'
const PREDICATES_CONFIG = 'predicates'
const PREDICATE_CONFIG = 'predicate'
const NEGATE_CONFIG = 'negate'

/** What the chain reads from a connector's parsed configuration (ConnectorConfig provides it). */
export type TransformationSettings = Pick<AbstractConfig, 'getList' | 'originalsWithPrefix'>

/** One transformation of the chain, with the predicate that decides whether it applies. */
export class TransformationStage<R extends ConnectRecord<R>> {
  /** The transform's alias (`transforms=<alias>,…`). */
  readonly alias: string
  /** The class name the transform was created from (as the registry knows it). */
  readonly className: string
  readonly transformation: Transformation<R>
  readonly predicateAlias: string | null
  readonly predicateClassName: string | null
  readonly predicate: Predicate<R> | null
  readonly negate: boolean

  constructor (options: {
    alias: string, className: string, transformation: Transformation<R>,
    predicateAlias?: string | null, predicateClassName?: string | null, predicate?: Predicate<R> | null, negate?: boolean
  }) {
    this.alias = options.alias
    this.className = options.className
    this.transformation = options.transformation
    this.predicateAlias = options.predicateAlias ?? null
    this.predicateClassName = options.predicateClassName ?? null
    this.predicate = options.predicate ?? null
    this.negate = options.negate === true
  }

  /** The record transformed, unchanged when the predicate (negated or not) says no, or null to drop it. */
  apply (record: R): R | null {
    if (this.predicate !== null && this.negate === this.predicate.test(record)) return record
    const result = this.transformation.apply(record)
    return result === undefined ? null : result
  }

  /** Closes the transformation and the predicate, logging nothing and throwing nothing (Utils.closeQuietly). */
  close (): void {
    for (const plugin of [this.transformation, this.predicate]) {
      try {
        plugin?.close()
      } catch {
        // A plugin that fails to close must not keep the others from closing.
      }
    }
  }

  toString (): string {
    return `TransformationStage{predicate=${this.predicateClassName ?? 'null'}, transformation=${this.className}, negate=${this.negate}}`
  }
}

/** The stages of a connector, applied in order. */
export class TransformationChain<R extends ConnectRecord<R>> {
  readonly stages: ReadonlyArray<TransformationStage<R>>

  constructor (stages: ReadonlyArray<TransformationStage<R>>) {
    this.stages = stages
  }

  /** Whether there is no stage (records pass untouched). */
  get isEmpty (): boolean {
    return this.stages.length === 0
  }

  /** The record after every stage, or null once one drops it. A stage's error is thrown as it is. */
  apply (record: R): R | null {
    let current: R | null = record
    for (const stage of this.stages) {
      current = stage.apply(current)
      if (current === null) return null
    }
    return current
  }

  /**
   * As apply, but each stage runs through `execute`, which may retry it or tolerate its failure
   * (return null to drop the record) and knows which stage failed (Kafka runs each stage through
   * its RetryWithToleranceOperator with the stage TRANSFORMATION and the transform's class).
   */
  applyWith (record: R, execute: (stage: TransformationStage<R>, record: R) => R | null): R | null {
    let current: R | null = record
    for (const stage of this.stages) {
      current = execute(stage, current)
      if (current === null || current === undefined) return null
    }
    return current
  }

  /** Closes every stage. */
  close (): void {
    for (const stage of this.stages) stage.close()
  }

  toString (): string {
    return `TransformationChain{${this.stages.map(stage => stage.className).join(', ')}}`
  }
}

/**
 * The chain a connector's configuration describes (ConnectorConfig.transformationStages). The
 * configuration has been parsed with the transforms' and predicates' settings (ConnectorConfig),
 * so what is left to fail is the plugins' own configure(); such a failure closes what was
 * already built and throws a ConnectException.
 */
export function buildTransformationChain<R extends ConnectRecord<R>> (connectorConfig: TransformationSettings, registry: PluginRegistry): TransformationChain<R> {
  const aliases = connectorConfig.getList(TRANSFORMS_CONFIG) ?? []
  const declaredPredicates = new Set(connectorConfig.getList(PREDICATES_CONFIG) ?? [])
  const stages: Array<TransformationStage<R>> = []
  try {
    for (const alias of aliases) {
      const prefix = `${TRANSFORMS_CONFIG}.${alias}.`
      try {
        const configs = connectorConfig.originalsWithPrefix(prefix)
        const { className, instance: transformation } = create<Transformation<R>>(registry, configs.type, prefix + 'type', 'transformation')
        const predicateAlias = configs[PREDICATE_CONFIG] === undefined || configs[PREDICATE_CONFIG] === null ? null : String(configs[PREDICATE_CONFIG])
        const negate = configs[NEGATE_CONFIG]
        delete configs[PREDICATE_CONFIG]
        delete configs[NEGATE_CONFIG]
        let stage: TransformationStage<R>
        try {
          transformation.configure(configs)
          if (predicateAlias === null) {
            stage = new TransformationStage({ alias, className, transformation })
          } else {
            if (!declaredPredicates.has(predicateAlias)) {
              throw new ConfigException(prefix + PREDICATE_CONFIG, predicateAlias,
                `Transformation '${alias}' uses predicate '${predicateAlias}', which is not among ${PREDICATES_CONFIG}=` +
                `${[...declaredPredicates].join(',')}; add it there and set ${PREDICATES_CONFIG}.${predicateAlias}.type`)
            }
            const predicatePrefix = `${PREDICATES_CONFIG}.${predicateAlias}.`
            const predicateConfigs = connectorConfig.originalsWithPrefix(predicatePrefix)
            const created = create<Predicate<R>>(registry, predicateConfigs.type, predicatePrefix + 'type', 'predicate')
            try {
              created.instance.configure(predicateConfigs)
            } catch (error) {
              quietly(() => created.instance.close())
              throw error
            }
            stage = new TransformationStage({
              alias,
              className,
              transformation,
              predicateAlias,
              predicateClassName: created.className,
              predicate: created.instance,
              negate: negate !== undefined && negate !== null && String(negate).toLowerCase() === 'true',
            })
          }
        } catch (error) {
          quietly(() => transformation.close())
          throw error
        }
        stages.push(stage)
      } catch (error) {
        throw new ConnectException(`${javaClassNameOf(error)}: ${messageOf(error)}`, { cause: error })
      }
    }
  } catch (error) {
    for (const stage of stages) stage.close()
    throw error
  }
  return new TransformationChain(stages)
}

/** A new plugin of `type` named by a connector setting; throws ConfigException when there is none of that name. */
function create<T> (registry: PluginRegistry, name: unknown, setting: string, type: 'transformation' | 'predicate'): { className: string, instance: T } {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new ConfigException(setting, name ?? null, `Missing required configuration "${setting}" which has no default value.`)
  }
  const plugin = registry.find(name.trim(), type)
  if (plugin === undefined) throw new ConfigException(setting, name, registry.notFoundMessage(name.trim(), type))
  return { className: plugin.className, instance: plugin.create() as T }
}

function quietly (action: () => void): void {
  try {
    action()
  } catch {
    // Already failing; the first error is the one to report.
  }
}

function messageOf (error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** The Java class Kafka's message names for an error of ours (Throwable.toString starts with it). */
function javaClassNameOf (error: unknown): string {
  if (error instanceof ConfigException) return 'org.apache.kafka.common.config.ConfigException'
  if (error instanceof DataException) return 'org.apache.kafka.connect.errors.DataException'
  if (error instanceof RetriableException) return 'org.apache.kafka.connect.errors.RetriableException'
  if (error instanceof ConnectException) return 'org.apache.kafka.connect.errors.ConnectException'
  return error instanceof Error ? error.name : 'Error'
}
