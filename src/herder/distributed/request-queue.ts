// The distributed herder's queue of work for its loop (Kafka's DistributedHerder request set): every
// REST request, task reconfiguration and retry is an action run by the herder's loop, one at a
// time, in the order of when it is due and then of arrival. Running them on the loop, never
// concurrently, is what keeps the herder's view of the cluster consistent while it changes.

/** An action waiting for the herder's loop. */
interface QueuedAction {
  readonly at: number
  readonly seq: number
  readonly run: () => Promise<void>
  /** Told when the action fails, or when the herder stops before running it. */
  readonly fail: (error: unknown) => void
}

/** Actions ordered by due time, then arrival. */
export class RequestQueue {
  readonly #queue: QueuedAction[] = []
  #seq = 0

  /** Queues `run` to be due `delayMs` from now; returns whether it became the first to run (the loop should wake). */
  add (run: () => Promise<void>, fail: (error: unknown) => void, delayMs = 0): boolean {
    const action: QueuedAction = { at: Date.now() + Math.max(0, delayMs), seq: ++this.#seq, run, fail }
    let index = this.#queue.length
    while (index > 0 && this.#queue[index - 1].at > action.at) index--
    this.#queue.splice(index, 0, action)
    return index === 0
  }

  /** The next action due at `now`, taken off the queue, or undefined. */
  takeDue (now: number): QueuedAction | undefined {
    const first = this.#queue[0]
    if (first === undefined || first.at > now) return undefined
    return this.#queue.shift()
  }

  /** When the next action is due (epoch ms), or undefined when the queue is empty. */
  nextDueAt (): number | undefined {
    return this.#queue[0]?.at
  }

  /** Fails every queued action with `error` and empties the queue. */
  failAll (error: unknown): void {
    for (const action of this.#queue.splice(0)) action.fail(error)
  }

  get size (): number {
    return this.#queue.length
  }
}
