/**
 * The dealer's analytics over a range of days: the funnel by lead source, referrals (close rate,
 * share of deals by source), follow-up effectiveness (deals by the number of follow-up contacts
 * before the order, against the policy's 2/3/5/10/80 reference bands), defeat reasons with the
 * defeat-audit rejection rate, and referral chains (一拓五). Pure functions of the range's report
 * rows and the histories of the range's ordered cards, linear in them.
 *
 * @module
 */
import type { CardEvent } from "../card/CardEvent.js"
import type { CardId } from "../kernel/Ids.js"
import type { Label, Locale } from "../kernel/Label.js"
import { LeadSource } from "../kernel/LeadSource.js"
import type { Policy, SectionSource } from "../policy/Policy.js"
import { type ChainAnalysis, type ReferralEdge, referralChains } from "../referral/ReferralChain.js"
import type { ReportEvent, ReportReferral } from "./ReportRows.js"
import type { CardHistory, DayRange } from "./ReportSource.js"
import type { ReportCell, ReportTable } from "./ReportTable.js"

const label = (zh: string, en: string): Label => ({ "zh-CN": zh, en })
const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d)

/**
 * The rule ids of the analytics.
 *
 * @example
 * ```ts
 * import { analyticsRuleIds } from "@jipan/core"
 * analyticsRuleIds.funnel // "analytics.funnel"
 * ```
 */
export const analyticsRuleIds = {
  /** Cohort: the cards opened in the range; stages: a test drive, an order, a delivery, an approved defeat, each in the range. */
  funnel: "analytics.funnel",
  /** Referrals registered in the range: closed when the referee took delivery, rejected when rejected or voided. */
  referrals: "analytics.referrals",
  /** Deliveries in the range by the card's lead source. */
  dealsBySource: "analytics.dealsBySource",
  /** Orders in the range by the number of ContactLogged events before the card's first order, in the policy's bands. */
  followUp: "analytics.followUp",
  /** Approved defeats in the range by reason; rejection rate = rejected ÷ (approved + rejected). */
  defeats: "analytics.defeats",
  /** Who brought whom among the range's referrals not rejected. */
  chains: "analytics.chains"
} as const

/**
 * One lead source's funnel: cards opened in the range, and how many of them had a test drive,
 * an order, a delivery or an approved defeat in the range, with the rates against `opened`.
 *
 * @example
 * ```ts
 * import type { FunnelRow } from "@jipan/core"
 * const closeRate = (r: FunnelRow) => r.deliveredRate
 * ```
 */
export interface FunnelRow {
  readonly source: LeadSource
  readonly opened: number
  readonly testDriven: number
  readonly ordered: number
  readonly delivered: number
  readonly defeated: number
  readonly testDriveRate: number | null
  readonly orderRate: number | null
  readonly deliveredRate: number | null
}

/**
 * One band of follow-up effectiveness: the orders closed after `minContacts`..`maxContacts`
 * follow-up contacts, their share of all orders, and the policy's reference share. The band
 * `beyond` (no reference) holds orders past every band.
 *
 * @example
 * ```ts
 * import type { FollowUpBandRow } from "@jipan/core"
 * const gap = (b: FollowUpBandRow) => (b.share ?? 0) - (b.referenceShare ?? 0)
 * ```
 */
export interface FollowUpBandRow {
  readonly id: string
  readonly label: Label
  readonly minContacts: number
  readonly maxContacts: number | null
  readonly orders: number
  readonly share: number | null
  readonly referenceShare: number | null
  readonly cardIds: ReadonlyArray<CardId>
}

/**
 * One defeat reason: approved defeats with it and their share.
 *
 * @example
 * ```ts
 * import type { DefeatReasonRow } from "@jipan/core"
 * const top = (rows: ReadonlyArray<DefeatReasonRow>) => rows[0]?.reasonId
 * ```
 */
export interface DefeatReasonRow {
  readonly typeId: string
  readonly reasonId: string
  readonly label: Label
  readonly count: number
  readonly share: number | null
}

/**
 * The analytics of a range.
 *
 * @example
 * ```ts
 * import type { Analytics } from "@jipan/core"
 * const referralShare = (a: Analytics) => a.dealsBySource.find((r) => r.source === "referral")?.share
 * ```
 */
export interface Analytics {
  readonly range: DayRange
  readonly funnel: ReadonlyArray<FunnelRow>
  readonly referrals: {
    readonly registered: number
    readonly closed: number
    readonly ordered: number
    readonly rejected: number
    readonly closeRate: number | null
    readonly rejectionRate: number | null
    /**
     * The referrals of key persons (关键人), tracked as group-purchase leads (团购线索): registered and
     * closed (the referee took delivery).
     */
    readonly groupPurchase: { readonly leads: number; readonly closed: number }
  }
  readonly dealsBySource: ReadonlyArray<{
    readonly source: LeadSource
    readonly deals: number
    readonly share: number | null
  }>
  readonly followUp: ReadonlyArray<FollowUpBandRow>
  readonly defeats: {
    readonly reasons: ReadonlyArray<DefeatReasonRow>
    readonly approved: number
    readonly rejected: number
    readonly rejectionRate: number | null
  }
  readonly chains: ChainAnalysis
  readonly ruleIds: ReadonlyArray<string>
  readonly policy: { readonly reports: SectionSource; readonly lifecycle: SectionSource }
}

