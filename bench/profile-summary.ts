// Summarizes a V8 CPU profile (.cpuprofile, from node --cpu-prof, e.g. `npm run bench -- --cpu-prof`)
// or a sampling heap profile (.heapprofile, from node --heap-prof): where the time, or the
// allocated bytes, went, by function and by file, heaviest first.
//
//   npx node bench/profile-summary.ts bench/profiles/<run>/CPU.….cpuprofile [--top 40] [--filter src/]
//     [--callers <function name> [--depth 3]]   where a function's self time is called from

import { readFile } from 'node:fs/promises'
import { relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'

interface CallFrame { functionName: string, url: string, lineNumber: number }
interface CpuNode { id: number, callFrame: CallFrame, hitCount?: number, children?: number[] }
interface CpuProfile { nodes: CpuNode[], samples: number[], timeDeltas: number[], startTime: number, endTime: number }
interface HeapNode { callFrame: CallFrame, selfSize: number, children: HeapNode[] }
interface HeapProfile { head: HeapNode }

const REPO = resolve(import.meta.dirname, '..')

function place (frame: CallFrame): string {
  const url = frame.url.startsWith('file://') ? relative(REPO, new URL(frame.url).pathname) : frame.url
  return url === '' ? '(native)' : url
}

function label (frame: CallFrame): string {
  return `${frame.functionName === '' ? '(anonymous)' : frame.functionName} ${place(frame)}:${frame.lineNumber + 1}`
}

/** Self weight per function and per file, from (frame, weight) pairs. */
function tally (entries: Iterable<[CallFrame, number]>): { byFunction: Map<string, number>, byFile: Map<string, number>, total: number } {
  const byFunction = new Map<string, number>()
  const byFile = new Map<string, number>()
  let total = 0
  for (const [frame, weight] of entries) {
    total += weight
    byFunction.set(label(frame), (byFunction.get(label(frame)) ?? 0) + weight)
    byFile.set(place(frame), (byFile.get(place(frame)) ?? 0) + weight)
  }
  return { byFunction, byFile, total }
}

function* cpuEntries (profile: CpuProfile): Generator<[CallFrame, number]> {
  // Each sample's time is the delta that follows it; a node's self time is the sum over its samples.
  const byId = new Map(profile.nodes.map(n => [n.id, n]))
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i])
    if (node !== undefined) yield [node.callFrame, (profile.timeDeltas[i + 1] ?? 0) / 1000]
  }
}

function* heapEntries (node: HeapNode): Generator<[CallFrame, number]> {
  yield [node.callFrame, node.selfSize]
  for (const child of node.children) yield * heapEntries(child)
}

function print (title: string, map: Map<string, number>, total: number, unit: string, top: number, filter: string | undefined): void {
  console.log(`\n${title}`)
  const rows = [...map].filter(([name]) => filter === undefined || name.includes(filter)).sort((a, b) => b[1] - a[1]).slice(0, top)
  for (const [name, weight] of rows) {
    console.log(`${(weight / total * 100).toFixed(1).padStart(5)} %  ${weight.toFixed(unit === 'ms' ? 0 : 0).padStart(9)} ${unit}  ${name}`)
  }
}

/** Self time of the functions whose label contains `name`, split by the chain of callers above them (`depth` frames). */
function callers (profile: CpuProfile, name: string, depth: number): Map<string, number> {
  const byId = new Map(profile.nodes.map(n => [n.id, n]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const result = new Map<string, number>()
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i])
    if (node === undefined || !label(node.callFrame).includes(name)) continue
    const chain: string[] = []
    let at = parent.get(node.id)
    while (at !== undefined && chain.length < depth) {
      chain.push(label(byId.get(at)!.callFrame))
      at = parent.get(at)
    }
    const key = `${label(node.callFrame)} <- ${chain.join(' <- ')}`
    result.set(key, (result.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000)
  }
  return result
}

async function main (): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { top: { type: 'string' }, filter: { type: 'string' }, callers: { type: 'string' }, depth: { type: 'string' } },
    allowPositionals: true,
  })
  const top = Number(values.top ?? 40)
  for (const file of positionals) {
    const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile | HeapProfile
    const isHeap = 'head' in profile
    const { byFunction, byFile, total } = tally(isHeap ? heapEntries(profile.head) : cpuEntries(profile))
    const unit = isHeap ? 'B' : 'ms'
    console.log(`${file}: ${isHeap ? `${(total / 2 ** 20).toFixed(1)} MiB sampled allocations live at the end` : `${total.toFixed(0)} ms sampled`}`)
    print('by function (self)', byFunction, total, unit, top, values.filter)
    print('by file (self)', byFile, total, unit, Math.min(top, 25), values.filter)
    if (values.callers !== undefined && !isHeap) {
      print(`callers of ${values.callers}`, callers(profile, values.callers, Number(values.depth ?? 3)), total, unit, top, undefined)
    }
  }
}

await main()
