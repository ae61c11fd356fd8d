import type { HandledReferral, Jipan } from "@jipan/core"
import { tenantOf } from "./dms-cards.js"

/** The referral form (推荐登记): who referred whom. The referee is a name and a phone, nothing more. */
export interface DmsReferralForm {
  readonly referralId: string
  readonly storeId: string
  readonly consultantId: string
  readonly on: string
  readonly referrer: { readonly customerId: string; readonly phone: string }
  readonly referee: { readonly name: string; readonly phone: string }
}

/**
 * Registers the referral. The library looks up what validity needs (cards with the referee's phone
 * across the dealer group, earlier claims on the referee) under a lock on that phone: the first
 * claim wins, even when two stores register at once.
 */
export const registerReferral = (jipan: Jipan, form: DmsReferralForm): Promise<HandledReferral> =>
  jipan.handleReferral(tenantOf(form.storeId), form.referralId, {
    _tag: "Register",
    on: form.on,
    registration: {
      referralId: form.referralId,
      storeId: form.storeId,
      consultantId: form.consultantId,
      registeredOn: form.on,
      askedAt: "delivery",
      referrer: {
        kind: "ownedCustomer",
        id: form.referrer.customerId,
        customerId: form.referrer.customerId,
        phone: form.referrer.phone
      },
      referee: { name: form.referee.name, phone: form.referee.phone }
    }
  })

/**
 * The DCRC's call (电话稽核): did the referee confirm who referred them, and are they a real
 * prospect? Give both answers each time (a recheck reads only what it is given, besides the
 * library's own look-ups, which it repeats).
 */
export const dcrcAudit = (
  jipan: Jipan,
  storeId: string,
  referralId: string,
  call: {
    readonly on: string
    readonly namedReferrer: string | null
    readonly outcome: "realProspect" | "notReal" | "unreachable"
  }
): Promise<HandledReferral> =>
  jipan.handleReferral(tenantOf(storeId), referralId, {
    _tag: "Recheck",
    on: call.on,
    context: {
      existing: [], // the library adds the cards it finds; list here only customers kept outside Jipan
      earlierClaims: [],
      refereeConfirmation: { on: call.on, namedReferrerId: call.namedReferrer },
      phoneAudit: { on: call.on, outcome: call.outcome }
    }
  })

/** After the holding window (退订观察期): approve, and issue the voucher the referrer chose. */
export const approveAndIssue = async (
  jipan: Jipan,
  storeId: string,
  referralId: string,
  voucher: { readonly on: string; readonly voucherId: string; readonly choiceId: string }
): Promise<HandledReferral> => {
  await jipan.handleReferral(tenantOf(storeId), referralId, { _tag: "Approve", on: voucher.on })
  return jipan.handleReferral(tenantOf(storeId), referralId, { _tag: "IssueReward", ...voucher })
}
