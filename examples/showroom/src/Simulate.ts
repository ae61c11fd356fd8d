/**
 * The simulated showroom: a deterministic 90-day history of one store, generated from a seed and
 * written only through Jipan's public Effect use cases (`handleCard`, `handleReferral`, `careDue`,
 * `recordVisits`, `closeDay`) — exactly what a DMS would call. Every command is
 * built as plain data and decoded with the core's Schemas first (`decodeCardCommand`,
 * `decodeReferralRegistration`, `decodeShowroomVisit`, `decodeSurvey`, `normalisePhone`).
 *
 * What happens: six consultants of different diligence; walk-ins, phone-ins, online and event
 * leads, with reception's visit log (来店/来电登记) of first and repeat walk-ins and phone-ins —
 * a few first walk-ins leave without a card, which the supervisor's findings flag; cards graded and contacted on their due dates (the less diligent let some slip, so some
 * are overdue on the last day); repeat visits and test drives; orders and deliveries; defeat
 * requests that the supervisor approves or rejects (继续跟踪); owned-customer care contacts done or
 * missed; referrals asked at delivery or at the day-7 photo visit (the library checks them against
 * the store), confirmed and phone-audited by the DCRC, referees carded, ordering and taking
 * delivery (the referee's card drives its referral), the reward held, approved, issued and
 * redeemed; now and then a fleet sale (批售) of several cars; the DCRC's satisfaction surveys after
 * delivery, recorded on the cards (`RecordSurvey`); and after the last day, the store's close of
 * day (`closeDay`: lapsed grades, expired vouchers, the customers' messages queued).
 *
 * @module
 */
import {
  addDays,
  type CalendarDate,
  CardId,
  type CardState,
  type ConsultantId,
  CustomerId,
  careDue,
  closeDay,
  type DayClosed,
  DEFAULT_CONFLICT_RETRIES,
  decodeCardCommand,
  decodeReferralRegistration,
  decodeShowroomVisit,
  decodeSurvey,
  defaultPolicy,
  type HandledCard,
  handleCard,
  handleReferral,
  type JipanStore,
  type LeadSource,
  loyaltySegment,
  makeTenant,
  type NotificationDirectory,
  normalisePhone,
  type PhoneNumber,
  type ReferralCommand,
  type ReferralId,
  type ReferralState,
  recordVisits,
  type ShowroomVisit,
  type Tenant,
  type TenantScope
} from "@jipan/core"
import { Effect, Result } from "effect"
import { type Directory, nameGenerator } from "./People.js"
import { makePrng, type Prng } from "./Prng.js"

/** The demo's fixed calendar: day 1 is 2026-01-01, "today" is day 90, 2026-03-31. */
export const DEMO_START = "2026-01-01" as CalendarDate
/** How many days the demo simulates. */
export const DEMO_DAYS = 90
/**
 * The demo's "today": the 90th day, fixed so that the output is deterministic. The 89 days before
 * it are history; today's work has not started yet, so today's work list is still to do.
 */
export const DEMO_TODAY = addDays(DEMO_START, DEMO_DAYS - 1)
/** The seed of the demo's generator. */
export const DEMO_SEED = 20260101

/** The demo's tenant. */
export const DEMO_TENANT: Tenant = makeTenant("grp-demo", "store-01")

/**
 * The six consultants (销售顾问), each with a diligence: the chance a due contact is made that day.
 * Their names come from the seed (see {@link Simulation.directory}).
 */
export const CONSULTANTS: ReadonlyArray<{ readonly id: ConsultantId; readonly diligence: number }> = [
  { id: "c-01" as ConsultantId, diligence: 0.97 },
  { id: "c-02" as ConsultantId, diligence: 0.93 },
  { id: "c-03" as ConsultantId, diligence: 0.82 },
  { id: "c-04" as ConsultantId, diligence: 0.95 },
  { id: "c-05" as ConsultantId, diligence: 0.7 },
  { id: "c-06" as ConsultantId, diligence: 0.9 }
]
const SUPERVISOR = { id: "s-zhao", role: "supervisor" } as const
/** The DCRC (客户关系中心) who phones the customers: the referral audits and the surveys. */
const DCRC = { id: "dcrc-qian", role: "dcrc" } as const
/** The store as its customers know it: the SMS sign (短信签名) and the number in the messages. */
export const DEMO_STORE = { name: "东方丰田", phone: "021-5555 0000" } as const
/** Fleet customers (批售): companies that take several cars at one delivery. */
const FLEET_CUSTOMERS = ["东方出租", "申城物流", "浦江旅游客运", "华东租车"] as const

