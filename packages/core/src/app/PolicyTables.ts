import { checkDecisionTable, type DecisionFinding, type DecisionTable } from "../kernel/DecisionTable.js"
import { EvidenceKey } from "../kernel/Evidence.js"
import type { Policy } from "../policy/Policy.js"
import type { ReportTable } from "../report/ReportTable.js"
import type { PolicyReplay, WorkloadDay } from "./PolicyReplay.js"

/**
 * The policy's rules as decision tables, for people to read and for the static checks of
 * `checkDecisionTable` (gaps, overlaps, shadowed rows): the purchase timeframe → grade
 * (`grading.timeframe`, unique hit: the horizons must neither gap nor overlap), the evidence →
 * grade (`grading.evidence`, first hit hottest first: a colder grade that a hotter one's evidence
 * always wins over is shadowed; a group of several keys is one row per key), the grade → contact
 * interval (`followUp.interval`), the care cadence (`care.cadence`: step → offset; a schedule, so
 * only duplicate ids are checked there) and the referral reward tables as they are. They are
 * derived views: the rules still read the policy's sections.
 *
 * @example
 * ```ts
 * import { defaultPolicy, policyTables } from "@jipan/core"
 * policyTables(defaultPolicy).map((t) => t.id) // ["grading.timeframe", "grading.evidence", …]
 * ```
 */
export const policyTables = (policy: Policy): Array<DecisionTable> => {
  const g = policy.grading
  const meta = (id: string, description: string) => ({
    id,
    version: policy.version,
    effectiveFrom: policy.effectiveFrom,
    description
  })
  const coldest = g.grades[g.grades.length - 1] as (typeof g.grades)[number]
  const timeframe = {
    ...meta("grading.timeframe", "Purchase timeframe (days) → grade"),
    hitPolicy: "unique",
    inputs: [{ id: "purchaseTimeframeDays", kind: "integer", min: 0 }],
    outputs: [{ id: "grade", kind: "string" }],
    rows: [
      ...g.grades.map((grade) => ({
        id: `grading.timeframe.${grade.id}`,
        description: `${grade.id}: buys in ${grade.horizonDays.min}..${grade.horizonDays.max} days`,
        when: {
          purchaseTimeframeDays: { op: "between", min: grade.horizonDays.min, max: grade.horizonDays.max }
        },
        result: { grade: grade.id }
      })),
      // beyond the coldest horizon the coldest grade holds (with a TIMEFRAME_BEYOND_SCALE warning)
      {
        id: "grading.timeframe.beyondScale",
        description: `Beyond the coldest horizon: ${coldest.id}`,
        when: { purchaseTimeframeDays: { op: "between", min: coldest.horizonDays.max + 1 } },
        result: { grade: coldest.id }
      }
    ]
  }
  const keys = EvidenceKey.values
  const evidenceRows: Array<Record<string, unknown>> = []
  for (const grade of g.grades) {
    // one row per choice of a key in each group (a group holds when any of its keys does)
    let combos: Array<Array<string>> = [[]]
    for (const group of grade.requiredEvidence)
      combos = combos.flatMap((c) => group.map((k) => [...c, k])).slice(0, 64)
    for (const [i, combo] of combos.entries())
      evidenceRows.push({
        id: combos.length === 1 ? `grading.evidence.${grade.id}` : `grading.evidence.${grade.id}.${i + 1}`,
        description: `${grade.id}: ${combo.length === 0 ? "no evidence needed" : combo.join(" + ")}`,
        when: Object.fromEntries(combo.map((k) => [k, { op: "eq", value: true }])),
        result: { grade: grade.id }
      })
  }
  // a grade needing no evidence is the default row already
  if (!g.grades.some((grade) => grade.requiredEvidence.length === 0))
    evidenceRows.push({
      id: "grading.evidence.none",
      description: `No grade's evidence holds: ${g.ungraded.id}`,
      when: {},
      result: { grade: g.ungraded.id }
    })
  const evidence = {
    ...meta("grading.evidence", "Evidence → grade (hottest grade whose evidence holds)"),
    hitPolicy: "first",
    inputs: keys.map((k) => ({ id: k, kind: "boolean" })),
    outputs: [{ id: "grade", kind: "string" }],
    rows: evidenceRows
  }
  const gradeIds = [g.ordered.id, ...g.grades.map((x) => x.id), g.ungraded.id]
  const interval = {
    ...meta("followUp.interval", "Grade → contact at least every n days"),
    hitPolicy: "unique",
    inputs: [{ id: "grade", kind: "string", values: [...new Set(gradeIds)] }],
    outputs: [{ id: "intervalDays", kind: "integer" }],
    rows: [
      { id: g.ordered.id, days: g.ordered.contactIntervalDays },
      ...g.grades.map((x) => ({ id: x.id, days: x.contactIntervalDays })),
      { id: g.ungraded.id, days: g.ungraded.gradeWithinDays }
    ].map((r) => ({
      id: `followUp.interval.${r.id}`,
      description: `${r.id}: every ${r.days} day(s)`,
      when: { grade: { op: "eq", value: r.id } },
      result: { intervalDays: r.days }
    }))
  }
  const cadence = {
    ...meta("care.cadence", "Care step → months and days after delivery"),
    hitPolicy: "collect",
    inputs: [],
    outputs: [
      { id: "months", kind: "integer" },
      { id: "days", kind: "integer" },
      { id: "askReferral", kind: "boolean" }
    ],
    rows: policy.care.cadence.map((s) => ({
      id: s.id,
      description: `${s.purpose.en} (${s.after.months} months ${s.after.days} days)`,
      when: {},
      result: { months: s.after.months, days: s.after.days, askReferral: s.askReferral }
    }))
  }
  return [
    timeframe as unknown as DecisionTable,
    evidence as unknown as DecisionTable,
    interval as unknown as DecisionTable,
    cadence as unknown as DecisionTable,
    ...policy.referral.tables
  ]
}

