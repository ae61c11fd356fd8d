/**
 * What the showroom prints, read back from the store through the public use cases and computed
 * with the core's pure functions: the consultants' work lists and card cabinets (`workList`,
 * `cabinet`), the owned-customer care contacts due (`careDue`), the cards by status
 * (`listCards`), the month's referral settlement (`settlement`, from the store alone) and what a
 * close of day did (`closeDay`). Each report returns data and renders it as a table.
 *
 * @module
 */
import {
  type CalendarDate,
  CardStatus,
  type CardSummary,
  type ConsultantId,
  cabinet,
  careDue,
  type DayClosed,
  type FollowUpInput,
  knownGrades,
  type Label,
  listCards,
  Outbox,
  type Policy,
  SettlementLineKind,
  type SettlementStatement,
  settlement,
  type Tenant,
  type TenantScope,
  type Viewer,
  workList,
  type YearMonth
} from "@jipan/core"
import { Effect } from "effect"
import { careLabel } from "./Forms.js"
import { type Directory, emptyDirectory, maskedText, nameOf, shownName, shownPhone } from "./People.js"
import { DEFAULT_VIEWER } from "./Privacy.js"
import { heading, renderTable, yuan } from "./Table.js"

const scopeOf = (tenant: Tenant): TenantScope => ({
  dealerGroupId: tenant.dealerGroupId,
  storeId: tenant.storeId
})

/** Every card of the store (all pages of `listCards`), optionally of some statuses or one owner. */
export const allCards = (
  tenant: Tenant,
  filter: { readonly status?: ReadonlyArray<CardStatus>; readonly owner?: ConsultantId } = {}
) =>
  Effect.gen(function* () {
    const out: Array<CardSummary> = []
    let cursor: string | undefined
    for (;;) {
      const page = yield* listCards(scopeOf(tenant), filter, {
        limit: 500,
        ...(cursor === undefined ? {} : { cursor })
      })
      out.push(...page.items)
      if (page.next === undefined) return out
      cursor = page.next
    }
  })

/** The consultants who own cards in the store, sorted. */
export const consultantsOf = (cards: ReadonlyArray<CardSummary>): Array<ConsultantId> =>
  [...new Set(cards.flatMap((c) => (c.owner === undefined ? [] : [c.owner])))].sort()

/** One consultant's day: the store's work list and the cabinet slots of their open cards. */
export interface ConsultantPlan {
  readonly consultant: ConsultantId
  readonly dueToday: ReadonlyArray<CardSummary>
  readonly overdue: ReadonlyArray<CardSummary>
  /** Per grade slot: overdue, due today, upcoming. */
  readonly slots: ReadonlyArray<{
    readonly grade: string
    readonly overdue: number
    readonly dueToday: number
    readonly upcoming: number
  }>
  /** Overdue cards whose lapse rule says: downgrade (overdue long enough). */
  readonly lapsed: number
  /** Open cards (prospects and orders) the cabinet was built from. */
  readonly openCards: number
}

/** The work lists and cabinets of every consultant (or one) on a date. */
export const planOn = (tenant: Tenant, date: CalendarDate, policy: Policy, only?: ConsultantId) =>
  Effect.gen(function* () {
    const all = yield* allCards(tenant)
    const consultants = only === undefined ? consultantsOf(all) : [only]
    const plans: Array<ConsultantPlan> = []
    for (const consultant of consultants) {
      const list = yield* workList(scopeOf(tenant), consultant, date)
      const open = all.filter(
        (c) => c.owner === consultant && (c.status === "prospect" || c.status === "ordered")
      )
      // The cabinet reads each card's due date as the store keeps it (the card's summary): with the
      // last contact and the agreed contact both on that date, the core's follow-up rule gives
      // exactly that date, so the slots, the overdue days and the lapse rule read what the decider
      // scheduled, without loading every card's history.
      const inputs: Array<FollowUpInput & { readonly cardId: string }> = open.flatMap((summary) =>
        summary.grade === undefined || summary.nextContactDue === undefined
          ? []
          : [
              {
                cardId: summary.cardId,
                grade: summary.grade,
                openedOn: summary.openedOn ?? summary.nextContactDue,
                lastContactOn: summary.nextContactDue,
                agreedNextContactOn: summary.nextContactDue
              }
            ]
      )
      const day = cabinet(inputs, policy, date)
      plans.push({
        consultant,
        dueToday: list.dueToday,
        overdue: list.overdue,
        slots: day.slots.map((s) => ({
          grade: s.grade,
          overdue: s.overdue.length,
          dueToday: s.dueToday.length,
          upcoming: s.upcoming.length
        })),
        lapsed: day.slots.reduce(
          (n, s) => n + s.overdue.filter((c) => c.next.lapse?.action === "downgrade").length,
          0
        ),
        openCards: inputs.length
      })
    }
    return plans
  })

