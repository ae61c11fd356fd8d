/**
 * The message catalogue built from domain changes: outbox drafts carrying a rendered,
 * channel-addressed {@link NotificationPayload}. Pure: names, addresses and stores come from a
 * {@link NotificationDirectory} the caller provides; instants come from the change or the caller.
 *
 * - {@link cardMessages}: the ready `messages(change)` for `handleCard` (new card assigned,
 *   defeat / reactivation awaiting approval, defeat approved or rejected).
 * - {@link workListMessage}, {@link overdueContactsMessage}, {@link findingsMessage}: the
 *   morning lists and supervisor reports.
 * - {@link careContactMessages}: care contacts to customers.
 * - {@link referralMessages}, {@link voucherExpiryMessages}: to referrers.
 *
 * Customer-facing drafts are dated into the allowed hours already; the dispatcher checks quiet
 * hours and consent again at send time.
 *
 * @module
 */
import { Schema } from "effect"
import type { CardChange } from "../card/CardChange.js"
import type { CardEvent } from "../card/CardEvent.js"
import type { CardSummary, WorkList } from "../card/CardSummary.js"
import type { CareContactDue } from "../care/CareContact.js"
import type { CalendarDate } from "../kernel/CalendarDate.js"
import { daysBetween } from "../kernel/CalendarDate.js"
import type { ConsultantId } from "../kernel/Ids.js"
import type { Locale } from "../kernel/Label.js"
import type { Tenant } from "../kernel/Tenant.js"
import type { Policy } from "../policy/Policy.js"
import type { ReferralEvent } from "../referral/Referral.js"
import {
  type Audience,
  audienceOf,
  type CardLine,
  type CareKind,
  maskNotificationData,
  type NotificationData,
  type NotificationKind,
  renderNotification
} from "./NotificationTemplates.js"
import type { OutboxDraft } from "./Outbox.js"
import { nextAllowedTime } from "./QuietHours.js"

/**
 * The payload of a notification in the outbox: who (audience, the channel and its addresses, the
 * customer whose consent governs it), what (kind, the rendered subject, text and markdown, and
 * the template's data for receivers that render their own).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { NotificationPayload } from "@jipan/core"
 * const decode = Schema.decodeUnknownOption(NotificationPayload)
 * ```
 */
export const NotificationPayload = Schema.Struct({
  kind: Schema.String,
  audience: Schema.Literals(["consultant", "supervisor", "customer", "referrer"]),
  channel: Schema.NonEmptyString,
  to: Schema.Array(Schema.String),
  mentions: Schema.optionalKey(Schema.Array(Schema.String)),
  customerFacing: Schema.Boolean,
  consentOf: Schema.optionalKey(Schema.String),
  locale: Schema.Literals(["zh-CN", "en"]),
  subject: Schema.String,
  text: Schema.String,
  markdown: Schema.String,
  data: Schema.Unknown
})
/** @see {@link NotificationPayload} */
export type NotificationPayload = typeof NotificationPayload.Type

/**
 * Someone to notify and how: a display name, the channel, and the addresses on it (an email, a
 * mobile number; a group robot needs none). `mentions` are mobiles to @ in a group robot.
 * `customerId` names whose consent governs a customer-facing message.
 *
 * @example
 * ```ts
 * import type { Contact } from "@jipan/core"
 * const li: Contact = { id: "c-li", name: "李娜", channel: "wecom", to: [], mentions: ["13900001111"] }
 * ```
 */
export interface Contact {
  readonly id: string
  readonly name: string
  readonly channel: string
  readonly to?: ReadonlyArray<string> | undefined
  readonly mentions?: ReadonlyArray<string> | undefined
  readonly customerId?: string | undefined
}

/**
 * The look-ups the catalogue needs, all synchronous and pure from the catalogue's view: the
 * store's name and phone, a consultant, the supervisors of a store, and a customer (with how to
 * reach them). A lookup returning `undefined` means nobody is told (and nothing fails).
 *
 * @example
 * ```ts
 * import type { NotificationDirectory } from "@jipan/core"
 * const directory: NotificationDirectory = {
 *   store: () => ({ name: "东方丰田", phone: "021-5555 0000" }),
 *   consultant: (id) => ({ id, name: "李娜", channel: "wecom" }),
 *   supervisors: () => [{ id: "s-zhao", name: "赵主管", channel: "wecom" }],
 *   customer: (id) => ({ id, name: "王先生", channel: "sms", to: ["13800001234"], customerId: id })
 * }
 * ```
 */
