// The names a TSDoc `@example` or a docs block may use without importing them: the values a reader
// of that page already has in hand (a tenant, today, the policy in force, a card's id, history and
// state…). Everything else an example imports from the package, as a user would.
// docs/examples/compile-examples.ts compiles it with the examples (not part of docs/tsconfig.json:
// its globals must not leak into the snippets).
import type {
  CalendarDate,
  CardCommand,
  CardEvent,
  CardFacts,
  CardHistory,
  CardId,
  CardOpened,
  CardState,
  CareContactDue,
  ConsultantId,
  CustomerId,
  DayRange,
  DealerGroupId,
  DueSpan,
  Instant,
  Jipan,
  NotificationDirectory,
  Policy,
  ReferralEvent,
  ReferralId,
  ReferralRegistration,
  ReferralState,
  ReportEvent,
  ReportReferral,
  ShowroomVisit,
  StoreId,
  Tenant,
  ValidityContext,
  YearMonth
} from "@jipan/core"

declare global {
  /** The tenant (dealer group and store) the example works in. */
  const tenant: Tenant
  const dealerGroupId: DealerGroupId
  const storeId: StoreId
  /** The business day: rules take it as an argument, they never read a clock. */
  const today: CalendarDate
  /** A business day the example is about (a report's day, a finding's day). */
  const on: CalendarDate
  /** The instant a command or message happens at. */
  const at: Instant
  /** The policy in force (e.g. `defaultPolicy`, or one resolved for the tenant). */
  const policy: Policy
  const cardId: CardId
  const consultantId: ConsultantId
  const customerId: CustomerId
  const referralId: ReferralId
  /** A card's history, oldest first. */
  const history: ReadonlyArray<CardEvent>
  /** Events decided on a card. */
  const events: ReadonlyArray<CardEvent>
  /** A card's current state (the fold of its history). */
  const state: CardState
  const command: CardCommand
  const event: CardEvent
  /** The first event of a card's history. */
  const opened: CardOpened
  /** Card histories, each with its tenant and card id (as the report source reads them). */
  const histories: ReadonlyArray<CardHistory>
  /** A referral's events and its state. */
  const referralEvents: ReadonlyArray<ReferralEvent>
  const referralState: ReferralState
  /** A referral as registered, and what its validity checks read. */
  const registration: ReferralRegistration
  const context: ValidityContext
  /** A report's days, and a month (`YYYY-MM`). */
  const range: DayRange
  const month: YearMonth
  /** What the report source reads for a report (see `ReportSource`). */
  const reportEvents: ReadonlyArray<ReportEvent>
  const spans: ReadonlyArray<DueSpan>
  const visits: ReadonlyArray<ShowroomVisit>
  const referrals: ReadonlyArray<ReportReferral>
  const facts: ReadonlyArray<CardFacts>
  const care: ReadonlyArray<CareContactDue>
  /** The Promise facade (`createJipan(…)`). */
  const jipan: Jipan
  /** Who a notification goes to: the store, consultants, supervisors and customers. */
  const directory: NotificationDirectory
}
