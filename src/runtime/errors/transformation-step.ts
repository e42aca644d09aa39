// One configured transformation as the task runners apply it: the runners call each step through
// the retry and tolerance operator (stage TRANSFORMATION), so a failing transform is retried,
// tolerated, logged and sent to the dead letter queue like a failing converter. The transformation
// chain (src/transforms/, with predicates and negate folded into apply) provides the steps.

/** A transformation (with its predicate, if any) of a chain. */
export interface TransformationStep<R> {
  /** The transform's class name (Java's, for built-ins), for error reports. */
  readonly className: string
  /** The transformed record, or null to drop it; throws when the transformation fails. */
  apply (record: R): R | null
}
