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
import { Schema } from "effect"
import { ERASED_PHONE } from "./Phone.js"
import { maskPhone } from "./PhoneMask.js"
import { Text } from "./Text.js"

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
  "referrerPhone",
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
  "lastError",
  // a personal-data export's cells: the person's whole records
  "details"
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
  "boughtOn",
  "correction",
  "field",
  "erasureId",
  // consent records and audit records: ids and kinds, never the person
  "purpose",
  "capturedBy",
  "formId",
  "recordingId",
  "viewer",
  "action",
  "output",
  "subject"
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
  readonly role: (typeof Viewer.Type)["role"]
  readonly consultantId?: string | undefined
}

/**
 * The Schema of a {@link Viewer} a request names (an erasure's, an access export's): a known role,
 * the consultant's id within the bounds of stored text.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Viewer } from "@jipan/core"
 * Schema.is(Viewer)({ role: "wizard" }) // false
 * ```
 */
export const Viewer = Schema.Struct({
  role: Schema.Literals(["consultant", "supervisor", "dcrc", "system", "admin"]),
  consultantId: Schema.optional(Text)
})

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
  if (name === "phone" || name === "refereePhone" || name === "referrerPhone") return maskPhone(value)
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

/**
 * What an erasure leaves where personal free text or a name was.
 *
 * @example
 * ```ts
 * import { ERASED_TEXT } from "@jipan/core"
 * ERASED_TEXT // "[erased]"
 * ```
 */
export const ERASED_TEXT = "[erased]"

const phoneFields = new Set(["phone", "refereePhone", "referrerPhone"])

// A node of a schema's AST as the redaction reads it (Effect's AST, type side).
interface Node {
  readonly _tag: string
  readonly context?: { readonly isOptional?: boolean } | undefined
  readonly literal?: unknown
  readonly types?: ReadonlyArray<Node>
  readonly propertySignatures?: ReadonlyArray<{ readonly name: PropertyKey; readonly type: Node }>
  readonly elements?: ReadonlyArray<Node>
  readonly rest?: ReadonlyArray<Node>
}

const admits = (node: Node, tag: string): boolean =>
  node._tag === tag || (node._tag === "Union" && (node.types ?? []).some((t) => admits(t, tag)))

// the member of a union a value is: by `_tag` for tagged structs, else by the kind of value
const memberFor = (node: Node, value: unknown): Node | undefined => {
  if (node._tag !== "Union") return node
  const types = node.types ?? []
  if (Array.isArray(value)) return types.find((t) => t._tag === "Arrays")
  if (typeof value === "object" && value !== null) {
    const objects = types.filter((t) => t._tag === "Objects" || t._tag === "Union")
    const tag = (value as { readonly _tag?: unknown })._tag
    const tagged = objects.find((t) =>
      t._tag === "Objects"
        ? (t.propertySignatures ?? []).some((p) => p.name === "_tag" && p.type.literal === tag)
        : memberFor(t, value) !== undefined
    )
    if (tagged !== undefined && tag !== undefined) return memberFor(tagged, value)
    // an untagged union of structs: the member whose fields hold every key of the value
    const keys = Object.keys(value)
    const fitting = objects.find(
      (t) =>
        t._tag === "Objects" &&
        keys.every((k) => (t.propertySignatures ?? []).some((p) => String(p.name) === k)) &&
        (t.propertySignatures ?? []).every(
          (p) =>
            p.type._tag !== "Literal" || (value as Record<string, unknown>)[String(p.name)] === p.type.literal
        )
    )
    return fitting ?? (tagged === undefined ? objects[0] : memberFor(tagged, value))
  }
  return undefined
}

const redactNode = (node: Node, value: unknown, depth: number): unknown => {
  if (value === null || typeof value !== "object" || depth > 32) return value
  const member = memberFor(node, value)
  if (member === undefined) return value
  if (Array.isArray(value)) {
    const element = member.rest?.[0] ?? member.elements?.[0]
    return element === undefined ? value : value.map((v) => redactNode(element, v, depth + 1))
  }
  if (member._tag !== "Objects") return value
  const fields = new Map((member.propertySignatures ?? []).map((p) => [String(p.name), p.type]))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    const field = fields.get(k)
    if (field === undefined) out[k] = v
    else if (dataClassOf(k) === "personal" || dataClassOf(k) === "sensitive") {
      const r = redactField(field, k, v, depth + 1)
      if (r !== DROP) out[k] = r
    } else out[k] = redactNode(field, v, depth + 1)
  }
  return out
}

const DROP = Symbol("drop")

const redactField = (node: Node, name: string, value: unknown, depth: number): unknown => {
  if (value === undefined || value === null) return value
  // a phone, a name, the customer's words: replaced where the schema takes any text (an enum keeps its value)
  if (typeof value === "string")
    return admits(node, "String") ? (phoneFields.has(name) ? ERASED_PHONE : ERASED_TEXT) : value
  // scores and flags (a survey's satisfaction, "dissatisfied") say nothing of who once the person is gone
  if (typeof value !== "object") return value
  if (Array.isArray(value)) {
    const member = memberFor(node, value)
    const element = member?.rest?.[0] ?? member?.elements?.[0]
    return element === undefined ? value : value.map((v) => redactField(element, name, v, depth + 1))
  }
  // a birthday and other personal structures that may be absent are dropped; required ones are walked
  if (admits(node, "Undefined")) return undefined
  if (node.context?.isOptional === true) return DROP
  return redactNode(node, value, depth)
}

/**
 * A value with every personal field replaced, by its schema (个人信息删除): a phone becomes
 * `ERASED_PHONE`, a name or free text {@link ERASED_TEXT}, a personal structure that may be absent
 * (a birthday) is dropped; an enumerated value, a number or a flag (a survey's score) is kept, as
 * are every id, date, status, grade and amount — so the value still decodes with the same schema
 * and every count and sum over it is unchanged.
 *
 * @example
 * ```ts
 * import { CardEvent, redactPersonal } from "@jipan/core"
 * declare const opened: CardEvent
 * redactPersonal(CardEvent, opened) // phone "+0", the rest as it was
 * ```
 */
export const redactPersonal = <A>(schema: { readonly ast: unknown; readonly Type: A }, value: A): A =>
  redactNode(schema.ast as Node, value, 0) as A
