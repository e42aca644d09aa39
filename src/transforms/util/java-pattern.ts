// Java regular expressions (java.util.regex.Pattern) on JavaScript's engine, for the settings
// that take one (RegexRouter's regex, TopicNameMatches' pattern) and Matcher's replacement
// syntax. Java's syntax is translated into an equivalent JavaScript RegExp (unicode mode): \Q…\E
// quoting, \A \z \Z, Java's ASCII \s and its \h \v \R, POSIX and java* \p{…} classes, inline
// flags anywhere ((?i), (?i:…), comments mode (?x)), octal and \x{…} escapes, nested class
// unions, and atomic groups and possessive quantifiers (a lookahead that captures, then a
// backreference: JavaScript cannot backtrack into either). Class intersections (&&), \G, \X and
// \N{…} have no translation: such a pattern is refused with a message that says so.

/** A pattern the translation refuses, with Java-like wording (Java would throw PatternSyntaxException). */
export class JavaPatternSyntaxError extends Error {}

/** A compiled Java pattern. */
export interface JavaPattern {
  /** The Java source text. */
  readonly source: string
  /** Finds matches anywhere (Matcher.find()). */
  readonly search: RegExp
  /** Matches only the whole input (Matcher.matches()). */
  readonly whole: RegExp
  /** The number of capturing groups. */
  readonly groupCount: number
  /** Named groups and their numbers. */
  readonly groupNames: ReadonlyMap<string, number>
  /** Java's group n is the RegExp's group javaToJs[n] (the translation adds groups of its own). */
  readonly javaToJs: readonly number[]
}

/** Compiles a Java regex; throws JavaPatternSyntaxError when it is invalid or untranslatable. */
export function compileJavaPattern (source: string): JavaPattern {
  const translator = new Translator(source)
  const { body, flags } = translator.translate()
  try {
    const search = new RegExp(body, flags + 'u')
    const whole = new RegExp(`(?<![\\s\\S])(?:${body})(?![\\s\\S])`, flags + 'u')
    return { source, search, whole, groupCount: translator.groupCount, groupNames: translator.groupNames, javaToJs: translator.javaToJs }
  } catch (error) {
    // V8 says "Invalid regular expression: /…/u: Range out of order in character class".
    const reason = (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '')
    throw new JavaPatternSyntaxError(`${reason}\n${source}`)
  }
}

/** Whether the whole text matches (Pattern.matcher(text).matches()). */
export function matchesWhole (pattern: JavaPattern, text: string): boolean {
  return pattern.whole.test(text)
}

/**
 * Matcher.replaceFirst: the first match found scanning from the start is replaced by
 * `replacement`, in which $n and ${name} insert groups and a backslash makes the next character
 * literal. Throws Error with Java's message for a malformed replacement.
 */
export function replaceFirstJava (pattern: JavaPattern, text: string, replacement: string): string {
  const match = pattern.search.exec(text)
  if (match === null) return text
  const groups = pattern.javaToJs.map(js => match[js])
  const expanded = expandReplacement(pattern, groups, replacement)
  return text.slice(0, match.index) + expanded + text.slice(match.index + match[0].length)
}

/**
 * The replacement text for a match (Matcher.appendReplacement's expansion). `groups[n]` is group
 * n's text (undefined when it did not take part). Throws Error with Java's message for a bad
 * reference, whatever the match, so it also checks a replacement before any match.
 */
