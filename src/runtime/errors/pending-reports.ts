// Reports (dead letter queue writes) not yet acknowledged, per topic partition of the records they
// are about. A sink commits a partition's offsets only after its reports are stored, so a crash
// never leaves a record neither delivered nor in the dead letter queue (Kafka awaits only the
// errant record reporter's writes; kconnect awaits every report).

import { TopicPartitionMap, type TopicPartitionLike } from '../../api/sink/topic-partition.ts'
import { ConnectException } from '../../api/errors.ts'

/** Reports in flight, by partition. */
export class PendingReports {
  readonly #pending = new TopicPartitionMap<Array<Promise<void>>>()

  /** Remembers a report about a record of `partition`. */
  add (partition: TopicPartitionLike, report: Promise<void>): void {
    let list = this.#pending.get(partition)
    if (list === undefined) {
      list = []
      this.#pending.set(partition, list)
    }
    list.push(report)
  }

  /**
   * Waits for the reports of these partitions and forgets them; rejects with a ConnectException
   * when one could not be stored (its partition's offsets must then not be committed).
   */
  async awaitFor (partitions: readonly TopicPartitionLike[]): Promise<void> {
    const waiting: Array<Promise<void>> = []
    for (const tp of partitions) {
      const list = this.#pending.get(tp)
      if (list === undefined) continue
      this.#pending.delete(tp)
      waiting.push(...list)
    }
    if (waiting.length === 0) return
    const results = await Promise.allSettled(waiting)
    const failed = results.find(r => r.status === 'rejected')
    if (failed !== undefined) {
      throw new ConnectException('A failed record could not be written to the dead letter queue, so the offsets past it are not committed',
        { cause: (failed as PromiseRejectedResult).reason })
    }
  }
}
