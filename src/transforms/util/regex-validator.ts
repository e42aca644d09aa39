// A setting that must be a Java regex (Kafka's transforms.util.RegexValidator): "Invalid regex: …".

import type { Validator } from '../../api/config/config-types.ts'
import { ConfigException } from '../../api/errors.ts'
import { compileJavaPattern } from './java-pattern.ts'

/** Refuses a value that does not compile as a Java regular expression. */
export class RegexValidator implements Validator {
  ensureValid (name: string, value: unknown): void {
    if (value === null || value === undefined) {
      // Validation runs validators on missing settings too, next to "Missing required configuration";
      // Kafka's validator then fails on the null, and the validate endpoint shows its words.
      throw new ConfigException(name, null, 'Invalid regex: Cannot invoke "String.isEmpty()" because "this.pattern" is null')
    }
    try {
      compileJavaPattern(String(value))
    } catch (error) {
      throw new ConfigException(name, value, `Invalid regex: ${(error as Error).message}`)
    }
  }

  toString (): string {
    return 'valid regex'
  }
}
