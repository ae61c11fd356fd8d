/**
 * Consent records as stored data (个人信息处理同意, PIPL art. 13–14, 23): per person — their
 * normalised phone within the dealer group —, per purpose (care contacts, marketing, the referral
 * programme, handing data to the OEM or an insurer: each a separate consent), per channel, with the
 * evidence (the signed form, the call recording, who captured it), granted or withdrawn at an
 * instant. The dispatcher reads them at send time, so a withdrawal stops what is queued; the close
 * of day writes no care message to a person who withdrew.
 *
 * @module
 */
import { Context, type Effect, Schema } from "effect"
import { decoderFor } from "../kernel/Errors.js"
import { DealerGroupId, IdString } from "../kernel/Ids.js"
import { Instant } from "../kernel/Instant.js"
import { defineEnum } from "../kernel/Label.js"
import { normalisePhone, type PhoneNumber, PhoneNumberFromInput } from "../kernel/Phone.js"
import type { StoreError } from "../kernel/StoreError.js"
import { NonEmptyText, Text } from "../kernel/Text.js"
import type { ConsentDecision } from "./Consent.js"
import type { NotificationKind } from "./NotificationTemplates.js"

/**
 * What a consent is for: each purpose is consented to separately (PIPL asks a separate consent for
 * marketing and for handing data to others).
 *
 * @example
 * ```ts
 * import { ConsentPurpose } from "@jipan/core"
 * ConsentPurpose.label("shareWithOem", "zh-CN") // "向主机厂提供"
 * ```
 */
export const ConsentPurpose = /* @__PURE__ */ defineEnum({
  careContact: { "zh-CN": "客户关怀回访", en: "Care contacts" },
  marketing: { "zh-CN": "营销推广", en: "Marketing" },
  referralProgram: { "zh-CN": "转介绍活动", en: "Referral programme" },
  shareWithOem: { "zh-CN": "向主机厂提供", en: "Shared with the OEM" },
  shareWithInsurer: { "zh-CN": "向保险公司提供", en: "Shared with an insurer" }
})
/** @see {@link ConsentPurpose} */
export type ConsentPurpose = (typeof ConsentPurpose.values)[number]

/**
 * One consent record: a person (phone, in any common format, stored E.164) granted or withdrew a
 * purpose on a channel (`"*"`: every channel) at an instant, with the evidence. Its id is unique in
 * the group (recording it again changes nothing).
 *
 * @example
 * ```ts
 * import type { ConsentEntry } from "@jipan/core"
 * const signed: ConsentEntry = { id: "consent-1", dealerGroupId, phone: "+8613812345678" as never,
 *   purpose: "careContact", channel: "sms", status: "granted", at: Date.parse("2026-12-01T10:00:00+08:00"),
 *   evidence: { capturedBy: "c-wang", formId: "F-2026-0001" } }
 * ```
 */
export const ConsentEntry = Schema.Struct({
  id: IdString,
  dealerGroupId: DealerGroupId,
  phone: PhoneNumberFromInput,
  purpose: ConsentPurpose.schema,
  channel: NonEmptyText,
  status: Schema.Literals(["granted", "withdrawn"]),
  at: Instant,
  evidence: Schema.Struct({
    capturedBy: NonEmptyText,
    formId: Schema.optionalKey(Text),
    recordingId: Schema.optionalKey(Text)
  })
})
/** @see {@link ConsentEntry} */
export type ConsentEntry = typeof ConsentEntry.Type

/**
 * Decodes an untrusted consent record (the phone normalised), naming each problem.
 *
 * @example
 * ```ts
 * import { decodeConsentEntry } from "@jipan/core"
 * decodeConsentEntry({ id: "c-1" })._tag // "Failure"
 * ```
 */
export const decodeConsentEntry = /* @__PURE__ */ decoderFor(ConsentEntry, "ConsentEntry")

