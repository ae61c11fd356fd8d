import {
  CalendarDate,
  ContactChannel,
  ContactOutcome,
  defaultPolicy,
  type FollowUpInput,
  type GradeId,
  gradeProspect,
  nextContact,
  type ProspectEvidence
} from "@jipan/core"
import * as Result from "effect/Result"
import { useId, useMemo, useState } from "react"
import { useCabinet } from "../context.js"
import { evidenceLabel, reasonInWords } from "../explain.js"

/** The evidence flags a consultant ticks. */
export const FLAGS = [
  "modelChosen",
  "colourChosen",
  "testDriveBooked",
  "testDriveDone",
  "budgetSettled",
  "decisionMakerPresent",
  "tradeIn",
  "competitorCompared"
] as const

/** The time frames offered (days to purchase; "" for unknown). */
export const TIMEFRAMES = ["", "3", "7", "15", "30", "60", "90"] as const

/** The evidence being edited. */
export interface EvidenceDraft {
  readonly flags: Readonly<Partial<Record<(typeof FLAGS)[number], boolean>>>
  readonly timeframe: string
  readonly modelOfInterest: string
}

/** The core's evidence of a draft. */
export const evidenceOf = (draft: EvidenceDraft): ProspectEvidence => {
  const e: Record<string, unknown> = {}
  for (const f of FLAGS) if (draft.flags[f] === true) e[f] = true
  if (draft.timeframe !== "") e.purchaseTimeframeDays = Number(draft.timeframe)
  if (draft.modelOfInterest.trim() !== "") e.modelOfInterest = draft.modelOfInterest.trim()
  return e as ProspectEvidence
}

/** The draft of a card's current evidence. */
export const draftOf = (evidence: ProspectEvidence | undefined): EvidenceDraft => {
  const flags: Partial<Record<(typeof FLAGS)[number], boolean>> = {}
  for (const f of FLAGS) if (evidence?.[f] === true) flags[f] = true
  const days = evidence?.purchaseTimeframeDays
  const nearest = days === undefined ? "" : (TIMEFRAMES.find((x) => x !== "" && Number(x) >= days) ?? "90")
  return { flags, timeframe: nearest, modelOfInterest: evidence?.modelOfInterest ?? "" }
}

/**
 * Grades a draft as the consultant types: the pure core in the browser (`gradeProspect`, then
 * `nextContact` with the agreed day). Exported for the tests and the per-keystroke bench.
 */
export const liveGrade = (draft: EvidenceDraft, today: string, openedOn: string, agreed: string) => {
  const day = CalendarDate.make(today)
  const graded = gradeProspect(evidenceOf(draft), defaultPolicy, day)
  if (Result.isFailure(graded)) return { _tag: "failed" as const, message: graded.failure.message }
  const input: FollowUpInput = {
    grade: graded.success.grade as GradeId,
    openedOn: CalendarDate.make(openedOn),
    lastContactOn: day,
    ...(agreed === "" ? {} : { agreedNextContactOn: CalendarDate.make(agreed) })
  }
  const next = nextContact(input, defaultPolicy, day)
  return {
    _tag: "graded" as const,
    grading: graded.success,
    next: Result.isSuccess(next) ? next.success : undefined
  }
}

/** The live result: grade, reasons in words, next contact. */
export const GradeResult = ({ result }: { readonly result: ReturnType<typeof liveGrade> }) => {
  const { locale, t } = useCabinet()
  if (result._tag === "failed") return <p role="alert">{result.message}</p>
  const { grading, next } = result
  return (
    <output className="live-grade" aria-live="polite" data-testid="live-grade">
      <span className={`grade-big grade-${grading.grade}`} data-grade={grading.grade}>
        {grading.grade}
      </span>
      <span>
        {t("nextContact")}: <strong data-testid="next-due">{next?.due ?? grading.nextContactDue}</strong>
      </span>
      <span className="sr-only">
        {t("grade")} {grading.grade}
      </span>
      <ul className="reasons" aria-label={t("reasons")}>
        {grading.reasons.map((r) => (
          <li key={`${r.ruleId}-${r.conclusion}`}>{reasonInWords(r, locale)}</li>
        ))}
        {next?.reasons.map((r) => (
          <li key={`n-${r.ruleId}`}>{reasonInWords(r, locale)}</li>
        ))}
      </ul>
      {[...grading.warnings, ...(next?.warnings ?? [])].length > 0 && (
        <ul className="warnings" aria-label={t("warnings")}>
          {[...grading.warnings, ...(next?.warnings ?? [])].map((w) => (
            <li key={w.code}>{w.message}</li>
          ))}
        </ul>
      )}
    </output>
  )
}

