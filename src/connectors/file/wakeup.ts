// A sleep that can be cut short. The source task sleeps when its input has no new data; a change
// to the file, data on stdin, or stop() wakes it at once, so tailing is prompt and stopping is
// quick, while the timeout keeps poll() returning regularly, as the runtime expects.

/** Waits for a wake() or a timeout, whichever comes first. */
export class Wakeup {
  #wakeWaiter: (() => void) | null = null
  #woken = false

  /**
   * Resolves after `ms`, or as soon as wake() is called. A wake() that came while nobody waited
   * makes the next wait return at once, so a change seen between a read and a wait is not missed.
   */
  wait (ms: number): Promise<void> {
    if (this.#woken) {
      this.#woken = false
      return Promise.resolve()
    }
    return new Promise(resolve => {
      const timer = setTimeout(() => {
        this.#wakeWaiter = null
        resolve()
      }, ms)
      this.#wakeWaiter = () => {
        clearTimeout(timer)
        this.#wakeWaiter = null
        resolve()
      }
    })
  }

  /** Ends the current wait, or the next one if none is under way. */
  wake (): void {
    if (this.#wakeWaiter !== null) this.#wakeWaiter()
    else this.#woken = true
  }
}
