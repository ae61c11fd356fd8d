// cli-start: how long a user waits for `npx jipan-showroom report daily` on the demo's store (the
// whole process: npx, Node's start, loading the bundled CLI, opening PGlite on the data
// directory, the report),
// median of 5 runs after one warm-up; `plan` and `settle` the same way. Floor: ≤ 2 s.
import { report } from "../../../scripts/bench-harness.js"
import { machine, median, showroomCli } from "./cli.js"

// the demo's store and the bundle exist before timing (generated or built once if missing)
showroomCli(["report", "daily"])

const runs = (args: ReadonlyArray<string>) => median(Array.from({ length: 5 }, () => showroomCli(args)))

report([
  {
    id: "showroom.cli-start",
    value: runs(["report", "daily"]),
    unit: "s",
    note: `npx jipan-showroom report daily on the demo's store, wall time, median of 5, ${machine()}; floor ≤ 2 s`
  },
  {
    id: "showroom.cli-plan",
    value: runs(["plan"]),
    unit: "s",
    note: `npx jipan-showroom plan on the demo's store, wall time, median of 5, ${machine()}; floor ≤ 2 s`
  },
  {
    id: "showroom.cli-settle",
    value: runs(["settle", "2026-03"]),
    unit: "s",
    note: `npx jipan-showroom settle 2026-03 on the demo's store, wall time, median of 5, ${machine()}; floor ≤ 2 s`
  }
])
