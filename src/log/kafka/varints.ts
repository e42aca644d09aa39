// Kafka's variable-length integers, written straight into a Buffer: the unsigned varints of the
// flexible protocol versions (compact lengths) and the zigzag varints and varlongs of the record
// format (lengths, offset and timestamp deltas). Each comes as a size function and a write
// function, so a caller can size a whole buffer first and then fill it without copying.
// Writing only; the fetch side has its own reading. A size function and its write function agree
// on every input: the record batch writer relies on it to fill exactly the buffer it sized.

const TWO_POW_31 = 2 ** 31

/** Bytes the unsigned varint of `value` (0 ≤ value < 2^32) takes. */
export function unsignedVarIntSize (value: number): number {
  if (value < 0x80) return 1
  if (value < 0x4000) return 2
  if (value < 0x200000) return 3
  if (value < 0x10000000) return 4
  return 5
}

/** Writes the unsigned varint of `value` (0 ≤ value < 2^32) at `offset`; returns the offset after it. */
export function writeUnsignedVarInt (buffer: Buffer, offset: number, value: number): number {
  let rest = value >>> 0
  while (rest >= 0x80) {
    buffer[offset++] = (rest & 0x7f) | 0x80
    rest >>>= 7
  }
  buffer[offset++] = rest
  return offset
}

/** Bytes the zigzag varint of the 32-bit signed `value` takes (-1, a null length, takes one). */
export function varIntSize (value: number): number {
  return unsignedVarIntSize(((value << 1) ^ (value >> 31)) >>> 0)
}

/** Writes the zigzag varint of the 32-bit signed `value` at `offset`; returns the offset after it. */
export function writeVarInt (buffer: Buffer, offset: number, value: number): number {
  return writeUnsignedVarInt(buffer, offset, ((value << 1) ^ (value >> 31)) >>> 0)
}

/**
 * The zigzag encoding of a 64-bit signed `value` as an unsigned bigint. Only for values outside
 * the 32-bit range, which are rare (timestamp deltas of years): exact for any safe integer.
 */
function zigzag64 (value: number): bigint {
  const big = BigInt(value)
  return big >= 0n ? big << 1n : ((-big) << 1n) - 1n
}

/** Bytes the zigzag varlong of `value` (a safe integer, such as a timestamp delta in ms) takes. */
export function varLongSize (value: number): number {
  if (value >= -TWO_POW_31 && value < TWO_POW_31) return varIntSize(value)
  let rest = zigzag64(value)
  let size = 1
  while (rest >= 0x80n) {
    rest >>= 7n
    size++
  }
  return size
}

/** Writes the zigzag varlong of `value` (a safe integer) at `offset`; returns the offset after it. */
export function writeVarLong (buffer: Buffer, offset: number, value: number): number {
  if (value >= -TWO_POW_31 && value < TWO_POW_31) return writeVarInt(buffer, offset, value)
  let rest = zigzag64(value)
  while (rest >= 0x80n) {
    buffer[offset++] = Number(rest & 0x7fn) | 0x80
    rest >>= 7n
  }
  buffer[offset++] = Number(rest)
  return offset
}
