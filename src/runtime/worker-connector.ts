// One running connector instance (Kafka's WorkerConnector): it takes the connector through its
// target states (STARTED, PAUSED, STOPPED), one transition at a time, and reports each change to
// the status listener. Every call into connector code is awaited and caught, and runs as the
// connector's owner (src/runtime/containment.ts), so nothing the connector does can take the
// worker down: a failure is a FAILED status with the trace.

import type { Connector } from '../api/connector/connector.ts'
import type { ConnectorContext } from '../api/connector/connector-context.ts'
import { ConnectException } from '../api/errors.ts'
import { SinkConnector } from '../api/sink/sink-connector.ts'
import type { OffsetStorageReader } from '../api/source/offset-storage-reader.ts'
import type { SourceConnectorContext } from '../api/source/source-connector-context.ts'
import type { TargetState } from '../herder/herder.ts'
import { getLogger } from '../logging/index.ts'
import { ensureValidSinkTopics } from './config/connector-config.ts'
import { runAs, type Owner } from './containment.ts'
import { messageOf } from './stack-trace.ts'
import type { ConnectorStatusListener } from './status-listener.ts'

const log = getLogger('org.apache.kafka.connect.runtime.WorkerConnector')

/** Where a connector instance is in its life. */
export type ConnectorRunState = 'INIT' | 'STARTED' | 'PAUSED' | 'STOPPED' | 'FAILED'

/** What a connector's context asks of the herder. */
export interface ConnectorContextHandler {
  requestTaskReconfiguration (connector: string): void
}

/** The parts of a connector instance's setup the worker provides. */
export interface WorkerConnectorOptions {
  readonly name: string
  readonly connector: Connector
  /** The connector's configuration, as strings (what start() receives). */
  readonly config: Record<string, string>
  readonly listener: ConnectorStatusListener
  readonly handler: ConnectorContextHandler
  /** For source connectors: their offsets. */
  readonly offsetReader: (OffsetStorageReader & { close (): void }) | null
}

/** Runs one connector instance through its target states. */
export class WorkerConnector {
  readonly name: string
  readonly connector: Connector
  readonly config: Record<string, string>
  /** The connector's version, asked once. */
  readonly version: string | null
  readonly #listener: ConnectorStatusListener
  readonly #handler: ConnectorContextHandler
  readonly #offsetReader: (OffsetStorageReader & { close (): void }) | null
  readonly #owner: Owner
  #state: ConnectorRunState = 'INIT'
  #queue: Promise<unknown> = Promise.resolve()
  #stopping = false
  #cancelled = false
  #shutdown: Promise<void> | null = null

