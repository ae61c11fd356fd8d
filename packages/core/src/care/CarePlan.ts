/**
 * Owned-customer care (保有客户关怀): from the delivery, a plan of dated contacts built from the
 * policy, each with its purpose and the rule that made it. Contacts done or missed feed the next plan.
 *
 * @module
 */
import type { CardState, CareRecord } from "../card/CardState.js"
import { addDays, addMonths, type CalendarDate, daysBetween } from "../kernel/CalendarDate.js"
import type { BroadBaseKind } from "../kernel/CustomerKind.js"
import type { Label } from "../kernel/Label.js"
import { defaultMiningRules } from "../policy/CarePolicy.js"
import type { Policy } from "../policy/Policy.js"
import { holidayCalendarOf } from "./HolidayCalendar.js"
import { lunarToSolar } from "./internal/chineseCalendar.js"

/**
 * What the plan needs to know about an owned customer: the delivery, the vehicle's brand, the
 * odometer at delivery, the insurance expiry, the birthday, and the care contacts recorded so far.
 *
 * @example
 * ```ts
 * import { type CareInput, CalendarDate } from "@jipan/core"
 * const input: CareInput = { deliveredOn: CalendarDate.make("2026-02-15"), brand: "Buick",
 *   insuranceExpiresOn: CalendarDate.make("2027-02-15"), history: [] }
 * ```
 */
export interface CareInput {
  readonly deliveredOn: CalendarDate
  readonly brand: string
  readonly odometerKm?: number
  /** The customer's own average daily distance, when known; else the policy's estimate. */
  readonly averageDailyKm?: number
  /** The insurance expiry; a broad-base card may not know it (no renewal is planned then). */
  readonly insuranceExpiresOn: CalendarDate | undefined
  readonly birthday?: { readonly month: number; readonly day: number }
  /** Private (the default) or operating: which inspection schedule applies. */
  readonly vehicleUse?: "private" | "operating"
  /**
   * A broad-base card (他牌基盘 / 本牌他销): `deliveredOn` is then the day the owner bought the car
   * elsewhere, and the care policy's mining table replaces the owned-customer cadence, periodic
   * contact, maintenance and anniversary; insurance, inspections, the service visit and greetings
   * are planned as for an owned customer.
   */
  readonly broadBase?: { readonly kind: BroadBaseKind; readonly recordedOn: CalendarDate }
  readonly history: ReadonlyArray<CareRecord>
}

/**
 * One planned care contact: the day, the rule that made it (a policy id such as `care.day7`), its
 * purpose in zh-CN and en, whether it is a call, a reminder or a greeting, whether it asks for
 * referrals, whether it falls in the critical period, and what the holiday rule did to it.
 *
 * @example
 * ```ts
 * import type { PlannedContact } from "@jipan/core"
 * declare const c: PlannedContact
 * `${c.on} ${c.purpose["zh-CN"]} (${c.ruleId})`
 * ```
 */
export interface PlannedContact {
  readonly on: CalendarDate
  /** The day the rule gave, before any holiday shift or retry (the contact's identity in the history). */
  readonly plannedOn: CalendarDate
  readonly ruleId: string
  readonly purpose: Label
  readonly kind: "call" | "reminder" | "greeting"
  readonly askReferral: boolean
  readonly critical: boolean
  readonly retry: boolean
  readonly holiday?: { readonly name: string; readonly action: "shifted" | "kept" | "skipped" }
  readonly reads: Readonly<Record<string, unknown>>
}

/**
 * A care plan: the window it covers, the end of the critical period, the contacts in date order,
 * and the contacts the holiday rule skipped.
 *
 * @example
 * ```ts
 * import { planCare, type CareInput } from "@jipan/core"
 * declare const input: CareInput // the delivery and the care so far
 * planCare(input, policy, today).contacts.map((c) => [c.on, c.ruleId])
 * ```
 */
export interface CarePlan {
  readonly from: CalendarDate
  readonly until: CalendarDate
  readonly criticalUntil: CalendarDate
  readonly contacts: ReadonlyArray<PlannedContact>
  readonly skipped: ReadonlyArray<PlannedContact>
  /** The years of the window without a holiday calendar, whose contacts the holiday rule could not move. */
  readonly warnings: ReadonlyArray<CarePlanWarning>
}