const BRAND = "Buick"
const MODELS = ["GL8", "Envision", "LaCrosse", "Regal", "Verano"] as const
const COMPETITORS: readonly [
  { readonly brand: string; readonly model: string },
  ...Array<{ readonly brand: string; readonly model: string }>
] = [
  { brand: "BYD", model: "Han" },
  { brand: "Toyota", model: "Camry" },
  { brand: "Honda", model: "Accord" },
  { brand: "Volkswagen", model: "Passat" },
  { brand: "Tesla", model: "Model Y" }
]
const MOBILE_PREFIXES = [
  "138",
  "139",
  "135",
  "136",
  "137",
  "150",
  "151",
  "152",
  "158",
  "159",
  "186",
  "188"
] as const

const statusOf = (r: SimReferral) => r.state.status

type Fate = "buy" | "defeat" | "open" | "invalid"

interface SimCard {
  readonly cardId: CardId
  readonly customerId: CustomerId
  readonly phone: PhoneNumber
  readonly owner: ConsultantId
  readonly source: LeadSource
  readonly model: string
  fate: Fate
  orderDay: number
  deliverDay: number
  defeatDay: number
  invalidDay: number
  defeatRequestedDay: number
  testDriveDone: boolean
  /** A card its consultant keeps putting off: contacted late, if at all. */
  neglected: boolean
  visits: number
  state: CardState
  /** The referral that brought this card (the card is its referee's). */
  refereeOf: ReferralId | undefined
  referralsMade: number
}

interface SimReferral {
  readonly referralId: ReferralId
  readonly referrerId: string
  readonly refereePhone: PhoneNumber
  readonly refereeName: string
  auditDay: number
  state: ReferralState
  redeemDay: number
}

/** What the simulation did, counted from the use cases' results. */
export interface SimulationCounts {
  cardsOpened: number
  walkIns: number
  phoneIns: number
  otherSources: number
  repeatVisits: number
  contactsLogged: number
  testDrives: number
  orders: number
  deliveries: number
  /** Of the deliveries, fleet sales (批售) of several cars. */
  fleetDeliveries: number
  defeatsRequested: number
  defeatsApproved: number
  defeatsRejected: number
  invalidCards: number
  careContactsDone: number
  careContactsMissed: number
  referralsRegistered: number
  referralsAudited: number
  referralsRejected: number
  refereeDeliveries: number
  rewardsIssued: number
  rewardsRedeemed: number
  surveys: number
  /** Reception's visit log (来店/来电登记): first and repeat walk-ins and phone-ins. */
  visitsFirstWalkIn: number
  visitsRepeatWalkIn: number
  visitsFirstPhoneIn: number
  visitsRepeatPhoneIn: number
  /** First walk-ins the consultant did not card (the findings show them). */
  walkInsWithoutCard: number
  commands: number
}

/**
 * The simulation's result: the counts, the loyalty of the surveyed customers, the calendar, and
 * what the close of the last simulated day did. Everything else (surveys, sales, referrals) is in
 * the store.
 */
export interface Simulation {
  readonly tenant: Tenant
  readonly start: CalendarDate
  readonly today: CalendarDate
  readonly counts: SimulationCounts
  readonly loyalty: ReadonlyMap<string, number>
  /** The close of the last simulated day (the day before "today"), run after its work. */
  readonly closed: DayClosed
  /** The first walk-ins left without a card: what the findings must flag. */
  readonly walkInsWithoutCard: ReadonlyArray<ShowroomVisit>
  /** The consultants' and customers' names, drawn from the seed (the store keeps only ids). */
  readonly directory: Directory
}

/**
 * Options: the seed, the calendar's length in days (the last is "today", not simulated), and a
 * progress callback called after each simulated day.
 */
export interface SimulateOptions {
  readonly seed?: number
  readonly days?: number
  readonly onDay?: (done: number, total: number, date: CalendarDate) => void
}

/** A refusal of the library while simulating: the simulation only issues valid commands. */
export class SimulationError extends Error {
  readonly _tag = "SimulationError"
}

const fail = (what: string, cause: unknown) =>
  new SimulationError(
    `${what}: ${cause instanceof Error ? cause.message : typeof cause === "object" ? JSON.stringify(cause) : String(cause)}`
  )

