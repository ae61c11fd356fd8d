/**
 * The core's memo caches, in one place: rules stay pure functions — a cache only remembers an
 * answer that never changes for its key (a phone's validity, a lunar date's solar day, a zone's
 * formatter) — and every cache is bounded, so a long-running DMS process cannot grow without end.
 * Caches keyed by a policy object use a `WeakMap` instead (gone with the policy).
 *
 * @module
 */

/**
 * A cache of at most `limit` entries that starts over when full (no eviction order to keep: the
 * keys a process uses again come back at once).
 *
 * @example
 * ```ts
 * import { BoundedCache } from "@jipan/core"
 * const squares = new BoundedCache<number, number>(1_000)
 * const square = (n: number) => squares.get(n) ?? squares.set(n, n * n)
 * square(12) // 144
 * ```
 */
export class BoundedCache<K, V> {
  readonly limit: number
  private readonly entries = new Map<K, V>()
  constructor(limit: number) {
    this.limit = Math.max(1, Math.floor(limit))
  }
  /** The remembered answer, or `undefined`. */
  get(key: K): V | undefined {
    return this.entries.get(key)
  }
  /** Whether an answer is remembered (for caches whose answers may be `undefined`). */
  has(key: K): boolean {
    return this.entries.has(key)
  }
  /** Remembers an answer (clearing the cache first when it is full) and returns it. */
  set(key: K, value: V): V {
    if (this.entries.size >= this.limit) this.entries.clear()
    this.entries.set(key, value)
    return value
  }
  /** How many answers are remembered. */
  get size(): number {
    return this.entries.size
  }
}
