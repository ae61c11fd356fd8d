/**
 * The card's ways out of and back into tracking: cancel an order (退订: back to prospect, or on
 * into a defeat request), mark a card invalid (无效卡: a policy reason, a duplicate merged into
 * the surviving card), ask to reactivate a defeated card (战败激活) and the supervisor's decision
 * on it. Each form sends one of the core's card commands through the backend's `handle`, the
 * same in both modes.
 *
 * @module
 */
import { type CardState, defaultPolicy } from "@jipan/core"
import { useState } from "react"
import { useCabinet } from "../context.js"
import { messageOf } from "../hooks.js"
import { consultantName } from "../names.js"
import { MANUAL_GRADES, SimpleForm, useDefeatClaim } from "./Forms.js"

/** Runs a card command (the card view adds who and when). */
export type RunCommand = (command: Record<string, unknown>) => Promise<void>

/** Cancel the order (退订): back to prospect with a grade, or on into a defeat request. */
export const CancelOrderForm = ({ run }: { readonly run: RunCommand }) => {
  const { t } = useCabinet()
  const [reason, setReason] = useState("")
  const [next, setNext] = useState<"backToProspect" | "requestDefeat">("backToProspect")
  const [grade, setGrade] = useState<string>("B")
  const defeat = useDefeatClaim("cancelDefeat")
  return (
    <SimpleForm
      title={t("cancelOrder")}
      action="cancel-order"
      submit={t("cancelOrder")}
      onSubmit={() =>
        void run({
          _tag: "CancelOrder",
          reason,
          next:
            next === "backToProspect"
              ? { kind: "backToProspect", grade }
              : { kind: "requestDefeat", defeat: defeat.claim }
        })
      }
    >
      <label>
        {t("cancelReason")}
        <input name="cancelReason" required value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <fieldset>
        <legend>{t("afterCancel")}</legend>
        <label className="check">
          <input
            type="radio"
            name="cancelNext"
            value="backToProspect"
            checked={next === "backToProspect"}
            onChange={() => setNext("backToProspect")}
          />
          {t("backToProspect")}
        </label>
        <label className="check">
          <input
            type="radio"
            name="cancelNext"
            value="requestDefeat"
            checked={next === "requestDefeat"}
            onChange={() => setNext("requestDefeat")}
          />
          {t("thenRequestDefeat")}
        </label>
      </fieldset>
      {next === "backToProspect" ? (
        <label>
          {t("newGrade")}
          <select name="cancelGrade" value={grade} onChange={(e) => setGrade(e.target.value)}>
            {MANUAL_GRADES.map((g) => (
              <option key={g}>{g}</option>
            ))}
          </select>
        </label>
      ) : (
        defeat.fields
      )}
    </SimpleForm>
  )
}

/** Close the card as invalid (无效卡) with a policy reason; a duplicate names the surviving card. */
export const MarkInvalidForm = ({ state, run }: { readonly state: CardState; readonly run: RunCommand }) => {
  const { locale, t } = useCabinet()
  const reasons = defaultPolicy.lifecycle.invalidReasons
  const [reasonId, setReasonId] = useState<string>(reasons[0].id)
  const [survivor, setSurvivor] = useState("")
  const merge = reasons.find((r) => r.id === reasonId)?.mergeIntoSurvivor ?? false
  return (
    <SimpleForm
      title={t("markInvalid")}
      action="mark-invalid"
      submit={t("markInvalid")}
      onSubmit={() =>
        void run({
          _tag: "MarkInvalid",
          reasonId,
          ...(merge ? { survivingCardId: survivor.trim() } : {})
        })
      }
    >
      <label>
        {t("invalidReason")}
        <select name="invalidReason" value={reasonId} onChange={(e) => setReasonId(e.target.value)}>
          {reasons.map((r) => (
            <option key={r.id} value={r.id}>
              {r.label[locale]}
            </option>
          ))}
        </select>
      </label>
      {merge && (
        <label>
          {t("survivingCard")}
          <input
            name="survivingCard"
            required
            placeholder={state.cardId === undefined ? "card-…" : `≠ ${state.cardId}`}
            value={survivor}
            onChange={(e) => setSurvivor(e.target.value)}
          />
        </label>
      )}
    </SimpleForm>
  )
}

/** Ask to reactivate a defeated card (战败激活), with a note for the supervisor. */
export const RequestReactivationForm = ({ run }: { readonly run: RunCommand }) => {
  const { t } = useCabinet()
  const [note, setNote] = useState("")
  return (
    <SimpleForm
      title={t("requestReactivation")}
      action="request-reactivation"
      submit={t("requestReactivation")}
      onSubmit={() => void run({ _tag: "RequestReactivation", note })}
    >
      <label>
        {t("note")}
        <input name="reactivationNote" required value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
    </SimpleForm>
  )
}

/** The supervisor's decision on a reactivation request: approve with a grade and owner, or reject. */
export const ReactivationDecision = ({
  cardId,
  owner
}: {
  readonly cardId: string
  readonly owner: string | undefined
}) => {
  const { backend, t, changed } = useCabinet()
  const [grade, setGrade] = useState<string>("B")
  const [newOwner, setNewOwner] = useState(owner ?? "")
  const [error, setError] = useState<string | undefined>()
  const by = { id: backend.supervisor, role: "supervisor" }
  const run = (command: Record<string, unknown>) =>
    backend
      .handle(cardId, { ...command, by, at: backend.now() })
      .then(changed, (e: unknown) => setError(messageOf(e)))
  return (
    <fieldset className="decision" data-decision="reactivation">
      <legend className="sr-only">{`${t("reactivationApprovals")} ${cardId}`}</legend>
      <label>
        {t("newGrade")}
        <select name="reactivationGrade" value={grade} onChange={(e) => setGrade(e.target.value)}>
          {MANUAL_GRADES.map((g) => (
            <option key={g}>{g}</option>
          ))}
        </select>
      </label>
      <label>
        {t("newOwner")}
        <select name="reactivationOwner" value={newOwner} onChange={(e) => setNewOwner(e.target.value)}>
          {backend.consultants.map((c) => (
            <option key={c} value={c}>
              {consultantName(c)}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        data-action="approve-reactivation"
        onClick={() =>
          void run({
            _tag: "ApproveReactivation",
            grade,
            ...(newOwner === "" || newOwner === owner ? {} : { newOwner })
          })
        }
      >
        {t("approveReactivation")}
      </button>
      <button
        type="button"
        data-action="reject-reactivation"
        onClick={() => void run({ _tag: "RejectReactivation", note: t("rejectReactivation") })}
      >
        {t("rejectReactivation")}
      </button>
      {error && <p role="alert">{error}</p>}
    </fieldset>
  )
}
