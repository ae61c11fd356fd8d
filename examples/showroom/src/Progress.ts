/**
 * Progress while the demo generates or a CSV imports: a cli-progress bar on standard error when
 * it is a terminal; nothing otherwise (logs and pipes get the one closing line the command prints:
 * "Generated … in 14.2 s", the import's counts). cli-progress is loaded only for a terminal.
 *
 * @module
 */
import { createRequire } from "node:module"

/** A progress reporter. */
export interface Progress {
  readonly update: (done: number, note?: string) => void
  readonly stop: () => void
}

const silent: Progress = { update: () => {}, stop: () => {} }

/**
 * Starts a progress reporter for `total` steps of `what`.
 *
 * @param tty whether to draw a bar (default: standard error is a terminal)
 * @example
 * ```ts
 * const progress = startProgress("导入 (importing)", rows.length, false) // silent
 * progress.update(1)
 * progress.stop()
 * ```
 */
export const startProgress = (
  what: string,
  total: number,
  tty: boolean = process.stderr.isTTY === true
): Progress => {
  if (!tty) return silent
  const cliProgress = createRequire(import.meta.url)("cli-progress") as typeof import("cli-progress")
  const bar = new cliProgress.SingleBar(
    {
      format: `${what} [{bar}] {percentage}% | {value}/{total} {note}`,
      hideCursor: true,
      clearOnComplete: true,
      stream: process.stderr
    },
    cliProgress.Presets.shades_classic
  )
  bar.start(total, 0, { note: "" })
  return {
    update: (done, note) => bar.update(done, { note: note ?? "" }),
    stop: () => bar.stop()
  }
}
