import { AlreadyHasCard, type HandledCard, InvalidInput, type Jipan, VersionConflict } from "@jipan/core"

/** A customer as the DMS's reception form records it; the phone as the receptionist typed it. */
export interface DmsCustomer {
  readonly customerId: string
  readonly storeId: string
  readonly consultantId: string
  readonly phone: string
  readonly source: "walkIn" | "phoneIn" | "referral"
  readonly buysWithinDays?: number
  readonly visitedAt: number
}

export const group = "grp-east"
export const tenantOf = (storeId: string) => ({ dealerGroupId: group, storeId })

/** Opens the customer's card (建卡); the DMS chooses the card's id. */
export const openCard = (jipan: Jipan, cardId: string, c: DmsCustomer): Promise<HandledCard> =>
  jipan.handle(tenantOf(c.storeId), cardId, {
    _tag: "OpenCard",
    cardId,
    storeId: c.storeId,
    customerId: c.customerId,
    phone: c.phone, // "138 1234 5678", "+86 138-1234-5678", "008613812345678": stored as +8613812345678
    owner: c.consultantId,
    source: c.source,
    intent: "direct",
    evidence: c.buysWithinDays === undefined ? {} : { purchaseTimeframeDays: c.buysWithinDays },
    by: { id: c.consultantId, role: "consultant" },
    at: c.visitedAt
  })

/** A follow-up call saved from the card's edit screen, which read the card at `version`. */
export const saveCall = (
  jipan: Jipan,
  storeId: string,
  cardId: string,
  form: {
    readonly version: number
    readonly consultantId: string
    readonly at: number
    readonly modelChosen: boolean
  }
): Promise<HandledCard> =>
  jipan.handle(
    tenantOf(storeId),
    cardId,
    {
      _tag: "LogContact",
      channel: "call",
      outcome: "reached",
      evidence: { modelChosen: form.modelChosen },
      by: { id: form.consultantId, role: "consultant" },
      at: form.at
    },
    { expectedVersion: form.version } // someone saved since: VersionConflict, nothing written
  )

/** What the DMS's screen shows for a refusal; anything else (StoreError…) is the DMS's 500. */
export type Refusal =
  | {
      readonly kind: "alreadyHasCard"
      readonly cardId: string
      readonly storeId: string | undefined
      readonly consultant: string | undefined
    }
  | { readonly kind: "reload"; readonly yours: number; readonly current: number }
  | { readonly kind: "fix"; readonly fields: Record<string, string> }
  | { readonly kind: "refused"; readonly tag: string; readonly message: string }

export const refusalOf = (e: unknown): Refusal => {
  if (e instanceof AlreadyHasCard)
    return {
      kind: "alreadyHasCard",
      cardId: e.existingCardId,
      storeId: e.existingStoreId,
      consultant: e.existingOwner
    }
  if (e instanceof VersionConflict) return { kind: "reload", yours: e.expected, current: e.actual }
  if (e instanceof InvalidInput)
    return { kind: "fix", fields: Object.fromEntries(e.issues.map((i) => [i.path, i.message])) }
  // the decider's refusals (TransitionNotAllowed, StillHolding…) are tagged errors too
  if (e instanceof Error && "_tag" in e && e._tag !== "StoreError")
    return { kind: "refused", tag: String(e._tag), message: e.message }
  throw e
}
