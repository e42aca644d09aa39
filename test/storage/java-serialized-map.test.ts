import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  JavaSerializationException, readJavaByteMap, TruncatedStreamException, writeJavaByteMap, type ByteMapEntry,
} from '../../src/storage/java-serialized-map.ts'

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)

test('an empty map is the exact bytes ObjectOutputStream writes for new HashMap<byte[], byte[]>()', () => {
  // java: new ObjectOutputStream(out).writeObject(new HashMap<byte[], byte[]>())
  const expected = 'aced0005737200116a6176612e7574696c2e486173684d61700507dac1c31660d103000246000a6c6f6164466163746f' +
    '724900097468726573686f6c6478703f40000000000000770800000010000000007' + '8'
  assert.equal(Buffer.from(writeJavaByteMap([])).toString('hex'), expected)
  assert.deepEqual(readJavaByteMap(writeJavaByteMap([])), [])
})

test('entries round-trip, null keys and values included, and byte[] class descriptions are shared', () => {
  const entries: ByteMapEntry[] = [
    [bytes('["c",{"filename":"a"}]'), bytes('{"position":1}')],
    [bytes('["c",{"filename":"b"}]'), null],
    [null, bytes('x')],
    [bytes(''), bytes('')],
  ]
  const written = writeJavaByteMap(entries)
  assert.deepEqual(readJavaByteMap(written), entries)
  // One class description for [B, then back references (TC_REFERENCE to handle 0x7e0002).
  assert.equal(Buffer.from(written).toString('latin1').split('[B').length - 1, 1)
  assert.ok(Buffer.from(written).includes(Buffer.from('71007e0002', 'hex')))
})

test('capacity and threshold grow as a HashMap does', () => {
  const many: ByteMapEntry[] = Array.from({ length: 13 }, (_, i) => [bytes(`k${i}`), bytes(`v${i}`)])
  const view = Buffer.from(writeJavaByteMap(many))
  // threshold (after loadFactor 0.75) and the block data's capacity and size.
  const thresholdAt = view.indexOf(Buffer.from('3f400000', 'hex')) + 4
  assert.equal(view.readInt32BE(thresholdAt), 24)
  assert.equal(view.readInt32BE(thresholdAt + 6), 32)
  assert.equal(view.readInt32BE(thresholdAt + 10), 13)
  assert.equal(readJavaByteMap(view).length, 13)
})

test('a truncated stream and a foreign stream are told apart', () => {
  const written = writeJavaByteMap([[bytes('key'), bytes('value')]])
  assert.throws(() => readJavaByteMap(written.subarray(0, written.length - 4)), TruncatedStreamException)
  assert.throws(() => readJavaByteMap(new Uint8Array(0)), TruncatedStreamException)
  assert.throws(() => readJavaByteMap(bytes('{"not":"java"}')), (e: Error) =>
    e instanceof JavaSerializationException && !(e instanceof TruncatedStreamException) && /Not a Java serialization stream/.test(e.message))
  // A serialized java.util.ArrayList is refused by name.
  const list = Buffer.from('aced0005737200136a6176612e7574696c2e41727261794c6973747881d21d99c7619d03000149000473697a6578700000000077040000000078', 'hex')
  assert.throws(() => readJavaByteMap(list), /Expected a java.util.HashMap but found java.util.ArrayList/)
})