  constructor (options: WorkerConnectorOptions) {
    this.name = options.name
    this.connector = options.connector
    this.config = { ...options.config }
    this.#listener = options.listener
    this.#handler = options.handler
    this.#offsetReader = options.offsetReader
    this.#owner = { description: `connector ${this.name}`, fail: error => this.fail(error) }
    this.version = this.#call(() => {
      const version = this.connector.version()
      return typeof version === 'string' ? version : null
    }, null)
  }

  /** Whether the connector is a sink connector. */
  isSink (): boolean {
    return this.connector instanceof SinkConnector
  }

  /** Whether the connector is started (not paused, stopped or failed). */
  isRunning (): boolean {
    return this.#state === 'STARTED'
  }

  /** The instance's state. */
  state (): ConnectorRunState {
    return this.#state
  }

  /**
   * Gives the connector its context (checking a sink's topics first). A failure here marks the
   * connector FAILED; later transitions then fail, except to STOPPED.
   */
  initialize (): void {
    try {
      if (this.isSink()) ensureValidSinkTopics(this.config)
      const context: SourceConnectorContext & ConnectorContext = {
        requestTaskReconfiguration: () => {
          if (this.#stopping || this.#cancelled) {
            log.warn('Ignoring the request of {} to reconfigure its tasks: it has been shut down', this.toString())
            return
          }
          this.#handler.requestTaskReconfiguration(this.name)
        },
        raiseError: (error: Error) => {
          log.error('{} Connector raised an error', this.toString(), error)
          this.fail(error)
        },
        offsetStorageReader: () => {
          if (this.#offsetReader === null) throw new ConnectException('Sink connectors have no offset storage reader')
          return this.#offsetReader
        },
      }
      runAs(this.#owner, () => this.connector.initialize(context))
    } catch (error) {
      log.error('{} Error initializing connector', this.toString(), error)
      this.#onFailure(error)
    }
  }

  /**
   * Takes the connector to `target`, after any transition in progress. Rejects with a
   * ConnectException when the connector cannot get there (it has failed, or its code threw).
   */
  transitionTo (target: TargetState): Promise<void> {
    const transition = this.#queue.catch(() => {}).then(() => this.#doTransitionTo(target))
    this.#queue = transition
    return transition
  }

  /** Marks the connector FAILED (raiseError, or an error escaping its code); the first failure is kept. */
  fail (error: unknown): void {
    if (this.#cancelled) return
    this.#onFailure(error)
  }

  /**
   * Stops the connector when it is started and reports it UNASSIGNED, after any transition in
   * progress; resolves whether that finished within `timeoutMs`. When it did not, the instance is
   * abandoned: its status is no longer reported, its offsets reader closed.
   */
  async shutdown (timeoutMs: number): Promise<boolean> {
    this.#stopping = true
    this.#shutdown ??= this.#queue.catch(() => {}).then(() => this.#doShutdown())
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<boolean>(resolve => { timer = setTimeout(() => resolve(false), Math.max(0, timeoutMs)) })
    const finished = await Promise.race([this.#shutdown.then(() => true), timedOut])
    clearTimeout(timer)
    if (!finished) {
      log.error(`Connector '${this.name}' failed to properly shut down, has become unresponsive, and may be consuming external resources. ` +
        'Correct the configuration for this connector or remove the connector. After fixing the connector, it may be necessary to restart ' +
        'this worker to release any consumed resources.')
      this.#cancel()
    }
    return finished
  }

  async #doTransitionTo (target: TargetState): Promise<void> {
    if (this.#stopping) {
      throw new ConnectException(`Could not begin changing connector state to ${target} as the connector has been scheduled for shutdown`)
    }
    if (this.#state === 'FAILED' && target !== 'STOPPED') {
      throw new ConnectException(`${this.toString()} Cannot transition connector to ${target} since it has failed`)
    }
    log.debug('{} Transition connector to {}', this.toString(), target)
    try {
      if (target === 'PAUSED') await this.#suspend(true)
      else if (target === 'STOPPED') await this.#suspend(false)
      else if (this.#state === 'INIT') await this.#start(false)
      else await this.#start(true)
    } catch (error) {
      throw new ConnectException(`Failed to transition connector ${this.name} to state ${target}`, { cause: error })
    }
  }

  async #start (resuming: boolean): Promise<void> {
    if (this.#state === 'STARTED') return
    try {
      await this.#callAsync(() => this.connector.start({ ...this.config }))
    } catch (error) {
      log.error('{} Error while starting connector', this.toString(), error)
      this.#onFailure(error)
      throw error
    }
    // A connector that raised an error while starting stays FAILED.
    if (this.#state === 'FAILED') throw new ConnectException(`${this.toString()} failed while starting`)
    this.#state = 'STARTED'
    if (resuming) this.#report(l => l.onResume(this.name))
    else this.#report(l => l.onStartup(this.name))
  }

  async #suspend (paused: boolean): Promise<void> {
    const newState: ConnectorRunState = paused ? 'PAUSED' : 'STOPPED'
    if (this.#state === newState) return
    try {
      if (this.#state === 'STARTED') await this.#callAsync(() => this.connector.stop())
      if (this.#state === 'FAILED' && newState !== 'STOPPED') {
        throw new ConnectException('Cannot transition to non-stopped state when connector has already failed')
      }
      this.#report(l => paused ? l.onPause(this.name) : l.onStop(this.name))
      this.#state = newState
    } catch (error) {
      log.error(`{} Error while ${paused ? 'pausing' : 'stopping'} connector`, this.toString(), error)
      if (paused) {
        this.#state = 'FAILED'
        this.#report(l => l.onFailure(this.name, error))
      } else {
        // A connector that fails to stop is still reported STOPPED, as in Kafka.
        this.#state = 'STOPPED'
        this.#report(l => l.onStop(this.name))
      }
    }
  }

  async #doShutdown (): Promise<void> {
    try {
      if (this.#state === 'STARTED') await this.#callAsync(() => this.connector.stop())
      this.#state = 'STOPPED'
      this.#report(l => l.onShutdown(this.name))
      log.info('Completed shutdown for {}', this.toString())
    } catch (error) {
      log.error('{} Error while shutting down connector', this.toString(), error)
      this.#state = 'FAILED'
      this.#report(l => l.onFailure(this.name, error))
    } finally {
      this.#offsetReader?.close()
    }
  }

  #cancel (): void {
    // Reported UNASSIGNED now: a new instance may start soon, and this one reports nothing more.
    this.#report(l => l.onShutdown(this.name))
    this.#offsetReader?.close()
    this.#cancelled = true
  }

  #onFailure (error: unknown): void {
    if (this.#state === 'FAILED') return
    this.#state = 'FAILED'
    this.#report(l => l.onFailure(this.name, error))
  }

  #report (notify: (listener: ConnectorStatusListener) => void): void {
    if (this.#cancelled) return
    try {
      notify(this.#listener)
    } catch (error) {
      log.error('Failed to record the status of connector {}: {}', this.name, messageOf(error))
    }
  }

  /** Calls connector code synchronously as the connector's owner; `fallback` when it throws. */
  #call<T> (fn: () => T, fallback: T): T {
    try {
      return runAs(this.#owner, fn)
    } catch (error) {
      log.warn('{} threw while asked for its version', this.toString(), error)
      return fallback
    }
  }

  /** Calls connector code that may return a promise, as the connector's owner. */
  async #callAsync (fn: () => unknown): Promise<void> {
    await runAs(this.#owner, async () => { await fn() })
  }

  toString (): string {
    return `WorkerConnector{id=${this.name}}`
  }
}