/** Renders the work lists: one row per consultant, one column per cabinet slot. */
export const renderPlan = (
  plans: ReadonlyArray<ConsultantPlan>,
  date: CalendarDate,
  policy: Policy,
  directory: Directory = emptyDirectory,
  viewer: Viewer = DEFAULT_VIEWER
): string => {
  const grades = knownGrades(policy)
  const summary = renderTable(
    [
      { header: "顾问 (Consultant)" },
      ...grades.map((g) => ({ header: `${g}级 (${g})`, align: "right" as const })),
      { header: "今日应联系 (Due today)", align: "right" },
      { header: "逾期 (Overdue)", align: "right" },
      { header: "逾期待降级 (Lapsed)", align: "right" },
      { header: "在跟进 (Open)", align: "right" }
    ],
    [
      ...plans.map((p) => [
        nameOf(directory, p.consultant),
        ...grades.map((g) => {
          const s = p.slots.find((x) => x.grade === g)
          return s === undefined || s.overdue + s.dueToday === 0 ? "·" : `${s.dueToday}/${s.overdue}`
        }),
        p.dueToday.length,
        p.overdue.length,
        p.lapsed,
        p.openCards
      ]),
      [
        "合计 (Total)",
        ...grades.map(() => ""),
        plans.reduce((n, p) => n + p.dueToday.length, 0),
        plans.reduce((n, p) => n + p.overdue.length, 0),
        plans.reduce((n, p) => n + p.lapsed, 0),
        plans.reduce((n, p) => n + p.openCards, 0)
      ]
    ]
  )
  const busiest = [...plans].sort(
    (a, b) => b.dueToday.length + b.overdue.length - (a.dueToday.length + a.overdue.length)
  )[0]
  const detail =
    busiest === undefined
      ? ""
      : `\n\n${nameOf(directory, busiest.consultant)} 的卡柜 (cabinet of ${nameOf(directory, busiest.consultant)}), first 10:\n${renderTable(
          [
            { header: "客户卡 (Card)" },
            { header: "客户 (Customer)" },
            { header: "电话 (Phone)" },
            { header: "级别 (Grade)" },
            { header: "状态 (Status)" },
            { header: "应联系日 (Due)" },
            { header: "逾期天数 (Days overdue)", align: "right" }
          ],
          [...busiest.overdue, ...busiest.dueToday]
            .slice(0, 10)
            .map((c) => [
              c.cardId,
              c.customerId === undefined ? "-" : shownName(directory, c.customerId, viewer, c.owner),
              c.phone === undefined ? "-" : shownPhone(c.phone, viewer, c.owner),
              c.grade ?? "-",
              bilingual(CardStatus.labels[c.status]),
              c.nextContactDue ?? "-",
              c.nextContactDue === undefined ? 0 : daysBetween(c.nextContactDue, date)
            ])
        )}`
  return `${heading(`今日工作清单 (Today's work list) — ${date}`)}\n卡柜 (cabinet) slots by grade, hottest first; each slot: due today / overdue\n${summary}${detail}`
}

/** A label as the demo's tables print it: `有望客户 (Prospect)`. */
export const bilingual = (label: Label): string => `${label["zh-CN"]} (${label.en})`

const daysBetween = (from: CalendarDate, to: CalendarDate) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)

/** The care contacts due on or before a date, per consultant. */
export const careOn = (tenant: Tenant, date: CalendarDate) =>
  Effect.gen(function* () {
    const due = yield* careDue(scopeOf(tenant), date)
    const byOwner = new Map<
      string,
      { today: number; overdue: number; critical: number; rules: Map<string, number> }
    >()
    for (const c of due) {
      const key = c.owner ?? "-"
      let row = byOwner.get(key)
      if (row === undefined) {
        row = { today: 0, overdue: 0, critical: 0, rules: new Map() }
        byOwner.set(key, row)
      }
      if (c.on === date) row.today++
      else row.overdue++
      if (c.critical) row.critical++
      row.rules.set(c.ruleId, (row.rules.get(c.ruleId) ?? 0) + 1)
    }
    return { total: due.length, byOwner: [...byOwner].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) }
  })

