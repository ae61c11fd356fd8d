/**
 * The personal-information map (个人信息分类, PIPL): every field Jipan keeps — in card and referral
 * commands and events, card states and facts, referral registrations, visits, surveys, report rows
 * and outbox messages — classified once, by name, as `none`, `personal` (identifies or describes a
 * person: a phone, a name, a birthday, a VIN, the customer's words, free text a consultant wrote)
 * or `sensitive` (PIPL art. 28: none kept today). Masking, erasure and access export read it; a
 * test walks every schema and fails on a field the map does not name.
 *
 * @module
 */

/**
 * How a field is classified under PIPL.
 *
 * @example
 * ```ts
 * import type { DataClass } from "@jipan/core"
 * const masked = (c: DataClass) => c !== "none"
 * ```
 */
export type DataClass = "none" | "personal" | "sensitive"

const personal = [
  // who the person is and how to reach them
  "phone",
  "refereePhone",
  "name",
  "birthday",
  "recipient",
  "fleetCustomer",
  // their vehicle, tied to them
  "vin",
  // their words and opinions, and free text about them
  "words",
  "note",
  "justification",
  "reason",
  "resolution",
  "step",
  "answers",
  "satisfaction",
  "buyAgain",
  "recommend",
  "dissatisfied",
  // what a message carries, and a provider's error about it
  "payload",
  "lastError"
] as const

const none = [
  "_tag",
  "after",
  "agreedNextContactOn",
  "amountFen",
  "askedAt",
  "at",
  "attempts",
  "availableAt",
  "backToProspect",
  "brand",
  "budgetSettled",
  "by",
  "capUsage",
  "cardId",
  "careLog",
  "category",
  "channel",
  "choiceId",
  "colourChosen",
  "competitor",
  "competitorCompared",
  "complaintId",
  "complaints",
  "computedGrade",
  "consultant",
  "consultantId",
  "contactCount",
  "context",
  "count",
  "customerId",
  "day",
  "dealerGroupId",
  "decisionMakerPresent",
  "defeat",
  "deliveredOn",
  "delivery",
  "deliveryId",
  "earlierClaims",
  "entryId",
  "evidence",
  "existing",
  "existingOpenCardHolder",
  "existingOpenCardId",
  "expectedPurchaseDate",
  "from",
  "grade",
  "gradeSince",
  "id",
  "idempotencyKey",
  "insuranceExpiresOn",
  "intent",
  "invalid",
  "kind",
  "lastActiveOn",
  "lastContactOn",
  "lastEventAt",
  "limit",
  "linkedTo",
  "mergedInto",
  "minedCards",
  "model",
  "modelChosen",
  "modelOfInterest",
  "month",
  "namedReferrerId",
  "newCardId",
  "newOwner",
  "next",
  "nextContactDue",
  "odometerKm",
  "on",
  "openComplaintSince",
  "openedOn",
  "order",
  "orderId",
  "orderSigned",
  "ordinal",
  "outcome",
  "overdueDays",
  "overridesToReview",
  "owner",
  "partySize",
  "phoneAudit",
  "plannedOn",
  "purchaseTimeframeDays",
  "reasonId",
  "reasons",
  "referee",
  "refereeCardId",
  "refereeConfirmation",
  "referralId",
  "referrer",
  "referrerId",
  "registeredOn",
  "registration",
  "reviewRequired",
  "role",
  "ruleId",
  "ruleIds",
  "sale",
  "saleKind",
  "satisfied",
  "scheduleBase",
  "severity",
  "source",
  "staffRelation",
  "status",
  "statusSince",
  "stepId",
  "storeId",
  "storedFirst",
  "surveyId",
  "surveyedOn",
  "survivingCardId",
  "tenant",
  "testDriveBooked",
  "testDriveDone",
  "to",
  "topic",
  "tradeIn",
  "typeId",
  "units",
  "use",
  "valueFen",
  "vehicle",
  "version",
  "visitCount",
  "visitId",
  "voucherId",
  "week",
  "means",
  "visitPlans",
  "plannedVisit"
] as const

/**
 * Every field name Jipan keeps, with its class.
 *
 * @example
 * ```ts
 * import { personalDataMap } from "@jipan/core"
 * personalDataMap.phone // "personal"
 * personalDataMap.grade // "none"
 * ```
 */
export const personalDataMap: Readonly<Record<string, DataClass>> = Object.freeze(
  Object.fromEntries([
    ...none.map((name) => [name, "none" as const]),
    ...personal.map((name) => [name, "personal" as const])
  ])
)

/**
 * The class of a field by its name (the last segment of a dotted path); `undefined` for a field the
 * map does not name (which a test refuses).
 *
 * @example
 * ```ts
 * import { dataClassOf } from "@jipan/core"
 * dataClassOf("registration.referee.phone") // "personal"
 * ```
 */
export const dataClassOf = (path: string): DataClass | undefined => {
  const name = path.slice(path.lastIndexOf(".") + 1)
  return Object.hasOwn(personalDataMap, name) ? personalDataMap[name] : undefined
}
