/**
 * A backend whose cards live in memory and whose commands run through the core's card decider
 * (`decideCard` / `evolveCard` on the default policy): the views' state tests see the real
 * lifecycle without a store.
 */
import {
  type CardCommand,
  type CardEvent,
  type CardState,
  decideCard,
  defaultPolicy,
  evolveCard,
  type HandledCard,
  initialCardState,
  type StoredCard
} from "@jipan/core"
import * as Result from "effect/Result"
import type { CabinetBackend } from "../src/backend/CabinetBackend.js"
import { tileOf } from "../src/backend/CabinetBackend.js"
import { fakeBackend } from "./fakeBackend.js"

const at = (day: string, hour = 10) => Date.parse(`${day}T${String(hour).padStart(2, "0")}:00:00+08:00`)
const wang = { id: "c-wang", role: "consultant" } as const

/** The commands that bring a card to a status, from an open on 2026-11-01. */
const pathTo = (cardId: string, status: CardState["status"]): ReadonlyArray<Record<string, unknown>> => {
  const open = {
    _tag: "OpenCard",
    by: wang,
    at: at("2026-11-01"),
    cardId,
    storeId: "store-01",
    customerId: `cust-${cardId}`,
    phone: "+8613810007919",
    owner: "c-wang",
    source: "walkIn",
    intent: "direct",
    evidence: { purchaseTimeframeDays: 20, modelOfInterest: "GL8" }
  }
  const order = { _tag: "PlaceOrder", by: wang, at: at("2026-11-10"), orderId: `SO-${cardId}`, model: "GL8" }
  const defeat = {
    _tag: "RequestDefeat",
    by: wang,
    at: at("2026-11-10"),
    defeat: { typeId: "price", reasonId: "betterOffer" }
  }
  const approve = { _tag: "ApproveDefeat", by: { id: "s-chen", role: "supervisor" }, at: at("2026-11-11") }
  const reactivate = { _tag: "RequestReactivation", by: wang, at: at("2026-11-20"), note: "想再看看" }
  switch (status) {
    case "ordered":
      return [open, order]
    case "defeated":
      return [open, defeat, approve]
    case "reactivationRequested":
      return [open, defeat, approve, reactivate]
    default:
      return [open]
  }
}

/** The backend, with the commands it was sent (after the view added who and when). */
export const deciderBackend = (
  cards: Record<string, CardState["status"]>
): CabinetBackend & { readonly sent: Array<Record<string, unknown>> } => {
  const store = new Map<string, { state: CardState; history: Array<CardEvent> }>()
  const sent: Array<Record<string, unknown>> = []
  const apply = (cardId: string, command: Record<string, unknown>): HandledCard => {
    const card = store.get(cardId) ?? { state: initialCardState, history: [] }
    const decided = decideCard(command as unknown as CardCommand, card.state, defaultPolicy)
    if (Result.isFailure(decided)) throw decided.failure
    const state = decided.success.reduce(evolveCard, card.state)
    store.set(cardId, { state, history: [...card.history, ...decided.success] })
    return {
      cardId: cardId as never,
      events: decided.success,
      state,
      version: state.version,
      messages: [],
      referrals: [],
      referralProblems: []
    }
  }
  for (const [cardId, status] of Object.entries(cards))
    for (const command of pathTo(cardId, status)) apply(cardId, command)
  const base = fakeBackend([])
  return {
    ...base,
    sent,
    tiles: async () => [...store.entries()].map(([id, c]) => tileOf(id, c.state)),
    card: async (cardId) => {
      const card = store.get(cardId)
      if (card === undefined) throw new Error(`no card ${cardId}`)
      return {
        tenant: { dealerGroupId: "grp-demo", storeId: "store-01" },
        cardId,
        state: card.state,
        version: card.state.version,
        history: card.history
      } as unknown as StoredCard
    },
    handle: async (cardId, command) => {
      sent.push(command)
      return apply(cardId, command)
    }
  }
}