export interface NotificationDirectory {
  readonly store: (
    tenant: Tenant
  ) => { readonly name: string; readonly phone?: string | undefined } | undefined
  readonly consultant: (id: ConsultantId, tenant: Tenant) => Contact | undefined
  readonly supervisors: (tenant: Tenant) => ReadonlyArray<Contact>
  readonly customer: (customerId: string, tenant: Tenant) => Contact | undefined
}

/**
 * Builds one notification draft: masks the data for internal group channels, renders it in the
 * policy's language, dates a customer-facing message into the allowed hours, and derives the
 * topic (`notify.<kind>`), recipient (`<audience>:<id>`) and a stable idempotency key from the
 * kind, the tenant, `key` and the recipient.
 *
 * @example
 * ```ts
 * import { defaultPolicy, notificationDraft } from "@jipan/core"
 * const d = notificationDraft({ tenant, policy: defaultPolicy, at: Date.now(), key: "card-1",
 *   to: { id: "c-li", name: "李娜", channel: "wecom" },
 *   data: { kind: "cardAssigned", consultantName: "李娜", reason: "opened", card: { cardId: "card-1" } } })
 * ```
 */
export const notificationDraft = (input: {
  readonly tenant: Tenant
  readonly policy: Pick<Policy, "notifications" | "timeZone">
  readonly at: number
  readonly key: string
  readonly to: Contact
  readonly data: NotificationData
  readonly locale?: Locale | undefined
}): OutboxDraft => {
  const { notifications, timeZone } = input.policy
  const audience: Audience = audienceOf[input.data.kind]
  const customerFacing = audience === "customer" || audience === "referrer"
  const group = notifications.groupChannels.includes(input.to.channel)
  const data =
    !customerFacing && group ? maskNotificationData(input.data, notifications.maskInGroups) : input.data
  const locale = input.locale ?? notifications.locale
  const rendered = renderNotification(data, locale)
  const payload: NotificationPayload = {
    kind: data.kind,
    audience,
    channel: input.to.channel,
    to: input.to.to ?? [],
    ...(input.to.mentions === undefined ? {} : { mentions: input.to.mentions }),
    customerFacing,
    ...(customerFacing ? { consentOf: input.to.customerId ?? input.to.id } : {}),
    locale,
    subject: rendered.subject,
    text: rendered.text,
    markdown: rendered.markdown,
    data
  }
  return {
    topic: `notify.${data.kind}`,
    recipient: `${audience}:${input.to.id}`,
    payload,
    availableAt: customerFacing ? nextAllowedTime(input.at, notifications.customerHours, timeZone) : input.at,
    idempotencyKey: notificationKey(data.kind, input.tenant, input.key, input.to)
  }
}

/**
 * The stable idempotency key of a notification: the same change told to the same person on the
 * same channel always gets the same key (so a re-enqueue is a no-op and a receiver can dedupe).
 *
 * @example
 * ```ts
 * import { notificationKey } from "@jipan/core"
 * notificationKey("workList", tenant, "2026-11-22", { id: "c-li", name: "李娜", channel: "wecom" })
 * // "workList:grp/store-01:2026-11-22:wecom:c-li"
 * ```
 */
export const notificationKey = (kind: NotificationKind, tenant: Tenant, key: string, to: Contact): string =>
  `${kind}:${tenant.dealerGroupId}/${tenant.storeId}:${key}:${to.channel}:${to.id}`

const cardLine = (
  directory: NotificationDirectory,
  tenant: Tenant,
  card: {
    readonly cardId: string
    readonly customerId?: string | undefined
    readonly phone?: string | undefined
    readonly grade?: string | undefined
    readonly nextContactDue?: string | undefined
  }
): CardLine => ({
  cardId: card.cardId,
  customerName: card.customerId === undefined ? undefined : directory.customer(card.customerId, tenant)?.name,
  phone: card.phone,
  grade: card.grade,
  due: card.nextContactDue
})

/**
 * Options of {@link cardMessages}: the directory and, optionally, the language.
 *
 * @example
 * ```ts
 * import type { CardMessagesOptions } from "@jipan/core"
 * const options = (directory: CardMessagesOptions["directory"]): CardMessagesOptions => ({ directory })
 * ```
 */
export interface CardMessagesOptions {
  readonly directory: NotificationDirectory
  readonly locale?: Locale | undefined
}

/**
 * The ready `messages(change)` for `handleCard`: a card opened or reassigned tells its (new)
 * consultant; a defeat or reactivation request tells the store's supervisors; a defeat approved or
 * rejected tells the consultant. Written in the same transaction as the change.
 *
 * @example
 * ```ts
 * import { cardMessages, handleCard } from "@jipan/core"
 * const handled = handleCard({ tenant, cardId, command }, { messages: cardMessages({ directory }) })
 * ```
 */
