/**
 * The benchmark harness every package's `bench/*.bench.ts` uses: timed batches on the monotonic
 * clock, median rate with its spread, results handed to `scripts/bench.mjs` (which prints the
 * table and writes bench-results.json). Benchmarks measure; they never assert a time.
 */
import { appendFileSync } from "node:fs"

/** One line of bench-results.json. `ratio` is how many times faster than `peer` (above 1 = faster). */
export interface Measurement {
  readonly id: string
  readonly value: number
  readonly unit: string
  readonly peer?: string
  readonly ratio?: number
  readonly note?: string
}

/** A measured rate: the median of the batches' rates, and the interquartile range. */
export interface Rate {
  readonly opsPerSecond: number
  readonly q1: number
  readonly q3: number
  readonly batches: number
}

// Results land here so the optimiser cannot drop the work being measured.
export const sink: Array<unknown> = new Array(1024)
let sinkIndex = 0

const quantile = (sorted: ReadonlyArray<number>, q: number): number => {
  const i = (sorted.length - 1) * q
  const lo = Math.floor(i)
  const hi = Math.ceil(i)
  return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (i - lo)
}

/**
 * Measures a synchronous function: `warmupSeconds` of warm-up, then `seconds` of batches of
 * `batch` calls; `fn` receives the call index (to cycle through pre-generated inputs).
 */
export const measureSync = (
  fn: (i: number) => unknown,
  options: { readonly batch?: number; readonly seconds?: number; readonly warmupSeconds?: number } = {}
): Rate => {
  const batch = options.batch ?? 2000
  const run = (ms: number, record: Array<number> | undefined) => {
    const end = performance.now() + ms
    let i = 0
    while (performance.now() < end) {
      const start = process.hrtime.bigint()
      for (let k = 0; k < batch; k++) {
        sink[sinkIndex] = fn(i++)
        sinkIndex = (sinkIndex + 1) & 1023
      }
      const ns = Number(process.hrtime.bigint() - start)
      record?.push((batch * 1e9) / ns)
    }
  }
  run((options.warmupSeconds ?? 0.5) * 1000, undefined)
  const rates: Array<number> = []
  run((options.seconds ?? 2) * 1000, rates)
  rates.sort((a, b) => a - b)
  return {
    opsPerSecond: quantile(rates, 0.5),
    q1: quantile(rates, 0.25),
    q3: quantile(rates, 0.75),
    batches: rates.length
  }
}

/** Measures an async function the same way, one call at a time. */
export const measureAsync = async (
  fn: (i: number) => Promise<unknown>,
  options: { readonly batch?: number; readonly seconds?: number; readonly warmupSeconds?: number } = {}
): Promise<Rate> => {
  const batch = options.batch ?? 200
  const run = async (ms: number, record: Array<number> | undefined) => {
    const end = performance.now() + ms
    let i = 0
    while (performance.now() < end) {
      const start = process.hrtime.bigint()
      for (let k = 0; k < batch; k++) {
        sink[sinkIndex] = await fn(i++)
        sinkIndex = (sinkIndex + 1) & 1023
      }
      const ns = Number(process.hrtime.bigint() - start)
      record?.push((batch * 1e9) / ns)
    }
  }
  await run((options.warmupSeconds ?? 0.5) * 1000, undefined)
  const rates: Array<number> = []
  await run((options.seconds ?? 2) * 1000, rates)
  rates.sort((a, b) => a - b)
  return {
    opsPerSecond: quantile(rates, 0.5),
    q1: quantile(rates, 0.25),
    q3: quantile(rates, 0.75),
    batches: rates.length
  }
}

/** Formats a rate for the console. */
export const formatRate = (rate: Rate): string => {
  const f = (n: number) =>
    n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(1)
  return `${f(rate.opsPerSecond)}/s (IQR ${f(rate.q1)}–${f(rate.q3)}, ${rate.batches} batches)`
}

/**
 * Reports measurements: printed as they come, and handed to `scripts/bench.mjs` through the file
 * named by BENCH_OUT (one JSON object a line) when run from `npm run bench`.
 */
export const report = (measurements: ReadonlyArray<Measurement>): void => {
  for (const m of measurements) {
    const ratio = m.ratio === undefined ? "" : `  ${m.ratio.toFixed(1)}x vs ${m.peer}`
    console.log(`  ${m.id}: ${m.value.toPrecision(4)} ${m.unit}${ratio}${m.note ? `  (${m.note})` : ""}`)
  }
  const out = process.env.BENCH_OUT
  if (out) appendFileSync(out, measurements.map((m) => `${JSON.stringify(m)}\n`).join(""))
}
