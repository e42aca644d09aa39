// Java's Double.toString and Float.toString, which decide the exact text Kafka Connect writes for
// FLOAT64 and FLOAT32 values (JsonConverter, Values, SimpleHeaderConverter): "1.0" and not "1",
// "1.0E10" and not "1e+10", and a float32 printed with the few digits that identify the float,
// not the many that identify the double holding it.
//
// The digits are the shortest that read back as the same value, closest to it on a tie, as Java
// (since 19) and JavaScript both choose them; Java then takes two digits where one would do
// whenever two are closer: Double.MIN_VALUE is "4.9E-324" where JavaScript writes "5e-324".
// Java 17 and older used another algorithm that sometimes printed more digits than needed
// (JDK-4511638: 2.82879384806159E17 came out as 2.82879384806159008E17, and many large floats
// got a ninth digit); we print what Java 19 and later print, which reads back the same.

/** Java's Double.toString: "1.0", "-0.0", "0.001", "1.0E7", "1.234E-5", "NaN", "Infinity". */
export function javaDoubleToString (value: number): string {
  const special = nonFinite(value)
  if (special !== null) return special
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0'
  let [digits, exponent] = splitExponential(value.toExponential())
  if (digits.length === 1) {
    const [twoDigits, twoExponent] = splitExponential(value.toExponential(1))
    if (Number(value.toExponential(1)) === value) [digits, exponent] = [twoDigits, twoExponent]
  }
  return formatJava(value < 0, digits, exponent)
}

/** Java's Float.toString of Math.fround(value): "0.1" for the float nearest 0.1, "1.0E10", "NaN". */
export function javaFloatToString (value: number): string {
  const float = Math.fround(value)
  const special = nonFinite(float)
  if (special !== null) return special
  if (float === 0) return Object.is(float, -0) ? '-0.0' : '0.0'
  const [digits, exponent] = shortestFloatDigits(Math.abs(float))
  return formatJava(float < 0, digits, exponent)
}

function nonFinite (value: number): string | null {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Infinity) return 'Infinity'
  if (value === -Infinity) return '-Infinity'
  return null
}

/** "-1.2345e+21" -> ["12345", 21]: the significant digits (no sign, no point) and the exponent of the first. */
function splitExponential (text: string): [string, number] {
  const e = text.indexOf('e')
  const digits = text.slice(text[0] === '-' ? 1 : 0, e).replace('.', '')
  return [digits.replace(/0+$/, '') || '0', Number(text.slice(e + 1))]
}

/**
 * The shortest decimal digits that round to `float` as a float32, with Java's preference for two
 * digits over one. `float` is positive and finite.
 */
function shortestFloatDigits (float: number): [string, number] {
  const exact = exactFloat(float)
  for (let precision = 1; precision <= 9; precision++) {
    const best = nearestRoundTrip(float, exact, precision)
    if (best === null) continue
    return precision === 1 ? nearestRoundTrip(float, exact, 2) ?? best : best
  }
  return splitExponential(float.toExponential())
}

/**
 * Among the decimals of `precision` digits that read back as `float`, the one closest to it (the
 * even one on a tie, as Java), or null when none does. Distances are compared exactly: at a tie
 * the doubles nearest two candidates would lie about which is closer.
 */
function nearestRoundTrip (float: number, exact: ExactFloat, precision: number): [string, number] | null {
  const [nearest, exponent] = splitExponential(float.toExponential(precision - 1))
  const unit = BigInt(nearest.padEnd(precision, '0'))
  const power = exponent - precision + 1
  // The nearest decimal of this length, and its neighbours: near a power of two the float's
  // rounding interval is lopsided, so the nearest may miss it while a neighbour hits it.
  let best: bigint | null = null
  let bestDistance = 0n
  for (const candidate of [unit - 1n, unit, unit + 1n]) {
    if (candidate <= 0n || Math.fround(Number(`${candidate}e${power}`)) !== float) continue
    const distance = scaledDistance(candidate, power, exact)
    if (best === null || distance < bestDistance || (distance === bestDistance && candidate % 2n === 0n)) {
      best = candidate
      bestDistance = distance
    }
  }
  if (best === null) return null
  const digits = best.toString()
  return [digits.replace(/0+$/, '') || '0', power + digits.length - 1]
}

/** A float's exact value: mantissa × 2^exponent. */
interface ExactFloat { mantissa: bigint, exponent: number }

function exactFloat (float: number): ExactFloat {
  const view = new DataView(new ArrayBuffer(4))
  view.setFloat32(0, float)
  const bits = view.getUint32(0)
  const biased = (bits >>> 23) & 0xff
  const fraction = bits & 0x7fffff
  return biased === 0
    ? { mantissa: BigInt(fraction), exponent: -149 }
    : { mantissa: BigInt(fraction | 0x800000), exponent: biased - 150 }
}

/** |candidate × 10^power − float|, scaled by a positive factor that depends only on power and the float. */
function scaledDistance (candidate: bigint, power: number, exact: ExactFloat): bigint {
  let decimal = candidate * 10n ** BigInt(Math.max(0, power)) * 2n ** BigInt(Math.max(0, -exact.exponent))
  let binary = exact.mantissa * 2n ** BigInt(Math.max(0, exact.exponent)) * 10n ** BigInt(Math.max(0, -power))
  if (decimal < binary) [decimal, binary] = [binary, decimal]
  return decimal - binary
}

/**
 * Java's layout: plain with at least one fraction digit for 1e-3 <= |x| < 1e7 ("100.0", "0.001"),
 * otherwise d.ddd…E±n with at least one fraction digit ("1.0E7", "1.5E-4").
 */
function formatJava (negative: boolean, digits: string, exponent: number): string {
  const sign = negative ? '-' : ''
  if (exponent >= -3 && exponent < 7) {
    if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`
    const integer = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0')
    const fraction = digits.slice(exponent + 1)
    return `${sign}${integer}.${fraction === '' ? '0' : fraction}`
  }
  const fraction = digits.slice(1)
  return `${sign}${digits[0]}.${fraction === '' ? '0' : fraction}E${exponent}`
}
