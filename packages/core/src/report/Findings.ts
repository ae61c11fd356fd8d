/**
 * The supervisor's findings (主管检查): what a supervisor checks every day on the consultants'
 * cards — contacts overdue, unreasonable grade changes (a grade held past its horizon, a jump with
 * no contact, a grade that never moves), a contact with no next agreed contact, defeat requests
 * (战败申请) waiting, owned-customer care contacts of the plan not made, first walk-ins and
 * phone-ins without a card. Each finding names its rule, severity, cards and the inputs it read.
 * A pure function of the narrow report rows, linear in them (Maps, no nested scans); every
 * threshold comes from the policy's `reports` section.
 *
 * @module
 */

import type { CardEvent } from "../card/CardEvent.js"
import type { CardStatus } from "../card/CardState.js"
import type { CareContactDue } from "../care/CareContact.js"
import { holidayCalendarOf } from "../care/HolidayCalendar.js"
import { gradeRank } from "../grading/Grading.js"
import { addDays, addMonths, type CalendarDate, toDayNumber } from "../kernel/CalendarDate.js"
import type { CardId, ConsultantId } from "../kernel/Ids.js"
import type { Label, Locale } from "../kernel/Label.js"
import type { PhoneNumber } from "../kernel/Phone.js"
import type { Tenant } from "../kernel/Tenant.js"
import { defaultIntents, type GradeId } from "../policy/GradingPolicy.js"
import type { Policy, SectionSource } from "../policy/Policy.js"
import type { FindingSeverity } from "../policy/ReportPolicy.js"
import type { CardFacts, ReportEvent } from "./ReportRows.js"
import type { FindingsFactFilter } from "./ReportSource.js"
import type { ReportCell, ReportTable } from "./ReportTable.js"
import type { ShowroomVisit } from "./ShowroomVisit.js"

const label = (zh: string, en: string): Label => ({ "zh-CN": zh, en })

/**
 * The rule ids of the findings, with their titles (the consistency check's ids are in
 * `FormConsistency`).
 *
 * @example
 * ```ts
 * import { findingRules } from "@jipan/core"
 * findingRules["findings.overdue"]["zh-CN"] // "逾期未联系"
 * ```
 */
export const findingRules = {
  "findings.overdue": label("逾期未联系", "Contact overdue"),
  "findings.gradeHorizon": label("级别超期未变", "Grade held past its horizon"),
  "findings.gradeJump": label("无接触跳级", "Grade jump without a contact"),
  "findings.gradeStale": label("级别长期不变", "Grade never moves"),
  "findings.missingAgreedContact": label("未约定下次联系", "No next agreed contact"),
  "findings.defeatReview": label("战败申请待审", "Defeat request waiting"),
  "findings.carePlan": label("保有客户关怀未执行", "Care contact not made"),
  "findings.walkInWithoutCard": label("来店未建卡", "Walk-in without a card"),
  "findings.holidayCalendarMissing": label("节假日安排缺失", "Holiday calendar missing"),
  "findings.complaintOpen": label("投诉超期未处理", "Complaint unresolved"),
  "findings.visitPlanMissed": label("拜访计划未执行", "Planned visit not made"),
  "findings.tomorrowUnplanned": label("次日工作未安排", "Tomorrow's contacts not planned"),
  "consistency.dailyVsControl": label("日报与管制表不符", "Daily report and control table disagree"),
  "consistency.controlVsCard": label("管制表与客户卡不符", "Control table and card back disagree"),
  "consistency.dailyVsCard": label("日报与客户卡不符", "Daily report and card back disagree")
} as const

/**
 * The id of a finding rule.
 *
 * @example
 * ```ts
 * import type { FindingRuleId } from "@jipan/core"
 * const id: FindingRuleId = "findings.gradeJump"
 * ```
 */
export type FindingRuleId = keyof typeof findingRules

/**
 * One finding: the rule and its severity, the store and consultant, the cards (or visits) it is
 * about and the inputs the rule read (its message in every locale: {@link findingMessage}).
 *
 * @example
 * ```ts
 * import type { Finding } from "@jipan/core"
 * const urgent = (f: Finding) => f.severity === "critical"
 * ```
 */