/** Renders the care contacts due. */
export const renderCare = (
  care: Effect.Success<ReturnType<typeof careOn>>,
  date: CalendarDate,
  directory: Directory = emptyDirectory
): string =>
  `${heading(`保客关怀待办 (Owned-customer care contacts due) — ${date}`)}\n${renderTable(
    [
      { header: "顾问 (Consultant)" },
      { header: "今日 (Today)", align: "right" },
      { header: "逾期 (Overdue)", align: "right" },
      { header: "关键期 (Critical)", align: "right" },
      { header: "规则 (Rules)" }
    ],
    [
      ...care.byOwner.map(([owner, r]) => [
        nameOf(directory, owner),
        r.today,
        r.overdue,
        r.critical,
        [...r.rules]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([rule, n]) => `${careLabel(rule)["zh-CN"]}×${n}`)
          .join(" ")
      ]),
      [
        "合计 (Total)",
        care.byOwner.reduce((n, [, r]) => n + r.today, 0),
        care.byOwner.reduce((n, [, r]) => n + r.overdue, 0),
        care.byOwner.reduce((n, [, r]) => n + r.critical, 0),
        ""
      ]
    ]
  )}`

/** Cards by status and consultant, from `listCards`. */
export const renderStatuses = (
  cards: ReadonlyArray<CardSummary>,
  directory: Directory = emptyDirectory
): string => {
  const statuses: ReadonlyArray<CardStatus> = [
    "prospect",
    "ordered",
    "owned",
    "defeatRequested",
    "defeated",
    "invalid"
  ]
  const consultants = consultantsOf(cards)
  const count = (owner: ConsultantId | undefined, status: CardStatus) =>
    cards.filter((c) => (owner === undefined || c.owner === owner) && c.status === status).length
  return `${heading("客户卡状态 (Cards by status)")}\n${renderTable(
    [
      { header: "顾问 (Consultant)" },
      ...statuses.map((s) => ({ header: bilingual(CardStatus.labels[s]), align: "right" as const })),
      { header: "合计 (Total)", align: "right" }
    ],
    [
      ...consultants.map((c) => [
        nameOf(directory, c),
        ...statuses.map((s) => count(c, s)),
        cards.filter((x) => x.owner === c).length
      ]),
      ["合计 (Total)", ...statuses.map((s) => count(undefined, s)), cards.length]
    ]
  )}`
}

/**
 * The month's referral settlement as the store holds it (the core's `settlement`: the deliveries
 * with their sales, the surveys, the referrals and the ledger), rendered; the demo's section and
 * `settle <month>` print exactly this.
 */
export const settlementReport = (
  tenant: Tenant,
  month: YearMonth,
  directory: Directory = emptyDirectory,
  viewer: Viewer = DEFAULT_VIEWER
) =>
  Effect.gen(function* () {
    const statement = yield* settlement(scopeOf(tenant), month)
    // a referrer is a customer: whose customer, from their cards
    const owners = new Map<string, string>()
    if (statement.parties.some((p) => p.party.kind !== "consultant"))
      for (const c of yield* allCards(tenant))
        if (c.customerId !== undefined && c.owner !== undefined) owners.set(c.customerId, c.owner)
    return `${renderSettlement(statement, directory, viewer, (id) => owners.get(id))}\n(from the store: the deliveries with their sales (retail, fleet), the surveys, the referrals and the ledger of ${month})`
  })

/** Renders a settlement statement: the parties' totals, then the lines by kind, then problems. */
export const renderSettlement = (
  statement: SettlementStatement,
  directory: Directory = emptyDirectory,
  viewer: Viewer = DEFAULT_VIEWER,
  ownerOf: (customerId: string) => string | undefined = () => undefined
): string => {
  const byKind = new Map<string, { lines: number; fen: number }>()
  for (const line of statement.lines) {
    const k = byKind.get(line.kind) ?? { lines: 0, fen: 0 }
    byKind.set(line.kind, { lines: k.lines + 1, fen: k.fen + line.amountFen })
  }
  const parties = renderTable(
    [
      { header: "对象 (Party)" },
      { header: "类型 (Kind)" },
      { header: "行数 (Lines)", align: "right" },
      { header: "金额/元 (Yuan)", align: "right" }
    ],
    [
      ...statement.parties.map((p) => [
        p.party.kind === "consultant"
          ? nameOf(directory, p.party.id)
          : shownName(directory, p.party.id, viewer, ownerOf(p.party.id)),
        p.party.kind === "consultant" ? "顾问 (Consultant)" : "推荐人 (Referrer)",
        p.lines,
        yuan(p.totalFen)
      ]),
      ["合计 (Total)", "", statement.lines.length, yuan(statement.totalFen)]
    ]
  )
  const kinds = renderTable(
    [
      { header: "项目 (Line kind)" },
      { header: "行数 (Lines)", align: "right" },
      { header: "金额/元 (Yuan)", align: "right" }
    ],
    SettlementLineKind.values
      .filter((k) => byKind.has(k))
      .map((k) => {
        const v = byKind.get(k) ?? { lines: 0, fen: 0 }
        const label = SettlementLineKind.labels[k]
        return [`${label["zh-CN"]} (${label.en})`, v.lines, yuan(v.fen)]
      })
  )
  const problems =
    statement.problems.length === 0
      ? "问题 (Problems): none"
      : `问题 (Problems):\n${statement.problems.map((p) => `  ${p.factId}: ${maskedText(p.message, viewer, undefined)}`).join("\n")}`
  return `${heading(`月度推荐结算 (Referral settlement) — ${statement.month}`)}\n${parties}\n\n${kinds}\n${problems}`
}

