// The iteration orders of the Java collections Connect's group protocol passes through. Kafka
// serializes an assignment's connectors by iterating a HashSet, and its assignors walk HashMaps of
// members and HashSets of tasks; so which worker gets what, and the exact bytes of an
// assignment, follow from Java's hash codes and table sizes. Reproducing them lets a kconnect
// leader assign exactly as a Java leader would, and the parity tests compare bytes.

import type { ConnectorTaskId } from '../herder.ts'
import { javaHashMapOrder, javaStringHashCode } from '../../runtime/java-hash-order.ts'

/** ConnectorTaskId's hashCode (a Java record: 31 * connector.hashCode() + task). */
export function connectorTaskIdHashCode (id: ConnectorTaskId): number {
  return (Math.imul(31, javaStringHashCode(id.connector)) + id.task) | 0
}

/** A task's identity as a string, for Maps and Sets keyed by value. */
export function taskKey (id: ConnectorTaskId): string {
  return `${id.connector}\u0000${id.task}`
}

/** Drops repeated items (by `keyOf`), keeping each first occurrence where it was. */
export function distinct<T> (items: Iterable<T>, keyOf: (item: T) => unknown): T[] {
  const seen = new Set<unknown>()
  const result: T[] = []
  for (const item of items) {
    const key = keyOf(item)
    if (seen.has(key)) continue
    seen.add(key)
    result.push(item)
  }
  return result
}

/**
 * The iteration order of `new HashSet<>(items)` (a copy constructor: the table is sized for the
 * source collection's size, repeats included), given the source's iteration order.
 */
export function hashSetCopyOrder<T> (items: readonly T[], hashOf: (item: T) => number, keyOf: (item: T) => unknown): T[] {
  const initialCapacity = Math.max(Math.trunc(Math.fround(items.length / 0.75)) + 1, 16)
  return javaHashMapOrder(distinct(items, keyOf), hashOf, { kind: 'capacity', initialCapacity })
}

/**
 * The iteration order of a HashSet or HashMap filled one by one from empty (`new HashSet<>()`,
 * Collectors.toSet(), Collectors.toMap(), HashMap.put), given the order of insertion.
 */
export function hashSetOrder<T> (items: readonly T[], hashOf: (item: T) => number, keyOf: (item: T) => unknown): T[] {
  return javaHashMapOrder(distinct(items, keyOf), hashOf)
}

/** Strings in HashSet/HashMap order, filled one by one from empty. */
export function stringHashSetOrder (items: readonly string[]): string[] {
  return hashSetOrder(items, javaStringHashCode, item => item)
}

/** Task ids in HashSet/HashMap order, filled one by one from empty. */
export function taskHashSetOrder (items: readonly ConnectorTaskId[]): ConnectorTaskId[] {
  return hashSetOrder(items, connectorTaskIdHashCode, taskKey)
}

/** Java's String.compareTo (UTF-16 code units), as JavaScript's < compares. */
export function compareJavaStrings (a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** ConnectorTaskId.compareTo: by connector, then task. */
export function compareTaskIds (a: ConnectorTaskId, b: ConnectorTaskId): number {
  return compareJavaStrings(a.connector, b.connector) || a.task - b.task
}