export interface Finding {
  readonly ruleId: FindingRuleId
  readonly severity: FindingSeverity
  readonly tenant: Tenant
  readonly consultant: ConsultantId | undefined
  readonly cardIds: ReadonlyArray<CardId>
  readonly visitIds: ReadonlyArray<string>
  readonly inputs: Readonly<Record<string, string | number | boolean | null>>
}

/**
 * What the findings read: the day of the check (`on`), the first day of the window of events and
 * visits (`from`, ≤ `on`), the facts of the open and owned cards, the events and visits of the
 * window, and the owned-customer care contacts still due (not recorded) on or before `on`.
 *
 * @example
 * ```ts
 * import type { FindingsInput } from "@jipan/core"
 * const input: FindingsInput = { on, from: on, facts, events: reportEvents, visits, care }
 * ```
 */
export interface FindingsInput {
  readonly on: CalendarDate
  readonly from: CalendarDate
  readonly facts: ReadonlyArray<CardFacts>
  readonly events: ReadonlyArray<ReportEvent>
  readonly visits: ReadonlyArray<ShowroomVisit>
  readonly care: ReadonlyArray<CareContactDue>
  /**
   * The stores checked, for the store-level rules (a year of the care horizon without a holiday
   * calendar); the stores of the facts when absent.
   */
  readonly stores?: ReadonlyArray<Tenant> | undefined
}

/**
 * The findings of a check: its days, the findings (by severity, critical first, then rule, store
 * and card), the count per rule, and the policy sections read.
 *
 * @example
 * ```ts
 * import type { FindingsReport } from "@jipan/core"
 * const critical = (r: FindingsReport) => r.findings.filter((f) => f.severity === "critical")
 * ```
 */
export interface FindingsReport {
  readonly on: CalendarDate
  readonly from: CalendarDate
  readonly findings: ReadonlyArray<Finding>
  readonly counts: Readonly<Partial<Record<FindingRuleId, number>>>
  readonly policy: { readonly reports: SectionSource; readonly grading: SectionSource }
}

const NO_IDS: ReadonlyArray<never> = []

/** Builds a finding (one constructor, so every finding has the same shape). */
export const finding = (
  ruleId: FindingRuleId,
  severity: FindingSeverity,
  tenant: Tenant,
  consultant: ConsultantId | undefined,
  cardIds: ReadonlyArray<CardId>,
  visitIds: ReadonlyArray<string>,
  inputs: Readonly<Record<string, string | number | boolean | null>>
): Finding => ({ ruleId, severity, tenant, consultant, cardIds, visitIds, inputs })

/** The complaint window when the policy's reports section does not set one. */
const defaultComplaintOpen = { withinDays: 3, severity: "critical" as const }

/** The card statuses that have a due contact (open prospects and orders). */
const scheduledStatuses: ReadonlySet<CardStatus> = new Set<CardStatus>(["prospect", "ordered"])

const severityOrder: Record<FindingSeverity, number> = { critical: 0, warning: 1, info: 2 }

const subjectOf = (f: Finding) => f.cardIds[0] ?? f.visitIds[0] ?? ""
const bySubject = (a: Finding, b: Finding) => {
  const sa = a.tenant.storeId
  const sb = b.tenant.storeId
  if (sa !== sb) return sa < sb ? -1 : 1
  const ka = subjectOf(a)
  const kb = subjectOf(b)
  return ka < kb ? -1 : ka > kb ? 1 : 0
}

/**
 * Sorts findings: critical first, then by rule id, store, and card (or visit). Linear when each
 * rule's findings already come in store and card order (as the report source's rows do); any
 * other bucket is sorted.
 *
 * @example
 * ```ts
 * import { sortFindings, type Finding } from "@jipan/core"
 * declare const findings: ReadonlyArray<Finding>
 * sortFindings(findings)[0]?.severity // "critical" when there is one
 * ```
 */
