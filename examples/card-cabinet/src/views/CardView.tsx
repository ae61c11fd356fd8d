import {
  BroadBaseKind,
  CalendarDate,
  type CardEvent,
  type CardState,
  CardStatus,
  ContactChannel,
  ContactOutcome,
  defaultPolicy,
  gradeProspect,
  IntentType,
  LeadSource,
  ReferralStatus,
  VisitMeans
} from "@jipan/core"
import * as Result from "effect/Result"
import { useState } from "react"
import { makeVin } from "../backend/demo.js"
import { linkTo, useCabinet } from "../context.js"
import { careRuleLabel, eventLabel, reasonInWords } from "../explain.js"
import { messageOf, useLoad } from "../hooks.js"
import { word } from "../i18n.js"
import { consultantName, customerName, maskPhone } from "../names.js"
import { MANUAL_GRADES, SimpleForm, useDefeatClaim } from "./Forms.js"
import {
  CancelOrderForm,
  MarkInvalidForm,
  ReactivationDecision,
  RequestReactivationForm
} from "./Lifecycle.js"
import { ContactForm } from "./LiveGrading.js"
import { MineForm, MiningPlan } from "./Mining.js"

const Field = ({ label, children }: { readonly label: string; readonly children: React.ReactNode }) => (
  <div className="field">
    <dt>{label}</dt>
    <dd>{children}</dd>
  </div>
)