/** The evidence inputs (ticks, time frame, model). */
export const EvidenceInputs = ({
  draft,
  onChange
}: {
  readonly draft: EvidenceDraft
  readonly onChange: (draft: EvidenceDraft) => void
}) => {
  const { locale, t } = useCabinet()
  const id = useId()
  return (
    <fieldset className="evidence">
      <legend>{t("needs")}</legend>
      {FLAGS.map((f) => (
        <label key={f} className="check">
          <input
            type="checkbox"
            name={f}
            checked={draft.flags[f] === true}
            onChange={(e) => onChange({ ...draft, flags: { ...draft.flags, [f]: e.target.checked } })}
          />
          {evidenceLabel(f, locale)}
        </label>
      ))}
      <label htmlFor={`${id}-tf`}>{t("timeframe")}</label>
      <select
        id={`${id}-tf`}
        name="timeframe"
        value={draft.timeframe}
        onChange={(e) => onChange({ ...draft, timeframe: e.target.value })}
      >
        {TIMEFRAMES.map((x) => (
          <option key={x} value={x}>
            {x === "" ? t("unknown") : `${x} ${t("days")}`}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-model`}>{t("model")}</label>
      <input
        id={`${id}-model`}
        name="modelOfInterest"
        value={draft.modelOfInterest}
        onChange={(e) => onChange({ ...draft, modelOfInterest: e.target.value })}
      />
    </fieldset>
  )
}

/** Log a contact with live grading: the grade, its reasons and the next contact update on every tick. */
export const ContactForm = ({
  initial,
  openedOn,
  onSubmit
}: {
  readonly initial: ProspectEvidence | undefined
  readonly openedOn: string
  readonly onSubmit: (command: Record<string, unknown>) => Promise<void>
}) => {
  const { backend, locale, t } = useCabinet()
  const id = useId()
  const [draft, setDraft] = useState(() => draftOf(initial))
  const [channel, setChannel] = useState("call")
  const [outcome, setOutcome] = useState("reached")
  const [agreed, setAgreed] = useState("")
  const [note, setNote] = useState("")
  const result = useMemo(
    () => liveGrade(draft, backend.today, openedOn, agreed),
    [draft, backend.today, openedOn, agreed]
  )
  return (
    <form
      className="panel"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault()
        void onSubmit({
          _tag: "LogContact",
          channel,
          outcome,
          evidence: evidenceOf(draft),
          ...(agreed === "" ? {} : { agreedNextContactOn: agreed }),
          ...(note.trim() === "" ? {} : { note: note.trim() })
        })
      }}
    >
      <h2 id={`${id}-title`}>{t("liveGrading")}</h2>
      <EvidenceInputs draft={draft} onChange={setDraft} />
      <GradeResult result={result} />
      <div className="row">
        <label>
          {t("channel")}
          <select name="channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
            {ContactChannel.values.map((c) => (
              <option key={c} value={c}>
                {ContactChannel.label(c, locale)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("outcome")}
          <select name="outcome" value={outcome} onChange={(e) => setOutcome(e.target.value)}>
            {ContactOutcome.values.map((c) => (
              <option key={c} value={c}>
                {ContactOutcome.label(c, locale)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("agreedNext")}
          <input type="date" name="agreed" value={agreed} onChange={(e) => setAgreed(e.target.value)} />
        </label>
        <label>
          {t("note")}
          <input name="note" value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
      </div>
      <button type="submit" data-action="log-contact">
        {t("logContact")}
      </button>
    </form>
  )
}