export const sortFindings = (findings: ReadonlyArray<Finding>): Array<Finding> => {
  const buckets = new Map<string, Array<Finding>>()
  for (const f of findings) {
    const k = `${severityOrder[f.severity]}${f.ruleId}`
    const bucket = buckets.get(k)
    if (bucket === undefined) buckets.set(k, [f])
    else bucket.push(f)
  }
  const out: Array<Finding> = []
  for (const k of [...buckets.keys()].sort()) {
    const bucket = buckets.get(k) as Array<Finding>
    let sorted = true
    for (let i = 1; i < bucket.length && sorted; i++)
      if (bySubject(bucket[i - 1] as Finding, bucket[i] as Finding) > 0) sorted = false
    if (!sorted) bucket.sort(bySubject)
    for (const f of bucket) out.push(f)
  }
  return out
}

/**
 * Runs every finding rule (ids in {@link findingRules}) over the rows of a check under a policy:
 *
 * - `findings.overdue`: an open prospect or order whose next due contact is more than
 *   `reports.overdue.graceDays` days before `on`; `critical` from `criticalAfterDays` days.
 * - `findings.gradeHorizon`: a prospect held at a scale grade longer than the grade's
 *   `horizonDays.max` + `reports.gradeHorizon.graceDays`, or ungraded longer than
 *   `gradeWithinDays` + the same grace.
 * - `findings.gradeJump`: a `Regraded` event of the window at least `reports.gradeJump.minRanks`
 *   ranks hotter than before with no `ContactLogged` on the card that day.
 * - `findings.gradeStale`: a prospect at the same grade for `reports.gradeStale.afterDays` days
 *   or more, although contacted since.
 * - `findings.missingAgreedContact`: an open prospect or order whose last contact agreed no next
 *   contact.
 * - `findings.defeatReview`: a defeat request waiting more than `reports.defeatReview.withinDays`.
 * - `findings.carePlan`: a care contact due more than `reports.carePlan.graceDays` days before `on`
 *   and not recorded, or recorded as missed in the window.
 * - `findings.walkInWithoutCard`: a first visit of a kind in `reports.walkInWithoutCard.kinds`
 *   with no card id, whose phone matches no card (none opened in the window, none on file).
 *
 * @example
 * ```ts
 * import { defaultPolicy, findings } from "@jipan/core"
 * const report = findings({ on, from: on, facts, events: reportEvents, visits, care }, defaultPolicy)
 * report.counts["findings.overdue"]
 * ```
 */
