/**
 * The conformance tests of an erasure on a store (issue #19, PIPL art. 47): `erasePerson` through
 * the Promise facade built on the store under test. The example of the core's own test (an owned
 * customer with notes, a VIN, a birthday and a complaint; the referee of one referral and the
 * referrer of another; a showroom visit; close-day care messages): afterwards none of the
 * person's strings appears in anything the store returns (cards, card forms, referrals, the
 * outbox, visits, care, work lists, the control table, complaints, the audit log — and, with a
 * backdoor, in any row of the database), another person's data is unchanged and every report's
 * numbers are as they were. A legal hold refuses and changes nothing. And an erasure racing with a
 * command on the same card: one lands before the other, never a half-erased card. Registered by
 * `storeSuite`.
 *
 * @module
 */
import { assert } from "@effect/vitest"
import {
  type CalendarDate,
  type CardCommand,
  type CardId,
  CardStore,
  type ConsultantId,
  createJipan,
  type DealerGroupId,
  ERASED_PHONE,
  ERASED_TEXT,
  erasePerson,
  handleCard,
  type Jipan,
  type JipanStore,
  type PhoneNumber,
  ReportSource,
  type Tenant
} from "@jipan/core"
import { Effect, Exit, Layer, Option } from "effect"
import { settle } from "../FacadeSupport.js"
import { freshTenant, openCommand, START } from "../Fixtures.js"
import {
  close,
  complaint,
  contact,
  dayOf,
  deliver,
  dumpOf,
  eraser,
  nationalFor,
  noteFor,
  numbersOf,
  openInput,
  order,
  phoneFor,
  register,
  VIN,
  visit,
  withoutPersonal
} from "./ErasureSupport.js"
import type { SuiteBody } from "./Support.js"

/** The names of the erasure tests (part of `StoreTestName`). */
export type ErasureTestName =
  | "erasure: one person's data leaves everything the store returns, everyone else's and every number stay"
  | "erasure: a legal hold or a role that may not erase refuses, and nothing changes"
  | "erasure: racing a command on the same card, one lands first, never a half-erased card"
  | "erasure: the person's showroom visits keep their count, not their phone"

/** A facade on the store the suite runs on (its context), closed when the test ends. */
const facade = Effect.acquireRelease(
  Effect.map(Effect.context<JipanStore>(), (context) =>
    createJipan({ store: Layer.succeedContext(context) })
  ),
  (jipan) => Effect.promise(() => jipan.close())
)

/** A facade call that must succeed (a rejection fails the test with its error). */
const call = <A>(f: () => Promise<A>) => Effect.tryPromise({ try: f, catch: (error) => error })

/** The error a facade call rejected with (fails the test when it resolved). */
const rejection = <A>(f: () => Promise<A>) =>
  Effect.flatMap(
    Effect.promise(() => settle(f)),
    (outcome) =>
      outcome.ok
        ? Effect.die(new Error("expected a rejection, the call resolved"))
        : Effect.succeed(
            outcome.error as { readonly _tag?: string; readonly reason?: string; readonly holds?: unknown }
          )
  )

