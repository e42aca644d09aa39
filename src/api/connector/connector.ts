// The base of every connector (Kafka's Connector). A connector does not move data itself: it
// reads its configuration, splits the work into task configurations, and watches the external
// system for changes that need new ones. Extend SourceConnector or SinkConnector, not this.

import type { ConfigDef } from '../config/config-def.ts'
import { Config } from '../config/config-value.ts'
import { ConnectException } from '../errors.ts'
import type { MaybePromise } from '../maybe-promise.ts'
import type { ConnectorContext } from './connector-context.ts'
import type { Task, TaskClass } from './task.ts'

/** A connector: configuration, validation and the split of work into tasks. */
export abstract class Connector {
  /** Set by initialize(), before start(). */
  protected context!: ConnectorContext

  /**
   * Gives the connector its context. When the runtime recovers a connector it also passes the
   * task configurations last in use, which a connector may reuse to avoid moving work around.
   */
  initialize (context: ConnectorContext, _taskConfigs?: ReadonlyArray<Record<string, string>>): void {
    this.context = context
  }

  /** The connector's version, shown by GET /connector-plugins. */
  abstract version (): string

  /** Starts the connector with its configuration; called on a fresh or stopped instance. */
  abstract start (props: Record<string, string>): MaybePromise<void>

  /**
   * Applies a new configuration. The default stops and starts again; override it to keep
   * connections open across a change.
   */
  async reconfigure (props: Record<string, string>): Promise<void> {
    await this.stop()
    await this.start(props)
  }

  /** The class of this connector's tasks. */
  abstract taskClass (): TaskClass<Task>

  /** At most `maxTasks` task configurations that together cover the connector's work. */
  abstract taskConfigs (maxTasks: number): MaybePromise<Array<Record<string, string>>>

  /** Stops the connector. */
  abstract stop (): MaybePromise<void>

  /** The settings this connector accepts. */
  abstract config (): ConfigDef

  /**
   * Validates a configuration for PUT /connector-plugins/{plugin}/config/validate and before
   * the connector is created. The default checks each setting against config(); override it to
   * add checks across settings (call super.validate() and add errors to its ConfigValues).
   */
  validate (connectorConfigs: Record<string, string>): MaybePromise<Config> {
    const configDef = this.config() as ConfigDef | null | undefined
    if (configDef === null || configDef === undefined) {
      throw new ConnectException(`${this.constructor.name}.config() must return a ConfigDef that is not null.`)
    }
    return new Config(configDef.validate(connectorConfigs))
  }
}