const MAINTENANCE = "care.firstMaintenance"
const INSURANCE = "care.insuranceRenewal"
const INSPECTION = "care.annualInspection"
const RECURRING_MAINTENANCE = "care.maintenance"
const ANNIVERSARY = "care.anniversary"
const SERVICE_VISIT = "care.serviceVisit"
const BIRTHDAY = "care.birthday"

const label = (zh: string, en: string): Label => ({ "zh-CN": zh, en })

/**
 * What a plan could not do as asked: a contact falls in a year whose statutory calendar is not
 * known (neither the library's tables nor the group's policy have it), so the holiday rule was not
 * applied to it (`HOLIDAY_CALENDAR_MISSING`, with the year: put the year in the policy's
 * `holidays` when it is announced).
 *
 * @example
 * ```ts
 * import type { CarePlanWarning } from "@jipan/core"
 * const years = (ws: ReadonlyArray<CarePlanWarning>) => ws.map((w) => w.year)
 * ```
 */
export interface CarePlanWarning {
  readonly code: "HOLIDAY_CALENDAR_MISSING"
  readonly year: number
  readonly ruleId: "care.holidayCalendar"
  readonly message: string
}

/**
 * Plans the care contacts of an owned customer from `from` for the policy's horizon. The cadence
 * runs from the delivery (day 1, 3, 7, 1/3/6 months by default), then a periodic contact; first
 * maintenance (首保) is due after the brand's months or km, whichever comes first (the km date
 * estimated from the customer's daily distance, measured from odometer readings when recorded, else
 * the policy's); insurance renewal (续保) starts the lead days before each expiry; annual inspection
 * (年检); birthday; lunar festivals on their lunar dates (Spring Festival 春节, Mid-Autumn 中秋), from
 * tables generated from `lunar-typescript` (lunar years 1899–2200, statutory days off 2001–2026). Calls and reminders on statutory holidays are skipped, shifted to the next
 * working day or kept, per the policy; greetings keep their day. A contact recorded done is not
 * planned again; one recorded missed is retried the policy's days after the miss. Contacts within
 * the critical period (the first six months by default) are flagged.
 *
 * @example
 * ```ts
 * import { planCare, defaultPolicy, CalendarDate } from "@jipan/core"
 * const plan = planCare({ deliveredOn: CalendarDate.make("2026-03-10"), brand: "Buick",
 *   insuranceExpiresOn: CalendarDate.make("2027-03-10"), history: [] }, defaultPolicy, CalendarDate.make("2026-03-10"))
 * plan.contacts[0] // { on: "2026-03-11", ruleId: "care.thankYou", critical: true, … }
 * ```
 */