export const findings = (input: FindingsInput, policy: Policy): FindingsReport => {
  const r = policy.reports
  const { on, from } = input
  const out: Array<Finding> = []
  const inWindow = (d: CalendarDate) => from <= d && d <= on
  const onDay = toDayNumber(on)
  const daysTo = (d: CalendarDate) => onDay - toDayNumber(d)
  const scale = new Map(policy.grading.grades.map((g) => [g.id as string, g]))
  const ungraded = policy.grading.ungraded

  const complaintOpen = r.complaintOpen ?? defaultComplaintOpen
  // a latent prospect is watched, not chased: its lateness is no finding unless the policy says so
  // (a policy whose intents leave latent out treats latent prospects as direct ones)
  const latentTreatment = (policy.followUp.intents ?? defaultIntents).latent
  const latentOverdue = latentTreatment === undefined || latentTreatment.overdueFindings
  for (const f of input.facts) {
    // the plan's check (PDCA): a week planned and over without a contact since it began
    const planned = f.plannedVisit
    if (
      planned !== undefined &&
      planned.to < on &&
      (f.lastReachedOn === undefined || f.lastReachedOn < planned.from)
    )
      out.push(
        finding("findings.visitPlanMissed", "warning", f.tenant, f.owner, [f.cardId], NO_IDS, {
          month: planned.month,
          week: planned.week,
          means: planned.means,
          weekEnded: planned.to,
          lastReachedOn: f.lastReachedOn ?? null
        })
      )
    if (f.openComplaintSince !== undefined) {
      const open = daysTo(f.openComplaintSince)
      if (open > complaintOpen.withinDays)
        out.push(
          finding("findings.complaintOpen", complaintOpen.severity, f.tenant, f.owner, [f.cardId], NO_IDS, {
            openSince: f.openComplaintSince,
            daysOpen: open,
            withinDays: complaintOpen.withinDays
          })
        )
    }
    if (
      scheduledStatuses.has(f.status) &&
      f.nextContactDue !== undefined &&
      (f.intent !== "latent" || latentOverdue || f.status !== "prospect")
    ) {
      const late = daysTo(f.nextContactDue)
      if (late > r.overdue.graceDays)
        out.push(
          finding(
            "findings.overdue",
            late >= r.overdue.criticalAfterDays ? "critical" : "warning",
            f.tenant,
            f.owner,
            [f.cardId],
            NO_IDS,
            {
              nextContactDue: f.nextContactDue,
              lastContactOn: f.lastContactOn ?? null,
              daysOverdue: late,
              graceDays: r.overdue.graceDays,
              criticalAfterDays: r.overdue.criticalAfterDays
            }
          )
        )
      if (f.lastContactOn !== undefined && f.agreedNextContactOn === undefined)
        out.push(
          finding(
            "findings.missingAgreedContact",
            r.missingAgreedContact.severity,
            f.tenant,
            f.owner,
            [f.cardId],
            NO_IDS,
            {
              lastContactOn: f.lastContactOn,
              agreedNextContactOn: null
            }
          )
        )
    }
    if (f.status === "prospect" && f.grade !== undefined && f.gradeSince !== undefined) {
      const held = daysTo(f.gradeSince)
      const grade = scale.get(f.grade)
      const limit =
        grade !== undefined
          ? grade.horizonDays.max
          : f.grade === ungraded.id
            ? ungraded.gradeWithinDays
            : undefined
      if (limit !== undefined && held > limit + r.gradeHorizon.graceDays)
        out.push(
          finding("findings.gradeHorizon", r.gradeHorizon.severity, f.tenant, f.owner, [f.cardId], NO_IDS, {
            grade: f.grade,
            gradeSince: f.gradeSince,
            daysHeld: held,
            horizonDays: limit,
            graceDays: r.gradeHorizon.graceDays
          })
        )
      if (held >= r.gradeStale.afterDays && f.lastContactOn !== undefined && f.lastContactOn > f.gradeSince)
        out.push(
          finding("findings.gradeStale", r.gradeStale.severity, f.tenant, f.owner, [f.cardId], NO_IDS, {
            grade: f.grade,
            gradeSince: f.gradeSince,
            lastContactOn: f.lastContactOn,
            daysHeld: held,
            afterDays: r.gradeStale.afterDays
          })
        )
    }
    if (f.status === "defeatRequested" && f.statusSince !== undefined) {
      const waiting = daysTo(f.statusSince)
      if (waiting > r.defeatReview.withinDays)
        out.push(
          finding("findings.defeatReview", r.defeatReview.severity, f.tenant, f.owner, [f.cardId], NO_IDS, {
            requestedOn: f.statusSince,
            daysWaiting: waiting,
            withinDays: r.defeatReview.withinDays
          })
        )
    }
  }

  // grade jumps: the window's Regraded events against the same day's contacts (one pass each)
  const contactedOn = new Set<string>()
  const openedPhones = new Set<string>()
  for (const e of input.events) {
    if (e.event._tag === "ContactLogged")
      contactedOn.add(`${e.tenant.storeId}\u0000${e.cardId}\u0000${e.event.on}`)
    else if (e.event._tag === "CardOpened") openedPhones.add(`${e.tenant.storeId}\u0000${e.event.phone}`)
  }
  const rank = (g: GradeId | undefined) => (g === undefined ? -1 : gradeRank(policy, g))
  const missedCare = new Set<string>()
  for (const e of input.events) {
    const ev = e.event
    if (!inWindow(ev.on)) continue
    if (ev._tag === "Regraded") {
      const before = rank(e.gradeBefore ?? ev.from)
      const after = rank(ev.grade)
      if (
        before >= 0 &&
        after >= 0 &&
        before - after >= r.gradeJump.minRanks &&
        !contactedOn.has(`${e.tenant.storeId}\u0000${e.cardId}\u0000${ev.on}`)
      )
        out.push(
          finding("findings.gradeJump", r.gradeJump.severity, e.tenant, e.owner, [e.cardId], NO_IDS, {
            on: ev.on,
            from: ev.from,
            to: ev.grade,
            ranks: before - after,
            minRanks: r.gradeJump.minRanks,
            justification: ev.justification
          })
        )
    } else if (ev._tag === "CareContactRecorded" && ev.outcome === "missed") {
      const k = `${e.tenant.storeId}\u0000${e.cardId}\u0000${ev.ruleId}\u0000${ev.plannedOn}`
      if (missedCare.has(k)) continue
      missedCare.add(k)
      out.push(
        finding("findings.carePlan", r.carePlan.severity, e.tenant, e.owner, [e.cardId], NO_IDS, {
          careStep: ev.ruleId,
          plannedOn: ev.plannedOn,
          outcome: "missed"
        })
      )
    }
  }

  for (const c of input.care) {
    const late = daysTo(c.on)
    if (late <= r.carePlan.graceDays) continue
    const k = `${c.tenant.storeId}\u0000${c.cardId}\u0000${c.ruleId}\u0000${c.plannedOn}`
    if (missedCare.has(k)) continue
    missedCare.add(k)
    out.push(
      finding("findings.carePlan", r.carePlan.severity, c.tenant, c.owner, [c.cardId], NO_IDS, {
        careStep: c.ruleId,
        plannedOn: c.plannedOn,
        dueOn: c.on,
        daysLate: late,
        graceDays: r.carePlan.graceDays
      })
    )
  }

  const kinds = new Set<string>(r.walkInWithoutCard.kinds)
  let phonesOnFile: Set<string> | undefined
  for (const v of input.visits) {
    if (!inWindow(v.on) || v.ordinal !== "first" || !kinds.has(v.kind) || v.cardId !== undefined) continue
    if (v.phone !== undefined) {
      const phoneKey = `${v.tenant.storeId}\u0000${v.phone}`
      // the phones on file are only gathered when a visit without a card id needs them
      if (phonesOnFile === undefined) {
        phonesOnFile = new Set()
        for (const f of input.facts)
          if (f.phone !== undefined) phonesOnFile.add(`${f.tenant.storeId}\u0000${f.phone}`)
      }
      if (openedPhones.has(phoneKey) || phonesOnFile.has(phoneKey)) continue
    }
    out.push(
      finding(
        "findings.walkInWithoutCard",
        r.walkInWithoutCard.severity,
        v.tenant,
        v.consultant,
        NO_IDS,
        [v.visitId],
        {
          visitId: v.visitId,
          on: v.on,
          kind: v.kind,
          phone: v.phone ?? null
        }
      )
    )
  }

  // a year within the care horizon no holiday calendar knows: plans cannot move contacts off its
  // holidays (care.holidayCalendar), so the supervisor is told before the year is reached
  const horizonEnd = Number(addMonths(on, policy.care.planHorizonMonths).slice(0, 4))
  const calendar = holidayCalendarOf(policy)
  const missingYears: Array<number> = []
  for (let y = Number(on.slice(0, 4)); y <= horizonEnd; y++) if (!calendar.knows(y)) missingYears.push(y)
  if (missingYears.length > 0) {
    const stores = new Map<string, Tenant>()
    for (const t of input.stores ?? input.facts.map((f) => f.tenant))
      stores.set(`${t.dealerGroupId}\u0000${t.storeId}`, t)
    for (const tenant of stores.values())
      for (const year of missingYears)
        out.push(
          finding("findings.holidayCalendarMissing", "warning", tenant, undefined, NO_IDS, NO_IDS, {
            year,
            horizonMonths: policy.care.planHorizonMonths,
            ruleId: "care.holidayCalendar"
          })
        )
  }

  // the supervisor's check of tomorrow's plan: the cards due tomorrow no planned week covers
  const tomorrowPlan = r.tomorrowPlan
  if (tomorrowPlan !== undefined) {
    const tomorrow = addDays(on, 1)
    const unplanned = new Map<string, { tenant: Tenant; owner: ConsultantId; cards: Array<CardId> }>()
    for (const f of input.facts) {
      if (!scheduledStatuses.has(f.status) || f.nextContactDue !== tomorrow || f.owner === undefined) continue
      const p = f.plannedVisit
      if (p !== undefined && p.from <= tomorrow && tomorrow <= p.to) continue
      const k = `${f.tenant.storeId}\u0000${f.owner}`
      const entry = unplanned.get(k) ?? { tenant: f.tenant, owner: f.owner, cards: [] }
      entry.cards.push(f.cardId)
      unplanned.set(k, entry)
    }
    for (const { tenant, owner, cards } of unplanned.values())
      out.push(
        finding(
          "findings.tomorrowUnplanned",
          tomorrowPlan.severity,
          tenant,
          owner,
          [...cards].sort(),
          NO_IDS,
          {
            tomorrow,
            unplanned: cards.length
          }
        )
      )
  }

  const sorted = sortFindings(out)
  const counts: Partial<Record<FindingRuleId, number>> = {}
  for (const f of sorted) counts[f.ruleId] = (counts[f.ruleId] ?? 0) + 1
  return {
    on,
    from,
    findings: sorted,
    counts,
    policy: { reports: policy.provenance.reports, grading: policy.provenance.grading }
  }
}

