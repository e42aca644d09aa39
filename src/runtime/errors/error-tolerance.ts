// errors.tolerance for the record stages a runner owns (conversion, producing): with 'none' (the
// default) the first failing record fails the task, as Kafka's RetryWithToleranceOperator does;
// with 'all' the record is skipped, and logged when errors.log.enable is set. Retries
// (errors.retry.*) and the dead letter queue come with the error-handling work; this is its seam.

import { ConnectException } from '../../api/errors.ts'
import type { AbstractConfig } from '../../api/config/abstract-config.ts'
import type { Logger } from '../../logging/index.ts'
import { ERRORS_LOG_ENABLE_CONFIG, ERRORS_LOG_INCLUDE_MESSAGES_CONFIG, ERRORS_TOLERANCE_CONFIG } from '../config/connector-config.ts'

/** Where in a runner a record failed, named as Kafka's errors.Stage. */
export type Stage = 'TASK_POLL' | 'TASK_PUT' | 'TRANSFORMATION' | 'KEY_CONVERTER' | 'VALUE_CONVERTER' | 'HEADER_CONVERTER' | 'KAFKA_PRODUCE' | 'KAFKA_CONSUME'

/** Decides what a failed record costs: the task, or just the record. */
export class ErrorTolerance {
  readonly toleratesAll: boolean
  readonly #logErrors: boolean
  readonly #includeMessages: boolean
  readonly #log: Logger

  constructor (connectorConfig: AbstractConfig, log: Logger) {
    this.toleratesAll = connectorConfig.getString(ERRORS_TOLERANCE_CONFIG) === 'all'
    this.#logErrors = connectorConfig.getBoolean(ERRORS_LOG_ENABLE_CONFIG) === true
    this.#includeMessages = connectorConfig.getBoolean(ERRORS_LOG_INCLUDE_MESSAGES_CONFIG) === true
    this.#log = log
  }

  /**
   * Handles a record's failure at `stage`: throws when it is not tolerated, returns (the caller
   * skips the record) when it is. `describe` renders the record, only if messages are logged.
   */
  failed (stage: Stage, pluginName: string, error: unknown, describe: () => string): void {
    if (!this.toleratesAll) {
      throw new ConnectException('Tolerance exceeded in error handler', { cause: error })
    }
    if (this.#logErrors) {
      const details = this.#includeMessages ? `, where consumed record is ${describe()}` : ''
      this.#log.error(`Error encountered in task. Executing stage '${stage}' with class '${pluginName}'${details}.`, error instanceof Error ? error : new Error(String(error)))
    }
  }
}
