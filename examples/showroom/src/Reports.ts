/**
 * What the showroom prints, read back from the store through the public use cases and computed
 * with the core's pure functions: the consultants' work lists and card cabinets (`workList`,
 * `cabinet`), the owned-customer care contacts due (`careDue`), the cards by status
 * (`listCards`), and the month's referral settlement (`settleMonth` over the deliveries, referrals
 * and ledger in the store). Each report returns data and renders it as a table.
 *
 * @module
 */
import {
  type CalendarDate,
  CardStatus,
  type CardSummary,
  type ConsultantId,
  type ContactRecord,
  cabinet,
  careDue,
  type DeliveryFact,
  defaultPolicy,
  evolveCard,
  type FollowUpInput,
  getReferral,
  initialCardState,
  knownGrades,
  type Label,
  type LedgerEntry,
  listCards,
  type Policy,
  type PolicyAt,
  PolicyStore,
  policyAt,
  type ReferralFact,
  ReferralId,
  ReportSource,
  readLedger,
  referralFactOf,
  SettlementLineKind,
  type SettlementStatement,
  type Survey,
  settleMonth,
  type Tenant,
  type TenantScope,
  workList,
  type YearMonth
} from "@jipan/core"
import { Effect, Result } from "effect"
import { careLabel } from "./Forms.js"
import { type Directory, emptyDirectory, maskPhone, maskPhonesIn, nameOf } from "./People.js"
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

/**
 * The policy the store decides under: its stored documents resolved per store and date, or, when
 * the dealer group has none (as in the demo), the default policy — the use cases' own fallback.
 */
export const policyLookup = (tenant: Tenant) =>
  Effect.gen(function* () {
    const documents = yield* (yield* PolicyStore).documents(tenant.dealerGroupId)
    const at: PolicyAt =
      documents.length === 0 ? () => Result.succeed(defaultPolicy) : policyAt(documents, tenant.dealerGroupId)
    return at
  })

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
  directory: Directory = emptyDirectory
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
              c.customerId === undefined ? "-" : nameOf(directory, c.customerId),
              c.phone === undefined ? "-" : maskPhone(c.phone),
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
 * The settlement facts in the store: every delivered card (delivery id `dlv-<card id>`, the
 * showroom's convention, retail, one unit; from the cards' histories, read at once through the
 * `ReportSource` port), every referral the store lists (its report rows, then each referral's
 * state) and the whole reward ledger. Surveys are not kept by the store; pass them in.
 */
export const settlementFacts = (tenant: Tenant, surveys: ReadonlyArray<ContactRecord>) =>
  Effect.gen(function* () {
    const source = yield* ReportSource
    const owned = yield* allCards(tenant, { status: ["owned"] })
    // the owned cards' histories in one read, folded here (not one getCard per card)
    const histories = yield* source.histories(
      tenant,
      owned.map((c) => c.cardId)
    )
    const deliveries: Array<DeliveryFact> = []
    for (const h of [...histories].sort((a, b) => (a.cardId < b.cardId ? -1 : 1))) {
      const state = h.history.reduce(evolveCard, initialCardState)
      if (state.delivery === undefined || state.customerId === undefined || state.owner === undefined)
        continue
      deliveries.push({
        deliveryId: `dlv-${h.cardId}`,
        customerId: state.customerId,
        consultantId: state.owner,
        storeId: tenant.storeId,
        deliveredOn: state.delivery.deliveredOn,
        saleKind: "retail",
        units: 1
      })
    }
    // every referral the store has (its report rows), then each one's state for its facts
    const listed = yield* source.referralsOn(scopeOf(tenant), {
      from: "2000-01-01" as CalendarDate,
      to: "2100-12-31" as CalendarDate
    })
    const referrals: Array<ReferralFact> = []
    for (const r of [...listed].sort((a, b) => (a.referralId < b.referralId ? -1 : 1))) {
      const { state } = yield* getReferral(tenant, ReferralId.make(r.referralId))
      const fact = referralFactOf(state)
      if (fact !== undefined) referrals.push(fact)
    }
    const ledger: ReadonlyArray<LedgerEntry> = (yield* readLedger(scopeOf(tenant))).map((r) => r.entry)
    return { deliveries, referrals, contacts: surveys, ledger }
  })

/** Surveys as the settlement's contact records (a survey contact carries the satisfaction). */
export const surveyContacts = (
  surveys: ReadonlyArray<Survey>,
  owners: ReadonlyMap<string, ConsultantId>
): Array<ContactRecord> =>
  surveys.flatMap((s, i) => {
    const consultantId = owners.get(s.customerId)
    return consultantId === undefined
      ? []
      : [
          {
            contactId: `survey-${String(i + 1).padStart(4, "0")}`,
            consultantId,
            customerId: s.customerId,
            on: s.surveyedOn,
            satisfaction: s.satisfaction
          }
        ]
  })

/** Settles a month over the store's facts (and the surveys given). */
export const settle = (tenant: Tenant, month: YearMonth, surveys: ReadonlyArray<ContactRecord>) =>
  Effect.gen(function* () {
    const history = yield* settlementFacts(tenant, surveys)
    const at = yield* policyLookup(tenant)
    return { history, statement: settleMonth(history, month, at) }
  })

/** Renders a settlement statement: the parties' totals, then the lines by kind, then problems. */
export const renderSettlement = (
  statement: SettlementStatement,
  directory: Directory = emptyDirectory
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
        nameOf(directory, p.party.id),
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
      : `问题 (Problems):\n${statement.problems.map((p) => `  ${p.factId}: ${maskPhonesIn(p.message)}`).join("\n")}`
  return `${heading(`月度推荐结算 (Referral settlement) — ${statement.month}`)}\n${parties}\n\n${kinds}\n${problems}`
}