/**
 * What the analytics read: the range, its card events, the referrals registered in it, and the
 * histories of the cards with an order in the range (for the contact count before the order;
 * others are ignored).
 *
 * @example
 * ```ts
 * import type { AnalyticsInput } from "@jipan/core"
 * const input: AnalyticsInput = { range, events: reportEvents, referrals, orderedHistories: histories }
 * ```
 */
export interface AnalyticsInput {
  readonly range: DayRange
  readonly events: ReadonlyArray<ReportEvent>
  readonly referrals: ReadonlyArray<ReportReferral>
  readonly orderedHistories: ReadonlyArray<CardHistory>
}

/** The number of ContactLogged events before a card's first OrderPlaced (undefined without an order). */
const contactsBeforeOrder = (history: ReadonlyArray<CardEvent>): number | undefined => {
  let n = 0
  for (const e of history) {
    if (e._tag === "OrderPlaced") return n
    if (e._tag === "ContactLogged") n++
  }
  return undefined
}

/**
 * Computes the analytics of a range (see {@link analyticsRuleIds} for each figure's rule).
 *
 * @example
 * ```ts
 * import { analytics, defaultPolicy } from "@jipan/core"
 * analytics({ range, events: reportEvents, referrals, orderedHistories: histories }, defaultPolicy).followUp.map((b) => b.orders)
 * ```
 */
