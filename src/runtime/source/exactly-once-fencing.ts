// Fencing of an exactly-once source connector's zombie tasks (KIP-618; Kafka's Worker.fenceZombies
// and Admin.fenceProducers). Each task of such a connector writes with the transactional id
// <group.id>-<connector>-<task>; initializing a producer with that id bumps its epoch on the
// broker, which aborts the old producer's open transaction and refuses its later writes. The
// leader does this for every task of the previous generation before the new one starts.

import { ConnectException } from '../../api/errors.ts'
import type { Log } from '../../log/log.ts'
import { getLogger } from '../../logging/index.ts'

const log = getLogger('org.apache.kafka.connect.runtime.Worker')

/** The transactional id of an exactly-once source task (Kafka's Worker.taskTransactionalId). */
export function taskTransactionalId (groupId: string, connector: string, task: number): string {
  return `${groupId}-${connector}-${task}`
}

/**
 * Fences out the transactional producers of tasks 0..numTasks-1 of `connector`. `clientConfig` is
 * the connector's producer settings (its cluster and credentials).
 */
export async function fenceZombies (kafkaLog: Log, groupId: string, connector: string, numTasks: number,
  clientConfig: Readonly<Record<string, string>>): Promise<void> {
  log.debug('Fencing out {} task producers for source connector {}', numTasks, connector)
  const ids = Array.from({ length: numTasks }, (_unused, task) => taskTransactionalId(groupId, connector, task))
  await Promise.all(ids.map(async transactionalId => {
    const producer = kafkaLog.createProducer({ clientId: `connector-fencing-${connector}`, transactionalId, config: clientConfig })
    try {
      // The first transaction of a new producer initializes its id, which is the fencing.
      await producer.beginTransaction()
    } catch (error) {
      throw new ConnectException(`Failed to fence out the producer with transactional id ${transactionalId} of source connector ${connector}`, { cause: error })
    } finally {
      // Ends the empty transaction (the broker may refuse to end it; the fencing is done either way).
      await producer.close().catch(() => {})
    }
  }))
}
