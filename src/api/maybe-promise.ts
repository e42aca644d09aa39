// Connector and task methods do I/O, so the runtime awaits them; an author may still write a
// method that finishes at once without marking it async.

/** A value, or a promise of it. */
export type MaybePromise<T> = T | Promise<T>