/**
 * The kinds of the window's events the finding rules read: card openings (the walk-in rule looks
 * up their phones), re-grades and care contacts. The same-day contact check of a re-grade also
 * reads the contacts of the re-graded cards, so a store need not hand over every contact of the
 * window (see `findingsOf`).
 *
 * @example
 * ```ts
 * import { findingsEventKinds } from "@jipan/core"
 * findingsEventKinds.includes("Regraded") // true
 * ```
 */
export const findingsEventKinds: ReadonlyArray<CardEvent["_tag"]> = [
  "CardOpened",
  "Regraded",
  "CareContactRecorded"
]

/**
 * The {@link FindingsFactFilter} of a check on `on` under a policy, with the phones of the
 * visits of its window that the walk-in rule will look up (pass the window's visits; the others
 * are ignored as `findings` ignores them).
 *
 * @example
 * ```ts
 * import { defaultPolicy, findingsFactFilter } from "@jipan/core"
 * findingsFactFilter({ on: "2026-11-22", from: "2026-11-22", visits: [] } as never, defaultPolicy).dueBefore // "2026-11-22"
 * ```
 */
export const findingsFactFilter = (
  input: Pick<FindingsInput, "on" | "from" | "visits">,
  policy: Policy
): FindingsFactFilter => {
  const r = policy.reports
  const { on, from } = input
  // each rule's "more than N days" (daysTo(d) > N) is "d before on − N"
  const gradeSinceBefore = policy.grading.grades.map((g) => ({
    grade: g.id,
    before: addDays(on, -(g.horizonDays.max + r.gradeHorizon.graceDays))
  }))
  gradeSinceBefore.push({
    grade: policy.grading.ungraded.id,
    before: addDays(on, -(policy.grading.ungraded.gradeWithinDays + r.gradeHorizon.graceDays))
  })
  const kinds = new Set<string>(r.walkInWithoutCard.kinds)
  const phones = new Set<PhoneNumber>()
  for (const v of input.visits)
    if (
      from <= v.on &&
      v.on <= on &&
      v.ordinal === "first" &&
      kinds.has(v.kind) &&
      v.cardId === undefined &&
      v.phone !== undefined
    )
      phones.add(v.phone)
  return {
    dueBefore: addDays(on, -r.overdue.graceDays),
    gradeSinceBefore,
    staleSinceOnOrBefore: addDays(on, -r.gradeStale.afterDays),
    defeatRequestedBefore: addDays(on, -r.defeatReview.withinDays),
    complaintOpenBefore: addDays(on, -(r.complaintOpen ?? defaultComplaintOpen).withinDays),
    visitPlanOverBefore: on,
    ...(r.tomorrowPlan === undefined ? {} : { dueOn: addDays(on, 1) }),
    phones: [...phones]
  }
}