/** The ISO 3779 check digit (9th character), so that generated VINs pass the core's check. */
const VIN_VALUES: Record<string, number> = {}
for (const [i, c] of [..."0123456789"].entries()) VIN_VALUES[c] = i
for (const [i, c] of [..."ABCDEFGH"].entries()) VIN_VALUES[c] = i + 1
for (const [i, c] of [..."JKLMN"].entries()) VIN_VALUES[c] = i + 1
VIN_VALUES.P = 7
VIN_VALUES.R = 9
for (const [i, c] of [..."STUVWXYZ"].entries()) VIN_VALUES[c] = i + 2
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
const makeVin = (serial: number): string => {
  // WMI + VDS, a placeholder check digit (weight 0), model year T (2026), plant S, serial
  const body = `LSGUA8450TS${String(serial).padStart(6, "0")}`
  let sum = 0
  for (let i = 0; i < 17; i++) sum += (VIN_VALUES[body.charAt(i)] ?? 0) * (VIN_WEIGHTS[i] ?? 0)
  const r = sum % 11
  return `${body.slice(0, 8)}${r === 10 ? "X" : String(r)}${body.slice(9)}`
}

/**
 * Runs the simulation against the store in context. Fails (with the library's error) if any
 * command is refused, which would be a bug in the simulation.
 */