export const analytics = (input: AnalyticsInput, policy: Policy): Analytics => {
  const { range } = input
  const inRange = (d: string) => range.from <= d && d <= range.to
  const key = (e: ReportEvent) => `${e.tenant.storeId}\u0000${e.cardId}`

  // funnel: the cohort of cards opened in the range, then their stages (a Set per stage)
  const cohort = new Map<string, LeadSource>()
  const stages = {
    testDriven: new Set<string>(),
    ordered: new Set<string>(),
    delivered: new Set<string>(),
    defeated: new Set<string>()
  }
  const deals = new Map<LeadSource, number>()
  let deliveries = 0
  const orderedCards = new Set<string>()
  const reasonCounts = new Map<string, number>()
  let approved = 0
  let rejected = 0
  for (const r of input.events) {
    const e = r.event
    if (!inRange(e.on)) continue
    const k = key(r)
    switch (e._tag) {
      case "CardOpened":
        cohort.set(k, e.source)
        if (e.evidence.testDriveDone === true) stages.testDriven.add(k)
        break
      case "ContactLogged":
        if (e.evidence.testDriveDone === true) stages.testDriven.add(k)
        break
      case "OrderPlaced":
        stages.ordered.add(k)
        if (!orderedCards.has(k)) orderedCards.add(k)
        break
      case "Delivered":
        stages.delivered.add(k)
        deliveries++
        if (r.source !== undefined) deals.set(r.source, (deals.get(r.source) ?? 0) + 1)
        break
      case "DefeatApproved":
        stages.defeated.add(k)
        approved++
        reasonCounts.set(
          `${e.defeat.typeId}\u0000${e.defeat.reasonId}`,
          (reasonCounts.get(`${e.defeat.typeId}\u0000${e.defeat.reasonId}`) ?? 0) + 1
        )
        break
      case "DefeatRejected":
        rejected++
        break
      default:
        break
    }
  }
  const funnelCounts = new Map<
    LeadSource,
    { opened: number; testDriven: number; ordered: number; delivered: number; defeated: number }
  >()
  for (const [k, source] of cohort) {
    let c = funnelCounts.get(source)
    if (c === undefined) {
      c = { opened: 0, testDriven: 0, ordered: 0, delivered: 0, defeated: 0 }
      funnelCounts.set(source, c)
    }
    c.opened++
    if (stages.testDriven.has(k)) c.testDriven++
    if (stages.ordered.has(k)) c.ordered++
    if (stages.delivered.has(k)) c.delivered++
    if (stages.defeated.has(k)) c.defeated++
  }
  const funnel: Array<FunnelRow> = LeadSource.values.map((source) => {
    const c = funnelCounts.get(source) ?? { opened: 0, testDriven: 0, ordered: 0, delivered: 0, defeated: 0 }
    return {
      source,
      ...c,
      testDriveRate: ratio(c.testDriven, c.opened),
      orderRate: ratio(c.ordered, c.opened),
      deliveredRate: ratio(c.delivered, c.opened)
    }
  })

  // referrals registered in the range
  let registered = 0
  let closed = 0
  let refOrdered = 0
  let refRejected = 0
  let groupLeads = 0
  let groupClosed = 0
  const edges: Array<ReferralEdge> = []
  for (const r of input.referrals) {
    if (!inRange(r.registeredOn)) continue
    registered++
    if (r.referrerKind === "keyPerson") {
      groupLeads++
      if (r.refereeDeliveredOn !== undefined) groupClosed++
    }
    if (r.refereeDeliveredOn !== undefined) closed++
    if (r.refereeOrdered) refOrdered++
    if (r.rejected) refRejected++
    else
      edges.push({
        referrerId: r.referrerId,
        refereeId: r.refereeId,
        converted: r.refereeDeliveredOn !== undefined
      })
  }

  // follow-up effectiveness: orders of the range by contacts before the first order
  const bands = policy.reports.followUpReference
  const bandOrders = bands.map(() => [] as Array<CardId>)
  const beyond: Array<CardId> = []
  let orders = 0
  const seen = new Set<string>()
  for (const h of input.orderedHistories) {
    const k = `${h.tenant.storeId}\u0000${h.cardId}`
    if (!orderedCards.has(k) || seen.has(k)) continue
    seen.add(k)
    const n = contactsBeforeOrder(h.history)
    if (n === undefined) continue
    orders++
    const i = bands.findIndex((b) => b.minContacts <= n && n <= b.maxContacts)
    if (i < 0) beyond.push(h.cardId)
    else (bandOrders[i] as Array<CardId>).push(h.cardId)
  }
  const followUp: Array<FollowUpBandRow> = bands.map((b, i) => {
    const cards = bandOrders[i] as Array<CardId>
    return {
      id: b.id,
      label: b.label,
      minContacts: b.minContacts,
      maxContacts: b.maxContacts,
      orders: cards.length,
      share: ratio(cards.length, orders),
      referenceShare: b.share,
      cardIds: cards
    }
  })
  const lastBand = Math.max(...bands.map((b) => b.maxContacts))
  followUp.push({
    id: "beyond",
    label: label(`第${lastBand + 1}次跟进及以后`, `After the ${lastBand + 1}th follow-up or later`),
    minContacts: lastBand + 1,
    maxContacts: null,
    orders: beyond.length,
    share: ratio(beyond.length, orders),
    referenceShare: null,
    cardIds: beyond
  })

  // defeat reasons, labelled from the policy's catalogue
  const reasons: Array<DefeatReasonRow> = []
  for (const [k, count] of reasonCounts) {
    const [typeId, reasonId] = k.split("\u0000") as [string, string]
    const type = policy.lifecycle.defeatReasonTypes.find((t) => t.id === typeId)
    const reason = type?.reasons.find((x) => x.id === reasonId)
    reasons.push({
      typeId,
      reasonId,
      label: reason?.label ?? label(reasonId, reasonId),
      count,
      share: ratio(count, approved)
    })
  }
  reasons.sort(
    (a, b) => b.count - a.count || (a.reasonId < b.reasonId ? -1 : a.reasonId > b.reasonId ? 1 : 0)
  )

  return {
    range,
    funnel,
    referrals: {
      registered,
      closed,
      ordered: refOrdered,
      rejected: refRejected,
      closeRate: ratio(closed, registered),
      rejectionRate: ratio(refRejected, registered),
      groupPurchase: { leads: groupLeads, closed: groupClosed }
    },
    dealsBySource: LeadSource.values.map((source) => ({
      source,
      deals: deals.get(source) ?? 0,
      share: ratio(deals.get(source) ?? 0, deliveries)
    })),
    followUp,
    defeats: { reasons, approved, rejected, rejectionRate: ratio(rejected, approved + rejected) },
    chains: referralChains(edges),
    ruleIds: Object.values(analyticsRuleIds),
    policy: { reports: policy.provenance.reports, lifecycle: policy.provenance.lifecycle }
  }
}

/**
 * Renders the analytics as {@link ReportTable}s: the funnel by source, deals and referrals, the
 * follow-up effectiveness against the reference, the defeat reasons, and the referral chain
 * levels.
 *
 * @example
 * ```ts
 * import { analyticsTables, type Analytics } from "@jipan/core"
 * declare const a: Analytics // analytics(…)
 * analyticsTables(a, { locale: "en" }).map((t) => t.id) // ["funnel", "deals-by-source", "follow-up", "defeat-reasons", "referral-chains"]
 * ```
 */
