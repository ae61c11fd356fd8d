// What a card store is given for a decided card change: one place for a command's append and the
// close of day's batched lapses, so both write the same care contacts and report rows.
import type { CardEvent } from "../../card/CardEvent.js"
import type { CardState } from "../../card/CardState.js"
import { careContactsOf } from "../../care/CareContact.js"
import { calendarDateOf } from "../../kernel/CalendarDate.js"
import type { CardId } from "../../kernel/Ids.js"
import type { Tenant } from "../../kernel/Tenant.js"
import type { Policy } from "../../policy/Policy.js"
import { cardReportRowsOf } from "../../report/ReportRows.js"
import type { CardAppend } from "../CardStore.js"

export const cardAppendOf = (
  tenant: Tenant,
  cardId: CardId,
  at: number,
  change: {
    readonly events: ReadonlyArray<CardEvent>
    readonly before: CardState
    readonly state: CardState
    readonly policy: Policy
  }
): CardAppend => ({
  tenant,
  cardId,
  expectedVersion: change.before.version,
  events: change.events,
  state: change.state,
  // the care plan as of the command's day in the dealer's zone
  care: careContactsOf(change.state, change.policy, calendarDateOf(at, change.policy.timeZone)),
  report: cardReportRowsOf(tenant, cardId, change.before, change.events, change.state)
})