/** The front of the card: who, needs, vehicle, source, grade with its explanation. */
const Front = ({ state }: { readonly state: CardState }) => {
  const { backend, locale, t } = useCabinet()
  const graded = gradeProspect(state.evidence, defaultPolicy, CalendarDate.make(backend.today))
  const thisMonth = (state.visitPlans ?? []).find((p) => p.month === backend.today.slice(0, 7))
  return (
    <section className="paper front" aria-labelledby="front-title">
      <h2 id="front-title">{t("front")}</h2>
      <dl>
        <Field label={t("customer")}>{customerName(state.customerId)}</Field>
        <Field label={t("phone")}>{maskPhone(state.phone)}</Field>
        <Field label={t("owner")}>{consultantName(state.owner)}</Field>
        <Field label={t("status")}>
          <span data-testid="card-status">{CardStatus.label(state.status, locale)}</span>
        </Field>
        <Field label={t("source")}>
          {state.source === undefined ? "—" : LeadSource.label(state.source, locale)}
        </Field>
        <Field label={t("intent")}>
          {state.intent === undefined ? "—" : IntentType.label(state.intent, locale)}
        </Field>
        {state.broadBase && (
          <>
            <Field label={t("baseKind")}>
              <span data-testid="card-base-kind">{BroadBaseKind.label(state.broadBase.kind, locale)}</span>
            </Field>
            <Field label={t("boughtOn")}>{state.broadBase.boughtOn}</Field>
          </>
        )}
        {state.linkedTo && (
          <Field label={t("minedFrom")}>
            <a {...linkTo(`#/card/${state.linkedTo.cardId}`)} data-testid="mined-from">
              {state.linkedTo.cardId}
            </a>
          </Field>
        )}
        <Field label={t("vehicle")}>
          {state.delivery
            ? `${state.delivery.vehicle.brand} ${state.delivery.vehicle.model} · ${state.delivery.vehicle.vin}`
            : state.broadBase
              ? `${state.broadBase.vehicle.brand} ${state.broadBase.vehicle.model}${state.broadBase.vehicle.vin === "" ? "" : ` · ${state.broadBase.vehicle.vin}`}`
              : state.order
                ? `${state.order.model} (${state.order.orderId})`
                : (state.evidence.modelOfInterest ?? "—")}
        </Field>
        <Field label={t("grade")}>
          <span className={`grade-chip grade-${state.grade ?? "N"}`} data-testid="card-grade">
            {state.status === "ordered" ? "O" : (state.grade ?? "N")}
          </span>
        </Field>
        <Field label={t("nextContact")}>
          <span data-testid="card-due">{state.nextContactDue ?? "—"}</span>
        </Field>
        {thisMonth && (
          <Field label={t("thisMonthPlan")}>
            <span data-testid="card-plan">
              {locale === "zh-CN" ? `第${thisMonth.week}周` : `Week ${thisMonth.week}`} ·{" "}
              {VisitMeans.label(thisMonth.means, locale)}
            </span>
          </Field>
        )}
      </dl>
      {Result.isSuccess(graded) && state.status === "prospect" && (
        <>
          <h3>{t("explanation")}</h3>
          <ul className="reasons">
            {graded.success.reasons.map((r) => (
              <li key={`${r.ruleId}-${r.conclusion}`}>{reasonInWords(r, locale)}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}

const whatOf = (e: CardEvent, locale: "zh-CN" | "en"): string => {
  switch (e._tag) {
    case "ContactLogged":
      return `${eventLabel(e._tag, locale)} · ${ContactChannel.label(e.channel, locale)} → ${e.computedGrade}${e.note ? ` · ${e.note}` : ""}`
    case "OrderPlaced":
      return `${eventLabel(e._tag, locale)} ${e.model}`
    case "DefeatRequested": {
      const type = defaultPolicy.lifecycle.defeatReasonTypes.find((x) => x.id === e.defeat.typeId)
      const reason = type?.reasons.find((x) => x.id === e.defeat.reasonId)
      return `${eventLabel(e._tag, locale)}: ${type?.label[locale] ?? e.defeat.typeId} / ${reason?.label[locale] ?? e.defeat.reasonId}`
    }
    case "OrderCancelled":
      return `${eventLabel(e._tag, locale)}: ${e.reason}${e.backToProspect ? ` → ${e.backToProspect.grade}` : ""}`
    case "MarkedInvalid": {
      const reason = defaultPolicy.lifecycle.invalidReasons.find((x) => x.id === e.reasonId)
      return `${eventLabel(e._tag, locale)}: ${reason?.label[locale] ?? e.reasonId}${e.mergedInto ? ` · ${word("mergedInto", locale)} ${e.mergedInto}` : ""}`
    }
    case "ReactivationRequested":
    case "ReactivationRejected":
      return `${eventLabel(e._tag, locale)}${e.note ? `: ${e.note}` : ""}`
    case "ReactivationApproved":
      return `${eventLabel(e._tag, locale)} → ${e.grade} · ${consultantName(e.owner)}`
    case "VisitPlanned":
      return `${eventLabel(e._tag, locale)}: ${e.month} ${locale === "zh-CN" ? `第${e.week}周` : `week ${e.week}`} · ${VisitMeans.label(e.means, locale)}`
    case "VisitUnplanned":
      return `${eventLabel(e._tag, locale)}: ${e.month}`
    case "BroadBaseRecorded":
      return `${eventLabel(e._tag, locale)}: ${BroadBaseKind.label(e.kind, locale)} · ${e.vehicle.brand} ${e.vehicle.model}`
    case "OwnerMined":
      return `${eventLabel(e._tag, locale)}: ${e.newCardId}`
    default:
      return eventLabel(e._tag, locale)
  }
}

/** The back of the card: every contact and change, who, when, what, outcome, next agreed contact. */
const Back = ({ history }: { readonly history: ReadonlyArray<CardEvent> }) => {
  const { locale, t } = useCabinet()
  return (
    <section className="paper back" aria-labelledby="back-title">
      <h2 id="back-title">{t("back")}</h2>
      <table className="history">
        <thead>
          <tr>
            <th scope="col">{t("when")}</th>
            <th scope="col">{t("who")}</th>
            <th scope="col">{t("what")}</th>
            <th scope="col">{t("outcome")}</th>
            <th scope="col">{t("agreedNext")}</th>
          </tr>
        </thead>
        <tbody>
          {history.map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a history never reorders
            <tr key={i} data-event={e._tag}>
              <td>{e.on}</td>
              <td>{consultantName(e.by.id)}</td>
              <td>{whatOf(e, locale)}</td>
              <td>{e._tag === "ContactLogged" ? ContactOutcome.label(e.outcome, locale) : ""}</td>
              <td>{e._tag === "ContactLogged" ? (e.agreedNextContactOn ?? "") : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

/**
 * Re-grade, order, deliver, request defeat, cancel the order, ask for a reactivation, mark
 * invalid: the consultant's other commands on a card, each where the card's status allows it.
 */
const Actions = ({
  state,
  run
}: {
  readonly state: CardState
  readonly run: (c: Record<string, unknown>) => Promise<void>
}) => {
  const { backend, locale, t } = useCabinet()
  const [grade, setGrade] = useState("B")
  const [why, setWhy] = useState("")
  const [orderId, setOrderId] = useState(`SO-${state.cardId ?? ""}`)
  const [model, setModel] = useState(state.evidence.modelOfInterest ?? "GL8")
  const [vin, setVin] = useState(() => makeVin(900 + Number((state.cardId ?? "0").replace(/\D/g, "") || 0)))
  const [deliveredOn, setDeliveredOn] = useState(backend.today)
  const defeat = useDefeatClaim()
  const [note, setNote] = useState("")
  return (
    <div className="actions">
      {state.status === "prospect" && (
        <SimpleForm
          title={t("regrade")}
          action="regrade"
          submit={t("regrade")}
          onSubmit={() => void run({ _tag: "Regrade", grade, justification: why })}
        >
          <label>
            {t("newGrade")}
            <select value={grade} onChange={(e) => setGrade(e.target.value)}>
              {defaultPolicy.grading.grades.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.label[locale]}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("justification")}
            <input value={why} required onChange={(e) => setWhy(e.target.value)} />
          </label>
        </SimpleForm>
      )}
      {state.status === "prospect" && (
        <SimpleForm
          title={t("order")}
          action="order"
          submit={t("order")}
          onSubmit={() => void run({ _tag: "PlaceOrder", orderId, model })}
        >
          <label>
            {t("orderId")}
            <input value={orderId} onChange={(e) => setOrderId(e.target.value)} />
          </label>
          <label>
            {t("model")}
            <input value={model} onChange={(e) => setModel(e.target.value)} />
          </label>
        </SimpleForm>
      )}
      {state.status === "ordered" && (
        <SimpleForm
          title={t("deliver")}
          action="deliver"
          submit={t("deliver")}
          onSubmit={() =>
            void run({
              _tag: "Deliver",
              vehicle: { brand: "Buick", model: state.order?.model ?? model, vin },
              deliveredOn
            })
          }
        >
          <label>
            {t("vin")}
            <input value={vin} onChange={(e) => setVin(e.target.value)} />
          </label>
          <label>
            {t("deliveredOn")}
            <input type="date" value={deliveredOn} onChange={(e) => setDeliveredOn(e.target.value)} />
          </label>
        </SimpleForm>
      )}
      {state.status === "prospect" && (
        <SimpleForm
          title={t("requestDefeat")}
          action="request-defeat"
          submit={t("requestDefeat")}
          onSubmit={() =>
            void run({
              _tag: "RequestDefeat",
              defeat: { ...defeat.claim, ...(note === "" ? {} : { note }) }
            })
          }
        >
          {defeat.fields}
          <label>
            {t("note")}
            <input value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
        </SimpleForm>
      )}
      {state.status === "ordered" && <CancelOrderForm run={run} />}
      {state.status === "defeated" && <RequestReactivationForm run={run} />}
      {(state.status === "prospect" || state.status === "defeated") && (
        <MarkInvalidForm state={state} run={run} />
      )}
    </div>
  )
}

/** The supervisor's decision on a defeat request: approve, or reject with a new grade and owner. */
export const DefeatDecision = ({
  cardId,
  owner
}: {
  readonly cardId: string
  readonly owner: string | undefined
}) => {
  const { backend, t, changed } = useCabinet()
  const [grade, setGrade] = useState("B")
  const [newOwner, setNewOwner] = useState(owner ?? "")
  const [error, setError] = useState<string | undefined>()
  const by = { id: backend.supervisor, role: "supervisor" }
  const run = (command: Record<string, unknown>) =>
    backend
      .handle(cardId, { ...command, by, at: backend.now() })
      .then(changed, (e: unknown) => setError(messageOf(e)))
  return (
    <fieldset className="decision">
      <legend className="sr-only">{`${t("defeatApprovals")} ${cardId}`}</legend>
      <button
        type="button"
        data-action="approve-defeat"
        onClick={() => void run({ _tag: "ApproveDefeat", note: t("approveNote") })}
      >
        {t("approve")}
      </button>
      <label>
        {t("newGrade")}
        <select value={grade} onChange={(e) => setGrade(e.target.value)}>
          {MANUAL_GRADES.map((g) => (
            <option key={g}>{g}</option>
          ))}
        </select>
      </label>
      <label>
        {t("newOwner")}
        <select value={newOwner} onChange={(e) => setNewOwner(e.target.value)}>
          {backend.consultants.map((c) => (
            <option key={c} value={c}>
              {consultantName(c)}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        data-action="reject-defeat"
        onClick={() =>
          void run({
            _tag: "RejectDefeat",
            grade,
            note: t("rejectNote"),
            ...(newOwner === "" || newOwner === owner ? {} : { newOwner })
          })
        }
      >
        {t("reject")}
      </button>
      {error && <p role="alert">{error}</p>}
    </fieldset>
  )
}

/** The care plan of an owned customer's card. */
const CarePlan = ({ cardId }: { readonly cardId: string }) => {
  const { backend, locale, revision, t } = useCabinet()
  const care = useLoad(
    async () => (await backend.careDue("2099-12-31")).filter((c) => c.cardId === cardId),
    [cardId, revision]
  )
  return (
    <section className="paper" aria-labelledby="care-title" data-testid="care-plan">
      <h2 id="care-title">{t("carePlan")}</h2>
      {care._tag === "done" && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("planned")}</th>
              <th scope="col">{t("due")}</th>
              <th scope="col">{t("kind")}</th>
            </tr>
          </thead>
          <tbody>
            {care.value.map((c) => (
              <tr key={c.ruleId}>
                <td>{c.plannedOn}</td>
                <td>{c.on}</td>
                <td>{careRuleLabel(c.ruleId, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

/** The referrals of an owner's card, and the form to register one. */
const Referrals = ({ cardId, owned }: { readonly cardId: string; readonly owned: boolean }) => {
  const { backend, locale, revision, t, changed } = useCabinet()
  const list = useLoad(() => backend.referralsOf(cardId), [cardId, revision])
  const [name, setName] = useState("")
  const [phone, setPhone] = useState("")
  const [error, setError] = useState<string | undefined>()
  return (
    <section className="paper" aria-labelledby="ref-title">
      <h2 id="ref-title">{t("referrals")}</h2>
      <ul data-testid="referrals">
        {list._tag === "done" &&
          list.value.map((r) => (
            <li key={r.referralId}>
              {r.referralId} · {r.state.registration?.referee.name} ·{" "}
              {maskPhone(r.state.registration?.referee.phone)} ·{" "}
              {ReferralStatus.label(r.state.status, locale)}
            </li>
          ))}
      </ul>
      {owned && (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            backend
              .registerReferral({
                referrerCardId: cardId,
                refereeName: name,
                refereePhone: phone,
                askedAt: "delivery",
                on: backend.today
              })
              .then(
                () => {
                  setName("")
                  setPhone("")
                  setError(undefined)
                  changed()
                },
                (x: unknown) => setError(messageOf(x))
              )
          }}
        >
          <h3>{t("registerReferral")}</h3>
          <label>
            {t("refereeName")}
            <input name="refereeName" required value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            {t("refereePhone")}
            <input name="refereePhone" required value={phone} onChange={(e) => setPhone(e.target.value)} />
          </label>
          <button type="submit" data-action="register-referral">
            {t("registerReferral")}
          </button>
          {error && <p role="alert">{error}</p>}
        </form>
      )}
    </section>
  )
}

/** One card: front, back, live grading and the commands its status allows. */
export const CardView = ({ cardId }: { readonly cardId: string }) => {
  const { backend, revision, role, t, changed } = useCabinet()
  const card = useLoad(() => backend.card(cardId), [cardId, revision])
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>()
  if (card._tag === "loading") return <p role="status">{t("loading")}</p>
  if (card._tag === "failed") return <p role="alert">{messageOf(card.error)}</p>
  const { state, history } = card.value
  const by = { id: state.owner ?? backend.consultants[0] ?? "c-wang", role: "consultant" }
  const run = async (command: Record<string, unknown>): Promise<boolean> => {
    try {
      await backend.handle(cardId, { ...command, by, at: Math.max(backend.now(), state.lastEventAt + 1) })
      setMessage({ ok: true, text: `${t("saved")}: ${String(command._tag)}` })
      changed()
      return true
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) })
      return false
    }
  }
  const runVoid = async (command: Record<string, unknown>): Promise<void> => {
    await run(command)
  }
  return (
    <article aria-labelledby="card-title" className="card-view">
      <h1 id="card-title">
        {t("card")} {cardId} · {customerName(state.customerId)}
      </h1>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? "ok" : "error"}>
          {message.text}
        </p>
      )}
      <div className="card-sides">
        <Front state={state} />
        <Back history={history} />
      </div>
      {(state.status === "prospect" || state.status === "ordered") && (
        <ContactForm
          key={`${cardId}-${card.value.version}`}
          initial={state.evidence}
          openedOn={state.openedOn ?? backend.today}
          onSubmit={runVoid}
        />
      )}
      <Actions key={`a-${cardId}-${card.value.version}`} state={state} run={runVoid} />
      {state.status === "defeatRequested" && role === "supervisor" && (
        <DefeatDecision cardId={cardId} owner={state.owner} />
      )}
      {state.status === "reactivationRequested" && role === "supervisor" && (
        <ReactivationDecision cardId={cardId} owner={state.owner} />
      )}
      {state.status === "owned" && <CarePlan cardId={cardId} />}
      {state.status === "broadBase" && <MiningPlan state={state} />}
      {(state.status === "owned" || state.status === "broadBase") && (
        <MineForm key={`m-${cardId}-${card.value.version}`} cardId={cardId} state={state} run={run} />
      )}
      <Referrals cardId={cardId} owned={state.status === "owned"} />
    </article>
  )
}