export function expandReplacement (pattern: JavaPattern, groups: ArrayLike<string | undefined>, replacement: string): string {
  let out = ''
  let cursor = 0
  while (cursor < replacement.length) {
    const c = replacement[cursor]
    if (c === '\\') {
      cursor++
      if (cursor === replacement.length) throw new Error('character to be escaped is missing')
      out += replacement[cursor++]
    } else if (c === '$') {
      cursor++
      if (cursor === replacement.length) throw new Error('Illegal group reference: group index is missing')
      let group: number
      if (replacement[cursor] === '{') {
        cursor++
        const begin = cursor
        while (cursor < replacement.length && /[A-Za-z0-9]/.test(replacement[cursor])) cursor++
        if (begin === cursor) throw new Error('named capturing group has 0 length name')
        if (replacement[cursor] !== '}') throw new Error("named capturing group is missing trailing '}'")
        const name = replacement.slice(begin, cursor)
        if (/[0-9]/.test(name[0])) throw new Error(`capturing group name {${name}} starts with digit character`)
        const number = pattern.groupNames.get(name)
        if (number === undefined) throw new Error(`No group with name {${name}}`)
        group = number
        cursor++
      } else {
        group = replacement.charCodeAt(cursor) - 48
        if (group < 0 || group > 9) throw new Error('Illegal group reference')
        cursor++
        // The longest number that is still a group.
        while (cursor < replacement.length) {
          const digit = replacement.charCodeAt(cursor) - 48
          if (digit < 0 || digit > 9 || group * 10 + digit > pattern.groupCount) break
          group = group * 10 + digit
          cursor++
        }
      }
      if (group > pattern.groupCount) throw new Error(`No group ${group}`)
      out += groups[group] ?? ''
    } else {
      out += c
      cursor++
    }
  }
  return out
}

// The characters of Java's \s, \h, \v and \R, as class contents.
const SPACE = ' \\t\\n\\x0B\\f\\r'
const HORIZONTAL = ' \\t\\xA0\\u1680\\u180E\\u2000-\\u200A\\u202F\\u205F\\u3000'
const VERTICAL = '\\n\\x0B\\f\\r\\x85\\u2028\\u2029'
const LINE_END = '(?:\\r\\n|[\\n\\r\\x85\\u2028\\u2029])'

// POSIX classes (ASCII, as Java has them by default) and java.lang.Character classes, as class contents.
const NAMED_CLASSES: Readonly<Record<string, string>> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: SPACE,
  javaLowerCase: '\\p{Lowercase}',
  javaUpperCase: '\\p{Uppercase}',
  javaWhitespace: '\\t-\\r\\x1C-\\x1F\\p{Zs}\\p{Zl}\\p{Zp}',
  javaMirrored: '\\p{Bidi_M}',
  javaAlphabetic: '\\p{Alphabetic}',
  javaLetter: '\\p{L}',
  javaDigit: '\\p{Nd}',
  javaLetterOrDigit: '\\p{L}\\p{Nd}',
  IsAlphabetic: '\\p{Alphabetic}',
  IsLetter: '\\p{L}',
  IsDigit: '\\p{Nd}',
  IsLowercase: '\\p{Lowercase}',
  IsUppercase: '\\p{Uppercase}',
  IsWhite_Space: '\\p{White_Space}',
  IsWhiteSpace: '\\p{White_Space}',
  IsPunctuation: '\\p{P}',
  IsControl: '\\p{Cc}',
}

/** What a group left open on the stack needs when it closes. */
interface OpenGroup {
  /** The modifier groups opened for (?i)-style flags inside this group, closed with it. */
  modifiers: string[]
  /** Whether comments mode was on when the group opened (restored when it closes). */
  comments: boolean
  /** Where the group starts in the output (a quantifier after it applies from there). */
  start: number
  /** For an atomic group, the capture that holds what it matched (see #atomic). */
  atomicCapture: number | null
}

// JavaScript numbers capturing groups by the position of their opening parenthesis, and the
// translation adds groups of its own (for atomic groups and possessive quantifiers) in front of
// groups already written. So captures are written as markers, numbered once the whole pattern is
// written: CAPTURE id CAPTURE before the group's "(", and BACKREFERENCE id BACKREFERENCE for
// a reference to it. literal() never writes these control characters itself.
const CAPTURE = '\u0001'
const BACKREFERENCE = '\u0002'

/** One pass over a Java pattern, writing the JavaScript equivalent. */
class Translator {
  readonly #source: string
  #index = 0
  #out = ''
  #comments = false
  readonly #groups: OpenGroup[] = [{ modifiers: [], comments: false, start: 0, atomicCapture: null }]
  #captures = 0
  /** Java's group numbers (from 1), as capture ids. */
  readonly #javaGroups: number[] = [0]
  groupCount = 0
  readonly groupNames = new Map<string, number>()
  /** Java's group n is JavaScript's group javaToJs[n]; filled by translate(). */
  readonly javaToJs: number[] = [0]

  constructor (source: string) {
    this.#source = source
  }