/**
 * Whether a card's facts pass a {@link FindingsFactFilter}: they can raise a fact rule's finding,
 * or carry a phone the walk-in rule looks up. What the in-memory store does for the filter, and
 * the reference every other store's query is tested against.
 *
 * @example
 * ```ts
 * import { factMayRaiseFinding, findingsFactFilter } from "@jipan/core"
 * const keep = facts.filter((f) => factMayRaiseFinding(f, findingsFactFilter({ on, from: on, visits }, policy)))
 * ```
 */
export const factMayRaiseFinding = (f: CardFacts, filter: FindingsFactFilter): boolean => {
  if (scheduledStatuses.has(f.status) && f.nextContactDue !== undefined) {
    if (f.nextContactDue < filter.dueBefore) return true
    if (f.lastContactOn !== undefined && f.agreedNextContactOn === undefined) return true
  }
  if (f.status === "prospect" && f.grade !== undefined && f.gradeSince !== undefined) {
    for (const g of filter.gradeSinceBefore) if (g.grade === f.grade && f.gradeSince < g.before) return true
    if (
      f.gradeSince <= filter.staleSinceOnOrBefore &&
      f.lastContactOn !== undefined &&
      f.lastContactOn > f.gradeSince
    )
      return true
  }
  if (
    f.status === "defeatRequested" &&
    f.statusSince !== undefined &&
    f.statusSince < filter.defeatRequestedBefore
  )
    return true
  if (filter.dueOn !== undefined && scheduledStatuses.has(f.status) && f.nextContactDue === filter.dueOn)
    return true
  if (
    filter.visitPlanOverBefore !== undefined &&
    f.plannedVisit !== undefined &&
    f.plannedVisit.to < filter.visitPlanOverBefore &&
    (f.lastReachedOn === undefined || f.lastReachedOn < f.plannedVisit.from)
  )
    return true
  if (
    filter.complaintOpenBefore !== undefined &&
    f.openComplaintSince !== undefined &&
    f.openComplaintSince < filter.complaintOpenBefore
  )
    return true
  return f.phone !== undefined && filter.phones.includes(f.phone)
}

