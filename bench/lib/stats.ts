// The figures a benchmark reports from its repetitions: the median (robust on a shared machine,
// where one repetition may be slowed by a neighbour) and the spread (min and max, and the range
// relative to the median), and the ratio of two engines measured in the same run.

/** What a set of repetitions of one measurement comes to. */
export interface Summary {
  /** How many repetitions. */
  readonly n: number
  readonly median: number
  readonly min: number
  readonly max: number
  /** (max - min) / median: 0.1 means the repetitions lie within 10 % of the median. */
  readonly relativeSpread: number
  /** Every repetition's figure, in the order measured. */
  readonly values: readonly number[]
}

/** The median of `values` (the mean of the two middle ones for an even count); NaN when empty. */
export function median (values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** Median, min, max and relative spread of `values`. */
export function summarize (values: readonly number[]): Summary {
  const finite = values.filter(v => Number.isFinite(v))
  const mid = median(finite)
  const min = finite.length === 0 ? Number.NaN : Math.min(...finite)
  const max = finite.length === 0 ? Number.NaN : Math.max(...finite)
  return { n: finite.length, median: mid, min, max, relativeSpread: mid === 0 ? Number.NaN : (max - min) / mid, values: [...values] }
}

/**
 * The ratio of two engines' figures, from repetitions run in pairs (Java then kconnect, or the other
 * way round): the median of the per-pair ratios, with their min and max. Pairing cancels most of the
 * drift of a shared machine, which slows both runs of a pair alike.
 */
export function pairedRatio (numerators: readonly number[], denominators: readonly number[]): Summary {
  const ratios: number[] = []
  for (let i = 0; i < Math.min(numerators.length, denominators.length); i++) {
    if (Number.isFinite(numerators[i]) && Number.isFinite(denominators[i]) && denominators[i] !== 0) ratios.push(numerators[i] / denominators[i])
  }
  return summarize(ratios)
}

/** A number for a table: 3 significant digits, thousands grouped (123 456, 1.23, 0.0123). */
export function formatNumber (value: number): string {
  if (!Number.isFinite(value)) return 'n/a'
  const abs = Math.abs(value)
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US').replaceAll(',', ' ')
  if (abs >= 100) return value.toFixed(0)
  if (abs >= 10) return value.toFixed(1)
  if (abs >= 1) return value.toFixed(2)
  return value.toPrecision(3)
}

/** "median (min–max)" of a summary, numbers as formatNumber writes them. */
export function formatSummary (summary: Summary, unit = ''): string {
  if (summary.n === 0) return 'n/a'
  const range = summary.n > 1 ? ` (${formatNumber(summary.min)}–${formatNumber(summary.max)})` : ''
  return `${formatNumber(summary.median)}${unit}${range}`
}