export const cardMessages =
  (options: CardMessagesOptions) =>
  (change: CardChange): ReadonlyArray<OutboxDraft> => {
    const { directory } = options
    const { tenant, state, policy } = change
    const line = cardLine(directory, tenant, { ...state, cardId: change.cardId })
    const drafts: Array<OutboxDraft> = []
    const tell = (to: Contact | undefined, data: NotificationData, at: number, key: string) => {
      if (to !== undefined)
        drafts.push(notificationDraft({ tenant, policy, at, key, to, data, locale: options.locale }))
    }
    const consultant = (id: ConsultantId | undefined) =>
      id === undefined ? undefined : directory.consultant(id, tenant)
    const key = (e: CardEvent) => `${change.cardId}:${e._tag}:${e.at}`
    for (const event of change.events) {
      switch (event._tag) {
        case "CardOpened":
        case "Reassigned": {
          const owner = event._tag === "CardOpened" ? event.owner : event.to
          const to = consultant(owner)
          tell(
            to,
            {
              kind: "cardAssigned",
              consultantName: to?.name ?? owner,
              card: line,
              reason: event._tag === "CardOpened" ? "opened" : "reassigned"
            },
            event.at,
            key(event)
          )
          break
        }
        case "DefeatRequested": {
          const reason = [event.defeat.typeId, event.defeat.reasonId, event.defeat.note]
            .filter((x) => x !== undefined)
            .join(" / ")
          const card = { ...line, consultantName: consultant(state.owner)?.name }
          for (const s of directory.supervisors(tenant))
            tell(s, { kind: "defeatAwaitingApproval", card, reason }, event.at, key(event))
          break
        }
        case "ReactivationRequested": {
          const card = { ...line, consultantName: consultant(state.owner)?.name }
          for (const s of directory.supervisors(tenant))
            tell(s, { kind: "reactivationAwaitingApproval", card, note: event.note }, event.at, key(event))
          break
        }
        case "DefeatApproved": {
          const to = consultant(change.before.owner)
          tell(
            to,
            { kind: "defeatApproved", consultantName: to?.name ?? "", card: line, note: event.note },
            event.at,
            key(event)
          )
          break
        }
        case "DefeatRejected": {
          const to = consultant(event.owner)
          tell(
            to,
            { kind: "defeatRejected", consultantName: to?.name ?? event.owner, card: line, note: event.note },
            event.at,
            key(event)
          )
          break
        }
        default:
          break
      }
    }
    return drafts
  }

/**
 * The morning work list of one consultant (due today, overdue, care contacts), or nothing when
 * the consultant cannot be reached.
 *
 * @example
 * ```ts
 * import { defaultPolicy, workListMessage, type WorkList } from "@jipan/core"
 * declare const workList: WorkList // the consultant's cards due today and overdue
 * const draft = workListMessage({ tenant, policy: defaultPolicy, at, directory, consultantId, workList, care })
 * ```
 */
export const workListMessage = (input: {
  readonly tenant: Tenant
  readonly policy: Pick<Policy, "notifications" | "timeZone">
  readonly at: number
  readonly directory: NotificationDirectory
  readonly consultantId: ConsultantId
  readonly workList: WorkList
  readonly care: ReadonlyArray<CareContactDue>
  readonly locale?: Locale | undefined
}): ReadonlyArray<OutboxDraft> => {
  const { tenant, directory } = input
  const to = directory.consultant(input.consultantId, tenant)
  if (to === undefined) return []
  const lines = (cards: ReadonlyArray<CardSummary>) => cards.map((c) => cardLine(directory, tenant, c))
  return [
    notificationDraft({
      tenant,
      policy: input.policy,
      at: input.at,
      key: input.workList.date,
      to,
      locale: input.locale,
      data: {
        kind: "workList",
        consultantName: to.name,
        date: input.workList.date,
        dueToday: lines(input.workList.dueToday),
        overdue: lines(input.workList.overdue),
        care: input.care.map((c) => ({ cardId: c.cardId, due: c.on, purpose: c.ruleId }))
      }
    })
  ]
}

/**
 * Tells the supervisors about open cards whose contact is at least the policy's
 * `overdueContactDays` overdue on `today` (nothing when none is).
 *
 * @example
 * ```ts
 * import { defaultPolicy, overdueContactsMessage, type CardSummary } from "@jipan/core"
 * declare const cards: ReadonlyArray<CardSummary> // the overdue cards
 * const drafts = overdueContactsMessage({ tenant, policy: defaultPolicy, at, today, directory, cards })
 * ```
 */
