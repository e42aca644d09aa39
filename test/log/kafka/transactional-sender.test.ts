// How the transactional producer (the library's Producer) splits a send into requests: by
// max.request.size, and so that within one request each partition's timestamps stay in [first, first + 2^31) ms, the only deltas
// @platformatic/kafka encodes correctly (its 64-bit zigzag is wrong outside that range).

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { chunkEnd } from '../../../src/log/kafka/transactional-sender.ts'

function prepared (entries: Array<[partition: number, timestamp: number, size?: number]>): Array<{ message: { topic: string, partition: number, timestamp: bigint }, size: number }> {
  return entries.map(([partition, timestamp, size]) => ({ message: { topic: 't', partition, timestamp: BigInt(timestamp) }, size: size ?? 10 }))
}

function chunks (list: ReturnType<typeof prepared>, maxRequestSize: number): number[][] {
  const out: number[][] = []
  for (let start = 0; start < list.length;) {
    const end = chunkEnd(list, start, maxRequestSize)
    out.push(Array.from({ length: end - start }, (_, i) => start + i))
    start = end
  }
  return out
}

describe('splitting a send into requests', () => {
  test('records with rising timestamps that fit go in one request', () => {
    assert.deepEqual(chunks(prepared([[0, 5], [1, 1], [0, 6], [1, 1]]), 1_000_000), [[0, 1, 2, 3]])
  })

  test('a timestamp below its partition\'s first in the request starts a new request', () => {
    assert.deepEqual(chunks(prepared([[0, 1_700_000_000_000], [1, 3], [0, 0], [0, 1]]), 1_000_000), [[0, 1], [2, 3]])
  })

  test('a timestamp 2^31 ms or more after its partition\'s first starts a new request', () => {
    assert.deepEqual(chunks(prepared([[0, 0], [0, 2 ** 31 - 1], [0, 2 ** 31]]), 1_000_000), [[0, 1], [2]])
  })

  test('requests stay under max.request.size, but always carry one record', () => {
    assert.deepEqual(chunks(prepared([[0, 1, 100], [0, 2, 100], [0, 3, 500], [0, 4, 100]]), 400), [[0, 1], [2], [3]])
  })
})
