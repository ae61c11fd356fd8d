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
  "steps",
  "reply",
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
  "plannedVisit",
  "lastReachedOn",
  "broadBase",
  "boughtOn"
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

/**
 * Masks a mobile number for a group channel: the first three and last four digits stay.
 *
 * @example
 * ```ts
 * import { maskPhone } from "@jipan/core"
 * maskPhone("13800001234") // "138****1234"
 * maskPhone("+8613800001234") // "138****1234"
 * ```
 */
export const maskPhone = (phone: string): string => {
  // a mainland mobile stored in E.164 is shown as people write it: 138****1234, not +86*******1234
  const national = /^\+861\d{10}$/.test(phone) ? phone.slice(3) : phone
  return national.length <= 7
    ? "*".repeat(national.length)
    : `${national.slice(0, 3)}${"*".repeat(national.length - 7)}${national.slice(-4)}`
}

/**
 * Masks a person's name for a group channel: the first character (the family name in Chinese)
 * stays, each further character of a word becomes `*`.
 *
 * @example
 * ```ts
 * import { maskName } from "@jipan/core"
 * maskName("王小明") // "王**"
 * maskName("Ada Lovelace") // "A** L*******"
 * ```
 */
export const maskName = (name: string): string =>
  name
    .split(" ")
    .map((w) => {
      const chars = [...w]
      // a one-character word (a one-character name) cannot keep its first character
      return chars.length === 0 ? w : chars.length === 1 ? "*" : `${chars[0]}${"*".repeat(chars.length - 1)}`
    })
    .join(" ")

/**
 * Who is looking at personal data: their role and, for a consultant, who they are.
 *
 * @example
 * ```ts
 * import type { Viewer } from "@jipan/core"
 * const wang: Viewer = { role: "consultant", consultantId: "c-wang" }
 * ```
 */
export interface Viewer {
  readonly role: "consultant" | "supervisor" | "dcrc" | "system" | "admin"
  readonly consultantId?: string | undefined
}

/**
 * Whether a viewer may see a customer's personal data unmasked: supervisors, the DCRC and admins
 * may; a consultant sees their own customers (the card's owner) only; the system never needs to.
 *
 * @example
 * ```ts
 * import { maySeePersonal } from "@jipan/core"
 * maySeePersonal({ role: "consultant", consultantId: "c-wang" }, "c-li") // false
 * ```
 */
export const maySeePersonal = (viewer: Viewer, owner: string | undefined): boolean =>
  viewer.role === "supervisor" ||
  viewer.role === "dcrc" ||
  viewer.role === "admin" ||
  (viewer.role === "consultant" && owner !== undefined && viewer.consultantId === owner)

/**
 * A field's value as a viewer may see it: as it is when the field is not personal or the viewer
 * may see it, else masked — a phone as 138****5678, a name as 陈**, any other personal text as
 * `***` (a free-text note may hold anything).
 *
 * @example
 * ```ts
 * import { maskedFor } from "@jipan/core"
 * maskedFor({ role: "consultant", consultantId: "c-li" }, "c-wang", "phone", "+8613812345678") // "138****5678"
 * ```
 */
export const maskedFor = (
  viewer: Viewer,
  owner: string | undefined,
  path: string,
  value: unknown
): unknown => {
  const c = dataClassOf(path)
  if (c === "none" || value === undefined || value === null || maySeePersonal(viewer, owner)) return value
  const name = path.slice(path.lastIndexOf(".") + 1)
  if (typeof value !== "string") return "***"
  if (name === "phone" || name === "refereePhone") return maskPhone(value)
  if (name === "name") return maskName(value)
  return "***"
}

/**
 * A value with every personal field masked for a viewer, walked to any depth: objects by their
 * field names (see {@link maskedFor}), arrays element by element. What an API answer, a CLI line
 * or a log record shows of a card, a referral or a message; the value itself is not changed.
 *
 * @example
 * ```ts
 * import { maskPersonal } from "@jipan/core"
 * maskPersonal({ name: "陈大文", phone: "+8613812345678", grade: "A" }, { role: "system" }, undefined)
 * // { name: "陈**", phone: "138****5678", grade: "A" }
 * ```
 */
export const maskPersonal = <A>(value: A, viewer: Viewer, owner: string | undefined): A =>
  maySeePersonal(viewer, owner) ? value : (maskDeep(value, viewer, owner, 0) as A)

const maskDeep = (value: unknown, viewer: Viewer, owner: string | undefined, depth: number): unknown => {
  if (value === null || typeof value !== "object" || depth > 32) return value
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, viewer, owner, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    const c = dataClassOf(k)
    out[k] =
      c === "personal" || c === "sensitive"
        ? typeof v === "string" || v === null || v === undefined
          ? maskedFor(viewer, owner, k, v)
          : "***"
        : maskDeep(v, viewer, owner, depth + 1)
  }
  return out
}

/**
 * One access to personal data (个人信息处理记录): who read, exported, unmasked, corrected or erased
 * whose data, when (epoch ms, from the caller), through which output and why. The audit log keeps
 * these append-only; an export that is unmasked returns one to record.
 *
 * @example
 * ```ts
 * import type { PersonalDataAccess } from "@jipan/core"
 * const a: PersonalDataAccess = {
 *   at: Date.parse("2026-12-07T02:00:00Z"),
 *   viewer: { role: "supervisor", consultantId: undefined },
 *   action: "unmask",
 *   output: "xlsx",
 *   subject: "report:progressControl",
 *   reason: "month-end review"
 * }
 * ```
 */
export interface PersonalDataAccess {
  readonly at: number
  readonly viewer: Viewer
  readonly action: "read" | "export" | "unmask" | "correct" | "erase"
  /** Where the data went: `table`, `csv`, `xlsx`, `api`, `cli`, `json`… */
  readonly output: string
  /** What was accessed: a report id, `card:<store>/<id>`, `person` (never the phone or name itself). */
  readonly subject: string
  readonly reason: string
}
