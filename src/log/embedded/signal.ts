// A wake-up call for a waiting poll(): whoever has news (a producer appended, the group moved,
// wakeup() was called) notifies, and every waiter resolves.

// setTimeout fires at once for delays above 2^31 - 1 ms; a longer wait is cut to that.
const MAX_TIMER_MS = 2 ** 31 - 1

/** Something a poll() can wait on, with a timeout. */
export class Signal {
  #waiters = new Set<() => void>()
  #pending = false

  /** Wakes every current waiter; with none waiting, the next wait() returns at once. */
  notify (): void {
    if (this.#waiters.size === 0) {
      this.#pending = true
      return
    }
    const waiters = this.#waiters
    this.#waiters = new Set()
    for (const wake of waiters) wake()
  }

  /** Forgets a notification nobody waited for (the caller is about to look for news itself). */
  clear (): void {
    this.#pending = false
  }

  /** Resolves on the next notify(), or after `timeoutMs`; true when notified. */
  wait (timeoutMs: number): Promise<boolean> {
    if (this.#pending) {
      this.#pending = false
      return Promise.resolve(true)
    }
    return new Promise(resolve => {
      const wake = (): void => {
        clearTimeout(timer)
        resolve(true)
      }
      // A ref'd timer: a program awaiting poll() must not exit while it waits.
      const timer = setTimeout(() => {
        this.#waiters.delete(wake)
        resolve(false)
      }, Math.min(Math.max(0, timeoutMs), MAX_TIMER_MS))
      this.#waiters.add(wake)
    })
  }
}
