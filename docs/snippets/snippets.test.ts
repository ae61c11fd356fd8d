// Every snippet the docs show is compiled (docs/tsconfig.json) and run here; the README's copy
// must be the file's text exactly.
import { readFileSync } from "node:fs"
import { afterEach, describe, expect, it, vi } from "vitest"

const root = new URL("../../", import.meta.url)
const read = (path: string) => readFileSync(new URL(path, root), "utf8")

describe("docs snippets", () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it("the README's grading tour is docs/snippets/grading-tour.ts, and it prints what its comments say", async () => {
    const snippet = read("docs/snippets/grading-tour.ts")
    expect(read("README.md")).toContain(`\`\`\`ts\n${snippet}\`\`\``)
    const lines: Array<Array<unknown>> = []
    vi.spyOn(console, "log").mockImplementation((...args: Array<unknown>) => {
      lines.push(args)
    })
    await import("./grading-tour.js")
    expect(lines).toEqual([
      ["A", "2026-11-26"],
      [["grading.timeframe", "grading.evidence.A"]],
      [8, { stepId: "lapse.downgrade", action: "downgrade", downgradeTo: "B" }]
    ])
  })

  it("the reports tour (docs/daily-report.md) prints what its comments say", async () => {
    expect(read("docs/daily-report.md")).toContain(`\`\`\`ts\n${read("docs/snippets/reports-tour.ts")}\`\`\``)
    const lines: Array<Array<unknown>> = []
    vi.spyOn(console, "log").mockImplementation((...args: Array<unknown>) => {
      lines.push(args)
    })
    await import("./reports-tour.js")
    expect(lines).toEqual([
      [2, 1, 0.5],
      [
        [
          ["findings.walkInWithoutCard", "critical", ["v-2"]],
          ["findings.holidayCalendarMissing", "warning", []]
        ]
      ],
      ["Date,Consultant,First walk-ins,Repeat wal"],
      [2]
    ])
  })

  it("the care tour (docs/care.md) prints what its comments say", async () => {
    expect(read("docs/care.md")).toContain(`\`\`\`ts\n${read("docs/snippets/care-tour.ts")}\`\`\``)
    const lines: Array<Array<unknown>> = []
    vi.spyOn(console, "log").mockImplementation((...args: Array<unknown>) => {
      lines.push(args)
    })
    await import("./care-tour.js")
    expect(lines).toEqual([
      [
        [
          ["2026-09-29", "care.thankYou", "-"],
          ["2026-10-05", "care.birthday", "kept"],
          ["2026-10-08", "care.day3", "shifted"],
          ["2026-10-08", "care.day7", "shifted"],
          ["2026-10-28", "care.month1", "-"]
        ]
      ],
      [[["HOLIDAY_CALENDAR_MISSING", 2027]]],
      [
        "care.thankYou care.birthday care.day3 care.day7 care.month1 care.firstMaintenance care.month3 care.springFestival care.month6 care.maintenance care.periodic care.insuranceRenewal care.midAutumn care.anniversary"
      ],
      [
        [
          ["2026-11-23", "care.firstMaintenance", "km"],
          ["2027-01-25", "care.maintenance", "km"]
        ]
      ],
      [
        [
          ["2026-10-01", "care.day3", "国庆节"],
          ["2026-10-05", "care.day7", "国庆节"]
        ]
      ],
      [[["2026-05-16", "care.inspection.private.exempt"]]],
      [[["2026-02-08", "care.inspection.operating.yearly"]]],
      [true, 0],
      [[["2026-10-10", "care.day3", "2026-10-01"]]],
      [["close:careContact:grp-east/store-01:card-1:care.day3:2026-10-10:sms:cust-1"]],
      [
        [
          ["findings.carePlan", "warning"],
          ["findings.holidayCalendarMissing", "warning"]
        ]
      ],
      [["findings.carePlan"]]
    ])
  })

  it("the write-your-own-store guide shows the DMS store and its test exactly", () => {
    const guide = read("docs/write-your-own-store.md")
    expect(guide).toContain(`\`\`\`ts\n${read("docs/snippets/dms-store.ts")}\`\`\``)
    expect(guide).toContain(`\`\`\`ts\n${read("docs/snippets/dms-store.test.ts")}\`\`\``)
  })

  it("the tracing snippet (docs/observability.md) prints the span tree of a command", async () => {
    expect(read("docs/observability.md")).toContain(
      `\`\`\`ts\n${read("docs/snippets/observability-tour.ts")}\`\`\``
    )
    const lines: Array<Array<unknown>> = []
    vi.spyOn(console, "log").mockImplementation((...args: Array<unknown>) => {
      lines.push(args)
    })
    await import("./observability-tour.js")
    expect(lines[0]?.[0]).toEqual([
      "jipan.handleCard",
      "jipan.store.cards.append",
      "jipan.store.cards.findOpenByPhone",
      "jipan.store.cards.loadState",
      "jipan.store.policies.documents",
      "jipan.store.referrals.find"
    ])
    expect(lines[1]?.[0]).toEqual({
      "jipan.dealer_group_id": "grp-east",
      "jipan.store_id": "store-01",
      "jipan.card_id": "card-1",
      "jipan.command": "OpenCard"
    })
  })

  it("the policy lab tour (docs/policy-lab.md) prints what its comments say", async () => {
    expect(read("docs/policy-lab.md")).toContain(
      `\`\`\`ts\n${read("docs/snippets/policy-lab-tour.ts")}\`\`\``
    )
    const lines: Array<Array<unknown>> = []
    vi.spyOn(console, "log").mockImplementation((...args: Array<unknown>) => {
      lines.push(args)
    })
    await import("./policy-lab-tour.js")
    expect(lines).toEqual([
      ["1/1 cards"],
      [
        "dueShift",
        "earlier",
        "followUp.firstCall followUp.interval.A grading.evidence.A grading.timeframe",
        1,
        1
      ],
      ["dueShift", "earlier", "followUp.interval.A grading.evidence.A grading.timeframe", 5, 5],
      ["overdue", "overdue", "grading.timeframe grading.evidence.A followUp.interval.A", 8, 18],
      [["HORIZON_GAP"]]
    ])
  })
})
