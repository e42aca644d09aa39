// The stages of a task's pipeline where a record can fail, named as Kafka's errors.Stage: they
// appear in logs, in the `__connect.errors.stage` header of dead letter queue records and in task
// traces, so users can grep for the names they know.

/** Where in a runner a record failed. */
export type Stage = 'TASK_POLL' | 'TASK_PUT' | 'TRANSFORMATION' | 'KEY_CONVERTER' | 'VALUE_CONVERTER' | 'HEADER_CONVERTER' | 'KAFKA_PRODUCE' | 'KAFKA_CONSUME'

/**
 * The stages whose failures errors.tolerance=all may skip, whatever was thrown (Kafka's
 * TOLERABLE_EXCEPTIONS): converters and transformations. Elsewhere only a RetriableException that
 * ran out of retries is tolerated; other failures fail the task.
 */
export const RECORD_STAGES: ReadonlySet<Stage> = new Set<Stage>(['TRANSFORMATION', 'HEADER_CONVERTER', 'KEY_CONVERTER', 'VALUE_CONVERTER'])
