// Every showroom visit of one phone in a dealer group, whatever its day: what an erasure removes
// the phone from and an access export hands over.
import { Effect } from "effect"
import type { CalendarDate } from "../../kernel/CalendarDate.js"
import type { DealerGroupId } from "../../kernel/Ids.js"
import type { PhoneNumber } from "../../kernel/Phone.js"
import { ReportSource } from "../../report/ReportSource.js"

const allTime = { from: "1900-01-01" as CalendarDate, to: "2199-12-31" as CalendarDate }

export const visitsWithPhone = (scope: { readonly dealerGroupId: DealerGroupId }, phone: PhoneNumber) =>
  Effect.gen(function* () {
    const visits = yield* (yield* ReportSource).visitsOn(scope, allTime, { phone })
    return visits.filter((v) => v.phone === phone)
  })