  translate (): { body: string, flags: string } {
    let flags = ''
    // Leading inline flags apply to the whole pattern: make them the RegExp's own flags.
    const leading = /^\(\?([idmsuxUc]+)\)/.exec(this.#source)
    if (leading !== null) {
      for (const flag of leading[1]) {
        if ((flag === 'i' || flag === 'm' || flag === 's') && !flags.includes(flag)) flags += flag
        if (flag === 'x') this.#comments = true
      }
      this.#index = leading[0].length
      this.#groups[0].comments = this.#comments
    }
    while (this.#index < this.#source.length) this.#element()
    if (this.#groups.length > 1) throw this.#error('Unclosed group')
    this.#out += ')'.repeat(this.#groups[0].modifiers.length)
    return { body: this.#numberCaptures(), flags }
  }

  /** Replaces capture markers by JavaScript's group numbers. */
  #numberCaptures (): string {
    const jsIndex = new Map<string, number>()
    let count = 0
    const numbered = this.#out.replace(new RegExp(`${CAPTURE}(\\d+)${CAPTURE}`, 'g'), (_, id: string) => {
      jsIndex.set(id, ++count)
      return ''
    })
    for (let n = 1; n < this.#javaGroups.length; n++) this.javaToJs[n] = jsIndex.get(String(this.#javaGroups[n])) as number
    return numbered.replace(new RegExp(`${BACKREFERENCE}(\\d+)${BACKREFERENCE}`, 'g'), (_, id: string) => `(?:\\${jsIndex.get(id) as number})`)
  }

  #newCapture (): number {
    return ++this.#captures
  }

  #error (what: string, at = this.#index): JavaPatternSyntaxError {
    return new JavaPatternSyntaxError(`${what} near index ${at}\n${this.#source}`)
  }

