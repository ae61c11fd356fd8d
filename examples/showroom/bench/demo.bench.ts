// demo: the whole `npm run demo` from the repository's root as a new user runs it after
// `npm install`: the demo's store is removed first, so the history is generated (then kept);
// then a second run, which opens the kept store. Floor for the first: ≤ 30 s.
import { rmSync } from "node:fs"
import { join } from "node:path"
import { report } from "../../../scripts/bench-harness.js"
import { machine, root, showroom, showroomCli, timed } from "./cli.js"

showroomCli(["--help"]) // the bundle is built before timing (a fresh clone builds it in the first run)
rmSync(join(showroom, ".data", "demo"), { recursive: true, force: true })
const npm = process.platform === "win32" ? "npm.cmd" : "npm"
const first = timed(npm, ["run", "demo"], root)
const again = timed(npm, ["run", "demo"], root)

report([
  {
    id: "showroom.demo",
    value: first,
    unit: "s",
    note: `npm run demo, generating the 89-day history on PGlite, wall time, ${machine()}; floor ≤ 30 s`
  },
  {
    id: "showroom.demo-reopen",
    value: again,
    unit: "s",
    note: `npm run demo again, opening the kept store, wall time, ${machine()}`
  }
])
