/**
 * The conformance tests of the consent ledger (`ConsentStore`, issue #19, PIPL art. 13–14, 23):
 * `record` keeps the first record of an id (in a batch too) and scopes ids by dealer group,
 * `ofPerson` reads a person's records in (at, id) code-point order, `redact` gives them the phone
 * `+0` and keeps everything else (in the caller's transaction). Through the Promise facade built on
 * the store under test: `recordConsent` normalises a phone given in any common format and
 * `consentOf` finds it by any; and the dispatcher (driven with `TestClock`) skips a queued care
 * message once the person withdrew, with the reason, and sends the next one after a new grant.
 * Registered by `storeSuite`.
 *
 * @module
 */
import { assert } from "@effect/vitest"
import {
  type ChannelMessage,
  type ConsentEntry,
  type ConsentPurpose,
  ConsentStore,
  createJipan,
  type DealerGroupId,
  defaultPolicy,
  type JipanStore,
  makeDispatcher,
  makeNotifierChannels,
  NotifierChannels,
  notificationDraft,
  Outbox,
  type OutboxMessage,
  type PhoneNumber,
  StoreTransaction
} from "@jipan/core"
import { Effect, Exit, Layer, Ref } from "effect"
import { TestClock } from "effect/testing"
import { settle } from "../FacadeSupport.js"
import { freshTenant, START } from "../Fixtures.js"
import { plain, type SuiteBody } from "./Support.js"

/** The names of the consent ledger tests (part of `StoreTestName`). */
export type ConsentStoreTestName =
  | "consents: record keeps the first of an id (in a batch too), per group; ofPerson reads a person's records in (at, id) order"
  | "consents: redact gives the person's records +0 and keeps the rest, in the caller's transaction"
  | "consents: recordConsent normalises a phone in any format, consentOf finds it by any; junk records none"
  | "consents: a withdrawal makes the dispatcher skip a queued care message with the reason, a new grant sends the next"

const DAY = 86_400_000
const PHONE = "+8613800001234" as PhoneNumber
const NEIGHBOUR = "+8613800001235" as PhoneNumber

/** A consent record of a group (the fields a test varies, the rest fixed). */
const entry = (
  dealerGroupId: string,
  id: string,
  at: number,
  fields: Partial<{
    phone: PhoneNumber
    purpose: ConsentPurpose
    channel: string
    status: ConsentEntry["status"]
    formId: string
  }> = {}
): ConsentEntry => ({
  id,
  dealerGroupId: dealerGroupId as DealerGroupId,
  phone: fields.phone ?? PHONE,
  purpose: fields.purpose ?? "careContact",
  channel: fields.channel ?? "sms",
  status: fields.status ?? "granted",
  at,
  evidence: { capturedBy: "c-wang", formId: fields.formId ?? `F-${id}` }
})

/** A facade on the store the suite runs on (its context), closed when the test ends. */
const facade = Effect.acquireRelease(
  Effect.map(Effect.context<JipanStore>(), (context) =>
    createJipan({ store: Layer.succeedContext(context) })
  ),
  (jipan) => Effect.promise(() => jipan.close())
)

/** A facade call that must succeed (a rejection fails the test with its error). */
const call = <A>(f: () => Promise<A>) => Effect.tryPromise({ try: f, catch: (error) => error })

