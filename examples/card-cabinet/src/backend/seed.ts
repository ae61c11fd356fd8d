/**
 * The demo store of the offline cabinet: a deterministic month of one showroom written through
 * the Promise facade (the same commands a consultant's clicks send), so a first open always shows
 * the same cabinet.
 *
 * @module
 */
import type { Jipan } from "@jipan/core"

/** The demo's tenant. */
export const DEMO_TENANT = { dealerGroupId: "grp-demo", storeId: "store-01" } as const
/** The demo's working day: the cabinet opens on this morning. */
export const DEMO_TODAY = "2026-11-23"
/** The demo's consultants. */
export const DEMO_CONSULTANTS = ["c-wang", "c-li", "c-zhao"] as const
/** The demo's supervisor. */
export const DEMO_SUPERVISOR = "s-chen"

/** A day `n` days after `date` (YYYY-MM-DD, calendar arithmetic in UTC). */
export const addDays = (date: string, n: number): string => {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/** 10:00 (plus `minutes`) in the store's zone (Asia/Shanghai) on `date`, as epoch ms. */
export const at = (date: string, minutes = 0): number =>
  Date.parse(`${date}T10:00:00+08:00`) + minutes * 60_000

const VIN_VALUES: Record<string, number> = {}
for (const [i, c] of [..."0123456789"].entries()) VIN_VALUES[c] = i
for (const [i, c] of [..."ABCDEFGH"].entries()) VIN_VALUES[c] = i + 1
for (const [i, c] of [..."JKLMN"].entries()) VIN_VALUES[c] = i + 1
VIN_VALUES.P = 7
VIN_VALUES.R = 9
for (const [i, c] of [..."STUVWXYZ"].entries()) VIN_VALUES[c] = i + 2
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]

/** A VIN (车架号) with a valid ISO 3779 check digit, from a serial number. */
export const makeVin = (serial: number): string => {
  const body = `LSGUA8450TS${String(serial).padStart(6, "0")}`
  let sum = 0
  for (let i = 0; i < 17; i++) sum += (VIN_VALUES[body.charAt(i)] ?? 0) * (VIN_WEIGHTS[i] ?? 0)
  const r = sum % 11
  return `${body.slice(0, 8)}${r === 10 ? "X" : String(r)}${body.slice(9)}`
}

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
]
const MODELS = ["GL8", "Envision", "Verano", "Regal", "LaCrosse", "Encore"]
const CHANNELS = ["call", "call", "wechat", "showroomVisit", "sms"]
/** The default policy's contact interval of each grade (days). */
const INTERVALS: Record<string, number> = { H: 2, A: 4, B: 7, C: 14, N: 1 }

/** A demo phone number of card `i` (mainland mobile, valid for libphonenumber). */
export const demoPhone = (i: number): string => `+86138${String(10_000_000 + i * 7919).slice(-8)}`

/** How many cards the demo opens. */
export const DEMO_CARDS = 72

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
    const by = { id: owner, role: "consultant" }
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
