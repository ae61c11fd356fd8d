// The storage benchmarks' data: `n` cards of one dealer group, in stores of `perStore` cards with
// `consultants` consultants each, as bulk-import history rows (the JSON form of a CardOpened),
// opened over 90 days from START. Built from a few decided templates, so generating a row costs
// little next to importing it.
import {
  addDays,
  type CalendarDate,
  type CardEvent,
  type CardId,
  type ConsultantId,
  type CustomerId,
  decideCard,
  defaultPolicy,
  foldCard,
  type PhoneNumber,
  type ProspectEvidence,
  type StoreId
} from "@jipan/core"
import { Result } from "effect"

/** 2026-01-05 09:00 in Beijing. */
export const START = Date.parse("2026-01-05T09:00:00+08:00")
const DAY = 86_400_000

export interface Shape {
  readonly perStore: number
  readonly consultants: number
}

export const storeOf = (i: number, shape: Shape) =>
  `store-${String(Math.floor(i / shape.perStore)).padStart(2, "0")}`
export const ownerOf = (i: number, shape: Shape) => `c-${storeOf(i, shape)}-${i % shape.consultants}`
export const cardIdOf = (i: number) => `card-${String(i).padStart(8, "0")}`
export const phoneOf = (i: number) => `+86139${String(i).padStart(8, "0")}`

const evidences: ReadonlyArray<ProspectEvidence> = [
  {},
  { modelChosen: true },
  { modelChosen: true, testDriveDone: true, purchaseTimeframeDays: 10 },
  {
    purchaseTimeframeDays: 5,
    modelChosen: true,
    colourChosen: true,
    budgetSettled: true,
    testDriveDone: true,
    decisionMakerPresent: true
  },
  { purchaseTimeframeDays: 60 }
]

const templates = evidences.map((evidence) => {
  const decided = decideCard(
    {
      _tag: "OpenCard",
      cardId: "card-x" as CardId,
      storeId: "store-x" as StoreId,
      customerId: "cust-x" as CustomerId,
      phone: "+8613900000000" as PhoneNumber,
      owner: "c-x" as ConsultantId,
      source: "walkIn",
      intent: "direct",
      evidence,
      existingOpenCardId: undefined,
      by: { id: "c-x", role: "consultant" },
      at: START
    },
    foldCard([]),
    defaultPolicy
  )
  if (Result.isFailure(decided)) throw new Error(decided.failure.message)
  const event = decided.success[0] as CardEvent & { readonly _tag: "CardOpened" }
  const json = JSON.parse(JSON.stringify(event)) as Record<string, unknown>
  const dates = (d: unknown) => Array.from({ length: 91 }, (_, k) => addDays(d as CalendarDate, k))
  return { json, on: dates(json.on), base: dates(json.scheduleBase), due: dates(json.nextContactDue) }
})

/** Card `i`'s history row (JSON form, as read from an NDJSON export). */
export const historyRow = (i: number, shape: Shape): Record<string, unknown> => {
  const t = templates[i % templates.length] as (typeof templates)[number]
  const day = (i * 7919) % 91
  const storeId = storeOf(i, shape)
  const cardId = cardIdOf(i)
  const owner = ownerOf(i, shape)
  return {
    storeId,
    cardId,
    history: [
      {
        ...t.json,
        cardId,
        storeId,
        customerId: `cust-${i}`,
        phone: phoneOf(i),
        owner,
        by: { id: owner, role: "consultant" },
        at: START + day * DAY,
        on: t.on[day],
        scheduleBase: t.base[day],
        nextContactDue: t.due[day]
      }
    ]
  }
}

/** The rows of cards `from` ≤ i < `to`. */
export function* historyRows(from: number, to: number, shape: Shape): Generator<Record<string, unknown>> {
  for (let i = from; i < to; i++) yield historyRow(i, shape)
}

/** The work-list date: ten days in, so a consultant has about a tenth of their cards due or overdue. */
export const workListDate = addDays("2026-01-05" as CalendarDate, 10)
