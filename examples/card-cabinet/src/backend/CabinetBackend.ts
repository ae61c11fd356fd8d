/**
 * The one interface the views call. Two implementations: offline (the Promise facade of
 * `@jipan/core` on PGlite in the browser, persisted to IndexedDB) and online (the DMS API's
 * routes). The views never know which one they talk to.
 *
 * @module
 */
import type {
  Analytics,
  CardState,
  CareContactDue,
  DailyReport,
  FindingsReport,
  HandledCard,
  ProgressControlTable,
  StoredCard,
  StoredReferral,
  SuggestedVisit,
  VisitPlanRow,
  WorkList
} from "@jipan/core"

/** Which backend runs the cabinet. */
export type Mode = "offline" | "online"

/** A tenant as plain strings. */
export interface TenantRef {
  readonly dealerGroupId: string
  readonly storeId: string
}

/** One card as a tile of the cabinet: the columns the grid, the filters and the tiles read. */
export interface CardTile {
  readonly cardId: string
  readonly status: CardState["status"]
  readonly grade: string | undefined
  readonly nextContactDue: string | undefined
  readonly owner: string | undefined
  readonly phone: string | undefined
  readonly customerId: string | undefined
  readonly source: string | undefined
  readonly intent: string | undefined
  readonly openedOn: string | undefined
  readonly model: string | undefined
  /** A broad-base card's kind (他牌基盘 / 本牌他销); `undefined` for every other card. */
  readonly broadBase: "otherBrandOwner" | "boughtElsewhere" | undefined
  /** The card's base-visit plans (基盘拜访计划), one a month at most. */
  readonly visitPlans: ReadonlyArray<PlannedVisitRef>
}

/** A month's planned visit of a card as a tile keeps it. */
export interface PlannedVisitRef {
  readonly month: string
  readonly week: number
  readonly means: "call" | "visit" | "letter"
}

/**
 * The base-visit plan's reads (PDCA): the core's suggestion for a consultant's month and the
 * month's plan against what was done. Plans are made and changed with the card commands
 * `PlanVisit` / `UnplanVisit` through {@link CabinetBackend.handle}.
 */
export interface VisitPlanReads {
  /** The suggested plan of a consultant's month (YYYY-MM) from the cabinet. */
  readonly suggest: (consultantId: string, month: string) => Promise<ReadonlyArray<SuggestedVisit>>
  /** The month's plan against what was done as of a day, per consultant. */
  readonly check: (month: string, asOf: string) => Promise<ReadonlyArray<VisitPlanRow>>
}

/** A referral to register from an owned customer's card (推荐登记). */
export interface ReferralInput {
  readonly referrerCardId: string
  readonly refereeName: string
  readonly refereePhone: string
  readonly askedAt: "delivery" | "day7PhotoVisit" | "event" | "other"
  readonly on: string
}

/** The backend the views call; every method rejects with the core's typed errors (`_tag`). */
export interface CabinetBackend {
  readonly mode: Mode
  readonly tenant: TenantRef
  /** The working day (YYYY-MM-DD): the demo's fixed day offline, the real day online. */
  readonly today: string
  /** The instant (epoch ms) a command issued now carries: on the working day. */
  readonly now: () => number
  /** The store's consultants. */
  readonly consultants: ReadonlyArray<string>
  /** The supervisor's id (who approves defeats). */
  readonly supervisor: string
  /** Every card of the store (or one consultant's) as tiles. */
  readonly tiles: (owner?: string) => Promise<ReadonlyArray<CardTile>>
  /** A consultant's cards due on `date` and overdue. */
  readonly workList: (consultantId: string, date: string) => Promise<WorkList>
  /** Owned-customer care contacts due on or before `date`. */
  readonly careDue: (date: string, consultantId?: string) => Promise<ReadonlyArray<CareContactDue>>
  /** One card with its history. */
  readonly card: (cardId: string) => Promise<StoredCard>
  /** Runs a card command (the core's `CardCommand` as plain data). */
  readonly handle: (cardId: string, command: Record<string, unknown>) => Promise<HandledCard>
  /** The referrals registered from an owner's card. */
  readonly referralsOf: (cardId: string) => Promise<ReadonlyArray<StoredReferral>>
  /** Registers a referral from an owner's card. */
  readonly registerReferral: (input: ReferralInput) => Promise<StoredReferral>
  /** The daily business report of a day. */
  readonly daily: (date: string) => Promise<DailyReport>
  /** The progress control table of a consultant and month. */
  readonly control: (consultantId: string, month: string, asOf: string) => Promise<ProgressControlTable>
  /** The supervisor's findings on a day (event rules read the 30 days before). */
  readonly findings: (on: string) => Promise<FindingsReport>
  /**
   * The base-visit plan's reads; `undefined` when the backend has none (the DMS API offers no
   * visit-plan endpoints, so the online mode hides the plan).
   */
  readonly visitPlans: VisitPlanReads | undefined
  /** Funnel, follow-up effectiveness and the rest over `from`..`to`. */
  readonly analytics: (from: string, to: string) => Promise<Analytics>
  /** Releases the store. */
  readonly close: () => Promise<void>
}

/** Projects a card's state onto its tile. */
export const tileOf = (cardId: string, s: CardState): CardTile => ({
  cardId,
  status: s.status,
  grade: s.grade,
  nextContactDue: s.nextContactDue,
  owner: s.owner,
  phone: s.phone,
  customerId: s.customerId,
  source: s.source,
  intent: s.intent,
  openedOn: s.openedOn,
  model:
    s.order?.model ?? s.delivery?.vehicle.model ?? s.broadBase?.vehicle.model ?? s.evidence.modelOfInterest,
  broadBase: s.broadBase?.kind,
  // an API answer from before plans existed has none
  visitPlans: (s.visitPlans ?? []).map((p) => ({ month: p.month, week: p.week, means: p.means }))
})
