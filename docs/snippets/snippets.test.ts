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

  const run = async (snippet: string) => {
    const lines: Array<Array<unknown>> = []
    vi.spyOn(console, "log").mockImplementation((...args: Array<unknown>) => {
      lines.push(args)
    })
    await import(snippet)
    return lines
  }

  it("the implied-evidence snippet (docs/policies-and-grading.md) grades the page's table with gradeProspect", async () => {
    const page = read("docs/policies-and-grading.md")
    expect(page).toContain(`\`\`\`ts\n${read("docs/snippets/implied-evidence.ts")}\`\`\``)
    const lines = await run("./implied-evidence.js")
    const rows = lines.slice(0, -1).map((l) => l[0] as [string, string, string, string])
    expect(rows).toEqual([
      ["deposit paid, buys in 30 days", "O", "O", "-"],
      [
        "colour, test drive done, budget, decision maker; model box unticked; 5 days",
        "H",
        "C",
        "implies.testDrive,implies.colour"
      ],
      ["test drive done only, 10 days", "B", "C", "implies.testDrive"],
      ["model chosen and test drive done, 10 days", "A", "A", "implies.testDrive"],
      ["colour chosen and test drive booked, 10 days", "A", "C", "implies.colour,implies.model"],
      ["model chosen only, 20 days", "B", "C", "implies.model"],
      ["a model of interest named, 25 days", "B", "B", "-"],
      ["model chosen and test drive done, no timeframe", "B", "B", "implies.testDrive"],
      ["nothing yet, 60 days", "C", "C", "-"]
    ])
    expect(lines.at(-1)).toEqual(["A", "C"])
    // the page's table shows exactly these grades: | what | grade | with implies: [] | inferred by | why |
    for (const [what, grade, without, implied] of rows) {
      const ids =
        implied === "-"
          ? "—"
          : implied
              .split(",")
              .map((id) => `\`${id}\``)
              .join(", ")
      expect(page).toContain(`| ${what} | ${grade} | ${without} | ${ids} |`)
    }
  })

  it("the intent-types snippet (docs/policies-and-grading.md) prints what its comments say", async () => {
    expect(read("docs/policies-and-grading.md")).toContain(
      `\`\`\`ts\n${read("docs/snippets/intent-types.ts")}\`\`\``
    )
    expect(await run("./intent-types.js")).toEqual([
      ["card-1", "A", "2026-11-07", "followUp.interval.A"],
      ["card-2", "C", "2026-11-10", "followUp.intent.keyPerson"],
      ["card-3", "B", "2026-12-03", "followUp.intent.latent"],
      [[["card-1", "A", "B", "followUp.lapse.downgrade"]]],
      [["card-1", "card-2"]]
    ])
  })

  it("the complaints tour (docs/care.md) prints what its comments say", async () => {
    expect(read("docs/care.md")).toContain(`\`\`\`ts\n${read("docs/snippets/complaints-tour.ts")}\`\`\``)
    expect(await run("./complaints-tour.js")).toEqual([
      [[["2026-11-09", "care.serviceVisit", "call", "c-wang"]]],
      [[["critical", ["card-1"], 4]]],
      [
        [
          [
            "cp-1",
            ["2026-11-13 售后经理致电道歉,约定周六上门取车"],
            "免费检修并赠送一次保养,服务顾问当面致歉",
            true,
            5
          ]
        ]
      ],
      ["主管回复表", "满意"],
      [["ComplaintRefused", "resolved"]]
    ])
  })

  it("the visit-plan tour (docs/visit-plan.md) prints what its comments say", async () => {
    expect(read("docs/visit-plan.md")).toContain(
      `\`\`\`ts\n${read("docs/snippets/visit-plan-tour.ts")}\`\`\``
    )
    expect(await run("./visit-plan-tour.js")).toEqual([
      [
        [
          ["card-01", 1, "call", "followUp.due"],
          ["card-02", 2, "call", "followUp.due"],
          ["card-03", 2, "call", "care.month1"]
        ]
      ],
      ["2026-12-12", "followUp.letterConfirmation"],
      [[["c-wang", 3, 2, 2, 1, 0]]],
      [["card-03"]],
      [[["warning", ["card-03"], "2026-12 第 2 周计划的电话未执行(该周止于 2026-12-14)"]]],
      [[[3, 3, 2, 0]]]
    ])
  })

  it("the voucher statistics snippet (docs/referrals.md) prints what its comments say", async () => {
    expect(read("docs/referrals.md")).toContain(
      `\`\`\`ts\n${read("docs/snippets/voucher-statistics.ts")}\`\`\``
    )
    expect(await run("./voucher-statistics.js")).toEqual([
      [
        [
          ["2026-10", "cust-1", 2, 0, 0],
          ["2026-10", "cust-8", 1, 0, 0],
          ["2026-11", "cust-1", 0, 1, 0],
          ["2026-11", "cust-8", 1, 0, 1]
        ]
      ],
      [120000, 0.25],
      ["转介绍保养券统计表", "合计"]
    ])
  })

  it("the privacy tour (docs/privacy.md) prints what its comments say", async () => {
    expect(read("docs/privacy.md")).toContain(`\`\`\`ts\n${read("docs/snippets/privacy-tour.ts")}\`\`\``)
    const reason = "PIPL access request 2026-120"
    const sheets = ["cards", "referrals", "visits", "messages"].map((t) => `report:personal-${t}`)
    expect(await run("./privacy-tour.js")).toEqual([
      ["personal", "personal", "personal", "none"],
      [false, "138****5678", ["***"]],
      ["+8613812345678", [["CardOpened", "ContactLogged"]]],
      ["PK", sheets],
      ["+8613987654321"],
      [["card-1"], "+0", "invalid", 5],
      [["CardOpened", "[erased]", "PersonalDataCorrected", "MarkedInvalid", "PersonalDataErased"]],
      ["ErasureRefused", "openOrder", ["card-2"]],
      [
        [
          ["export", "json", "dcrc", "person:card-1", reason],
          ...sheets.map((sheet) => ["unmask", "xlsx", "dcrc", sheet, reason]),
          [
            "correct",
            "store",
            "consultant",
            "card:card-1 phone",
            "更正 correction: the reason is the card's PersonalDataCorrected event"
          ],
          [
            "erase",
            "store",
            "supervisor",
            "erasure:erase-118 (1 cards, 0 referrals)",
            "PIPL request 2026-118"
          ]
        ]
      ]
    ])
  })

  it("the broad-base tour (docs/care.md) prints what its comments say", async () => {
    expect(read("docs/care.md")).toContain(`\`\`\`ts\n${read("docs/snippets/broad-base-tour.ts")}\`\`\``)
    expect(await run("./broad-base-tour.js")).toEqual([
      ["broadBase"],
      [
        [
          ["2026-11-15", "care.inspection.private.exempt"],
          ["2026-12-15", "mining.replacement.otherBrand"],
          ["2026-12-31", "care.insuranceRenewal"],
          ["2027-02-10", "mining.keepInTouch"],
          ["2027-05-10", "mining.keepInTouch"],
          ["2027-05-10", "mining.newModels"],
          ["2027-06-15", "mining.replacement.otherBrand"],
          ["2027-08-10", "mining.keepInTouch"],
          ["2027-11-10", "mining.keepInTouch"]
        ]
      ],
      [false],
      [[["card-7", "care.inspection.private.exempt"]]],
      [["mining.serviceInvite", "mining.keepInTouch", "mining.replacement.ourBrand"]],
      ["broadBase", "card-8", "prospect"]
    ])
  })
})
