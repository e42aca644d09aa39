// Where an exactly-once source task's transactions end (KIP-618; Kafka's ExactlyOnceWorkerSourceTask
// boundary managers and WorkerTransactionContext). With exactly-once source support a source task
// writes its records and their offsets in one Kafka transaction; transaction.boundary says when a
// transaction commits: after every batch from poll(), every transaction.boundary.interval.ms, or
// where the connector says through its TransactionContext.

import type { SourceRecord } from '../../api/source/source-record.ts'
import type { TransactionBoundary } from '../../api/source/transaction-boundary.ts'
import type { TransactionContext } from '../../api/source/transaction-context.ts'
import { ConnectException } from '../../api/errors.ts'

/** What to do at a possible boundary: nothing, commit, or abort what was sent and commit the offsets only. */
export type BoundaryAction = 'none' | 'commit' | 'abort'

/** What the source runner needs to run a task with exactly-once support. */
export interface ExactlyOnceSourceSettings {
  readonly boundary: TransactionBoundary
  /** transaction.boundary.interval.ms, else offset.flush.interval.ms. */
  readonly intervalMs: number
  /**
   * Before the task's transactional producer is first used: the leader fences out the producers of
   * older task generations (Kafka's preProducerCheck).
   */
  readonly beforeProducer: () => Promise<void>
  /** After the producer fenced its predecessors: the task must still be this worker's, in this generation. */
  readonly afterProducer: () => Promise<void>
}

/**
 * The TransactionContext of a task with transaction.boundary=connector: it records the task's
 * requests; the runner asks about them as it dispatches records and batches. A request to both
 * commit and abort the same transaction fails the task, since either choice could lose data.
 */
export class WorkerTransactionContext implements TransactionContext {
  #commitBatch = false
  #abortBatch = false
  readonly #commitRecords = new Set<SourceRecord>()
  readonly #abortRecords = new Set<SourceRecord>()

  commitTransaction (record?: SourceRecord): void {
    if (record === undefined) this.#commitBatch = true
    else this.#commitRecords.add(requireRecord(record))
  }

  abortTransaction (record?: SourceRecord): void {
    if (record === undefined) this.#abortBatch = true
    else this.#abortRecords.add(requireRecord(record))
  }

  /** Whether the task asked to commit after this batch (the request is consumed). */
  shouldCommitBatch (): boolean {
    this.#checkBatch()
    const result = this.#commitBatch
    this.#commitBatch = false
    return result
  }

  shouldAbortBatch (): boolean {
    this.#checkBatch()
    const result = this.#abortBatch
    this.#abortBatch = false
    return result
  }

  /** Whether the task asked to commit right after this record (the request is consumed). */
  shouldCommitOn (record: SourceRecord): boolean {
    this.#checkRecord(record)
    return this.#commitRecords.delete(record)
  }

  shouldAbortOn (record: SourceRecord): boolean {
    this.#checkRecord(record)
    return this.#abortRecords.delete(record)
  }

  /** Whether a request names this record. */
  hasRequestFor (record: SourceRecord): boolean {
    return this.#commitRecords.has(record) || this.#abortRecords.has(record)
  }

  #checkBatch (): void {
    if (this.#commitBatch && this.#abortBatch) throw new ConnectException('Connector requested both commit and abort of same transaction')
  }

  #checkRecord (record: SourceRecord): void {
    if (this.#commitRecords.has(record) && this.#abortRecords.has(record)) {
      throw new ConnectException(`Connector requested both commit and abort of same record against topic/partition ${record.topic}/${record.kafkaPartition}`)
    }
  }
}

function requireRecord (record: SourceRecord): SourceRecord {
  if (record === null) throw new ConnectException('Source record used to define transaction boundaries may not be null')
  return record
}

/** Decides, at each possible boundary, whether the open transaction ends there. */
export class TransactionBoundaries {
  readonly #boundary: TransactionBoundary
  readonly #intervalMs: number
  readonly #context: WorkerTransactionContext | null
  #lastCommit = 0

  constructor (boundary: TransactionBoundary, intervalMs: number, context: WorkerTransactionContext | null) {
    if (boundary === 'connector' && context === null) {
      throw new ConnectException('Transaction context must be provided when using connector-defined transaction boundaries')
    }
    this.#boundary = boundary
    this.#intervalMs = intervalMs
    this.#context = context
  }

  /** A new transaction cycle begins (the task starts or resumes). */
  initialize (now: number): void {
    this.#lastCommit = now
  }

  /** After a record was dispatched (or dropped by a transformation). */
  forRecord (record: SourceRecord): BoundaryAction {
    if (this.#boundary !== 'connector') return 'none'
    const context = this.#context as WorkerTransactionContext
    if (context.shouldAbortOn(record)) return 'abort'
    return context.shouldCommitOn(record) ? 'commit' : 'none'
  }

  /** Whether the task may have asked for a boundary right after this record (so a batch must be split there). */
  mayEndAt (record: SourceRecord): boolean {
    return this.#boundary === 'connector' && (this.#context as WorkerTransactionContext).hasRequestFor(record)
  }

  /** After a batch from poll() was dispatched. */
  forBatch (now: number): BoundaryAction {
    switch (this.#boundary) {
      case 'poll': return 'commit'
      case 'interval':
        if (now < this.#lastCommit + this.#intervalMs) return 'none'
        this.#lastCommit = now
        return 'commit'
      case 'connector': {
        const context = this.#context as WorkerTransactionContext
        if (context.shouldAbortBatch()) return 'abort'
        return context.shouldCommitBatch() ? 'commit' : 'none'
      }
    }
  }

  /** When the task stops (not after a failure) or pauses: poll and interval commit what is open; connector only if asked. */
  forFinal (now: number): BoundaryAction {
    return this.#boundary === 'connector' ? this.forBatch(now) : 'commit'
  }
}