export const analyticsTables = (
  a: Analytics,
  options: { readonly locale?: Locale } = {}
): ReadonlyArray<ReportTable> => {
  const locale = options.locale ?? "zh-CN"
  const funnel: ReportTable = {
    id: "funnel",
    title: label(
      `来源漏斗 ${a.range.from}~${a.range.to}`,
      `Funnel by lead source ${a.range.from}–${a.range.to}`
    ),
    columns: [
      { key: "source", label: label("来源", "Source"), kind: "text" },
      { key: "opened", label: label("建卡", "Cards opened"), kind: "integer" },
      { key: "testDriven", label: label("试驾", "Test drives"), kind: "integer" },
      { key: "ordered", label: label("订单", "Orders"), kind: "integer" },
      { key: "delivered", label: label("交车", "Deliveries"), kind: "integer" },
      { key: "defeated", label: label("战败", "Defeated"), kind: "integer" },
      { key: "testDriveRate", label: label("试驾率", "Test-drive rate"), kind: "percent" },
      { key: "orderRate", label: label("订单率", "Order rate"), kind: "percent" },
      { key: "deliveredRate", label: label("成交率", "Close rate"), kind: "percent" }
    ],
    rows: a.funnel.map(
      (r): Record<string, ReportCell> => ({ ...r, source: LeadSource.label(r.source, locale) })
    )
  }
  const deals: ReportTable = {
    id: "deals-by-source",
    title: label("成交来源构成与转介绍", "Deals by source and referrals"),
    columns: [
      { key: "item", label: label("项目", "Item"), kind: "text" },
      { key: "count", label: label("数量", "Count"), kind: "integer" },
      { key: "share", label: label("占比", "Share"), kind: "percent" }
    ],
    rows: [
      ...a.dealsBySource.map((r) => ({
        item: `${locale === "zh-CN" ? "交车-" : "Deliveries: "}${LeadSource.label(r.source, locale)}`,
        count: r.deals,
        share: r.share
      })),
      {
        item: locale === "zh-CN" ? "转介绍登记" : "Referrals registered",
        count: a.referrals.registered,
        share: null
      },
      {
        item: locale === "zh-CN" ? "转介绍成交" : "Referrals closed",
        count: a.referrals.closed,
        share: a.referrals.closeRate
      },
      {
        item: locale === "zh-CN" ? "转介绍驳回" : "Referrals rejected",
        count: a.referrals.rejected,
        share: a.referrals.rejectionRate
      },
      {
        item: locale === "zh-CN" ? "团购线索(关键人推荐)" : "Group-purchase leads (key persons' referrals)",
        count: a.referrals.groupPurchase.leads,
        share: null
      },
      {
        item: locale === "zh-CN" ? "团购成交" : "Group purchases closed",
        count: a.referrals.groupPurchase.closed,
        share: ratio(a.referrals.groupPurchase.closed, a.referrals.groupPurchase.leads)
      }
    ]
  }
  const followUp: ReportTable = {
    id: "follow-up",
    title: label("跟进次数与成交(对照 2/3/5/10/80)", "Orders by follow-up contact (against 2/3/5/10/80)"),
    columns: [
      { key: "band", label: label("跟进次数", "Follow-ups"), kind: "text" },
      { key: "orders", label: label("订单", "Orders"), kind: "integer" },
      { key: "share", label: label("占比", "Share"), kind: "percent" },
      { key: "referenceShare", label: label("参考占比", "Reference share"), kind: "percent" }
    ],
    rows: a.followUp.map((b) => ({
      band: b.label[locale],
      orders: b.orders,
      share: b.share,
      referenceShare: b.referenceShare
    }))
  }
  const defeats: ReportTable = {
    id: "defeat-reasons",
    title: label("战败原因分析", "Defeat reasons"),
    columns: [
      { key: "defeatReason", label: label("战败原因", "Reason"), kind: "text" },
      { key: "count", label: label("数量", "Count"), kind: "integer" },
      { key: "share", label: label("占比", "Share"), kind: "percent" }
    ],
    rows: [
      ...a.defeats.reasons.map((r) => ({ defeatReason: r.label[locale], count: r.count, share: r.share })),
      {
        defeatReason: locale === "zh-CN" ? "战败审核驳回" : "Defeat requests rejected",
        count: a.defeats.rejected,
        share: a.defeats.rejectionRate
      }
    ]
  }
  const chains: ReportTable = {
    id: "referral-chains",
    title: label(`转介绍链(最深 ${a.chains.depth} 层)`, `Referral chains (depth ${a.chains.depth})`),
    columns: [
      { key: "level", label: label("层级", "Level"), kind: "integer" },
      { key: "referred", label: label("介绍人数", "Referred"), kind: "integer" },
      { key: "converted", label: label("成交", "Converted"), kind: "integer" },
      { key: "conversionRate", label: label("成交率", "Conversion rate"), kind: "percent" }
    ],
    rows: a.chains.levels.map((l) => ({ ...l }))
  }
  return [funnel, deals, followUp, defeats, chains]
}