/**
 * The message of a finding in every locale, written from its rule and inputs (kept out of the
 * finding itself so a store-wide check allocates little).
 *
 * @example
 * ```ts
 * import { findingMessage, type Finding } from "@jipan/core"
 * declare const finding: Finding
 * findingMessage(finding).en // "Contact due on 2026-11-20, 2 days overdue"
 * ```
 */
export const findingMessage = (f: Finding): Label => {
  const i = f.inputs
  switch (f.ruleId) {
    case "findings.overdue":
      return label(
        `应于 ${i.nextContactDue} 联系,已逾期 ${i.daysOverdue} 天`,
        `Contact due on ${i.nextContactDue}, ${i.daysOverdue} days overdue`
      )
    case "findings.missingAgreedContact":
      return label(
        `${i.lastContactOn} 的联系未约定下次联系时间`,
        `The contact of ${i.lastContactOn} agreed no next contact`
      )
    case "findings.gradeHorizon":
      return label(
        `${i.grade} 级已保持 ${i.daysHeld} 天,超过 ${i.horizonDays} 天的期限`,
        `Held at ${i.grade} for ${i.daysHeld} days, past its ${i.horizonDays}-day horizon`
      )
    case "findings.gradeStale":
      return label(
        `${i.grade} 级 ${i.daysHeld} 天未变,期间有联系`,
        `At ${i.grade} for ${i.daysHeld} days although contacted since`
      )
    case "findings.gradeJump":
      return label(
        `${i.on} 由 ${i.from} 升至 ${i.to},当天无联系记录`,
        `Raised from ${i.from} to ${i.to} on ${i.on} with no contact that day`
      )
    case "findings.defeatReview":
      return label(
        `战败申请 ${i.requestedOn} 提交,已等待 ${i.daysWaiting} 天`,
        `Defeat requested on ${i.requestedOn}, waiting ${i.daysWaiting} days`
      )
    case "findings.carePlan":
      return i.outcome === "missed"
        ? label(
            `关怀 ${i.careStep}(计划 ${i.plannedOn})记录为未完成`,
            `Care contact ${i.careStep} (planned ${i.plannedOn}) recorded as missed`
          )
        : label(
            `关怀 ${i.careStep} 应于 ${i.dueOn} 执行,已过 ${i.daysLate} 天`,
            `Care contact ${i.careStep} due on ${i.dueOn}, ${i.daysLate} days ago`
          )
    case "findings.holidayCalendarMissing":
      return label(
        `${i.year} 年法定节假日安排尚未录入:关怀计划无法避开节假日,请在政策中补充`,
        `No ${i.year} statutory holiday calendar: care plans cannot move contacts off its holidays; put it in the policy`
      )
    case "findings.tomorrowUnplanned":
      return label(
        `${i.tomorrow} 应联系的 ${i.unplanned} 位客户不在拜访计划内`,
        `${i.unplanned} card(s) due on ${i.tomorrow} not in the visit plan`
      )
    case "findings.visitPlanMissed":
      return label(
        `${i.month} 第 ${i.week} 周计划的${i.means === "call" ? "电话" : i.means === "visit" ? "拜访" : "信函"}未执行(该周止于 ${i.weekEnded})`,
        `The ${i.means} planned for week ${i.week} of ${i.month} was not made (the week ended ${i.weekEnded})`
      )
    case "findings.complaintOpen":
      return label(
        `${i.openSince} 的投诉已 ${i.daysOpen} 天未处理完(时限 ${i.withinDays} 天)`,
        `A complaint of ${i.openSince} unresolved for ${i.daysOpen} days (within ${i.withinDays})`
      )
    case "findings.walkInWithoutCard":
      return i.kind === "walkIn"
        ? label(`${i.on} 首次来店未建卡`, `First walk-in on ${i.on} without a card`)
        : label(`${i.on} 首次来电未建卡`, `First phone-in on ${i.on} without a card`)
    case "consistency.dailyVsControl":
      return label(
        `${i.on} 日报与管制表不符(${i.what})`,
        `On ${i.on} the daily report and the control table disagree (${i.what})`
      )
    case "consistency.controlVsCard":
      return label(
        `${i.on} 管制表与客户卡不符(${i.what})`,
        `On ${i.on} the control table and the card backs disagree (${i.what})`
      )
    case "consistency.dailyVsCard":
      return label(
        `${i.on} 日报与客户卡背面不符(${i.what})`,
        `On ${i.on} the daily report and the card backs disagree (${i.what})`
      )
  }
}

