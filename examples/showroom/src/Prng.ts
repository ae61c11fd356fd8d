/**
 * A small seeded pseudo-random generator (mulberry32), so the simulated history is the same on
 * every run and every machine.
 *
 * @module
 */

/** A seeded random source with the few draws the simulation needs. */
export interface Prng {
  /** A float in [0, 1). */
  readonly next: () => number
  /** An integer in [min, max], both included. */
  readonly int: (min: number, max: number) => number
  /** True with probability `p`. */
  readonly chance: (p: number) => boolean
  /** One element of a non-empty list. */
  readonly pick: <A>(items: readonly [A, ...Array<A>]) => A
  /** One element chosen by weight. */
  readonly weighted: <A>(items: readonly [readonly [A, number], ...Array<readonly [A, number]>]) => A
}

/** mulberry32: 32 bits of state, good enough for simulations, and reproducible everywhere. */
export const makePrng = (seed: number): Prng => {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)] ?? items[0],
    weighted: (items) => {
      const total = items.reduce((s, [, w]) => s + w, 0)
      let r = next() * total
      for (const [item, w] of items) {
        r -= w
        if (r < 0) return item
      }
      return items[0][0]
    }
  }
}
