// A sink that drops every record it is given. When it has been given `expected.records` records in
// all (over its tasks of this process), it prints DONE_MARKER and the count once on stdout: the
// benchmark watches for that line, the only I/O this connector does.

import { ConfigDef, Range, SinkConnector, SinkTask, type SinkRecord, type TaskClass } from 'kconnect/api'
import { DONE_MARKER } from './done-marker.ts'

const EXPECTED = 'expected.records'

const CONFIG_DEF = new ConfigDef()
  .define({ name: EXPECTED, type: 'LONG', defaultValue: 0, validator: Range.atLeast(0), importance: 'HIGH', documentation: 'Print a line once this many records arrived (0: never).' })

/** Records received by every DiscardSinkTask of this process, per connector name. */
const received = new Map<string, number>()

/** The discarding sink's connector: tasks.max tasks. */
export class DiscardSinkConnector extends SinkConnector {
  #props: Record<string, string> = {}

  version (): string { return '1.0.0' }
  start (props: Record<string, string>): void {
    CONFIG_DEF.parse(props)
    this.#props = props
  }

  taskClass (): TaskClass<SinkTask> { return DiscardSinkTask }
  taskConfigs (maxTasks: number): Array<Record<string, string>> { return Array.from({ length: maxTasks }, () => ({ ...this.#props })) }
  stop (): void {}
  config (): ConfigDef { return CONFIG_DEF }
}

/** Counts and forgets. */
export class DiscardSinkTask extends SinkTask {
  #name = ''
  #expected = 0

  version (): string { return '1.0.0' }

  start (props: Record<string, string>): void {
    this.#name = props.name ?? ''
    this.#expected = Number(CONFIG_DEF.parse(props)[EXPECTED])
  }

  put (records: SinkRecord[]): void {
    if (records.length === 0) return
    const before = received.get(this.#name) ?? 0
    const after = before + records.length
    received.set(this.#name, after)
    if (this.#expected > 0 && before < this.#expected && after >= this.#expected) {
      process.stdout.write(`${DONE_MARKER} ${after} records (${this.#name})\n`)
    }
  }

  stop (): void {}
}
