/**
 * Progress while the demo generates or a CSV imports: a cli-progress bar when stdout is a
 * terminal, plain progress lines (every 10%) otherwise, so logs and tests stay readable.
 *
 * @module
 */
import cliProgress from "cli-progress"

/** A progress reporter. */
export interface Progress {
  readonly update: (done: number, note?: string) => void
  readonly stop: () => void
}

/**
 * Starts a progress reporter for `total` steps of `what`.
 *
 * @param tty whether to draw a bar (default: stdout is a terminal)
 */
export const startProgress = (
  what: string,
  total: number,
  print: (line: string) => void,
  tty: boolean = process.stdout.isTTY === true
): Progress => {
  if (tty) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${what} [{bar}] {percentage}% | {value}/{total} {note}`,
        hideCursor: true,
        clearOnComplete: false
      },
      cliProgress.Presets.shades_classic
    )
    bar.start(total, 0, { note: "" })
    return {
      update: (done, note) => bar.update(done, { note: note ?? "" }),
      stop: () => bar.stop()
    }
  }
  let lastTenth = -1
  return {
    update: (done, note) => {
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10)
      if (tenth > lastTenth) {
        lastTenth = tenth
        print(`${what}: ${tenth * 10}% (${done}/${total})${note === undefined ? "" : ` ${note}`}`)
      }
    },
    stop: () => {}
  }
}