export const overdueContactsMessage = (input: {
  readonly tenant: Tenant
  readonly policy: Pick<Policy, "notifications" | "timeZone">
  readonly at: number
  readonly today: CalendarDate
  readonly directory: NotificationDirectory
  readonly cards: ReadonlyArray<CardSummary>
}): ReadonlyArray<OutboxDraft> => {
  const { tenant, directory, policy, today } = input
  const threshold = policy.notifications.overdueContactDays
  const cards = input.cards.flatMap((c): Array<CardLine> => {
    if (c.nextContactDue === undefined) return []
    const days = daysBetween(c.nextContactDue, today)
    if (days < Math.max(threshold, 1)) return []
    return [
      {
        ...cardLine(directory, tenant, c),
        daysOverdue: days,
        consultantName: c.owner === undefined ? undefined : directory.consultant(c.owner, tenant)?.name
      }
    ]
  })
  if (cards.length === 0) return []
  return directory.supervisors(tenant).map((to) =>
    notificationDraft({
      tenant,
      policy,
      at: input.at,
      key: today,
      to,
      data: { kind: "overdueContacts", date: today, thresholdDays: threshold, cards }
    })
  )
}

/**
 * Tells the supervisors about findings (of the daily checks; any `{ code, message }` list).
 *
 * @example
 * ```ts
 * import { defaultPolicy, findingsMessage } from "@jipan/core"
 * findingsMessage({ tenant, policy: defaultPolicy, at, date: "2026-11-22", directory,
 *   findings: [{ code: "GRADE_STUCK", message: "card-1 held at H for 12 days" }] })
 * ```
 */
export const findingsMessage = (input: {
  readonly tenant: Tenant
  readonly policy: Pick<Policy, "notifications" | "timeZone">
  readonly at: number
  readonly date: string
  readonly directory: NotificationDirectory
  readonly findings: ReadonlyArray<{ readonly code: string; readonly message: string }>
}): ReadonlyArray<OutboxDraft> =>
  input.findings.length === 0
    ? []
    : input.directory.supervisors(input.tenant).map((to) =>
        notificationDraft({
          tenant: input.tenant,
          policy: input.policy,
          at: input.at,
          key: input.date,
          to,
          data: { kind: "findings", date: input.date, findings: input.findings }
        })
      )

/**
 * The care kind of a care plan rule id (`care.thankYou` → `thankYou`, `care.firstMaintenance` →
 * `maintenance`, festivals → `festival`…).
 *
 * @example
 * ```ts
 * import { careKindOf } from "@jipan/core"
 * careKindOf("care.insuranceRenewal") // "insurance"
 * ```
 */
export const careKindOf = (ruleId: string): CareKind => {
  if (ruleId === "care.thankYou") return "thankYou"
  if (ruleId.includes("aintenance")) return "maintenance"
  if (ruleId.includes("nsurance")) return "insurance"
  if (ruleId.includes("nspection")) return "inspection"
  if (ruleId.includes("irthday")) return "birthday"
  if (ruleId.includes("estival") || ruleId.includes("Autumn") || ruleId.includes("holiday")) return "festival"
  return "visit"
}

/**
 * Care contacts to customers (thank-you, maintenance, insurance, inspection, birthday and festival
 * greetings): one message per due contact whose customer the directory can reach, dated into the
 * allowed hours. Consent is checked when it is sent.
 *
 * @example
 * ```ts
 * import { careContactMessages, defaultPolicy, type CareContactDue } from "@jipan/core"
 * declare const due: CareContactDue // a care contact due today
 * const drafts = careContactMessages({ tenant, policy: defaultPolicy, at, directory,
 *   contacts: [{ contact: due, customerId: "cust-1" }] })
 * ```
 */
export const careContactMessages = (input: {
  readonly tenant: Tenant
  readonly policy: Pick<Policy, "notifications" | "timeZone">
  readonly at: number
  readonly directory: NotificationDirectory
  readonly contacts: ReadonlyArray<{
    readonly contact: CareContactDue
    readonly customerId: string
    readonly occasion?: string | undefined
    readonly vehicle?: string | undefined
  }>
}): ReadonlyArray<OutboxDraft> => {
  const store = input.directory.store(input.tenant)
  return input.contacts.flatMap(({ contact, customerId, occasion, vehicle }) => {
    const to = input.directory.customer(customerId, input.tenant)
    if (to === undefined || store === undefined) return []
    return [
      notificationDraft({
        tenant: input.tenant,
        policy: input.policy,
        at: input.at,
        key: `${contact.cardId}:${contact.ruleId}:${contact.on}`,
        to,
        data: {
          kind: "careContact",
          careKind: careKindOf(contact.ruleId),
          customerName: to.name,
          storeName: store.name,
          storePhone: store.phone,
          on: contact.on,
          occasion,
          vehicle
        }
      })
    ]
  })
}

