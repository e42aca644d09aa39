// The numbers the connector emits: a pure function of (seed, task, sequence), so a task that
// restarts from a committed offset produces exactly the numbers it would have produced anyway.
// That is what makes a source connector's offsets meaningful: the offset alone must be enough to
// resume.

const MASK_64 = (1n << 64n) - 1n

/** The number at `sequence` of task `task`'s stream, in [0, bound). */
export function randomAt (seed: bigint, task: number, sequence: bigint, bound: number): number {
  // SplitMix64's finaliser over a mix of the three inputs: cheap, and well spread.
  let z = (seed * 0x9e3779b97f4a7c15n + BigInt(task) * 0xbf58476d1ce4e5b9n + sequence) & MASK_64
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK_64
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK_64
  z = z ^ (z >> 31n)
  return Number(z % BigInt(bound))
}
