/**
 * Shared by the showroom's benches: runs the CLI (`npx jipan-showroom`, as a user types it) or
 * `npm run demo` as a child process and times it on the wall clock.
 */
import { spawnSync } from "node:child_process"
import { availableParallelism, loadavg } from "node:os"
import { fileURLToPath } from "node:url"

/** The showroom package's folder. */
export const showroom = fileURLToPath(new URL("..", import.meta.url))
/** The repository's root. */
export const root = fileURLToPath(new URL("../../..", import.meta.url))

/** Runs a command to completion and returns its wall time in seconds; fails loudly on a non-zero exit. */
export const timed = (command: string, args: ReadonlyArray<string>, cwd: string): number => {
  const started = process.hrtime.bigint()
  const r = spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${r.status}: ${r.stderr}`)
  return seconds
}

/** Runs the showroom CLI as the README says, `npx jipan-showroom …`, and returns its wall time in seconds. */
export const showroomCli = (args: ReadonlyArray<string>): number =>
  timed(process.platform === "win32" ? "npx.cmd" : "npx", ["jipan-showroom", ...args], root)

/** The median of some numbers. */
export const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2
}

/** The machine as the notes state it: its cores and the load average while measuring (others' work shows there). */
export const machine = (): string =>
  `${availableParallelism()} cores, load average ${(loadavg()[0] ?? 0).toFixed(1)}`