/**
 * The consent in force for a person's purpose on a channel at `at`: the latest record at or
 * before `at` for that purpose and channel or `"*"` (at the same instant a withdrawal wins).
 *
 * @example
 * ```ts
 * import { personConsentAt, type ConsentEntry } from "@jipan/core"
 * declare const entries: ReadonlyArray<ConsentEntry>
 * personConsentAt(entries, "careContact", "sms", Date.now())._tag // "Granted" | "Withdrawn" | "NoConsent"
 * ```
 */
export const personConsentAt = (
  entries: ReadonlyArray<ConsentEntry>,
  purpose: ConsentPurpose,
  channel: string,
  at: number
): ConsentDecision => {
  let latest: ConsentEntry | undefined
  for (const e of entries) {
    if (e.purpose !== purpose || e.at > at || (e.channel !== channel && e.channel !== "*")) continue
    if (latest === undefined || e.at > latest.at || (e.at === latest.at && e.status === "withdrawn"))
      latest = e
  }
  const label = ConsentPurpose.label(purpose, "zh-CN")
  if (latest === undefined)
    return {
      _tag: "NoConsent",
      reason: `no consent recorded for ${purpose} on ${channel} (未取得${label}同意)`
    }
  const record = {
    customerId: latest.phone,
    channel: latest.channel,
    status: latest.status,
    at: latest.at,
    source: latest.evidence.formId ?? latest.evidence.recordingId ?? latest.evidence.capturedBy
  }
  return latest.status === "granted"
    ? { _tag: "Granted", record }
    : {
        _tag: "Withdrawn",
        record,
        reason: `consent to ${purpose} withdrawn at ${new Date(latest.at).toISOString()} (客户已撤回${label}同意)`
      }
}

/**
 * The purpose a notification to a customer or a referrer serves (internal notifications have
 * none): care contacts are care; reward and voucher messages are the referral programme.
 *
 * @example
 * ```ts
 * import { purposeOfNotification } from "@jipan/core"
 * purposeOfNotification("voucherExpiring") // "referralProgram"
 * ```
 */
export const purposeOfNotification = (kind: NotificationKind | string): ConsentPurpose | undefined =>
  kind === "careContact"
    ? "careContact"
    : kind === "referralBought" || kind === "rewardIssued" || kind === "voucherExpiring"
      ? "referralProgram"
      : undefined

/**
 * The phones among a message's addresses (as written: national or E.164), normalised; other
 * addresses (an email, an openid) are left out.
 *
 * @example
 * ```ts
 * import { phonesOf } from "@jipan/core"
 * phonesOf(["13812345678", "a@b.cn"]) // ["+8613812345678"]
 * ```
 */
export const phonesOf = (addresses: ReadonlyArray<string>): ReadonlyArray<PhoneNumber> =>
  addresses.flatMap((a) => {
    const p = normalisePhone(a)
    return p._tag === "Success" ? [p.success] : []
  })

/**
 * The consent ledger port: `record` appends (an id the group already has is ignored),
 * `ofPerson` reads a person's records in time order, `redact` takes the phone out of them for an
 * erasure. Implemented in memory and on SQL.
 *
 * @example
 * ```ts
 * import { ConsentStore } from "@jipan/core"
 * const theirs = ConsentStore.use((c) => c.ofPerson(dealerGroupId, "+8613812345678" as never))
 * ```
 */
export class ConsentStore extends Context.Service<
  ConsentStore,
  {
    readonly record: (entries: ReadonlyArray<ConsentEntry>) => Effect.Effect<void, StoreError>
    readonly ofPerson: (
      dealerGroupId: DealerGroupId,
      phone: PhoneNumber
    ) => Effect.Effect<ReadonlyArray<ConsentEntry>, StoreError>
    /** For an erasure: the person's records keep their purposes, times and evidence ids, not the phone (`+0`). */
    readonly redact: (dealerGroupId: DealerGroupId, phone: PhoneNumber) => Effect.Effect<number, StoreError>
  }
>()("@jipan/core/ConsentStore") {}
