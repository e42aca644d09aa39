// The result of validating one setting (Kafka's ConfigValue), and the list of them a connector's
// validate() returns (Kafka's Config).

import { valueText } from './config-text.ts'

/** The validated state of one setting: its parsed value, suggestions, errors and visibility. */
export class ConfigValue {
  readonly name: string
  /** The parsed value, or null when absent or unparseable. */
  value: unknown
  recommendedValues: unknown[]
  readonly errorMessages: string[]
  visible: boolean

  constructor (name: string, value: unknown = null, recommendedValues: unknown[] = [], errorMessages: string[] = []) {
    this.name = name
    this.value = value
    this.recommendedValues = recommendedValues
    this.errorMessages = errorMessages
    this.visible = true
  }

  /** Records one more problem with this setting. */
  addErrorMessage (errorMessage: string): void {
    this.errorMessages.push(errorMessage)
  }

  toString (): string {
    return `[${this.name},${valueText(this.value)},${valueText(this.recommendedValues)},` +
      `${valueText(this.errorMessages)},${this.visible}]`
  }
}

/** What Connector.validate returns: one ConfigValue per setting it checked. */
export class Config {
  readonly configValues: ConfigValue[]

  constructor (configValues: ConfigValue[]) {
    this.configValues = configValues
  }
}