  /** Writes an atom and the quantifier after it, if any. */
  #atom (text: string): void {
    const start = this.#out.length
    this.#out += text
    this.#quantify(start)
  }

  #element (): void {
    const c = this.#source[this.#index]
    if (this.#comments && this.#skipComment()) return
    switch (c) {
      case '\\':
        this.#atom(this.#escape(false))
        return
      case '[':
        this.#atom(this.#classContents())
        return
      case '(':
        this.#openGroup()
        return
      case ')': {
        if (this.#groups.length === 1) throw this.#error('Unmatched closing \')\'')
        const group = this.#groups.pop() as OpenGroup
        this.#comments = group.comments
        this.#out += ')'.repeat(group.modifiers.length) + ')'
        if (group.atomicCapture !== null) this.#out += `))${BACKREFERENCE}${group.atomicCapture}${BACKREFERENCE}`
        this.#index++
        this.#quantify(group.start)
        return
      }
      case '*':
      case '+':
      case '?':
        throw this.#error(`Dangling meta character '${c}'`)
      case '{':
        throw this.#error('Illegal repetition')
      case '|': {
        // Flags set by (?i) in this group hold in the next alternative too, which must not end up inside them.
        const modifiers = this.#groups[this.#groups.length - 1].modifiers
        this.#out += ')'.repeat(modifiers.length) + '|' + modifiers.map(m => `(?${m}:`).join('')
        this.#index++
        return
      }
      case '^':
      case '$':
        this.#out += c
        this.#index++
        return
      case ']':
      case '}':
        this.#index++
        this.#atom('\\' + c)
        return
      case '.':
        this.#index++
        this.#atom('.')
        return
      default: {
        const code = this.#source.codePointAt(this.#index) as number
        this.#index += code > 0xFFFF ? 2 : 1
        this.#atom(literal(code))
      }
    }
  }

  /** In comments mode, skips whitespace or a # comment; true when something was skipped. */
  #skipComment (): boolean {
    const c = this.#source[this.#index]
    if (/\s/.test(c)) {
      this.#index++
      return true
    }
    if (c === '#') {
      while (this.#index < this.#source.length && !/[\n\r\u0085\u2028\u2029]/.test(this.#source[this.#index])) this.#index++
      return true
    }
    return false
  }

  /**
   * Writes the quantifier at #index (if any) for the atom written from `start`. A possessive
   * quantifier (X*+) never gives back what it took: X* inside a lookahead that captures it, then
   * a backreference that consumes exactly that, which JavaScript cannot backtrack into.
   */
  #quantify (start: number): void {
    while (this.#comments && this.#index < this.#source.length && this.#skipComment()) { /* whitespace may precede a quantifier */ }
    const rest = this.#source.slice(this.#index)
    const match = /^(?:[*+?]|\{\d+(?:,\d*)?\})/.exec(rest)
    if (match === null) {
      if (rest.startsWith('{')) throw this.#error('Illegal repetition')
      return
    }
    this.#index += match[0].length
    const modifier = this.#source[this.#index]
    if (modifier === '?') {
      this.#out += match[0] + '?'
      this.#index++
    } else if (modifier === '+') {
      this.#index++
      const capture = this.#newCapture()
      const atom = this.#out.slice(start)
      this.#out = this.#out.slice(0, start) + `(?=${CAPTURE}${capture}${CAPTURE}((?:${atom})${match[0]}))${BACKREFERENCE}${capture}${BACKREFERENCE}`
    } else {
      this.#out += match[0]
    }
  }

  #openGroup (): void {
    const rest = this.#source.slice(this.#index)
    const start = this.#out.length
    const push = (atomicCapture: number | null = null): void => {
      this.#groups.push({ modifiers: [], comments: this.#comments, start, atomicCapture })
    }
    const javaGroup = (): number => {
      const capture = this.#newCapture()
      this.#javaGroups.push(capture)
      this.groupCount++
      return capture
    }
    let match: RegExpExecArray | null
    if (!rest.startsWith('(?')) {
      this.#out += `${CAPTURE}${javaGroup()}${CAPTURE}(`
      this.#index++
      push()
      return
    }
    if ((match = /^\(\?<([a-zA-Z][a-zA-Z0-9]*)>/.exec(rest)) !== null) {
      if (this.groupNames.has(match[1])) throw this.#error(`Named capturing group <${match[1]}> is already defined`)
      this.#out += `${CAPTURE}${javaGroup()}${CAPTURE}${match[0]}`
      this.groupNames.set(match[1], this.groupCount)
      this.#index += match[0].length
      push()
      return
    }
    if ((match = /^\(\?(?::|=|!|<=|<!)/.exec(rest)) !== null) {
      this.#out += match[0]
      this.#index += match[0].length
      push()
      return
    }
    if (rest.startsWith('(?>')) {
      // Atomic: what the group first matches is captured in a lookahead and consumed by a
      // backreference, so nothing after it can make it match otherwise.
      const capture = this.#newCapture()
      this.#out += `(?=${CAPTURE}${capture}${CAPTURE}((?:`
      this.#index += 3
      push(capture)
      return
    }
    match = /^\(\?([idmsuxUc]*)(?:-([idmsuxUc]*))?([:)])/.exec(rest)
    if (match === null) throw this.#error('Unknown inline modifier')
    const on = match[1]
    const off = match[2] ?? ''
    const modifiers = jsModifiers(on, off)
    this.#index += match[0].length
    if (match[3] === ')') {
      // Flags for the rest of the enclosing group: open a modifier group that closes with it.
      if (on.includes('x')) this.#comments = true
      if (off.includes('x')) this.#comments = false
      if (modifiers !== '') {
        this.#out += `(?${modifiers}:`
        this.#groups[this.#groups.length - 1].modifiers.push(modifiers)
      }
      return
    }
    push()
    if (on.includes('x')) this.#comments = true
    if (off.includes('x')) this.#comments = false
    this.#out += modifiers === '' ? '(?:' : `(?${modifiers}:`
  }

  /** A backslash escape at #index, without its quantifier; `inClass` gives class contents rather than an atom. */
  #escape (inClass: boolean): string {
    const at = this.#index
    const c = this.#source[at + 1]
    if (c === undefined) throw this.#error('Unexpected internal error', at + 1)
    this.#index += 2
    const set = (contents: string, negated: boolean): string => {
      if (inClass) {
        if (negated) throw this.#error('kconnect cannot translate a negated class escape inside a character class', at)
        return contents
      }
      return `[${negated ? '^' : ''}${contents}]`
    }
    const outsideClass = (text: string): string => inClass ? this.#unsupported(at) : text
    switch (c) {
      case 'Q': {
        const end = this.#source.indexOf('\\E', this.#index)
        const quoted = this.#source.slice(this.#index, end < 0 ? undefined : end)
        this.#index = end < 0 ? this.#source.length : end + 2
        const chars = [...quoted].map(ch => literal(ch.codePointAt(0) as number, inClass))
        if (inClass) return chars.join('')
        return chars.length === 1 ? chars[0] : `(?:${chars.join('')})`
      }
      case 'd': case 'D': case 'w': case 'W':
        return '\\' + c
      case 's': return set(SPACE, false)
      case 'S': return set(SPACE, true)
      case 'h': return set(HORIZONTAL, false)
      case 'H': return set(HORIZONTAL, true)
      case 'v': return set(VERTICAL, false)
      case 'V': return set(VERTICAL, true)
      case 'R': return outsideClass(LINE_END)
      case 'b': case 'B': return outsideClass('\\' + c)
      case 'A': return outsideClass('(?<![\\s\\S])')
      case 'z': return outsideClass('(?![\\s\\S])')
      case 'Z': return outsideClass(`(?=${LINE_END}?(?![\\s\\S]))`)
      case 't': return '\\t'
      case 'n': return '\\n'
      case 'r': return '\\r'
      case 'f': return '\\f'
      case 'a': return '\\x07'
      case 'e': return '\\x1B'
      case 'c': {
        const control = this.#source.charCodeAt(this.#index)
        if (Number.isNaN(control)) throw this.#error('Illegal control escape sequence')
        this.#index++
        return literal(control ^ 64, inClass)
      }
      case '0': {
        const octal = /^[0-7]{1,3}/.exec(this.#source.slice(this.#index))
        if (octal === null) throw this.#error('Illegal octal escape sequence')
        let digits = octal[0]
        if (digits.length === 3 && digits[0] > '3') digits = digits.slice(0, 2)
        this.#index += digits.length
        return literal(parseInt(digits, 8), inClass)
      }
      case 'x': {
        const braced = /^\{([0-9a-fA-F]+)\}/.exec(this.#source.slice(this.#index))
        if (braced !== null) {
          this.#index += braced[0].length
          const code = parseInt(braced[1], 16)
          if (code > 0x10FFFF) throw this.#error('Hexadecimal codepoint is too big')
          return literal(code, inClass)
        }
        const two = /^[0-9a-fA-F]{2}/.exec(this.#source.slice(this.#index))
        if (two === null) throw this.#error('Illegal hexadecimal escape sequence')
        this.#index += 2
        return literal(parseInt(two[0], 16), inClass)
      }
      case 'u': {
        const four = /^[0-9a-fA-F]{4}/.exec(this.#source.slice(this.#index))
        if (four === null) throw this.#error('Illegal Unicode escape sequence')
        this.#index += 4
        return literal(parseInt(four[0], 16), inClass)
      }
      case 'p':
      case 'P': {
        const braced = /^\{(\^?)([^}]*)\}/.exec(this.#source.slice(this.#index))
        const oneLetter = braced === null ? /^[A-Za-z]/.exec(this.#source.slice(this.#index)) : null
        if (braced === null && oneLetter === null) throw this.#error('Illegal character property')
        const name = braced !== null ? braced[2] : (oneLetter as RegExpExecArray)[0]
        this.#index += braced !== null ? braced[0].length : 1
        const negated = (c === 'P') !== (braced?.[1] === '^')
        return set(unicodeClass(name, () => this.#error(`Unknown character property name {${name}}`, at)), negated)
      }
      case 'k': {
        if (inClass) return this.#unsupported(at)
        const named = /^<([a-zA-Z][a-zA-Z0-9]*)>/.exec(this.#source.slice(this.#index))
        if (named === null) throw this.#error('\\k is not followed by \'<\' for named capturing group')
        const group = this.groupNames.get(named[1])
        if (group === undefined) throw this.#error(`named capturing group <${named[1]}> does not exist`)
        this.#index += named[0].length
        return `${BACKREFERENCE}${this.#javaGroups[group]}${BACKREFERENCE}`
      }
      case 'G': case 'X': case 'N':
        return this.#unsupported(at)
    }
    if (c >= '1' && c <= '9') {
      if (inClass) throw this.#error('Illegal/unsupported escape sequence', at + 1)
      let group = c.charCodeAt(0) - 48
      while (this.#index < this.#source.length) {
        const digit = this.#source.charCodeAt(this.#index) - 48
        if (digit < 0 || digit > 9 || group * 10 + digit > this.groupCount) break
        group = group * 10 + digit
        this.#index++
      }
      // A reference to a group not (yet) defined never matches in Java.
      return group > this.groupCount ? '(?!)' : `${BACKREFERENCE}${this.#javaGroups[group]}${BACKREFERENCE}`
    }
    if (/[A-Za-z]/.test(c)) throw this.#error('Illegal/unsupported escape sequence', at + 1)
    // Any other escaped character stands for itself.
    const code = this.#source.codePointAt(at + 1) as number
    this.#index = at + 1 + (code > 0xFFFF ? 2 : 1)
    return literal(code, inClass)
  }

  #unsupported (at: number): never {
    throw this.#error(`kconnect cannot translate the escape \\${this.#source[at + 1]} to JavaScript`, at)
  }

  /** A character class at #index ('['), as a JavaScript class. */
  #classContents (): string {
    const start = this.#index
    this.#index++
    let negated = false
    if (this.#source[this.#index] === '^') {
      negated = true
      this.#index++
    }
    let inner = ''
    let first = true
    while (true) {
      if (this.#index >= this.#source.length) throw this.#error('Unclosed character class', this.#source.length - 1)
      const c = this.#source[this.#index]
      if (c === ']' && !first) {
        this.#index++
        break
      }
      first = false
      if (this.#comments && /\s/.test(c)) {
        this.#index++
        continue
      }
      if (c === '[') {
        // A nested class is a union: its contents join ours (unless it is negated).
        const nested = this.#classContents()
        if (nested.startsWith('[^')) throw this.#error('kconnect cannot translate a negated class nested in a character class', start)
        inner += nested.slice(1, -1)
        continue
      }
      if (c === '&' && this.#source[this.#index + 1] === '&') {
        throw this.#error('kconnect cannot translate character class intersections (&&)', this.#index)
      }
      if (c === '\\') {
        inner += this.#escape(true)
        continue
      }
      const code = this.#source.codePointAt(this.#index) as number
      this.#index += code > 0xFFFF ? 2 : 1
      inner += c === '-' ? '-' : literal(code, true)
    }
    return `[${negated ? '^' : ''}${inner}]`
  }
}

/** JavaScript's modifiers for Java's inline flags: only i, m and s exist there (the rest change nothing here). */
function jsModifiers (on: string, off: string): string {
  const keep = (flags: string): string => [...new Set(flags)].filter(f => f === 'i' || f === 'm' || f === 's').join('')
  const add = keep(on)
  const remove = keep(off).split('').filter(f => !add.includes(f)).join('')
  if (add === '' && remove === '') return ''
  return remove === '' ? add : `${add}-${remove}`
}

function unicodeClass (name: string, unknown: () => Error): string {
  const named = NAMED_CLASSES[name]
  if (named !== undefined) return named
  const stripped = name.replace(/^(Is|In|general_category=|gc=|script=|sc=|block=|blk=)/, '')
  if (/^(L|Lu|Ll|Lt|Lm|Lo|M|Mn|Mc|Me|N|Nd|Nl|No|P|Pc|Pd|Ps|Pe|Pi|Pf|Po|S|Sm|Sc|Sk|So|Z|Zs|Zl|Zp|C|Cc|Cf|Co|Cs|Cn|LC)$/.test(stripped)) {
    return `\\p{${stripped === 'LC' ? 'LC' : stripped}}`
  }
  // A script name (Latin, Greek, …): JavaScript knows them as Script=.
  if (/^[A-Z][A-Za-z_]*$/.test(stripped)) {
    try {
      void new RegExp(`\\p{Script=${stripped}}`, 'u')
      return `\\p{Script=${stripped}}`
    } catch {
      // Not a script JavaScript knows either.
    }
  }
  throw unknown()
}

/** A code point as a literal in a unicode-mode RegExp (inside a class when `inClass`). */
function literal (code: number, inClass = false): string {
  const char = String.fromCodePoint(code)
  if (/[A-Za-z0-9_ ]/.test(char) || (code > 0x7F && code !== 0x2028 && code !== 0x2029)) return char
  if ('^$\\.*+?()[]{}|/'.includes(char) || (inClass && char === '-')) return '\\' + char
  return `\\u{${code.toString(16)}}`
}