export const planCare = (input: CareInput, policy: Policy, from: CalendarDate): CarePlan => {
  const care = policy.care
  const delivered = input.deliveredOn
  const until = addMonths(from, care.planHorizonMonths)
  const broadBase = input.broadBase
  // the critical period is the first months after our own delivery: none for a car sold elsewhere
  const criticalUntil = broadBase === undefined ? addMonths(delivered, care.criticalPeriodMonths) : delivered
  const done = new Set<string>()
  const missed = new Map<string, CalendarDate>()
  for (const r of input.history) {
    const key = `${r.ruleId}@${r.plannedOn}`
    if (r.outcome === "done") done.add(key)
    else if ((missed.get(key) ?? "") < r.on) missed.set(key, r.on)
  }
  const contacts: Array<PlannedContact> = []
  const skipped: Array<PlannedContact> = []
  const calendar = holidayCalendarOf(policy)

  const plan = (
    plannedOn: CalendarDate,
    ruleId: string,
    purpose: Label,
    kind: PlannedContact["kind"],
    reads: Record<string, unknown>,
    askReferral = false
  ) => {
    const key = `${ruleId}@${plannedOn}`
    if (done.has(key)) return
    const missedOn = missed.get(key)
    let on = missedOn === undefined ? plannedOn : addDays(missedOn, care.missedRetryAfterDays)
    const retry = missedOn !== undefined
    if (on < from || on > until) return
    let holiday: PlannedContact["holiday"]
    const today = calendar.day(on)
    const off = today.kind === "dayOff" ? today.name : undefined
    if (off !== undefined && kind !== "greeting" && care.holidayRule === "skip") {
      skipped.push({
        on,
        plannedOn,
        ruleId,
        purpose,
        kind,
        askReferral,
        retry,
        reads,
        critical: on < criticalUntil,
        holiday: { name: off, action: "skipped" }
      })
      return
    }
    // a shift that would run into a year no calendar knows keeps the day (the plan warns of the year)
    const shifted =
      off !== undefined && kind !== "greeting" && care.holidayRule === "shift"
        ? calendar.nextWorkingDay(on)
        : undefined
    if (off !== undefined && shifted !== undefined) {
      on = shifted
      holiday = { name: off, action: "shifted" }
    } else if (off !== undefined) {
      holiday = { name: off, action: "kept" }
    }
    contacts.push({
      on,
      plannedOn,
      ruleId,
      purpose,
      kind,
      askReferral,
      critical: on < criticalUntil,
      retry,
      reads: retry ? { ...reads, missedOn } : reads,
      ...(holiday === undefined ? {} : { holiday })
    })
  }

  if (broadBase !== undefined) {
    // The mining table (他牌基盘 / 本牌他销): each rule of the card's kind, from its anchor.
    for (const rule of care.mining ?? defaultMiningRules) {
      if (!rule.kinds.includes(broadBase.kind)) continue
      const anchor = rule.from === "recorded" ? broadBase.recordedOn : delivered
      for (let k = 0; k < 1200; k++) {
        const months = rule.startMonths + rule.everyMonths * k
        if (rule.untilMonths !== undefined && months > rule.untilMonths) break
        const on = addMonths(anchor, months)
        if (on > until) break
        plan(on, rule.id, rule.purpose, rule.contact, {
          kind: broadBase.kind,
          from: rule.from,
          anchor,
          monthsAfter: months
        })
      }
    }
  }

  // what only our own owners get: the cadence after our delivery and our maintenance schedule
  if (broadBase === undefined) {
    // The cadence after delivery, then the periodic contact from the last step (or the last one done).
    let lastStep = delivered
    for (const step of care.cadence) {
      const on = addDays(addMonths(delivered, step.after.months), step.after.days)
      if (on > lastStep) lastStep = on
      plan(on, step.id, step.purpose, "call", { deliveredOn: delivered, after: step.after }, step.askReferral)
    }
    let periodicFrom = lastStep
    for (const r of input.history)
      if (r.ruleId === care.periodic.id && r.outcome === "done" && r.on > periodicFrom) periodicFrom = r.on
    for (let k = 1; k <= 1000; k++) {
      const on = addMonths(periodicFrom, care.periodic.everyMonths * k)
      if (on > until) break
      plan(on, care.periodic.id, care.periodic.purpose, "call", {
        after: periodicFrom,
        everyMonths: care.periodic.everyMonths
      })
    }

    // First maintenance: months or km, whichever comes first.
    const fm = care.firstMaintenance
    const brand = fm.byBrand.find((b) => b.brand.toLowerCase() === input.brand.toLowerCase())
    const months = brand?.months ?? fm.months
    const km = brand?.km ?? fm.km
    const startKm = input.odometerKm ?? 0
    let dailyKm = input.averageDailyKm ?? fm.averageDailyKm
    let dailySource = input.averageDailyKm === undefined ? "policy" : "customer"
    for (const r of input.history) {
      const days = daysBetween(delivered, r.on)
      if (r.odometerKm !== undefined && days > 0 && r.odometerKm > startKm) {
        dailyKm = (r.odometerKm - startKm) / days
        dailySource = "odometer"
      }
    }
    const byTime = addMonths(delivered, months)
    const byKm = addDays(delivered, Math.ceil(Math.max(0, km - startKm) / dailyKm))
    const due = byKm < byTime ? byKm : byTime
    const firstDone = input.history.find((r) => r.ruleId === MAINTENANCE && r.outcome === "done")
    const maintenanceDone = firstDone !== undefined
    if (!maintenanceDone)
      plan(
        addDays(due, -fm.remindDaysBefore),
        MAINTENANCE,
        label("首保提醒", "First maintenance reminder"),
        "reminder",
        {
          brand: input.brand,
          months,
          km,
          dailyKm,
          dailySource,
          dueByTime: byTime,
          dueByKm: byKm,
          trigger: byKm < byTime ? "km" : "time"
        }
      )

    // Maintenance after the first (定期保养): from the last one done (else the first's due day), every
    // so many months or km, whichever comes first at the customer's daily distance.
    const recurring = care.maintenance
    if (recurring !== undefined) {
      let base = firstDone?.on ?? due
      for (const r of input.history)
        if (
          (r.ruleId === MAINTENANCE || r.ruleId === RECURRING_MAINTENANCE) &&
          r.outcome === "done" &&
          r.on > base
        )
          base = r.on
      const kmDays = Math.max(1, Math.ceil(recurring.everyKm / dailyKm))
      for (let k = 1; k <= 200; k++) {
        const byMonths = addMonths(base, recurring.everyMonths * k)
        const byKmDay = addDays(base, kmDays * k)
        const next = byKmDay < byMonths ? byKmDay : byMonths
        const on = addDays(next, -fm.remindDaysBefore)
        if (on > until) break
        plan(on, RECURRING_MAINTENANCE, label("定期保养提醒", "Maintenance reminder"), "reminder", {
          after: base,
          everyMonths: recurring.everyMonths,
          everyKm: recurring.everyKm,
          dailyKm,
          dailySource,
          trigger: byKmDay < byMonths ? "km" : "time"
        })
      }
    }
  }

  // A dissatisfied care contact books a service visit at once (the call that books it).
  const serviceVisit = care.serviceVisit ?? { withinDays: 0 }
  for (const r of input.history)
    if (r.dissatisfied === true)
      plan(
        addDays(r.on, serviceVisit.withinDays),
        SERVICE_VISIT,
        label("预约回厂检修", "Book a service visit"),
        "call",
        { dissatisfiedOn: r.on, after: r.ruleId, withinDays: serviceVisit.withinDays }
      )

  // Yearly: insurance renewal and annual inspection, each from its lead days before the date.
  const insuranceExpiresOn = input.insuranceExpiresOn
  for (let k = 0; insuranceExpiresOn !== undefined && k < 100; k++) {
    const expiry = addMonths(insuranceExpiresOn, 12 * k)
    const on = addDays(expiry, -care.insuranceRenewal.leadDays)
    if (on > until) break
    plan(on, INSURANCE, label("续保提醒", "Insurance renewal"), "reminder", {
      expiresOn: expiry,
      leadDays: care.insuranceRenewal.leadDays
    })
  }
  const schedules = care.inspection
  if (schedules === undefined) {
    // a care section written before the statutory schedules: its own yearly rule
    const ai = care.annualInspection
    for (let k = 0; k < 100; k++) {
      const dueOn = addMonths(delivered, ai.firstAfterMonths + ai.everyMonths * k)
      const on = addDays(dueOn, -ai.leadDays)
      if (on > until) break
      plan(on, INSPECTION, label("年检提醒", "Annual inspection"), "reminder", {
        dueOn,
        leadDays: ai.leadDays
      })
    }
  } else {
    const use = input.vehicleUse ?? "private"
    for (const step of schedules[use]) {
      for (let k = 0; k < 400; k++) {
        const months = step.startMonths + step.everyMonths * k
        if (step.untilMonths !== undefined && months > step.untilMonths) break
        const dueOn = addMonths(delivered, months)
        const on = addDays(dueOn, -schedules.leadDays)
        if (on > until) break
        plan(on, step.id, label("年检提醒", "Vehicle inspection"), "reminder", {
          dueOn,
          vehicleUse: use,
          vehicleAgeMonths: months,
          leadDays: schedules.leadDays
        })
      }
    }
  }

  // Greetings: birthday, and the lunar festivals on their lunar dates.
  const firstYear = Number(from.slice(0, 4)) - 1
  const lastYear = Number(until.slice(0, 4)) + 1
  const birthday = input.birthday
  if (care.birthday.enabled && birthday !== undefined) {
    for (let y = firstYear; y <= lastYear; y++) {
      const last = new Date(Date.UTC(y, birthday.month, 0)).getUTCDate()
      const day = `${y}-${String(birthday.month).padStart(2, "0")}-${String(Math.min(birthday.day, last)).padStart(2, "0")}`
      plan(
        addDays(day as CalendarDate, -care.birthday.leadDays),
        BIRTHDAY,
        label("生日问候", "Birthday greeting"),
        "greeting",
        {
          birthday
        }
      )
    }
  }
  const anniversary = care.anniversary
  if (anniversary?.enabled === true && broadBase === undefined)
    for (let k = 1; k <= 100; k++) {
      const day = addMonths(delivered, 12 * k)
      const on = addDays(day, -anniversary.leadDays)
      if (on > until) break
      plan(on, ANNIVERSARY, label("购车周年问候", "Purchase anniversary"), "greeting", {
        deliveredOn: delivered,
        years: k
      })
    }
  for (const festival of care.festivals) {
    for (let y = firstYear; y <= lastYear; y++) {
      const day = lunarToSolar(y, festival.lunarMonth, festival.lunarDay)
      if (day === undefined) continue
      plan(addDays(day, -festival.leadDays), festival.id, festival.label, "greeting", {
        lunarYear: y,
        lunarMonth: festival.lunarMonth,
        lunarDay: festival.lunarDay,
        solarDate: day
      })
    }
  }

  const byDay = (a: PlannedContact, b: PlannedContact) =>
    a.on < b.on ? -1 : a.on > b.on ? 1 : a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0
  // the years of the window no calendar knows: said, never silently planned as ordinary days
  const warnings: Array<CarePlanWarning> = []
  for (let y = Number(from.slice(0, 4)); y <= Number(until.slice(0, 4)); y++)
    if (!calendar.knows(y))
      warnings.push({
        code: "HOLIDAY_CALENDAR_MISSING",
        year: y,
        ruleId: "care.holidayCalendar",
        message: `No statutory holiday calendar for ${y}: contacts in ${y} are not moved off holidays; put ${y} in the policy's holidays when it is announced`
      })
  return {
    from,
    until,
    criticalUntil,
    contacts: contacts.sort(byDay),
    skipped: skipped.sort(byDay),
    warnings
  }
}

