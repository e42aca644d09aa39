// What source and sink task runners share (Kafka's WorkerTask): the life of a task from start to
// shutdown, its target state (running or paused), and status reports. A runner's run() never
// rejects: whatever the task's code throws ends as a FAILED status with the trace, and the worker
// and the other tasks go on.

import type { ConnectorTaskId, TargetState } from '../herder/herder.ts'
import { getLogger, type Logger } from '../logging/index.ts'
import { runAs, type Owner } from './containment.ts'
import { messageOf } from './stack-trace.ts'
import { taskIdText, type TaskStatusListener } from './status-listener.ts'

const baseLog = getLogger('org.apache.kafka.connect.runtime.WorkerTask')

/** A promise with its resolve function, for waits that other calls end. */
interface Signal {
  readonly promise: Promise<void>
  readonly resolve: () => void
}

function newSignal (): Signal {
  let resolve!: () => void
  const promise = new Promise<void>(r => { resolve = r })
  return { promise, resolve }
}

/** The shared life cycle of a task runner. */
export abstract class WorkerTask {
  readonly id: ConnectorTaskId
  /** The task's version, or null until known. */
  version: string | null = null
  protected readonly log: Logger
  readonly #listener: TaskStatusListener
  readonly #owner: Owner
  #targetState: TargetState
  #stopping = false
  #cancelled = false
  #failed = false
  #stateChange = newSignal()
  readonly #done = newSignal()
  #running = false
  readonly #wakers = new Set<() => void>()
  #lastYield = Date.now()

  constructor (id: ConnectorTaskId, listener: TaskStatusListener, initialState: TargetState, loggerName: string) {
    this.id = id
    this.#listener = listener
    this.#targetState = initialState
    this.log = getLogger(loggerName).withContext(`[${id.connector}|task-${id.task}] `)
    this.#owner = { description: `task ${taskIdText(id)}`, fail: error => this.#escapedFailure(error) }
  }

