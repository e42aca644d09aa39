// What both herders do with connector configurations beyond storing them: apply a PATCH as Kafka
// does, compare configs, and tell which kind of connector a config names.

import { inJavaHashMapOrder } from '../runtime/java-hash-order.ts'
import type { Worker } from '../runtime/worker.ts'
import type { ConnectorType } from './herder.ts'

/**
 * Kafka's ConnectUtils.patchConfig on a HashMap copy: null removes a key, a string sets it. The
 * result lists in that HashMap's order, since Kafka's answer (and the stored config) does.
 */
export function patchConfig (existing: Readonly<Record<string, string>>, patch: Readonly<Record<string, string | null>>): Record<string, string> {
  const patched: Record<string, string> = { ...existing }
  let added = 0
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete patched[key]
    } else {
      if (!Object.hasOwn(patched, key)) added++
      patched[key] = value
    }
  }
  const size = Object.keys(existing).length
  return inJavaHashMapOrder(patched, { kind: 'copy', size }, size + added)
}

/** Whether two configs hold the same keys and values (Java's Map.equals); two missing configs are the same. */
export function sameConfig (a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  if (a === undefined || b === undefined) return a === b
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  return keys.every(key => Object.hasOwn(b, key) && a[key] === b[key])
}

/** The type of connector a config names, remembered per class (finding it creates a connector instance). */
export class ConnectorTypes {
  readonly #worker: Worker
  readonly #byClass = new Map<string, ConnectorType>()

  constructor (worker: Worker) {
    this.#worker = worker
  }

  /** source, sink, or unknown when the configuration names no known connector class. */
  of (config: Readonly<Record<string, string>> | undefined): ConnectorType {
    const className = config?.['connector.class']
    if (className === undefined) return 'unknown'
    let type = this.#byClass.get(className)
    if (type === undefined) {
      try {
        type = this.#worker.connectorKind(config as Record<string, string>)
      } catch {
        type = 'unknown'
      }
      this.#byClass.set(className, type)
    }
    return type
  }
}