/**
 * The care plan of an owned card, from its delivery and the care contacts recorded on it; `undefined`
 * for a card that is not an owned customer's.
 *
 * @example
 * ```ts
 * import { carePlanOf, foldCard } from "@jipan/core"
 * carePlanOf(foldCard(history), policy, today)?.contacts[0]
 * ```
 */
export const carePlanOf = (
  card: CardState,
  policy: Policy,
  from: CalendarDate,
  options: { readonly averageDailyKm?: number } = {}
): CarePlan | undefined => {
  const b = card.broadBase
  if (card.status === "broadBase" && b !== undefined)
    return planCare(
      {
        deliveredOn: b.boughtOn,
        brand: b.vehicle.brand,
        insuranceExpiresOn: b.insuranceExpiresOn,
        history: card.careLog,
        broadBase: { kind: b.kind, recordedOn: b.recordedOn },
        ...(b.odometerKm === undefined ? {} : { odometerKm: b.odometerKm }),
        ...(b.birthday === undefined ? {} : { birthday: b.birthday }),
        ...(b.vehicle.use === undefined ? {} : { vehicleUse: b.vehicle.use }),
        ...options
      },
      policy,
      from
    )
  const d = card.delivery
  if (card.status !== "owned" || d === undefined) return undefined
  return planCare(
    {
      deliveredOn: d.deliveredOn,
      brand: d.vehicle.brand,
      insuranceExpiresOn: d.insuranceExpiresOn,
      history: card.careLog,
      ...(d.odometerKm === undefined ? {} : { odometerKm: d.odometerKm }),
      ...(d.birthday === undefined ? {} : { birthday: d.birthday }),
      ...(d.vehicle.use === undefined ? {} : { vehicleUse: d.vehicle.use }),
      ...options
    },
    policy,
    from
  )
}