/** The consent ledger tests, by name. */
export const consentStoreTests = <R>(): Record<ConsentStoreTestName, SuiteBody<R>> => ({
  "consents: record keeps the first of an id (in a batch too), per group; ofPerson reads a person's records in (at, id) order":
    () =>
      Effect.gen(function* () {
        const ledger = yield* ConsentStore
        const g = freshTenant().dealerGroupId
        const h = freshTenant().dealerGroupId
        // nothing recorded yet; an empty batch writes nothing
        assert.deepStrictEqual(yield* ledger.ofPerson(g, PHONE), [])
        yield* ledger.record([])
        // at one instant the ids order by code point ("B" < "Z" < "a"), whatever the collation
        const first = [
          entry(g, "k-3", START + 2 * DAY, { status: "withdrawn" }),
          entry(g, "a-1", START),
          entry(g, "Z-1", START),
          entry(g, "B-1", START, { purpose: "marketing", channel: "*" }),
          // the same id again in the batch: the first stays
          entry(g, "k-3", START, { formId: "F-second" }),
          entry(g, "n-1", START + DAY, { phone: NEIGHBOUR })
        ]
        yield* ledger.record(first)
        const expected = [first[3], first[2], first[1], first[0]]
        assert.deepStrictEqual(plain(yield* ledger.ofPerson(g, PHONE)), plain(expected))
        // recorded again, or another record under a known id: ignored
        yield* ledger.record(first)
        yield* ledger.record([entry(g, "a-1", START + 5 * DAY, { status: "withdrawn", formId: "F-late" })])
        assert.deepStrictEqual(plain(yield* ledger.ofPerson(g, PHONE)), plain(expected))
        // another person's records are theirs
        assert.deepStrictEqual(plain(yield* ledger.ofPerson(g, NEIGHBOUR)), plain([first[5]]))
        // ids are per group: another group may use the same ones, and reads only its own
        assert.deepStrictEqual(yield* ledger.ofPerson(h, PHONE), [])
        const theirs = [entry(h, "a-1", START + 3 * DAY, { channel: "wechat" })]
        yield* ledger.record(theirs)
        assert.deepStrictEqual(plain(yield* ledger.ofPerson(h, PHONE)), plain(theirs))
        assert.deepStrictEqual(plain(yield* ledger.ofPerson(g, PHONE)), plain(expected))
        // a later record is read after the earlier ones
        const late = entry(g, "0-late", START + 9 * DAY, { purpose: "shareWithOem" })
        yield* ledger.record([late])
        assert.deepStrictEqual(plain(yield* ledger.ofPerson(g, PHONE)), plain([...expected, late]))
      }),

  "consents: redact gives the person's records +0 and keeps the rest, in the caller's transaction": (
    backdoor
  ) =>
    Effect.gen(function* () {
      const ledger = yield* ConsentStore
      const tx = yield* StoreTransaction
      const g = freshTenant().dealerGroupId
      const h = freshTenant().dealerGroupId
      const theirs = [
        entry(g, "k-1", START),
        entry(g, "k-2", START + DAY, { status: "withdrawn" }),
        entry(g, "k-3", START, { purpose: "referralProgram", channel: "*" })
      ]
      const neighbours = [entry(g, "k-4", START, { phone: NEIGHBOUR })]
      const otherGroup = [entry(h, "k-1", START)]
      yield* ledger.record([...theirs, ...neighbours, ...otherGroup])
      const ordered = plain([theirs[0], theirs[2], theirs[1]])

      // in a transaction that fails: nothing changes
      const aborted = yield* Effect.exit(
        tx.withTransaction(
          Effect.gen(function* () {
            assert.strictEqual(yield* ledger.redact(g, PHONE), 3)
            return yield* Effect.fail("abort")
          })
        )
      )
      assert.isTrue(Exit.isFailure(aborted))
      assert.deepStrictEqual(plain(yield* ledger.ofPerson(g, PHONE)), ordered)

      assert.strictEqual(yield* tx.withTransaction(ledger.redact(g, PHONE)), 3)
      assert.deepStrictEqual(yield* ledger.ofPerson(g, PHONE), [])
      // nothing left to redact
      assert.strictEqual(yield* ledger.redact(g, PHONE), 0)
      // the neighbour and the other group keep theirs
      assert.deepStrictEqual(plain(yield* ledger.ofPerson(g, NEIGHBOUR)), plain(neighbours))
      assert.deepStrictEqual(plain(yield* ledger.ofPerson(h, PHONE)), plain(otherGroup))
      // the ids stay taken: recording them again (with the phone) adds nothing
      yield* ledger.record(theirs)
      assert.deepStrictEqual(yield* ledger.ofPerson(g, PHONE), [])
      // the database holds the group's records without the phone (the neighbour's number differs
      // only in its last digit: the scan looks for the person's whole number, E.164 and national)
      if (backdoor?.scan !== undefined)
        assert.deepStrictEqual(yield* backdoor.scan(g, [PHONE, PHONE.slice(3)]), [])
    }),

  "consents: recordConsent normalises a phone in any format, consentOf finds it by any; junk records none":
    () =>
      Effect.scoped(
        Effect.gen(function* () {
          const jipan = yield* facade
          const g = freshTenant().dealerGroupId
          const base = {
            dealerGroupId: g,
            purpose: "careContact",
            channel: "sms",
            status: "granted"
          } as const
          const evidence = { capturedBy: "c-wang", formId: "F-2026-0001" }
          yield* call(() =>
            jipan.recordConsent([
              { ...base, id: "c-1", phone: "13800001234", at: START, evidence },
              {
                ...base,
                id: "c-2",
                phone: "0086 138 0000 1234",
                at: START + DAY,
                status: "withdrawn",
                evidence
              },
              { ...base, id: "c-3", phone: "+86 138-0000-1234", at: START + 2 * DAY, evidence },
              { ...base, id: "c-4", phone: "138 0000 1235", at: START, evidence }
            ])
          )
          for (const asked of ["138-0000-1234", "+8613800001234", "0086 13800001234"]) {
            const found = yield* call(() => jipan.consentOf(g, asked))
            assert.deepStrictEqual(
              found.map((e) => [e.id, e.phone, e.status]),
              [
                ["c-1", PHONE, "granted"],
                ["c-2", PHONE, "withdrawn"],
                ["c-3", PHONE, "granted"]
              ]
            )
          }
          // the port reads the same records, by the normalised number
          const ledger = yield* ConsentStore
          assert.deepStrictEqual(
            (yield* ledger.ofPerson(g as DealerGroupId, NEIGHBOUR)).map((e) => e.id),
            ["c-4"]
          )
          // a batch with one broken record (a phone that is none): InvalidInput, none recorded
          const refused = yield* Effect.promise(() =>
            settle(() =>
              jipan.recordConsent([
                { ...base, id: "c-5", phone: "13800001234", at: START + 3 * DAY, evidence },
                { ...base, id: "c-6", phone: "12345", at: START + 3 * DAY, evidence }
              ])
            )
          )
          assert.isFalse(refused.ok)
          if (!refused.ok) assert.strictEqual((refused.error as { _tag?: string })._tag, "InvalidInput")
          assert.deepStrictEqual(
            (yield* call(() => jipan.consentOf(g, "13800001234"))).map((e) => e.id),
            ["c-1", "c-2", "c-3"]
          )
        })
      ),

  "consents: a withdrawal makes the dispatcher skip a queued care message with the reason, a new grant sends the next":
    () =>
      Effect.scoped(
        Effect.gen(function* () {
          const jipan = yield* facade
          const outbox = yield* Outbox
          const tenant = freshTenant()
          const g = tenant.dealerGroupId
          // early in the range of instants, before any message the other tests queue: the
          // dispatcher claims every tenant's due messages, and only this test's are due then
          const morning = Date.parse("2001-03-05T10:00:00+08:00")
          const sent = yield* Ref.make<ReadonlyArray<ChannelMessage>>([])
          const channels = Layer.succeed(
            NotifierChannels,
            makeNotifierChannels([{ name: "sms", send: (m) => Ref.update(sent, (s) => [...s, m]) }])
          )
          const care = (key: string): OutboxMessage => {
            const draft = notificationDraft({
              tenant,
              policy: defaultPolicy,
              at: morning,
              key,
              to: { id: "cust-1", name: "陈静", channel: "sms", to: ["138 0000 1234"], customerId: "cust-1" },
              data: {
                kind: "careContact",
                careKind: "birthday",
                customerName: "陈静",
                storeName: "东方丰田",
                on: "2001-03-05"
              }
            })
            return {
              id: key,
              idempotencyKey: draft.idempotencyKey ?? key,
              tenant,
              topic: draft.topic,
              recipient: draft.recipient,
              payload: draft.payload,
              availableAt: morning - 60_000,
              status: "pending",
              attempts: 0,
              lastError: undefined
            }
          }
          const evidence = { capturedBy: "c-wang", formId: "F-1" }
          const record = (
            id: string,
            status: ConsentEntry["status"],
            at: number,
            purpose: ConsentPurpose = "careContact"
          ) =>
            call(() =>
              jipan.recordConsent([
                {
                  id,
                  dealerGroupId: g,
                  phone: "138 0000 1234",
                  purpose,
                  channel: "sms",
                  status,
                  at,
                  evidence
                }
              ])
            )
          // care granted at the form, then withdrawn by phone; marketing (another purpose) granted
          yield* record("k-1", "granted", morning - 10_000)
          yield* record("k-2", "withdrawn", morning - 5_000)
          yield* record("k-3", "granted", morning - 10_000, "marketing")
          const dispatcher = yield* makeDispatcher()
          const runOnce = Effect.gen(function* () {
            yield* TestClock.setTime(morning)
            return yield* dispatcher.runOnce
          }).pipe(Effect.provide(Layer.merge(channels, TestClock.layer())))
          const mine = (ms: ReadonlyArray<OutboxMessage>) =>
            ms.map((m) => [m.id, m.status, m.lastError ?? null] as const)

          yield* outbox.enqueue([care("w")])
          yield* runOnce
          const skipped = mine(yield* outbox.list(tenant))
          assert.deepStrictEqual(
            skipped.map(([id, status]) => [id, status]),
            [["w", "skipped"]]
          )
          assert.match(String(skipped[0]?.[2]), /客户已撤回客户关怀回访同意/)
          assert.deepStrictEqual(yield* Ref.get(sent), [])

          // given again (a new signed form): the next message goes out; the skipped one stays so
          yield* record("k-4", "granted", morning - 1_000)
          yield* outbox.enqueue([care("x")])
          yield* runOnce
          const after = mine(yield* outbox.list(tenant))
          assert.deepStrictEqual(after.map(([id, status]) => [id, status]).sort(), [
            ["w", "skipped"],
            ["x", "sent"]
          ])
          const delivered = yield* Ref.get(sent)
          assert.deepStrictEqual(
            delivered.map((m) => [m.messageId, m.tenant?.dealerGroupId, m.to]),
            [["x", g, ["138 0000 1234"]]]
          )
        })
      )
})
