// Splits decoded text into lines exactly as Kafka's FileStreamSourceTask does: a line ends at
// "\n", "\r\n" or a lone "\r", and the terminator is not part of the line. A "\r" that is the last
// character seen so far is left pending, because the next read may bring the "\n" of a "\r\n"
// pair; a lone "\r" at the very end of a file therefore stays pending until more text arrives, as
// in Java. Text without a terminator stays pending too: it is not a line yet.
//
// It also counts what it consumed the way Java counts its source offset: in UTF-16 code units
// (Java chars), terminators included, which is what JavaScript string lengths count too.

const TERMINATOR = /[\r\n]/g

/** Cuts appended text into complete lines and counts the characters they consumed. */
export class LineSplitter {
  // Pending text lives in #text from #start; #scanFrom is where the search for a terminator
  // resumes, so text is scanned once however it arrives.
  #text = ''
  #start = 0
  #scanFrom = 0
  #consumed = 0

  /** Characters (UTF-16 code units) consumed by the lines returned so far, terminators included. */
  get consumed (): number {
    return this.#consumed
  }

  /** Characters received but not yet returned as part of a line. */
  get pendingLength (): number {
    return this.#text.length - this.#start
  }

  /** Adds text read from the input. */
  append (chunk: string): void {
    if (chunk.length === 0) return
    if (this.#start > 0) {
      // Drop what was consumed once per append rather than once per line, which would copy the
      // rest of the chunk for every line.
      this.#text = this.#text.slice(this.#start)
      this.#scanFrom -= this.#start
      this.#start = 0
    }
    this.#text = this.#text.length === 0 ? chunk : this.#text + chunk
  }

  /** The next complete line, or null when the pending text holds none yet. */
  next (): string | null {
    const text = this.#text
    TERMINATOR.lastIndex = Math.max(this.#scanFrom, this.#start)
    const found = TERMINATOR.exec(text)
    if (found === null) {
      this.#scanFrom = text.length
      return null
    }
    const end = found.index
    let nextStart: number
    if (text.charCodeAt(end) === 0x0a) {
      nextStart = end + 1
    } else if (end + 1 >= text.length) {
      // A "\r" with nothing after it yet: wait to see whether a "\n" follows.
      this.#scanFrom = end
      return null
    } else {
      nextStart = text.charCodeAt(end + 1) === 0x0a ? end + 2 : end + 1
    }
    const line = text.slice(this.#start, end)
    this.#consumed += nextStart - this.#start
    this.#start = nextStart
    this.#scanFrom = nextStart
    return line
  }
}
