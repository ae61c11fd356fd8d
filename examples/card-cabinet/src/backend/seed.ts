/**
 * The demo store of the offline cabinet: a deterministic month of one showroom written through
 * the Promise facade (the same commands a consultant's clicks send), so a first open always shows
 * the same cabinet. Imported dynamically by the offline backend on a first open only.
 *
 * @module
 */
import type { Jipan } from "@jipan/core"
import {
  addDays,
  at,
  DEMO_CARDS,
  DEMO_CONSULTANTS,
  DEMO_TENANT,
  DEMO_TODAY,
  demoPhone,
  makeVin
} from "./demo.js"

/** mulberry32: a small seeded generator, so the demo is the same on every machine. */
const prng = (seed: number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const SOURCES = [
  "walkIn",
  "walkIn",
  "walkIn",
  "phoneIn",
  "phoneIn",
  "referral",
  "online",
  "event",
  "outbound"
] as const
const MODELS = ["GL8", "Envision", "Verano", "Regal", "LaCrosse", "Encore"]
const CHANNELS = ["call", "call", "wechat", "showroomVisit", "sms"] as const
/** The default policy's contact interval of each grade (days). */
const INTERVALS: Record<string, number> = { H: 2, A: 4, B: 7, C: 14, N: 1 }

/**
 * Fills an empty store with the demo month: cards opened over the 30 days before
 * {@link DEMO_TODAY}, contacts, orders, deliveries (with their care plans), defeat requests and
 * referrals. Deterministic.
 */
export const seedDemo = async (jipan: Jipan, onProgress?: (done: number, total: number) => void) => {
  const random = prng(20261123)
  const pick = <A>(xs: ReadonlyArray<A>): A => xs[Math.floor(random() * xs.length)] as A
  const t = DEMO_TENANT
  const start = addDays(DEMO_TODAY, -30)
  for (let i = 0; i < DEMO_CARDS; i++) {
    const cardId = `card-${String(i + 1).padStart(3, "0")}`
    const owner = DEMO_CONSULTANTS[i % DEMO_CONSULTANTS.length] as string
    const by = { id: owner, role: "consultant" } as const
    const openedDay = Math.floor(random() * 28)
    const opened = addDays(start, openedDay)
    const model = pick(MODELS)
    const days = pick([5, 10, 20, 45, 90])
    await jipan.handle(t, cardId, {
      _tag: "OpenCard",
      cardId,
      storeId: t.storeId,
      customerId: `cust-${String(i + 1).padStart(3, "0")}`,
      phone: demoPhone(i + 1),
      owner,
      source: pick(SOURCES),
      intent: random() < 0.85 ? "direct" : pick(["keyPerson", "latent"]),
      evidence: { purchaseTimeframeDays: days, modelOfInterest: model, modelChosen: days <= 20 },
      by,
      at: at(opened)
    })
    let day = openedDay
    const contacts = Math.floor(random() * 4)
    for (let k = 0; k < contacts; k++) {
      day += 1 + Math.floor(random() * 5)
      if (day >= 30) break
      const hot = random() < 0.4
      await jipan.handle(t, cardId, {
        _tag: "LogContact",
        channel: pick(CHANNELS),
        outcome: random() < 0.8 ? "reached" : "notReached",
        evidence: {
          purchaseTimeframeDays: Math.max(3, days - 7 * (k + 1)),
          modelOfInterest: model,
          modelChosen: true,
          testDriveDone: hot,
          budgetSettled: hot && random() < 0.5,
          decisionMakerPresent: hot
        },
        agreedNextContactOn: addDays(addDays(start, day), 2),
        note: "跟进 (follow-up)",
        by,
        at: at(addDays(start, day), k + 1)
      })
    }
    // Most consultants keep their cabinet: a last contact one grade interval (or less) before
    // today puts the card in today's or a coming day's drawer; the rest are left overdue.
    if (random() < 0.75 && day < 29) {
      const card = await jipan.card(t, cardId)
      const interval = INTERVALS[card.state.grade ?? "N"] ?? 7
      const last = Math.max(day + 1, 30 - 1 - Math.floor(random() * interval))
      if (last <= 29 && card.state.status === "prospect") {
        day = last
        await jipan.handle(t, cardId, {
          _tag: "LogContact",
          channel: pick(CHANNELS),
          outcome: "reached",
          evidence: card.state.evidence,
          agreedNextContactOn: addDays(addDays(start, day), interval),
          note: "回访 (follow-up call)",
          by,
          at: at(addDays(start, day), 20)
        })
      }
    }
    const fate = random()
    if (fate < 0.16 && day < 26) {
      day += 1
      await jipan.handle(t, cardId, {
        _tag: "PlaceOrder",
        orderId: `SO-${i + 1}`,
        model,
        by,
        at: at(addDays(start, day), 30)
      })
      if (fate < 0.1 && day < 27) {
        day += 2
        const on = addDays(start, day)
        await jipan.handle(t, cardId, {
          _tag: "Deliver",
          vehicle: { brand: "Buick", model, vin: makeVin(i + 1) },
          deliveredOn: on,
          by,
          at: at(on, 60)
        })
      }
    } else if (fate > 0.93 && day < 29) {
      day += 1
      await jipan.handle(t, cardId, {
        _tag: "RequestDefeat",
        defeat: { typeId: "price", reasonId: "priceTooHigh", note: "嫌贵 (too expensive)" },
        by,
        at: at(addDays(start, day), 45)
      })
    }
    onProgress?.(i + 1, DEMO_CARDS)
  }
}