/** The erasure tests, by name. */
export const erasureTests = <R>(): Record<ErasureTestName, SuiteBody<R>> => ({
  "erasure: the person's showroom visits keep their count, not their phone": visitsTest<R>(),
  "erasure: one person's data leaves everything the store returns, everyone else's and every number stay": (
    backdoor
  ) =>
    Effect.scoped(
      Effect.gen(function* () {
        const jipan = yield* facade
        const tenant = freshTenant()
        const group = tenant.dealerGroupId
        // person 1: an owned customer with a note, a VIN, a birthday and a complaint; the referee of
        // ref-1 and the referrer of ref-2. Person 2: a prospect, the referrer of ref-1. Person 3:
        // the referee of ref-2.
        for (const command of [open(1, 0), contact(1, 2), order(3), deliver(5), complaint(1, 6)])
          yield* call(() => jipan.handle(tenant, "card-1", command))
        for (const command of [openInput(tenant, 2, 1), contact(2, 3)])
          yield* call(() => jipan.handle(tenant, "card-2", command))
        yield* call(() =>
          jipan.handleReferral(
            tenant,
            "ref-1",
            register(tenant, "ref-1", "陈大文", phoneFor(1), phoneFor(2), 1)
          )
        )
        yield* call(() =>
          jipan.handleReferral(
            tenant,
            "ref-2",
            register(tenant, "ref-2", "李小红", phoneFor(3), phoneFor(1), 2)
          )
        )
        yield* call(() =>
          jipan.recordVisits({ dealerGroupId: group }, [visit(tenant, 1, 0, "card-1"), visit(tenant, 2, 1)])
        )
        for (let d = 5; d < 20; d++) yield* call(() => close(jipan, group, d))
        const cardIds = ["card-1", "card-2"]
        const referralIds = ["ref-1", "ref-2"]
        const before = yield* call(() => numbersOf(jipan, tenant))
        const card2 = yield* call(() => jipan.card(tenant, "card-2"))
        const dumped = yield* dump(jipan, tenant, cardIds, referralIds)
        for (const s of [phoneFor(1), nationalFor(1), noteFor(1), "陈大文", VIN, "我是1号客户"])
          assert.include(dumped, s, `the example holds ${s} before the erasure`)
        const needles = [phoneFor(1), nationalFor(1), noteFor(1), "陈大文", VIN, "我是1号客户"]
        const scan = backdoor?.scan
        if (scan !== undefined)
          assert.isAbove((yield* scan(group, needles)).length, 0, "the backdoor scan finds the person before")

        const erased = yield* call(() => jipan.erasePerson(group, nationalFor(1), eraser("erase-118")))
        assert.deepStrictEqual(
          erased.cards.map((c) => c.cardId),
          ["card-1"]
        )
        assert.deepStrictEqual(erased.referrals.map((r) => r.referralId).sort(), ["ref-1", "ref-2"])
        assert.strictEqual(erased.visits, 1)
        assert.isAbove(erased.messages, 0, "the close-day messages to the customer are redacted")

        const after = yield* dump(jipan, tenant, cardIds, referralIds, false)
        for (const s of needles)
          assert.notInclude(after, s, `${s} is left after the erasure (${whereIn(after, s)})`)
        for (const s of [phoneFor(2), noteFor(2), "李小红", phoneFor(3)])
          assert.include(after, s, `another person's ${s} is gone`)
        if (scan !== undefined)
          assert.deepStrictEqual(
            (yield* scan(group, needles)).filter((hit) => !hit.startsWith("jipan_showroom_visits:")),
            [],
            "a scan of the database finds the person"
          )
        assert.deepStrictEqual(
          yield* call(() => jipan.card(tenant, "card-2")),
          card2,
          "another person's card changed"
        )
        // the history keeps its events, versions and facts, and ends with the erasure
        const card1 = yield* call(() => jipan.card(tenant, "card-1"))
        assert.deepStrictEqual(
          card1.history.map((e) => e._tag),
          [
            "CardOpened",
            "ContactLogged",
            "OrderPlaced",
            "Delivered",
            "ComplaintRecorded",
            "PersonalDataErased"
          ]
        )
        assert.deepStrictEqual(
          [card1.state.status, card1.state.version, card1.state.phone],
          ["owned", 6, ERASED_PHONE]
        )
        // every report's numbers are as they were
        assert.deepStrictEqual(
          withoutPersonal(yield* call(() => numbersOf(jipan, tenant))),
          withoutPersonal(before),
          "an erasure changed a report's numbers"
        )
        // the erasure is in the audit log, without the phone; erasing again finds nothing new to erase
        const log = yield* call(() => jipan.auditLog(group, { actions: ["erase"] }))
        assert.deepStrictEqual(
          log.records.map((r) => [r.id, r.viewer.role, r.reason]),
          [["erase-118", "supervisor", "PIPL request 2026-118"]]
        )
        assert.notInclude(JSON.stringify(log), phoneFor(1))
        const again = yield* call(() => jipan.erasePerson(group, phoneFor(1), eraser("erase-118")))
        assert.deepStrictEqual(again.cards, [])
        assert.strictEqual(
          (yield* call(() => jipan.auditLog(group, { actions: ["erase"] }))).records.length,
          1,
          "erasing again with the same id records nothing new"
        )
        // the person may come back as a new customer; the erased marker is never a phone
        yield* call(() => jipan.handle(tenant, "card-9", { ...open(1, 61), cardId: "card-9" } as never))
        const marker = yield* rejection(() =>
          jipan.handle(tenant, "card-10", { ...open(1, 61), cardId: "card-10", phone: ERASED_PHONE } as never)
        )
        assert.strictEqual(marker._tag, "InvalidInput")

        function open(i: number, n: number) {
          return openInput(tenant, i, n)
        }
      })
    ),

  "erasure: a legal hold or a role that may not erase refuses, and nothing changes": (backdoor) =>
    Effect.scoped(
      Effect.gen(function* () {
        const jipan = yield* facade
        const tenant = freshTenant()
        const group = tenant.dealerGroupId
        yield* call(() => jipan.handle(tenant, "card-1", openInput(tenant, 1, 0)))
        yield* call(() => jipan.handle(tenant, "card-1", contact(1, 1)))
        yield* call(() => jipan.handle(tenant, "card-1", order(2)))
        const everything = () => dump(jipan, tenant, ["card-1"], [])
        const before = yield* everything()
        const rows = backdoor?.reportRows === undefined ? undefined : yield* backdoor.reportRows(tenant)
        const refused = yield* rejection(() => jipan.erasePerson(group, phoneFor(1), eraser("erase-1")))
        assert.deepInclude(refused, {
          _tag: "ErasureRefused",
          reason: "openOrder",
          holds: [{ kind: "card", storeId: tenant.storeId, id: "card-1" }]
        })
        assert.strictEqual(yield* everything(), before, "a refused erasure changed something")
        const consultant = yield* rejection(() =>
          jipan.erasePerson(group, phoneFor(1), {
            ...eraser("erase-2"),
            by: { role: "consultant", consultantId: "c-wang" }
          })
        )
        assert.deepInclude(consultant, { _tag: "ErasureRefused", reason: "notAllowed" })
        const reason = yield* rejection(() =>
          jipan.erasePerson(group, phoneFor(1), { ...eraser("erase-3"), reason: " " })
        )
        assert.strictEqual(reason._tag, "InvalidInput")
        assert.strictEqual(
          (yield* rejection(() => jipan.erasePerson(group, "12345", eraser("erase-4"))))._tag,
          "InvalidInput"
        )
        assert.strictEqual(yield* everything(), before, "a refused erasure changed something")
        if (rows !== undefined && backdoor?.reportRows !== undefined)
          assert.deepStrictEqual(yield* backdoor.reportRows(tenant), rows)
        assert.deepStrictEqual(
          (yield* call(() => jipan.auditLog(group))).records,
          [],
          "a refusal is not audited as an erasure"
        )

        // an unsettled reward holds the referee's and the referrer's data
        const other = freshTenant()
        const referral = register(other, "ref-1", "陈大文", phoneFor(5), phoneFor(6), 0)
        yield* call(() => jipan.handleReferral(other, "ref-1", referral))
        for (const command of rewardLife(0))
          yield* call(() => jipan.handleReferral(other, "ref-1", command as never))
        const status = (yield* call(() => jipan.referral(other, "ref-1"))).state.status
        if (status === "refereeOrdered") {
          const held = yield* dump(jipan, other, [], ["ref-1"])
          for (const phone of [phoneFor(5), phoneFor(6)]) {
            const error = yield* rejection(() =>
              jipan.erasePerson(other.dealerGroupId, phone, eraser("erase-5"))
            )
            assert.deepInclude(error, {
              _tag: "ErasureRefused",
              reason: "unsettledReward",
              holds: [{ kind: "referral", storeId: other.storeId, id: "ref-1" }]
            })
          }
          assert.strictEqual(yield* dump(jipan, other, [], ["ref-1"]), held)
        } else assert.fail(`the referral's life ended ${status}, not refereeOrdered`)

        // delivered: the order is done and the data may go
        yield* call(() => jipan.handle(tenant, "card-1", deliver(4)))
        const done = yield* call(() => jipan.erasePerson(group, phoneFor(1), eraser("erase-6")))
        assert.strictEqual(done.erasureId, "erase-6")
        assert.notInclude(yield* everything(), phoneFor(1))
      })
    ),

  "erasure: racing a command on the same card, one lands first, never a half-erased card": (
    _backdoor,
    traits
  ) =>
    Effect.gen(function* () {
      const cards = yield* CardStore
      const rounds = traits.concurrentTransactions ? 24 : 6
      const outcomes = { before: 0, after: 0, erasureFailed: 0, commandFailed: 0 }
      for (let round = 0; round < rounds; round++) {
        const tenant = freshTenant()
        const cardId = "card-0001" as CardId
        const phone = phoneFor(100 + round)
        const early = `早先的备注 ${round}`
        const late = `后来的备注 ${round}`
        const by = { id: "c-wang" as ConsultantId, role: "consultant" as const }
        const opened = { ...openCommand(tenant, 1), phone } as CardCommand
        const logged = (note: string, at: number): CardCommand => ({
          _tag: "LogContact",
          channel: "call",
          outcome: "reached",
          evidence: {},
          note,
          by,
          at
        })
        yield* handleCard({ tenant, cardId, command: opened })
        yield* handleCard({ tenant, cardId, command: logged(early, START + 3_600_000) })
        const [erasure, command] = yield* Effect.all(
          [
            Effect.exit(erasePerson(tenant.dealerGroupId as DealerGroupId, phone, eraser(`erase-${round}`))),
            Effect.exit(handleCard({ tenant, cardId, command: logged(late, START + 7_200_000) }))
          ],
          { concurrency: "unbounded" }
        )
        const what = `round ${round}`
        for (const [name, exit] of [
          ["erasure", erasure as Exit.Exit<unknown, unknown>],
          ["command", command as Exit.Exit<unknown, unknown>]
        ] as const)
          if (Exit.isFailure(exit)) {
            const reason = exit.cause.reasons.find((r) => r._tag === "Fail")
            const tag =
              reason?._tag === "Fail" ? (reason.error as { readonly _tag?: string })._tag : undefined
            assert.strictEqual(
              tag,
              "VersionConflict",
              `${what}: the ${name} failed with ${String(exit.cause)}`
            )
          }
        const stored = Option.getOrThrow(yield* cards.load(tenant, cardId))
        const text = JSON.stringify(stored.history)
        const state = JSON.stringify(stored.state)
        const commandLanded = Exit.isSuccess(command)
        // two events, the command's, and the erasure's own (PersonalDataErased) when it landed
        const erasureLanded = Exit.isSuccess(erasure)
        assert.strictEqual(
          stored.version,
          2 + (commandLanded ? 1 : 0) + (erasureLanded ? 1 : 0),
          `${what}: the card's version`
        )
        assert.strictEqual(stored.history.length, stored.version, `${what}: the history's length`)
        if (Exit.isFailure(erasure)) {
          // nothing erased: the phone and every note are there
          outcomes.erasureFailed++
          assert.strictEqual(stored.state.phone, phone, `${what}: a failed erasure erased the phone`)
          assert.include(text, early, `${what}: a failed erasure erased a note`)
          assert.notInclude(text, ERASED_TEXT, `${what}: a failed erasure left a tombstone`)
          continue
        }
        // erased: no trace of the phone or of the note written before, in the history or the state
        assert.strictEqual(stored.state.phone, ERASED_PHONE, `${what}: the state still holds the phone`)
        for (const s of [phone, phone.slice(3), early]) {
          assert.notInclude(text, s, `${what}: half-erased history (${s} is left)`)
          assert.notInclude(state, s, `${what}: half-erased state (${s} is left)`)
        }
        if (!commandLanded) {
          outcomes.commandFailed++
          continue
        }
        // the command landed before the erasure (its note erased too) or after (its note kept)
        // the command's contact is the third event, or the fourth after the erasure's own
        const tags = stored.history.map((e) => e._tag)
        assert.oneOf(
          tags.slice(2).join(","),
          ["ContactLogged,PersonalDataErased", "PersonalDataErased,ContactLogged"],
          `${what}: the events after the first two`
        )
        const last = [...stored.history].reverse().find((e) => e._tag === "ContactLogged") as {
          readonly _tag: string
          readonly note?: string
        }
        const order = last.note === ERASED_TEXT ? "before" : "after"
        assert.strictEqual(
          order,
          tags[2] === "ContactLogged" ? "before" : "after",
          `${what}: a note erased though written after the erasure, or kept though written before`
        )
        if (order === "before") outcomes.before++
        else {
          assert.strictEqual(last.note, late, `${what}: the command's note is neither kept nor erased`)
          outcomes.after++
        }
        // the card is found by no phone of the person (the store's phone column is erased too)
        const scope = { dealerGroupId: tenant.dealerGroupId as DealerGroupId }
        const current = Option.getOrThrow(yield* cards.loadState(tenant, cardId))
        assert.strictEqual(
          current.phone,
          ERASED_PHONE,
          `${what}: the command landed ${order} the erasure; loadState still holds the phone (the state the command decided on before the erasure)`
        )
        assert.deepStrictEqual(
          (yield* cards.withPhone(scope, phone as PhoneNumber)).map((c) => c.cardId),
          [],
          `${what}: the command landed ${order} the erasure; the card is erased, but its phone still finds it`
        )
        assert.deepStrictEqual(
          (yield* cards.findOpenByPhone(scope, phone as PhoneNumber)).map((c) => c.cardId),
          [],
          `${what}: the command landed ${order} the erasure; the card is erased, but its phone still finds it open`
        )
      }
      assert.strictEqual(
        outcomes.before + outcomes.after + outcomes.erasureFailed + outcomes.commandFailed,
        rounds
      )
    })
})