  /** Runs the task until it stops or fails; resolves then, never rejects. */
  run (): Promise<void> {
    if (!this.#running) {
      this.#running = true
      void runAs(this.#owner, () => this.#run())
    }
    return this.#done.promise
  }

  /** Asks the task to stop; run() resolves once it has. */
  stop (): void {
    this.#stopping = true
    this.#wake()
    this.onStopRequested()
  }

  /** Resolves whether the task stopped within `timeoutMs`. */
  async awaitStop (timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<boolean>(resolve => { timer = setTimeout(() => resolve(false), Math.max(0, timeoutMs)) })
    const stopped = await Promise.race([this.#done.promise.then(() => true), timedOut])
    clearTimeout(timer)
    return stopped
  }

  /** Abandons a task that did not stop in time: it reports no status any more and releases what it can. */
  cancel (): void {
    this.#cancelled = true
    this.onCancel()
  }

  /** Applies a new target state (RUNNING or PAUSED); ignored once the task is stopping. */
  transitionTo (state: TargetState): void {
    if (this.#stopping) return
    if (state === 'STOPPED') this.log.warn('Received unexpected request to transition task {} to state STOPPED; will shut down in response', taskIdText(this.id))
    this.#targetState = state
    this.#wake()
    this.onTargetStateChanged()
  }

  /** Whether the task failed. */
  isFailed (): boolean {
    return this.#failed
  }

  protected isStopping (): boolean {
    return this.#stopping || this.#targetState === 'STOPPED'
  }

  protected isCancelled (): boolean {
    return this.#cancelled
  }

  protected shouldPause (): boolean {
    return this.#targetState === 'PAUSED'
  }

  /** Waits while the target state is PAUSED; resolves false if the task is stopped meanwhile. */
  protected async awaitUnpause (): Promise<boolean> {
    while (this.#targetState === 'PAUSED') {
      if (this.isStopping()) return false
      await this.#stateChange.promise
    }
    return !this.isStopping()
  }

  /**
   * Waits for `promise`, or until the next stop() or transitionTo(), whichever comes first; the
   * wait leaves nothing behind either way (waits in a hot loop must not pile up callbacks).
   */
  protected async untilStateChange (promise: Promise<unknown>): Promise<void> {
    let wake!: () => void
    const woken = new Promise<void>(resolve => { wake = resolve })
    this.#wakers.add(wake)
    try {
      await Promise.race([promise, woken])
    } finally {
      this.#wakers.delete(wake)
    }
  }

  protected onPause (): void {
    this.#report(l => l.onPause(this.id))
  }

  protected onResume (): void {
    this.#report(l => l.onResume(this.id))
  }

  /**
   * Lets timers and I/O run when the loop has kept the event loop busy for a few milliseconds. A
   * task whose poll() and sends resolve at once (data ready, a local log) would otherwise starve
   * every other task, the REST API and its own timers: awaiting resolved promises never yields.
   */
  protected async yieldNow (): Promise<void> {
    const now = Date.now()
    if (now - this.#lastYield < 5) return
    await new Promise(resolve => setImmediate(resolve))
    this.#lastYield = Date.now()
  }

  /** Called by stop(), e.g. to wake a consumer or to stop the task's polling. */
  protected onStopRequested (): void {}

  /** Called by transitionTo(), e.g. to wake a consumer. */
  protected onTargetStateChanged (): void {}

  /** Called by cancel(). */
  protected onCancel (): void {}

  /** Starts the task's code; a rejection fails the task. */
  protected abstract initializeAndStart (): Promise<void>
  /** The task's main loop, until isStopping(). */
  protected abstract execute (): Promise<void>
  /** Releases everything; called once, whether the task stopped or failed. */
  protected abstract close (): Promise<void>

  async #run (): Promise<void> {
    try {
      try {
        if (this.isStopping()) return
        if (this.shouldPause()) {
          this.onPause()
          if (!await this.awaitUnpause()) return
        }
        await this.initializeAndStart()
        this.#report(l => l.onStartup(this.id))
        await this.execute()
      } catch (error) {
        this.#failed = true
        if (this.#cancelled) {
          this.log.warn('{} After being scheduled for shutdown, the orphan task threw an uncaught exception. A newer instance of this task might be already running', this.toString(), error)
        } else if (this.isStopping()) {
          this.log.warn('{} After being scheduled for shutdown, task threw an uncaught exception.', this.toString(), error)
        } else {
          this.log.error('{} Task threw an uncaught and unrecoverable exception. Task is being killed and will not recover until manually restarted', this.toString(), error)
          this.#onFailure(error)
        }
      } finally {
        try {
          await this.close()
        } catch (error) {
          this.log.error('{} Task threw an uncaught and unrecoverable exception during shutdown', this.toString(), error)
          if (!this.#failed) {
            this.#failed = true
            this.#onFailure(error)
          }
        }
      }
      if (!this.#failed) {
        this.#stopping = true
        this.#report(l => l.onShutdown(this.id))
      }
    } catch (error) {
      baseLog.error('Unexpected error in the runner of task {}: {}', taskIdText(this.id), messageOf(error))
    } finally {
      this.#done.resolve()
    }
  }

  /** An error escaped the task's code (an unhandled rejection, an exception in a callback). */
  #escapedFailure (error: unknown): void {
    if (this.#failed || this.#stopping) return
    this.#failed = true
    this.#onFailure(error)
    this.stop()
  }

  #onFailure (error: unknown): void {
    this.#stopping = true
    this.#wake()
    this.#report(l => l.onFailure(this.id, error))
  }

  #wake (): void {
    const signal = this.#stateChange
    this.#stateChange = newSignal()
    signal.resolve()
    for (const wake of [...this.#wakers]) wake()
  }

  #report (notify: (listener: TaskStatusListener) => void): void {
    if (this.#cancelled) return
    try {
      notify(this.#listener)
    } catch (error) {
      baseLog.error('Failed to record the status of task {}: {}', taskIdText(this.id), messageOf(error))
    }
  }

  /**
   * Runs one step of releasing the task's resources, logging a failure as a warning instead of
   * throwing, so that one resource that fails to close does not keep the others open.
   * `what` completes "Could not … of <task>", e.g. 'close the producer'.
   */
  protected async closeQuietly (what: string, release: () => unknown): Promise<void> {
    try {
      await release()
    } catch (error) {
      this.log.warn('Could not {} of {}: {}', what, this.toString(), messageOf(error))
    }
  }

  /** Runs task code as the task's owner, so errors it leaves behind fail this task. */
  protected runAsTask<T> (fn: () => T): T {
    return runAs(this.#owner, fn)
  }
}