/**
 * The static checks of every table of {@link policyTables}, each finding with its table id.
 * Redundant rows of the collect-hit care cadence (steps without conditions) are not problems:
 * they are left out.
 *
 * @example
 * ```ts
 * import { checkPolicyTables, defaultPolicy } from "@jipan/core"
 * checkPolicyTables(defaultPolicy).filter((f) => f.severity === "error") // []
 * ```
 */
export const checkPolicyTables = (policy: Policy): Array<DecisionFinding & { readonly tableId: string }> =>
  policyTables(policy).flatMap((t) =>
    checkDecisionTable(t)
      .filter((f) => !(t.id === "care.cadence" && f.code === "DECISION_ROW_REDUNDANT"))
      .map((f) => ({ ...f, tableId: t.id }))
  )

// ---------------------------------------------------------------------------------------------
// As report tables

const l = (zh: string, en: string) => ({ "zh-CN": zh, en })

const groupWorkload = (days: ReadonlyArray<WorkloadDay>): Map<string, Array<WorkloadDay>> => {
  const out = new Map<string, Array<WorkloadDay>>()
  for (const w of days) {
    const key = `${w.storeId}\u0000${w.consultantId}`
    const list = out.get(key) ?? []
    list.push(w)
    out.set(key, list)
  }
  return out
}

/**
 * The replay as report tables (to print, or to export with `@jipan/export` as CSV or XLSX): the
 * differences, the workload days that differ, and the parties' settlement totals.
 *
 * @example
 * ```ts
 * import { policyReplayTables, type PolicyReplay } from "@jipan/core"
 * import { toXlsx } from "@jipan/export"
 * declare const replay: PolicyReplay // what replayPolicy found
 * const bytes = toXlsx(policyReplayTables(replay), { locale: "zh-CN" })
 * ```
 */