/** Every showroom visit of the tenant's group. */
const visitsOf = (tenant: Tenant) =>
  ReportSource.use((reports) =>
    reports.visitsOn(
      { dealerGroupId: tenant.dealerGroupId as DealerGroupId },
      { from: "2000-01-01" as CalendarDate, to: "2099-12-31" as CalendarDate }
    )
  )

/** Where a string is found in a dump: the paths of the values holding it. */
const whereIn = (dumped: string, needle: string): string => {
  const paths: Array<string> = []
  const walk = (value: unknown, path: string): void => {
    if (paths.length >= 5) return
    if (typeof value === "string") {
      if (value.includes(needle)) {
        if (value.startsWith("{")) {
          try {
            walk(JSON.parse(value), path)
            return
          } catch {}
        }
        paths.push(path)
      }
    } else if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, `${path}[${i}]`)
    } else if (value !== null && typeof value === "object")
      for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`)
  }
  walk(JSON.parse(dumped), "")
  return paths.join(", ")
}

/** The showroom visits test: the visits of the erased person stay counted, without the phone. */
const visitsTest =
  <R>(): SuiteBody<R> =>
  (backdoor) =>
    Effect.scoped(
      Effect.gen(function* () {
        const jipan = yield* facade
        const tenant = freshTenant()
        const group = tenant.dealerGroupId
        yield* call(() => jipan.handle(tenant, "card-1", openInput(tenant, 1, 0)))
        yield* call(() =>
          jipan.recordVisits({ dealerGroupId: group }, [
            visit(tenant, 1, 0, "card-1"),
            visit(tenant, 2, 1),
            { ...visit(tenant, 1, 2), visitId: "v-1b", ordinal: "repeat" }
          ])
        )
        const daily = () =>
          call(() => jipan.reports.daily({ dealerGroupId: group }, { from: dayOf(0), to: dayOf(3) }))
        const before = yield* daily()
        const erased = yield* call(() => jipan.erasePerson(group, phoneFor(1), eraser("erase-v")))
        assert.strictEqual(erased.visits, 2)
        const visits = yield* visitsOf(tenant)
        assert.deepStrictEqual(
          visits.map((v) => [v.visitId, v.phone ?? null, v.cardId ?? null]),
          [
            ["v-1", null, "card-1"],
            ["v-2", phoneFor(2), null],
            ["v-1b", null, null]
          ],
          "the erased person's visits keep their count, not their phone"
        )
        assert.deepStrictEqual(withoutPersonal(yield* daily()), withoutPersonal(before))
        if (backdoor?.scan !== undefined)
          assert.deepStrictEqual(yield* backdoor.scan(group, [phoneFor(1), nationalFor(1)]), [])
      })
    )

/** A referral's life up to the referee's order: a reward on its way, not yet settled. */
const rewardLife = (n: number) => [
  {
    _tag: "Recheck",
    on: dayOfN(n + 1),
    context: {
      existing: [],
      earlierClaims: [],
      refereeConfirmation: { on: dayOfN(n + 1), namedReferrerId: "cust-referrer" },
      phoneAudit: { on: dayOfN(n + 1), outcome: "realProspect" }
    }
  },
  { _tag: "RecordRefereeOrder", on: dayOfN(n + 2), orderId: "SO-R1" }
]

const dayOfN = (n: number) => new Date(START + n * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10)

/** Everything the store returns for the tenant, as one JSON text (the facade's reads and the visits). */
const dump = (
  jipan: Jipan,
  tenant: Tenant,
  cardIds: ReadonlyArray<string>,
  referralIds: ReadonlyArray<string>,
  withVisits = true
) =>
  Effect.gen(function* () {
    // the visits are checked on their own (see the visits test)
    const visits = withVisits ? yield* visitsOf(tenant) : []
    const facadeReads = yield* call(() => dumpOf(jipan, tenant, cardIds, referralIds))
    return JSON.stringify({ facadeReads, visits })
  })
