// Draws the charts of a saved run again (after a change to the charts), from its results files.
//
//   npx node bench/draw-charts.ts [<stem>, e.g. 2026-11-22-0415; default: the newest run]

import { join } from 'node:path'
import { drawCharts } from './lib/charts.ts'
import { loadResults } from './lib/results.ts'

const results = await loadResults(import.meta.dirname, process.argv[2])
for (const line of results.report) console.log(line)
for (const file of await drawCharts(join(import.meta.dirname, 'charts'), results)) console.log(`wrote ${file}`)
