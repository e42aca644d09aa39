// The connector: it checks the configuration and splits the work into task configurations. It
// moves no data itself; the tasks do.

import { SourceConnector, type ConfigDef, type ExactlyOnceSupport, type TaskClass, type SourceTask } from 'kconnect/api'
import packageJson from '../package.json' with { type: 'json' }
import { CONFIG_DEF, RandomSourceConfig, TASK_INDEX_CONFIG } from './config.ts'
import { RandomSourceTask } from './random-source-task.ts'

/** A source of random numbers: each task produces its own stream, resumable from its offset. */
export class RandomSourceConnector extends SourceConnector {
  #props: Record<string, string> = {}

  /** Shown by GET /connector-plugins: the package's version. */
  version (): string {
    return packageJson.version
  }

  start (props: Record<string, string>): void {
    // Parsing fails start() with a ConfigException naming the bad setting.
    new RandomSourceConfig(props)
    this.#props = props
  }

  taskClass (): TaskClass<SourceTask> {
    return RandomSourceTask
  }

  /** tasks.max streams, one per task; a task's index picks its stream and its source partition. */
  taskConfigs (maxTasks: number): Array<Record<string, string>> {
    return Array.from({ length: maxTasks }, (_, index) => ({ ...this.#props, [TASK_INDEX_CONFIG]: String(index) }))
  }

  stop (): void {
    // Nothing to release: the connector watches nothing in the background.
  }

  config (): ConfigDef {
    return CONFIG_DEF
  }

  /** The numbers depend on the offset alone, so re-reading from an offset gives the same records. */
  override exactlyOnceSupport (): ExactlyOnceSupport {
    return 'SUPPORTED'
  }
}
