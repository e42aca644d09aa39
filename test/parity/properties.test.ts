// Parity with java.util.Properties.load, which Kafka Connect uses (Utils.loadProps) to read
// worker.properties and connector .properties files: every case of the corpus below is read by
// Java (test/parity/java/src/PropertiesParityDriver.java) and by src/cli/properties.ts, and the
// entries must be equal. The corpus keeps to what both read alike: ASCII, \uXXXX escapes, and
// bytes that are not UTF-8 (both read those as ISO-8859-1). Valid UTF-8 beyond ASCII is where we
// differ on purpose (we read UTF-8; Java reads ISO-8859-1).

import assert from 'node:assert/strict'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { decodeProperties, parseProperties } from '../../src/cli/properties.ts'
import { buildJavaDriver, runJavaLines } from '../support/java.ts'

const CASES: Array<string | Uint8Array> = [
  'a=1\nb=2\n',
  'a = 1\nb: 2\nc 3\n\td\t=\t4\n  e  :  5  \n',
  'empty=\nnovalue\n=onlyvalue\n:colon\n',
  '# comment\n! bang\n   # indented\n\n\t\nkey=value # not a comment\n',
  'multi=one,\\\n    two,\\\n\tthree\n',
  'even=C:\\\\\nafter=1\n',
  'odd=x\\\\\\\ny\n',
  'continued=a\\\n#not a comment\n#comment\\\nreal=1\n',
  'eof=value\\',
  'cr=1\rcrlf=2\r\nlf=3\n',
  'key\\ with\\ spaces=v\nkey\\=eq=v\nkey\\:colon=v\n',
  'escapes=\\t\\n\\r\\f\\\\\\q\\u0041\\u00e9\\u20AC\n',
  'dup=1\ndup=2\n',
  'trailing=value   \n',
  '   leading.blanks=value\n',
  'sep=a=b:c d\n',
  'k\\\n  ey=v\n',
  '\\#notcomment=1\n\\!also=2\n',
  'url=http://example.com:8083/path?x=1#y\n',
  'unicode.escape.key\\u0041=v\n',
  'a\\u00=bad\n',
  'blank.continuation=a\\\n\nnext=1\n',
  'only.key.line\\\n',
  Uint8Array.from([0x6c, 0x61, 0x74, 0x69, 0x6e, 0x3d, 0xe9, 0xe8, 0x0a]),
]

describe('properties parity with java.util.Properties', () => {
  it('reads every case of the corpus as Java does', async () => {
    const driver = await buildJavaDriver(join(import.meta.dirname, 'java'))
    const bytes = CASES.map(c => typeof c === 'string' ? Buffer.from(c, 'latin1') : Buffer.from(c))
    const answers = await runJavaLines(driver, 'PropertiesParityDriver', bytes.map(b => b.toString('base64')))
    answers.forEach((line, i) => {
      const java = JSON.parse(line) as { entries?: Record<string, string>, error?: string }
      const label = JSON.stringify(typeof CASES[i] === 'string' ? CASES[i] : 'bytes')
      if (java.error !== undefined) {
        assert.throws(() => parseProperties(decodeProperties(bytes[i])), /Malformed \\uxxxx encoding/, `${label}: Java failed with ${java.error}`)
        return
      }
      const ours = parseProperties(decodeProperties(bytes[i]))
      const sorted = Object.fromEntries(Object.entries(ours).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      assert.deepEqual(sorted, java.entries, label)
    })
  })
})
