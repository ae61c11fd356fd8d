/**
 * The conformance tests of the newer card facts read back: a customer survey (`RecordSurvey`,
 * `SurveyRecorded`) and a delivery's sale (retail or fleet, units, the fleet customer) come back
 * identically from the card's history, its state and the report events (`ReportSource.eventsOn`,
 * `histories`), and a delivery without a sale comes back without one. Registered by `storeSuite`.
 *
 * @module
 */
import { assert } from "@effect/vitest"
import {
  type ActorRole,
  type CardCommand,
  type CardEvent,
  CardStore,
  type ConsultantId,
  calendarDateOf,
  type DeliverySale,
  handleCard,
  ReportSource,
  reportedEventOf,
  type Tenant
} from "@jipan/core"
import { Effect, Option } from "effect"
import { cardIdOf, deliverySteps, freshTenant, openCommand } from "../Fixtures.js"
import { DAY } from "./ReportExpectations.js"
import { owner, plain, type SuiteBody } from "./Support.js"

/** The names of the read-back tests (part of `StoreTestName`). */
export type ReadBackTestName =
  "read-back: a survey and a fleet delivery, from the history and the report events"

/** The JSON form of a value, `undefined` kept (a retail delivery without its sale). */
const json = (value: unknown): unknown => (value === undefined ? undefined : plain(value))

const dcrc = { id: "dcrc-1" as ConsultantId, role: "dcrc" as ActorRole }

/** Card `n` of a tenant opened, ordered and delivered (with `sale`, if given), then surveyed. */
const deliveredAndSurveyed = (tenant: Tenant, n: number, sale: DeliverySale | undefined) =>
  Effect.gen(function* () {
    const open = openCommand(tenant, n, { owner: owner("c-a") })
    const [order, deliver] = deliverySteps(open.owner, open.at, n)
    const survey: CardCommand = {
      _tag: "RecordSurvey",
      surveyId: `cvp-${n}`,
      answers: { satisfaction: "verySatisfied", buyAgain: "over70", recommend: "likely" },
      by: dcrc,
      at: deliver.at + 3 * DAY
    }
    const commands: ReadonlyArray<CardCommand> = [
      open,
      order,
      sale === undefined ? deliver : ({ ...deliver, sale } as CardCommand),
      survey
    ]
    const events: Array<CardEvent> = []
    let last: { readonly state: unknown; readonly version: number } | undefined
    for (const command of commands) {
      const handled = yield* handleCard({ tenant, cardId: cardIdOf(n), command })
      events.push(...handled.events)
      last = handled
    }
    return { events, last, from: calendarDateOf(open.at), to: calendarDateOf(survey.at) }
  })

/** The read-back tests, by name. */
export const readBackTests = <R>(): Record<ReadBackTestName, SuiteBody<R>> => ({
  "read-back: a survey and a fleet delivery, from the history and the report events": () =>
    Effect.gen(function* () {
      const cards = yield* CardStore
      const reports = yield* ReportSource
      const tenant = freshTenant()
      const fleet: DeliverySale = { kind: "fleet", units: 12, fleetCustomer: "东方出租" } as DeliverySale
      const retail: DeliverySale = { kind: "retail", units: 2 } as DeliverySale
      const cases = [
        { n: 1, sale: fleet },
        { n: 2, sale: retail },
        { n: 3, sale: undefined }
      ] as const
      for (const { n, sale } of cases) {
        const { events, last, from, to } = yield* deliveredAndSurveyed(tenant, n, sale)
        const what = `card ${n} (${sale === undefined ? "no sale" : sale.kind})`
        const stored = Option.getOrThrow(yield* cards.load(tenant, cardIdOf(n)))
        assert.deepStrictEqual(plain(stored.history), plain(events), `${what}: history`)
        assert.deepStrictEqual(plain(stored.state), plain(last?.state), `${what}: state`)
        assert.strictEqual(stored.version, last?.version)
        const delivered = stored.history.find((e) => e._tag === "Delivered")
        const surveyed = stored.history.find((e) => e._tag === "SurveyRecorded")
        assert.deepStrictEqual(
          json(delivered?._tag === "Delivered" ? delivered.sale : undefined),
          json(sale),
          `${what}: the delivery's sale`
        )
        if (sale === undefined)
          assert.isFalse(delivered !== undefined && "sale" in delivered && delivered.sale !== undefined)
        assert.deepStrictEqual(
          plain(
            surveyed?._tag === "SurveyRecorded" ? [surveyed.surveyId, surveyed.answers, surveyed.by] : []
          ),
          plain([
            `cvp-${n}`,
            { satisfaction: "verySatisfied", buyAgain: "over70", recommend: "likely" },
            dcrc
          ]),
          `${what}: the survey`
        )
        // the report events: each what reportedEventOf keeps of the history's event
        const reported = (yield* reports.eventsOn(tenant, { from, to })).filter(
          (e) => e.cardId === cardIdOf(n)
        )
        assert.deepStrictEqual(
          reported.map((e) => e.version),
          events.map((_, i) => i + 1),
          `${what}: one report event per event`
        )
        assert.deepStrictEqual(
          plain(reported.map((e) => e.event)),
          plain(stored.history.map(reportedEventOf)),
          `${what}: report events`
        )
        const deliveredRow = reported.find((e) => e.event._tag === "Delivered")?.event
        assert.deepStrictEqual(
          json(deliveredRow?._tag === "Delivered" ? deliveredRow.sale : undefined),
          json(sale),
          `${what}: the reported sale`
        )
        const surveys = yield* reports.eventsOn(
          tenant,
          { from, to },
          { kinds: ["SurveyRecorded"], cardIds: [cardIdOf(n)] }
        )
        assert.deepStrictEqual(
          plain(surveys.map((e) => e.event)),
          plain([
            {
              _tag: "SurveyRecorded",
              at: surveyed?.at,
              on: surveyed?.on,
              surveyId: `cvp-${n}`,
              answers: { satisfaction: "verySatisfied", buyAgain: "over70", recommend: "likely" }
            }
          ]),
          `${what}: the reported survey`
        )
        const [history] = yield* reports.histories(tenant, [cardIdOf(n)])
        assert.deepStrictEqual(plain(history?.history), plain(events), `${what}: histories`)
      }
    })
})
