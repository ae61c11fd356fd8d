/**
 * Invalid card inputs: a card command or a card event with one field broken.
 *
 * @module
 */

import * as fc from "fast-check"
import { cardCommand } from "../CardCommand.js"
import { cardEvent } from "../CardSequence.js"
import { type Broken, bad, breaking, REMOVE } from "./Breaking.js"
import { calendarDate, id, instant, text, typedPhone } from "./Kernel.js"

/** A card command with one field broken (see {@link invalid}). */
export const cardCommandBroken: fc.Arbitrary<Broken> = breaking(cardCommand, (c) => {
  const common: Array<readonly [string, fc.Arbitrary<unknown>, string]> = [
    ["at", instant, "instant out of range"],
    ["by.role", bad.role, "unknown role"],
    ["by.id", bad.nonEmpty, "empty actor id"],
    ["_tag", bad.tag, "unknown command"],
    ["by", fc.constant(REMOVE), "missing actor"],
    ["at", fc.constant(REMOVE), "missing instant"]
  ]
  switch (c._tag) {
    case "OpenCard":
      return [
        ...common,
        ["phone", typedPhone, "bad phone"],
        ["cardId", id, "bad card id"],
        ["customerId", id, "bad customer id"],
        ["owner", id, "bad owner"],
        ["storeId", id, "bad store id"],
        ["source", fc.constantFrom("tiktok", null), "unknown lead source"],
        ["evidence", fc.constantFrom(null, "none", [1]), "evidence not an object"],
        ["evidence.visitCount", fc.constantFrom(-1, 1.5, 10_001, Number.NaN), "visit count out of range"],
        ["evidence.expectedPurchaseDate", calendarDate, "bad date"]
      ]
    case "LogContact":
      return [
        ...common,
        ["note", text, "bad note"],
        ["channel", fc.constantFrom("pigeon", null), "unknown channel"],
        ["outcome", fc.constantFrom("maybe", null), "unknown outcome"],
        ["agreedNextContactOn", calendarDate, "bad date"]
      ]
    case "Deliver":
      return [
        ...common,
        ["deliveredOn", calendarDate, "bad date"],
        ["odometerKm", fc.constantFrom(-1, Number.NaN, Number.POSITIVE_INFINITY, "10"), "bad odometer"],
        ["vehicle.brand", bad.nonEmpty, "empty brand"]
      ]
    case "RecordCareContact":
      return [
        ...common,
        ["plannedOn", calendarDate, "bad date"],
        ["outcome", fc.constantFrom("skipped", null), "unknown outcome"]
      ]
    case "Regrade":
      return [
        ...common,
        ["grade", fc.constantFrom("a", "", "HHHHH", "1", null), "bad grade"],
        ["justification", text, "bad justification"]
      ]
    case "RequestReactivation":
    case "RejectReactivation":
      return [...common, ["note", text, "bad note"]]
    case "PlaceOrder":
      return [...common, ["orderId", bad.nonEmpty, "empty order id"]]
    case "MineOwner":
      return [...common, ["newCardId", id, "bad new card id"]]
    default:
      return common
  }
})

/** A card event with one field broken. */
export const cardEventBroken: fc.Arbitrary<Broken> = breaking(cardEvent, () => [
  ["at", instant, "instant out of range"],
  ["on", calendarDate, "bad date"],
  ["_tag", bad.tag, "unknown event"],
  ["by.role", bad.role, "unknown role"]
])
