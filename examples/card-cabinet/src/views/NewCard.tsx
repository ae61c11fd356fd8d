import { IntentType, LeadSource } from "@jipan/core"
import { useMemo, useState } from "react"
import { useCabinet } from "../context.js"
import { messageOf, useLoad } from "../hooks.js"
import { consultantName } from "../names.js"
import { type EvidenceDraft, EvidenceInputs, evidenceOf, GradeResult, liveGrade } from "./LiveGrading.js"

/** The phone as the core stores it (+86 mainland mobile) from what was typed. */
export const normalisePhone = (typed: string): string => {
  const digits = typed.replace(/[^\d+]/g, "")
  return /^1\d{10}$/.test(digits) ? `+86${digits}` : digits
}

/** Opens a card with live grading; "already has a card" shows who holds it as the phone is typed. */
export const NewCard = () => {
  const { backend, consultant, locale, t, changed, navigate } = useCabinet()
  const tiles = useLoad(() => backend.tiles(), [])
  const [phone, setPhone] = useState("")
  const [source, setSource] = useState("walkIn")
  const [intent, setIntent] = useState("direct")
  const [draft, setDraft] = useState<EvidenceDraft>({ flags: {}, timeframe: "", modelOfInterest: "" })
  const [error, setError] = useState<string | undefined>()
  const result = useMemo(() => liveGrade(draft, backend.today, backend.today, ""), [draft, backend.today])
  const normal = normalisePhone(phone)
  const holder =
    tiles._tag === "done"
      ? tiles.value.find((x) => x.phone === normal && x.status !== "defeated" && x.status !== "invalid")
      : undefined
  return (
    <form
      className="panel"
      aria-labelledby="new-title"
      onSubmit={(e) => {
        e.preventDefault()
        const n = tiles._tag === "done" ? tiles.value.length + 1 : Date.now() % 100_000
        const cardId = `card-n${n}-${Date.now() % 10_000}`
        backend
          .handle(cardId, {
            _tag: "OpenCard",
            cardId,
            storeId: backend.tenant.storeId,
            customerId: `cust-${cardId}`,
            phone: normal,
            owner: consultant,
            source,
            intent,
            evidence: evidenceOf(draft),
            by: { id: consultant, role: "consultant" },
            at: backend.now()
          })
          .then(
            () => {
              changed()
              navigate(`#/card/${cardId}`)
            },
            (x: unknown) => setError(messageOf(x))
          )
      }}
    >
      <h1 id="new-title">{t("newCard")}</h1>
      <label>
        {t("phone")}
        <input
          name="phone"
          required
          inputMode="tel"
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
        />
      </label>
      {holder && (
        <p role="alert" className="warning" data-testid="already-has-card">
          {t("alreadyHasCard")}: {holder.cardId}, {t("heldBy")} {consultantName(holder.owner)}
        </p>
      )}
      <label>
        {t("source")}
        <select value={source} onChange={(e) => setSource(e.target.value)}>
          {LeadSource.values.map((s) => (
            <option key={s} value={s}>
              {LeadSource.label(s, locale)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("intent")}
        <select value={intent} onChange={(e) => setIntent(e.target.value)}>
          {IntentType.values.map((s) => (
            <option key={s} value={s}>
              {IntentType.label(s, locale)}
            </option>
          ))}
        </select>
      </label>
      <EvidenceInputs draft={draft} onChange={setDraft} />
      <GradeResult result={result} />
      <button type="submit" data-action="open-card">
        {t("open")}
      </button>
      {error && <p role="alert">{error}</p>}
    </form>
  )
}