/** How the close of day's messages read, by topic. */
const topicLabels: Record<string, string> = {
  "notify.careContact": "保客关怀 (care contacts)",
  "notify.voucherExpiring": "奖励券到期提醒 (voucher reminders)"
}

/**
 * What a close of day did, as `close-day` and the demo print it: the cards whose grade lapsed
 * (card, customer, consultant, from, to, the lapse step's rule id), the vouchers expired, the
 * messages queued in the outbox (`fresh`: the ids not there before; by topic, never a phone), and
 * the problems. A day closed again shows nothing new.
 */
export const renderDayClosed = (
  closed: DayClosed,
  cards: ReadonlyArray<CardSummary>,
  fresh: ReadonlyArray<{ readonly id: string; readonly topic: string }>,
  directory: Directory = emptyDirectory,
  viewer: Viewer = DEFAULT_VIEWER
): string => {
  const title = heading(`日结 (Close of day) — ${closed.day}`)
  const problems =
    closed.problems.length === 0
      ? "问题 (Problems): none"
      : `问题 (Problems):\n${closed.problems.map((p) => `  ${p.id}: ${p.error}: ${maskedText(p.message, viewer, undefined)}`).join("\n")}`
  if (closed.lapsed.length === 0 && closed.vouchersExpired.length === 0 && fresh.length === 0)
    return `${title}\n无新变化 (Nothing new): no grade lapsed, no voucher expired, no message queued; the day was closed already or had nothing to close.\n${problems}`
  const byId = new Map(cards.map((c) => [c.cardId as string, c]))
  const lapsed =
    closed.lapsed.length === 0
      ? "逾期降级 (Lapsed grades): none"
      : `逾期降级 (Lapsed grades): ${closed.lapsed.length}\n${renderTable(
          [
            { header: "客户卡 (Card)" },
            { header: "客户 (Customer)" },
            { header: "顾问 (Consultant)" },
            { header: "原级别 (From)" },
            { header: "新级别 (To)" },
            { header: "规则编号 (Rule id)" }
          ],
          closed.lapsed.map((l) => {
            const card = byId.get(l.cardId)
            return [
              l.cardId,
              card?.customerId === undefined
                ? "-"
                : shownName(directory, card.customerId, viewer, card.owner),
              card?.owner === undefined ? "-" : nameOf(directory, card.owner),
              l.from,
              l.to,
              l.ruleId
            ]
          })
        )}`
  const vouchers =
    closed.vouchersExpired.length === 0
      ? "过期奖励券 (Vouchers expired): none"
      : `过期奖励券 (Vouchers expired): ${closed.vouchersExpired.length}\n${renderTable(
          [{ header: "推荐 (Referral)" }, { header: "奖励券 (Voucher)" }],
          closed.vouchersExpired.map((v) => [v.referralId, v.voucherId])
        )}`
  const topics = new Map<string, number>()
  for (const m of fresh) topics.set(m.topic, (topics.get(m.topic) ?? 0) + 1)
  const messages = `外发消息 (Messages queued): ${fresh.length}${
    fresh.length === 0
      ? ""
      : ` — ${[...topics]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([t, n]) => `${topicLabels[t] ?? t} ×${n}`)
          .join(", ")}`
  }`
  return [title, lapsed, vouchers, messages, problems].join("\n")
}

/**
 * Reads what `renderDayClosed` needs besides the close itself: the store's cards (for the lapsed
 * cards' customers and consultants) and the queued messages among `ids` that were not in the
 * outbox `before` (their topics).
 */
export const dayClosedReport = (
  tenant: Tenant,
  closed: DayClosed,
  before: ReadonlySet<string>,
  directory: Directory = emptyDirectory,
  viewer: Viewer = DEFAULT_VIEWER
) =>
  Effect.gen(function* () {
    const ids = new Set(closed.messages.filter((id) => !before.has(id)))
    const queued = ids.size === 0 ? [] : yield* Outbox.use((o) => o.list(scopeOf(tenant)))
    const fresh = queued.filter((m) => ids.has(m.id)).map((m) => ({ id: m.id, topic: m.topic }))
    const cards = closed.lapsed.length === 0 ? [] : yield* allCards(tenant)
    return renderDayClosed(closed, cards, fresh, directory, viewer)
  })