export const simulate = (options: SimulateOptions = {}): Effect.Effect<Simulation, unknown, JipanStore> =>
  Effect.gen(function* () {
    const rng: Prng = makePrng(options.seed ?? DEMO_SEED)
    // names come from their own stream, so naming does not change the history
    const names = nameGenerator(makePrng(((options.seed ?? DEMO_SEED) ^ 0x5bd1e995) >>> 0))
    const consultantNames: Record<string, string> = {}
    const customerNames: Record<string, string> = {}
    for (const c of CONSULTANTS) consultantNames[c.id] = names.next()
    const calendarDays = options.days ?? DEMO_DAYS
    const days = calendarDays - 1
    const tenant = DEMO_TENANT
    const scope: TenantScope = { dealerGroupId: tenant.dealerGroupId, storeId: tenant.storeId }
    const today = addDays(DEMO_START, days)
    const counts: SimulationCounts = {
      cardsOpened: 0,
      walkIns: 0,
      phoneIns: 0,
      otherSources: 0,
      repeatVisits: 0,
      contactsLogged: 0,
      testDrives: 0,
      orders: 0,
      deliveries: 0,
      fleetDeliveries: 0,
      defeatsRequested: 0,
      defeatsApproved: 0,
      defeatsRejected: 0,
      invalidCards: 0,
      careContactsDone: 0,
      careContactsMissed: 0,
      referralsRegistered: 0,
      referralsAudited: 0,
      referralsRejected: 0,
      refereeDeliveries: 0,
      rewardsIssued: 0,
      rewardsRedeemed: 0,
      surveys: 0,
      visitsFirstWalkIn: 0,
      visitsRepeatWalkIn: 0,
      visitsFirstPhoneIn: 0,
      visitsRepeatPhoneIn: 0,
      walkInsWithoutCard: 0,
      commands: 0
    }
    const cards: Array<SimCard> = []
    const byCardId = new Map<string, SimCard>()
    const referrals: Array<SimReferral> = []
    const usedPhones = new Set<string>()
    const surveyDue = new Map<number, Array<SimCard>>()
    const loyalty = new Map<string, number>()
    let serial = 0
    let visitSerial = 0
    let surveySerial = 0
    // the day's visit log, handed to the store once a day as reception's app would sync it
    let visitLog: Array<ShowroomVisit> = []
    const walkInsWithoutCard: Array<ShowroomVisit> = []
    let clock = 0
    let clockDay = -1

    const dateOf = (day: number) => addDays(DEMO_START, day)
    // One clock for the whole store: every command is later than the one before.
    const at = (day: number) => {
      if (day !== clockDay) {
        clockDay = day
        clock = 0
      }
      clock += 15_000
      return Date.parse(`${dateOf(day)}T09:00:00+08:00`) + clock
    }
    const diligence = (owner: ConsultantId) => CONSULTANTS.find((c) => c.id === owner)?.diligence ?? 0.9
    const contactChance = (card: SimCard) => (card.neglected ? 0.12 : diligence(card.owner))
    const asConsultant = (c: SimCard) => ({ id: c.owner, role: "consultant" })

    /** Reception logs a walk-in or phone-in (decoded like any entry from a reception app). */
    const logVisit = (
      day: number,
      kind: "walkIn" | "phoneIn",
      ordinal: "first" | "repeat",
      consultant: ConsultantId,
      phone: PhoneNumber | undefined,
      cardId: CardId | undefined
    ) =>
      Effect.gen(function* () {
        visitSerial++
        const visit = decodeShowroomVisit({
          tenant,
          visitId: `visit-${String(visitSerial).padStart(5, "0")}`,
          at: at(day),
          on: dateOf(day),
          kind,
          ordinal,
          consultant,
          ...(phone === undefined ? {} : { phone }),
          ...(cardId === undefined ? {} : { cardId }),
          ...(kind === "walkIn" ? { partySize: rng.int(1, 3) } : {})
        })
        if (Result.isFailure(visit)) return yield* Effect.fail(fail("visit", visit.failure))
        visitLog.push(visit.success)
        if (kind === "walkIn") {
          if (ordinal === "first") counts.visitsFirstWalkIn++
          else counts.visitsRepeatWalkIn++
        } else if (ordinal === "first") counts.visitsFirstPhoneIn++
        else counts.visitsRepeatPhoneIn++
        return visit.success
      })

    const run = (card: SimCard, command: Record<string, unknown>) =>
      Effect.gen(function* () {
        const decoded = decodeCardCommand(command)
        if (Result.isFailure(decoded)) return yield* Effect.fail(fail("decode", decoded.failure))
        const handled: HandledCard = yield* handleCard(
          { tenant, cardId: card.cardId, command: decoded.success },
          { conflictRetries: DEFAULT_CONFLICT_RETRIES }
        ).pipe(Effect.mapError((e) => fail(`${String(command._tag)} on ${card.cardId}`, e)))
        card.state = handled.state
        counts.commands++
        // the referrals whose referee this card is, advanced by the card in the same transaction
        if (handled.referralProblems.length > 0)
          return yield* Effect.fail(
            fail(`${String(command._tag)} on ${card.cardId}`, handled.referralProblems)
          )
        for (const h of handled.referrals) {
          const r = referrals.find((x) => x.referralId === h.referralId)
          if (r === undefined) continue
          r.state = h.state
          if (h.events.some((e) => e._tag === "RefereeDelivered")) counts.refereeDeliveries++
        }
        return handled
      })

    const referral = (r: SimReferral, command: ReferralCommand) =>
      Effect.gen(function* () {
        const handled = yield* handleReferral({ tenant, referralId: r.referralId, command }).pipe(
          Effect.mapError((e) => fail(`${command._tag} on ${r.referralId}`, e))
        )
        r.state = handled.state
        counts.commands++
        return handled
      })

    const freshPhone = (): PhoneNumber => {
      for (;;) {
        const typed = `${rng.pick(MOBILE_PREFIXES)} ${String(rng.int(0, 9999)).padStart(4, "0")} ${String(rng.int(0, 9999)).padStart(4, "0")}`
        const phone = normalisePhone(typed)
        if (Result.isSuccess(phone) && !usedPhones.has(phone.success)) {
          usedPhones.add(phone.success)
          return phone.success
        }
      }
    }

    const plan = (card: SimCard, day: number) => {
      card.orderDay = day + rng.int(6, 40)
      card.deliverDay = card.orderDay + rng.int(3, 12)
      card.defeatDay = day + rng.int(10, 45)
      card.invalidDay = day + rng.int(1, 3)
    }

    const openCard = (day: number, source: LeadSource, owner: ConsultantId, phone: PhoneNumber, fate: Fate) =>
      Effect.gen(function* () {
        serial++
        const n = String(serial).padStart(4, "0")
        const model = rng.pick(MODELS)
        const card: SimCard = {
          cardId: CardId.make(`card-${n}`),
          customerId: CustomerId.make(`cust-${n}`),
          phone,
          owner,
          source,
          model,
          fate,
          orderDay: Number.POSITIVE_INFINITY,
          deliverDay: Number.POSITIVE_INFINITY,
          defeatDay: Number.POSITIVE_INFINITY,
          invalidDay: Number.POSITIVE_INFINITY,
          defeatRequestedDay: -1,
          testDriveDone: false,
          neglected: rng.chance((1 - diligence(owner)) * 0.8),
          visits: source === "walkIn" ? 1 : 0,
          state: undefined as unknown as CardState,
          refereeOf: undefined,
          referralsMade: 0
        }
        plan(card, day)
        customerNames[card.customerId] = names.next()
        // Walk-ins usually say what they came for; phone-ins often open ungraded (N).
        const evidence: Record<string, unknown> =
          source === "phoneIn" && rng.chance(0.6)
            ? {}
            : {
                modelOfInterest: `${BRAND} ${model}`,
                purchaseTimeframeDays:
                  fate === "buy" ? Math.max(7, card.orderDay - day + rng.int(0, 10)) : rng.int(20, 90),
                ...(card.visits > 0 ? { visitCount: card.visits } : {})
              }
        yield* run(card, {
          _tag: "OpenCard",
          cardId: card.cardId,
          storeId: tenant.storeId,
          customerId: card.customerId,
          phone: card.phone,
          owner,
          source,
          intent: rng.weighted([
            ["direct", 85],
            ["keyPerson", 5],
            ["latent", 10]
          ]),
          evidence,
          by: { id: owner, role: "consultant" },
          at: at(day)
        })
        cards.push(card)
        byCardId.set(card.cardId, card)
        counts.cardsOpened++
        if (source === "walkIn") counts.walkIns++
        else if (source === "phoneIn") counts.phoneIns++
        else counts.otherSources++
        return card
      })

    const evidenceFor = (card: SimCard, day: number, testDrive: boolean): Record<string, unknown> => {
      if (card.fate === "buy") {
        const toOrder = card.orderDay - day
        return {
          modelOfInterest: `${BRAND} ${card.model}`,
          purchaseTimeframeDays: Math.max(0, toOrder + rng.int(0, 3)),
          ...(toOrder <= 20 ? { modelChosen: true } : {}),
          ...(toOrder <= 15 && !card.testDriveDone ? { testDriveBooked: true } : {}),
          ...(testDrive ? { testDriveDone: true } : {}),
          ...(toOrder <= 8 ? { colourChosen: true, budgetSettled: true } : {}),
          ...(toOrder <= 6 ? { decisionMakerPresent: true } : {}),
          ...(card.visits > 0 ? { visitCount: card.visits } : {})
        }
      }
      return {
        modelOfInterest: `${BRAND} ${card.model}`,
        purchaseTimeframeDays: card.fate === "defeat" ? rng.int(20, 60) : rng.int(25, 90),
        ...(card.fate === "defeat" ? { competitorCompared: true } : {}),
        ...(card.visits > 0 ? { visitCount: card.visits } : {})
      }
    }

    const logContact = (card: SimCard, day: number, visit: boolean, calledIn = false) =>
      Effect.gen(function* () {
        const testDrive =
          card.fate === "buy" &&
          !card.testDriveDone &&
          card.orderDay - day <= 12 &&
          (visit || rng.chance(0.6))
        if (testDrive || visit) card.visits++
        // the customer came back (a visit, a test drive) or phoned in: reception logs it too
        if (testDrive || visit) yield* logVisit(day, "walkIn", "repeat", card.owner, card.phone, card.cardId)
        else if (calledIn) yield* logVisit(day, "phoneIn", "repeat", card.owner, card.phone, card.cardId)
        const channel =
          testDrive || visit
            ? "showroomVisit"
            : calledIn
              ? "call"
              : rng.weighted([
                  ["call", 60],
                  ["wechat", 25],
                  ["sms", 8],
                  ["homeVisit", 5],
                  ["letter", 2]
                ])
        const outcome =
          testDrive || visit ? "visited" : calledIn || rng.chance(0.88) ? "reached" : "notReached"
        yield* run(card, {
          _tag: "LogContact",
          channel,
          outcome,
          evidence: outcome === "notReached" ? {} : evidenceFor(card, day, testDrive),
          ...(outcome === "notReached" ? { note: "无人接听 (no answer)" } : {}),
          // a customer reached usually agrees the next contact (下次约定); the careless forget to ask
          ...(outcome !== "notReached" && rng.chance(diligence(card.owner))
            ? { agreedNextContactOn: dateOf(day + rng.int(1, 3)) }
            : {}),
          by: asConsultant(card),
          at: at(day)
        })
        counts.contactsLogged++
        if (testDrive) {
          card.testDriveDone = true
          counts.testDrives++
        }
      })

    const registerReferral = (referrer: SimCard, day: number, askedAt: "delivery" | "day7PhotoVisit") =>
      Effect.gen(function* () {
        referrer.referralsMade++
        const on = dateOf(day)
        // Now and then the referee is someone the store already has a card for (opened before
        // today): the library's look-ups find the card and the check refuses the referral.
        const openOnes = cards.filter(
          (c) => c.state.status === "prospect" && c !== referrer && (c.state.openedOn ?? on) < on
        )
        const known = rng.chance(0.06) ? openOnes[rng.int(0, openOnes.length - 1)] : undefined
        const refereePhone = known?.phone ?? freshPhone()
        const registration = decodeReferralRegistration({
          referralId: `ref-${referrer.cardId}-${referrer.referralsMade}`,
          storeId: tenant.storeId,
          consultantId: referrer.owner,
          registeredOn: on,
          askedAt,
          referrer: {
            kind: "ownedCustomer",
            id: referrer.customerId,
            phone: referrer.phone,
            customerId: referrer.customerId,
            // a delivery's id is the delivered card's (settlement reads it so from the store)
            deliveryId: referrer.cardId
          },
          referee: {
            name: known === undefined ? names.next() : (customerNames[known.customerId] ?? names.next()),
            phone: refereePhone
          }
        })
        if (Result.isFailure(registration)) return yield* Effect.fail(fail("referral", registration.failure))
        const r: SimReferral = {
          referralId: registration.success.referralId,
          referrerId: referrer.customerId,
          refereePhone,
          refereeName: registration.success.referee.name,
          auditDay: day + rng.int(1, 4),
          state: undefined as unknown as ReferralState,
          redeemDay: Number.POSITIVE_INFINITY
        }
        // the library looks up the cards with the referee's phone and the earlier claims itself
        yield* referral(r, { _tag: "Register", on, registration: registration.success })
        referrals.push(r)
        counts.referralsRegistered++
        if (r.state.status === "rejected") counts.referralsRejected++
      })

    for (let day = 0; day < days; day++) {
      const on = dateOf(day)

      // 1. The supervisor reviews yesterday's defeat requests (战败审核).
      for (const card of cards) {
        if (card.state.status !== "defeatRequested" || card.defeatRequestedDay >= day) continue
        if (rng.chance(0.72)) {
          yield* run(card, {
            _tag: "ApproveDefeat",
            note: "已核实 (verified)",
            by: SUPERVISOR,
            at: at(day)
          })
          counts.defeatsApproved++
        } else {
          yield* run(card, {
            _tag: "RejectDefeat",
            grade: rng.pick(["B", "C"]),
            note: "继续跟踪:客户仍在比较 (keep tracking: still comparing)",
            by: SUPERVISOR,
            at: at(day)
          })
          counts.defeatsRejected++
          card.fate = rng.chance(0.3) ? "buy" : "open"
          if (card.fate === "buy") plan(card, day)
        }
      }

      // 2. The DCRC phone-audits referrals (电话稽核); audited referees get a card.
      for (const r of referrals) {
        if (r.state.status === "registered" && r.auditDay === day) {
          const denied = rng.chance(0.05)
          // what only the DCRC knows: the referee's confirmation and the phone audit; the library
          // adds the cards and claims it finds for the referee's phone
          yield* referral(r, {
            _tag: "Recheck",
            on,
            context: {
              existing: [],
              earlierClaims: [],
              refereeConfirmation: { on, namedReferrerId: denied ? null : r.referrerId },
              phoneAudit: { on, outcome: rng.chance(0.1) ? "notReal" : "realProspect" }
            }
          })
          const status = statusOf(r)
          if (status === "rejected") counts.referralsRejected++
          if (status === "audited") {
            counts.referralsAudited++
            const owner = r.state.registration?.consultantId ?? (CONSULTANTS[0]?.id as ConsultantId)
            // the referee's card: opening it links the referral, whose order and delivery follow
            const card = yield* openCard(
              day,
              "referral",
              owner,
              r.refereePhone,
              rng.chance(0.55) ? "buy" : "open"
            )
            if (r.state.refereeCard?.cardId !== card.cardId)
              return yield* Effect.fail(fail(`open ${card.cardId}`, `${r.referralId} not linked`))
            card.refereeOf = r.referralId
            customerNames[card.customerId] = r.refereeName
            // referred customers decide faster (they come recommended)
            if (card.fate === "buy") {
              card.orderDay = day + rng.int(4, 18)
              card.deliverDay = card.orderDay + rng.int(3, 8)
            }
          }
        }
        // Rewards: approved the day after the holding window, issued, later redeemed.
        if (r.state.status === "holding" && r.state.holdUntil !== undefined && r.state.holdUntil < on) {
          yield* referral(r, { _tag: "Approve", on })
          yield* referral(r, {
            _tag: "IssueReward",
            on,
            voucherId: `v-${r.referralId}`,
            choiceId: rng.chance(0.6) ? "maintenance" : "accessories"
          })
          counts.rewardsIssued++
          if (rng.chance(0.45)) r.redeemDay = day + rng.int(3, 20)
        }
        if (r.state.status === "rewardIssued" && r.redeemDay === day) {
          yield* referral(r, { _tag: "RedeemReward", on })
          counts.rewardsRedeemed++
        }
      }

      // 3. The consultants work their cards: scheduled outcomes first, then the contacts due.
      for (const card of [...cards]) {
        const s = card.state
        if (s.status === "prospect") {
          if (card.fate === "invalid" && day >= card.invalidDay) {
            yield* run(card, {
              _tag: "MarkInvalid",
              reasonId: rng.chance(0.6) ? "wrongNumber" : "noIntent",
              by: asConsultant(card),
              at: at(day)
            })
            counts.invalidCards++
          } else if (card.fate === "buy" && day >= card.orderDay) {
            if (!card.testDriveDone) yield* logContact(card, day, true)
            yield* run(card, {
              _tag: "PlaceOrder",
              orderId: `SO-${card.cardId}`,
              model: card.model,
              by: asConsultant(card),
              at: at(day)
            })
            counts.orders++
            card.deliverDay = Math.max(card.deliverDay, day + 3)
          } else if (card.fate === "defeat" && day >= card.defeatDay) {
            const reason = rng.weighted([
              [{ typeId: "boughtElsewhere", reasonId: "competitor" }, 35],
              [{ typeId: "price", reasonId: "betterOffer" }, 20],
              [{ typeId: "finance", reasonId: "financeRefused" }, 10],
              [{ typeId: "postponed", reasonId: "postponed" }, 20],
              [{ typeId: "lostContact", reasonId: "unanswered" }, 15]
            ] as const)
            yield* run(card, {
              _tag: "RequestDefeat",
              defeat:
                reason.reasonId === "competitor"
                  ? { ...reason, competitor: rng.pick(COMPETITORS) }
                  : { typeId: reason.typeId, reasonId: reason.reasonId },
              by: asConsultant(card),
              at: at(day)
            })
            card.defeatRequestedDay = day
            counts.defeatsRequested++
          } else if (
            s.nextContactDue !== undefined &&
            s.nextContactDue <= on &&
            rng.chance(contactChance(card))
          ) {
            yield* logContact(card, day, false)
          }
        } else if (s.status === "ordered") {
          if (day >= card.deliverDay) {
            // now and then a company's order of several cars (批售), delivered at once; a referred
            // customer buys retail
            const fleet = card.refereeOf === undefined && rng.chance(0.06)
            // the referee's delivery advances its referral (cap usage and all) in the same transaction
            yield* run(card, {
              _tag: "Deliver",
              vehicle: { brand: BRAND, model: card.model, vin: makeVin(counts.deliveries + 1) },
              deliveredOn: on,
              odometerKm: rng.int(5, 40),
              ...(rng.chance(0.7) ? { birthday: { month: rng.int(1, 12), day: rng.int(1, 28) } } : {}),
              ...(fleet
                ? {
                    sale: {
                      kind: "fleet",
                      units: rng.int(3, 12),
                      fleetCustomer: rng.pick(FLEET_CUSTOMERS)
                    }
                  }
                : {}),
              by: asConsultant(card),
              at: at(day)
            })
            counts.deliveries++
            if (fleet) counts.fleetDeliveries++
            const survey = day + rng.int(3, 6)
            surveyDue.set(survey, [...(surveyDue.get(survey) ?? []), card])
            // 一拓一: ask for a referral at delivery.
            if (rng.chance(0.45)) yield* registerReferral(card, day, "delivery")
          } else if (
            s.nextContactDue !== undefined &&
            s.nextContactDue <= on &&
            rng.chance(contactChance(card))
          ) {
            yield* logContact(card, day, false)
          }
        }
      }

      // 4. Repeat visits of open prospects (再次到店).
      const open = cards.filter((c) => c.state.status === "prospect" && c.fate !== "invalid")
      if (open.length > 0 && rng.chance(0.5)) {
        const card = open[rng.int(0, open.length - 1)]
        if (card !== undefined && card.fate !== "buy") {
          yield* logContact(card, day, true)
          counts.repeatVisits++
        }
      }
      // …and now and then one phones in again (再次来电).
      if (open.length > 0 && rng.chance(0.4)) {
        const card = open[rng.int(0, open.length - 1)]
        if (card !== undefined && card.fate !== "buy") yield* logContact(card, day, false, true)
      }

      // 5. New leads: walk-ins (more at the weekend), phone-ins, now and then online or an event.
      const weekday = new Date(`${on}T00:00:00Z`).getUTCDay()
      const weekend = weekday === 0 || weekday === 6
      const arrivals: Array<LeadSource> = [
        ...Array.from({ length: rng.int(1, 3) + (weekend ? 3 : 0) }, () => "walkIn" as const),
        ...Array.from({ length: rng.int(0, 3) }, () => "phoneIn" as const),
        ...(rng.chance(0.5) ? ["online" as const] : []),
        ...(day % 30 === 14 ? ["event" as const, "event" as const] : [])
      ]
      for (const source of arrivals) {
        const owner = rng.pick(
          CONSULTANTS as [(typeof CONSULTANTS)[number], ...Array<(typeof CONSULTANTS)[number]>]
        ).id
        const fate = rng.weighted<Fate>([
          ["buy", 30],
          ["defeat", 22],
          ["open", 44],
          ["invalid", 4]
        ])
        const phone = freshPhone()
        if (source === "walkIn" || source === "phoneIn") {
          // reception logs the arrival with the card the consultant made for it
          const card = yield* openCard(day, source, owner, phone, fate)
          yield* logVisit(day, source, "first", owner, phone, card.cardId)
        } else yield* openCard(day, source, owner, phone, fate)
      }
      // A few first walk-ins leave without a card (just looking, the consultant busy): the
      // supervisor's findings flag them. Reception sometimes got a phone number.
      if (rng.chance(weekend ? 0.3 : 0.12)) {
        const owner = rng.pick(
          CONSULTANTS as [(typeof CONSULTANTS)[number], ...Array<(typeof CONSULTANTS)[number]>]
        ).id
        const visit = yield* logVisit(
          day,
          "walkIn",
          "first",
          owner,
          rng.chance(0.5) ? freshPhone() : undefined,
          undefined
        )
        walkInsWithoutCard.push(visit)
        counts.walkInsWithoutCard++
      }

      // 6. Owned-customer care (保客关怀): the contacts due, mostly done, some missed or left for later.
      const due = yield* careDue(scope, on)
      for (const c of due) {
        const card = byCardId.get(c.cardId)
        if (card === undefined || !rng.chance(diligence(card.owner) - 0.1)) continue
        const missed = rng.chance(0.05)
        yield* run(card, {
          _tag: "RecordCareContact",
          ruleId: c.ruleId,
          plannedOn: c.plannedOn,
          outcome: missed ? "missed" : "done",
          by: asConsultant(card),
          at: at(day)
        })
        if (missed) counts.careContactsMissed++
        else counts.careContactsDone++
        if (!missed && c.ruleId === "care.day7" && card.referralsMade === 0 && rng.chance(0.3))
          yield* registerReferral(card, day, "day7PhotoVisit")
      }

      // 7. The DCRC's satisfaction surveys, a few days after delivery, recorded on the cards.
      for (const card of surveyDue.get(day) ?? []) {
        const satisfaction = rng.weighted([
          ["verySatisfied", 90],
          ["satisfied", 7],
          ["neutral", 2],
          ["dissatisfied", 1]
        ])
        const survey = decodeSurvey({
          customerId: card.customerId,
          surveyedOn: on,
          satisfaction,
          buyAgain: satisfaction === "verySatisfied" ? "over70" : rng.pick(["between30And70", "under30"]),
          recommend: satisfaction === "verySatisfied" ? "veryLikely" : rng.pick(["likely", "unlikely"])
        })
        if (Result.isFailure(survey)) return yield* Effect.fail(fail("survey", survey.failure))
        surveySerial++
        yield* run(card, {
          _tag: "RecordSurvey",
          surveyId: `survey-${String(surveySerial).padStart(4, "0")}`,
          answers: {
            satisfaction: survey.success.satisfaction,
            buyAgain: survey.success.buyAgain,
            recommend: survey.success.recommend
          },
          by: DCRC,
          at: at(day)
        })
        counts.surveys++
        const segment = loyaltySegment(survey.success, defaultPolicy)
        if (Result.isSuccess(segment))
          loyalty.set(segment.success.segment, (loyalty.get(segment.success.segment) ?? 0) + 1)
      }

      if (visitLog.length > 0) {
        yield* recordVisits(scope, visitLog).pipe(Effect.mapError((e) => fail("recordVisits", e)))
        visitLog = []
      }

      options.onDay?.(day + 1, days, on)
    }

    // The store's close of the last simulated day, that evening: lapsed grades, vouchers past their
    // date, the customers' messages queued (the names and phones from the DMS's directory).
    const lastDay = dateOf(days - 1)
    const closed = yield* closeDay(scope, lastDay, closeAt(lastDay), {
      directory: notificationDirectory(
        { consultants: consultantNames, customers: customerNames },
        new Map(cards.map((c) => [c.customerId as string, c.phone as string]))
      )
    }).pipe(Effect.mapError((e) => fail(`closeDay ${lastDay}`, e)))

    return {
      tenant,
      start: DEMO_START,
      today,
      counts,
      loyalty,
      closed,
      walkInsWithoutCard,
      directory: { consultants: consultantNames, customers: customerNames }
    }
  })

/** When the store closes a day: 23:30 Beijing time, after the day's last command. */
export const closeAt = (day: CalendarDate): number => Date.parse(`${day}T23:30:00+08:00`)

/**
 * The DMS's directory the close of day's messages need: the store, the consultants (WeCom), the
 * supervisor, and the customers by SMS at their phones (`phones`, by customer id).
 */
export const notificationDirectory = (
  directory: Directory,
  phones: ReadonlyMap<string, string>
): NotificationDirectory => ({
  store: () => DEMO_STORE,
  consultant: (id) => ({ id, name: directory.consultants[id] ?? id, channel: "wecom" }),
  supervisors: () => [{ id: SUPERVISOR.id, name: "赵主管", channel: "wecom" }],
  customer: (customerId) => {
    const phone = phones.get(customerId)
    return phone === undefined
      ? undefined
      : {
          id: customerId,
          name: directory.customers[customerId] ?? customerId,
          channel: "sms",
          to: [phone],
          customerId
        }
  }
})
