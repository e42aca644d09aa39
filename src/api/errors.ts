// The exceptions of the connector API. Names and meanings follow Kafka Connect's, so that a
// connector author (and a log reader) coming from Java recognises them. Every exception keeps
// its cause in the standard `cause` property, so stack traces show the root cause.

/** The base of every error raised by kconnect or by a connector through the API. */
export class ConnectException extends Error {
  constructor (message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
  }
}

/** A record or value could not be converted, validated or transformed. */
export class DataException extends ConnectException {}

/** A schema was built or used wrongly (an unknown field, a missing value schema, …). */
export class SchemaBuilderException extends DataException {}

/** A projection between two schemas is impossible. */
export class SchemaProjectorException extends DataException {}

/** A failure that may succeed if tried again (a timeout, a broker briefly away). */
export class RetriableException extends ConnectException {}

/** Something referred to does not exist (a connector, a task, a plugin). */
export class NotFoundException extends ConnectException {}

/** Something being created exists already. */
export class AlreadyExistsException extends ConnectException {}

/**
 * A configuration value is missing or invalid. The message has Kafka's shape:
 * `Invalid value <value> for configuration <name>: <reason>`.
 */
export class ConfigException extends ConnectException {
  readonly configName: string | undefined
  readonly configValue: unknown

  constructor (message: string)
  constructor (name: string, value: unknown, reason?: string)
  constructor (nameOrMessage: string, value?: unknown, reason?: string) {
    if (arguments.length === 1) {
      super(nameOrMessage)
      this.configName = undefined
      this.configValue = undefined
    } else {
      super(`Invalid value ${String(value)} for configuration ${nameOrMessage}${reason === undefined ? '' : ': ' + reason}`)
      this.configName = nameOrMessage
      this.configValue = value
    }
  }
}