/**
 * Messages to the referrer from a referral's new events: thanks when the referee takes delivery
 * (`RefereeDelivered`), and the reward issued (`RewardIssued`). The referrer is looked up as a
 * customer (`directory.customer(referrerId)`).
 *
 * @example
 * ```ts
 * import { defaultPolicy, referralMessages } from "@jipan/core"
 * const drafts = referralMessages({ tenant, policy: defaultPolicy, at, directory, referralId, referrerId: "cust-9",
 *   events: referralEvents })
 * ```
 */
export const referralMessages = (input: {
  readonly tenant: Tenant
  readonly policy: Pick<Policy, "notifications" | "timeZone">
  readonly at: number
  readonly directory: NotificationDirectory
  readonly referralId: string
  readonly referrerId: string
  readonly refereeName?: string | undefined
  readonly events: ReadonlyArray<ReferralEvent>
  readonly locale?: Locale | undefined
}): ReadonlyArray<OutboxDraft> => {
  const to = input.directory.customer(input.referrerId, input.tenant)
  const store = input.directory.store(input.tenant)
  if (to === undefined || store === undefined) return []
  const locale = input.locale ?? input.policy.notifications.locale
  return input.events.flatMap((e): Array<OutboxDraft> => {
    const base = { tenant: input.tenant, policy: input.policy, at: input.at, to, locale }
    if (e._tag === "RefereeDelivered")
      return [
        notificationDraft({
          ...base,
          key: `${input.referralId}:${e.deliveryId}`,
          data: {
            kind: "referralBought",
            referrerName: to.name,
            storeName: store.name,
            refereeName: input.refereeName
          }
        })
      ]
    if (e._tag === "RewardIssued")
      return [
        notificationDraft({
          ...base,
          key: `${input.referralId}:${e.voucherId}`,
          data: {
            kind: "rewardIssued",
            referrerName: to.name,
            storeName: store.name,
            reward: e.choice.label[locale],
            valueFen: e.choice.valueFen,
            expiresOn: e.expiresOn
          }
        })
      ]
    return []
  })
}

/**
 * Reminders to referrers whose voucher expires within the policy's `voucherReminderDays` of
 * `today` (and has not yet expired). The key is per voucher, so running this every day enqueues
 * each reminder once.
 *
 * @example
 * ```ts
 * import { defaultPolicy, voucherExpiryMessages, CalendarDate } from "@jipan/core"
 * voucherExpiryMessages({ tenant, policy: defaultPolicy, at, today: CalendarDate.make("2026-12-01"), directory,
 *   vouchers: [{ voucherId: "v-1", referrerId: "cust-9", reward: "免费保养一次", expiresOn: CalendarDate.make("2026-12-05") }] })
 * ```
 */
export const voucherExpiryMessages = (input: {
  readonly tenant: Tenant
  readonly policy: Pick<Policy, "notifications" | "timeZone">
  readonly at: number
  readonly today: CalendarDate
  readonly directory: NotificationDirectory
  readonly vouchers: ReadonlyArray<{
    readonly voucherId: string
    readonly referrerId: string
    readonly reward: string
    readonly expiresOn: CalendarDate
  }>
}): ReadonlyArray<OutboxDraft> => {
  const store = input.directory.store(input.tenant)
  if (store === undefined) return []
  const lead = input.policy.notifications.voucherReminderDays
  return input.vouchers.flatMap((v): Array<OutboxDraft> => {
    const daysLeft = daysBetween(input.today, v.expiresOn)
    const to = input.directory.customer(v.referrerId, input.tenant)
    if (daysLeft < 0 || daysLeft > lead || to === undefined) return []
    return [
      notificationDraft({
        tenant: input.tenant,
        policy: input.policy,
        at: input.at,
        key: v.voucherId,
        to,
        data: {
          kind: "voucherExpiring",
          referrerName: to.name,
          storeName: store.name,
          voucherId: v.voucherId,
          reward: v.reward,
          expiresOn: v.expiresOn,
          daysLeft
        }
      })
    ]
  })
}