export const policyReplayTables = (replay: PolicyReplay): Array<ReportTable> => [
  {
    id: "policyLab.differences",
    title: l(
      `政策沙盘 ${replay.from}..${replay.to}: 草案 ${replay.draft.policyId} v${replay.draft.version} 与现行政策的差异`,
      `Policy lab ${replay.from}..${replay.to}: draft ${replay.draft.policyId} v${replay.draft.version} against the policy in force`
    ),
    columns: [
      { key: "area", label: l("方面", "Area"), kind: "text" },
      { key: "key", label: l("项目", "What"), kind: "text" },
      { key: "ruleIds", label: l("规则", "Rules"), kind: "text" },
      { key: "unit", label: l("单位", "Unit"), kind: "text" },
      { key: "current", label: l("现行", "In force"), kind: "integer" },
      { key: "draft", label: l("草案", "Draft"), kind: "integer" },
      { key: "change", label: l("变化", "Change"), kind: "integer" },
      { key: "shiftDays", label: l("移动天数", "Days moved"), kind: "integer" },
      { key: "sample", label: l("示例卡", "Sample cards"), kind: "text" }
    ],
    rows: replay.differences.map((d) => ({
      area: d.area,
      key: d.key,
      ruleIds: d.ruleIds.join(", "),
      unit: d.unit,
      current: d.current,
      draft: d.draft,
      change: d.draft - d.current,
      shiftDays: d.shiftDays ?? null,
      sample: d.sampleCardIds.join(", ")
    }))
  },
  {
    id: "policyLab.workload",
    title: l(
      "每位顾问每天应联系数(仅列出不同的天)",
      "Contacts due per consultant per day (the days that differ)"
    ),
    columns: [
      { key: "storeId", label: l("门店", "Store"), kind: "text" },
      { key: "consultant", label: l("顾问", "Consultant"), kind: "text" },
      { key: "on", label: l("日期", "Day"), kind: "date" },
      { key: "current", label: l("现行", "In force"), kind: "integer" },
      { key: "draft", label: l("草案", "Draft"), kind: "integer" }
    ],
    rows: replay.workload.map((w) => ({
      storeId: w.storeId,
      consultant: w.consultantId,
      on: w.on,
      current: w.current,
      draft: w.draft
    }))
  },
  {
    id: "policyLab.workloadByConsultant",
    title: l("每位顾问应联系总数的变化", "Contacts due per consultant over the window"),
    columns: [
      { key: "storeId", label: l("门店", "Store"), kind: "text" },
      { key: "consultant", label: l("顾问", "Consultant"), kind: "text" },
      { key: "days", label: l("不同的天数", "Days that differ"), kind: "integer" },
      { key: "change", label: l("应联系数变化", "Contacts due, change"), kind: "integer" },
      { key: "peakDraft", label: l("草案单日最多", "Draft's busiest day"), kind: "integer" }
    ],
    rows: [...groupWorkload(replay.workload).values()].map((days) => ({
      storeId: (days[0] as WorkloadDay).storeId,
      consultant: (days[0] as WorkloadDay).consultantId,
      days: days.length,
      change: days.reduce((n, w) => n + w.draft - w.current, 0),
      peakDraft: Math.max(...days.map((w) => w.draft))
    }))
  },
  {
    id: "policyLab.parties",
    title: l(
      "结算合计与推荐奖励(推荐人与顾问)",
      "Settlement totals and referrer rewards per referrer and consultant"
    ),
    columns: [
      { key: "kind", label: l("类别", "Kind"), kind: "text" },
      { key: "party", label: l("对象", "Party"), kind: "text" },
      { key: "currentFen", label: l("现行", "In force"), kind: "fen" },
      { key: "draftFen", label: l("草案", "Draft"), kind: "fen" },
      { key: "changeFen", label: l("变化", "Change"), kind: "fen" },
      {
        key: "rewardCurrentFen",
        label: l("已得推荐奖励(变动部分)", "Rewards earned (those that change)"),
        kind: "fen"
      },
      { key: "rewardDraftFen", label: l("草案下推荐奖励", "Same rewards under the draft"), kind: "fen" }
    ],
    rows: replay.parties.map((p) => ({
      kind: p.party.kind,
      party: p.party.id,
      currentFen: p.currentFen,
      draftFen: p.draftFen,
      changeFen: p.draftFen - p.currentFen,
      rewardCurrentFen: p.rewardCurrentFen,
      rewardDraftFen: p.rewardDraftFen
    }))
  }
]
