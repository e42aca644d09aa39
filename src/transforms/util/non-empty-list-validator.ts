// A list setting that must have at least one element (Kafka's transforms.util.NonEmptyListValidator).

import type { Validator } from '../../api/config/config-types.ts'
import { ConfigException } from '../../api/errors.ts'

/** Refuses a null or empty list: "Empty list". */
export class NonEmptyListValidator implements Validator {
  ensureValid (name: string, value: unknown): void {
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) {
      throw new ConfigException(name, Array.isArray(value) ? '[]' : value, 'Empty list')
    }
  }

  toString (): string {
    return 'non-empty list'
  }
}
