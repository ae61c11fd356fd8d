/**
 * Deliberately INVALID inputs, one arbitrary per kind of value Jipan accepts from outside: each is
 * a valid value (from DomainArbitraries.ts) with one field broken — a wrong type, an instant
 * outside 2000–2099 (2e15, 8.64e15, NaN), a day that does not exist ("2026-02-30"), money that is
 * negative, fractional or beyond ±1e14 fen, a 0-fen reward, a bad phone, a `__proto__` key, an id
 * with spaces or over 64 characters — or not an object at all. A decoder must refuse every one
 * with `InvalidInput` naming the path; a facade method must reject it the same way and write
 * nothing.
 *
 * One module per context, in `arbitraries/invalid/`: how a value is broken, kernel values, cards,
 * referrals, policies, report inputs and the facade's read queries.
 *
 * @module
 */
import { cardCommandBroken, cardEventBroken } from "./arbitraries/invalid/Card.js"
import {
  calendarDate,
  fen,
  id,
  instant,
  notAnObject,
  phone,
  rewardFen,
  tenant,
  text,
  typedPhone
} from "./arbitraries/invalid/Kernel.js"
import { policyDocumentBroken } from "./arbitraries/invalid/Policy.js"
import { cardFilter, ledgerQuery, pageRequest, referralQuery } from "./arbitraries/invalid/Query.js"
import {
  ledgerEntryBroken,
  referralCommandBroken,
  referralRegistrationBroken
} from "./arbitraries/invalid/Referral.js"
import {
  reportQuery,
  settlementHistoryBroken,
  showroomVisitBroken,
  surveyBroken
} from "./arbitraries/invalid/Report.js"

export type { Broken } from "./arbitraries/invalid/Breaking.js"

/**
 * The deliberately invalid inputs: per kind of value (`instant`, `text`, `calendarDate`, `fen`,
 * `rewardFen`, `phone`, `id`, `tenant`, `notAnObject`, `cardFilter`, `pageRequest`,
 * `ledgerQuery`, `referralQuery`, `reportQuery`) and per composite input a {@link Broken} value with the path that
 * was broken (`cardCommand`, `cardEvent`, `referralRegistration`, `referralCommand`,
 * `ledgerEntries`, `showroomVisit(tenant)`, `survey`, `settlementHistory`, `policyDocument(scope)`).
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { decodeCardCommand } from "@jipan/core"
 * import { invalid } from "@jipan/testkit"
 * fc.assert(fc.property(invalid.cardCommand, (b) => decodeCardCommand(b.value)._tag === "Failure"))
 * ```
 */
export const invalid = {
  instant,
  text,
  calendarDate,
  fen,
  rewardFen,
  phone,
  typedPhone,
  id,
  tenant,
  notAnObject,
  cardFilter,
  pageRequest,
  ledgerQuery,
  referralQuery,
  reportQuery,
  cardCommand: cardCommandBroken,
  cardEvent: cardEventBroken,
  referralRegistration: referralRegistrationBroken,
  referralCommand: referralCommandBroken,
  ledgerEntries: ledgerEntryBroken,
  showroomVisit: showroomVisitBroken,
  survey: surveyBroken,
  settlementHistory: settlementHistoryBroken,
  policyDocument: policyDocumentBroken
} as const

/**
 * Whether the issues of an `InvalidInput` name the path that was broken (or a field on the way to
 * it, or one inside it: a union reports where its members disagree): how a form knows which field
 * to mark. A value broken as a whole (`""` or `"?"`) needs no particular path; an unknown `_tag`
 * may be reported at the root (no member of the union matches).
 *
 * @example
 * ```ts
 * import { namesPath } from "@jipan/testkit"
 * const issues = [{ path: "at", message: "Expected whole epoch milliseconds…" }]
 * namesPath(issues, "at") // true
 * namesPath([{ path: "phone" }], "at") // false
 * ```
 */
export const namesPath = (issues: ReadonlyArray<{ readonly path: string }>, path: string): boolean => {
  if (path === "" || path === "?") return true
  const wanted = path === "__proto__" ? ["__proto__", "0.__proto__"] : [path]
  // an unknown tag matches no member of a union: the union itself (the root) is what is wrong
  if (path === "_tag" && issues.some((issue) => issue.path === "" || issue.path === "_tag")) return true
  return issues.some((issue) =>
    wanted.some(
      (w) =>
        issue.path === w ||
        (issue.path !== "" && w.startsWith(`${issue.path}.`)) ||
        issue.path.startsWith(`${w}.`)
    )
  )
}