/**
 * Renders findings as a {@link ReportTable}: severity, rule, store, consultant, cards or visits,
 * message and the inputs read (as `key=value` text).
 *
 * @example
 * ```ts
 * import { findingsTable, type FindingsReport } from "@jipan/core"
 * declare const report: FindingsReport // findings(…)
 * findingsTable(report, { locale: "en" }).rows.length === report.findings.length // true
 * ```
 */
export const findingsTable = (
  report: { readonly findings: ReadonlyArray<Finding> },
  options: { readonly locale?: Locale } = {}
): ReportTable => {
  const locale = options.locale ?? "zh-CN"
  const severityLabel: Record<FindingSeverity, Label> = {
    critical: label("严重", "Critical"),
    warning: label("警告", "Warning"),
    info: label("提示", "Info")
  }
  return {
    id: "findings",
    title: label("主管检查发现", "Supervisor findings"),
    columns: [
      { key: "severity", label: label("严重度", "Severity"), kind: "text" },
      { key: "ruleId", label: label("规则", "Rule"), kind: "text" },
      { key: "rule", label: label("检查项", "Check"), kind: "text" },
      { key: "store", label: label("门店", "Store"), kind: "text" },
      { key: "consultant", label: label("销售顾问", "Consultant"), kind: "text" },
      { key: "subjects", label: label("客户卡/登记", "Cards / visits"), kind: "text" },
      { key: "message", label: label("说明", "Message"), kind: "text" },
      { key: "inputs", label: label("依据", "Inputs"), kind: "text" }
    ],
    rows: report.findings.map(
      (f): Record<string, ReportCell> => ({
        severity: severityLabel[f.severity][locale],
        ruleId: f.ruleId,
        rule: findingRules[f.ruleId][locale],
        store: f.tenant.storeId,
        consultant: f.consultant ?? null,
        subjects: [...f.cardIds, ...f.visitIds].join(" "),
        message: findingMessage(f)[locale],
        inputs: Object.entries(f.inputs)
          .map(([k, v]) => `${k}=${v}`)
          .join("; ")
      })
    )
  }
}
