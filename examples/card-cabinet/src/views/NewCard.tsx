import { BroadBaseKind, IntentType, LeadSource } from "@jipan/core"
import { useMemo, useState } from "react"
import type { CardTile } from "../backend/CabinetBackend.js"
import { linkTo, useCabinet } from "../context.js"
import { messageOf, useLoad } from "../hooks.js"
import { consultantName } from "../names.js"
import { type EvidenceDraft, EvidenceInputs, evidenceOf, GradeResult, liveGrade } from "./LiveGrading.js"

/** The phone as the core stores it (+86 mainland mobile) from what was typed. */
export const normalisePhone = (typed: string): string => {
  const digits = typed.replace(/[^\d+]/g, "")
  return /^1\d{10}$/.test(digits) ? `+86${digits}` : digits
}

/** The open card (not defeated or invalid) that already holds a phone, if any. */
export const holderOf = (tiles: ReadonlyArray<CardTile>, phone: string): CardTile | undefined =>
  tiles.find((x) => x.phone === phone && x.status !== "defeated" && x.status !== "invalid")

/** The two ways a card enters the cabinet: a prospect (建卡) or a broad-base owner (他牌/他销基盘). */
const NewTabs = ({ current }: { readonly current: "prospect" | "base" }) => {
  const { t } = useCabinet()
  return (
    <nav aria-label={t("newCard")} className="tabs">
      <a {...linkTo("#/new")} aria-current={current === "prospect" ? "page" : undefined}>
        {t("newCard")}
      </a>
      <a {...linkTo("#/new/base")} aria-current={current === "base" ? "page" : undefined}>
        {t("recordBroadBase")}
      </a>
    </nav>
  )
}

/**
 * What both forms share: the cabinet's tiles (to say who already holds a typed phone), the error of
 * the last try and the submit that opens a card under a fresh id (`prefix-n<count>-<ms>`) and then
 * shows it.
 */
const useOpenCard = (prefix: "card" | "base") => {
  const { backend, changed, navigate } = useCabinet()
  const tiles = useLoad(() => backend.tiles(), [])
  const [error, setError] = useState<string | undefined>()
  const holder = (phone: string) => (tiles._tag === "done" ? holderOf(tiles.value, phone) : undefined)
  const submit =
    (command: (cardId: string) => Record<string, unknown>) => (e: { preventDefault(): void }) => {
      e.preventDefault()
      const n = tiles._tag === "done" ? tiles.value.length + 1 : Date.now() % 100_000
      const cardId = `${prefix}-n${n}-${Date.now() % 10_000}`
      backend.handle(cardId, command(cardId)).then(
        () => {
          changed()
          navigate(`#/card/${cardId}`)
        },
        (x: unknown) => setError(messageOf(x))
      )
    }
  return { holder, submit, error }
}

/** The phone as typed and, once it is another open card's, which card and whose. */
const PhoneInput = ({
  name,
  phone,
  onChange,
  holder
}: {
  readonly name: string
  readonly phone: string
  readonly onChange: (phone: string) => void
  readonly holder: CardTile | undefined
}) => {
  const { t } = useCabinet()
  return (
    <>
      <label>
        {t("phone")}
        <input
          name={name}
          required
          inputMode="tel"
          value={phone}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
      {holder && (
        <p role="alert" className="warning" data-testid="already-has-card">
          {t("alreadyHasCard")}: {holder.cardId}, {t("heldBy")} {consultantName(holder.owner)}
        </p>
      )}
    </>
  )
}

/** Opens a card with live grading; "already has a card" shows who holds it as the phone is typed. */
export const NewCard = () => {
  const { backend, consultant, locale, t } = useCabinet()
  const { holder, submit, error } = useOpenCard("card")
  const [phone, setPhone] = useState("")
  const [source, setSource] = useState("walkIn")
  const [intent, setIntent] = useState("direct")
  const [draft, setDraft] = useState<EvidenceDraft>({ flags: {}, timeframe: "", modelOfInterest: "" })
  const result = useMemo(() => liveGrade(draft, backend.today, backend.today, ""), [draft, backend.today])
  const normal = normalisePhone(phone)
  return (
    <>
      <NewTabs current="prospect" />
      <form
        className="panel"
        aria-labelledby="new-title"
        onSubmit={submit((cardId) => ({
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
        }))}
      >
        <h1 id="new-title">{t("newCard")}</h1>
        <PhoneInput name="phone" phone={phone} onChange={setPhone} holder={holder(normal)} />
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
    </>
  )
}

/**
 * Records a broad-base card (RecordBroadBase): an other-brand owner (他牌基盘) or an owner of our
 * brand who bought elsewhere (本牌他销), with the car (brand, model, VIN if known), the day it was
 * bought and the insurance expiry if known. The card is kept in touch with and mined by its kind's
 * rules of the care policy's mining table.
 */
export const NewBroadBase = () => {
  const { backend, consultant, locale, t } = useCabinet()
  const { holder, submit, error } = useOpenCard("base")
  const [kind, setKind] = useState<BroadBaseKind>("otherBrandOwner")
  const [phone, setPhone] = useState("")
  const [customerId, setCustomerId] = useState("")
  const [source, setSource] = useState<LeadSource>("outbound")
  const [brand, setBrand] = useState("")
  const [model, setModel] = useState("")
  const [vin, setVin] = useState("")
  const [boughtOn, setBoughtOn] = useState("")
  const [insurance, setInsurance] = useState("")
  const normal = normalisePhone(phone)
  return (
    <>
      <NewTabs current="base" />
      <form
        className="panel"
        aria-labelledby="base-title"
        onSubmit={submit((cardId) => ({
          _tag: "RecordBroadBase",
          cardId,
          storeId: backend.tenant.storeId,
          customerId: customerId.trim() === "" ? `cust-${cardId}` : customerId.trim(),
          phone: normal,
          owner: consultant,
          kind,
          source,
          vehicle: { brand: brand.trim(), model: model.trim(), vin: vin.trim().toUpperCase() },
          boughtOn,
          ...(insurance === "" ? {} : { insuranceExpiresOn: insurance }),
          by: { id: consultant, role: "consultant" },
          at: backend.now()
        }))}
      >
        <h1 id="base-title">{t("recordBroadBase")}</h1>
        <label>
          {t("baseKind")}
          <select name="baseKind" value={kind} onChange={(e) => setKind(e.target.value as BroadBaseKind)}>
            {BroadBaseKind.values.map((k) => (
              <option key={k} value={k}>
                {BroadBaseKind.label(k, locale)}
              </option>
            ))}
          </select>
        </label>
        <PhoneInput name="basePhone" phone={phone} onChange={setPhone} holder={holder(normal)} />
        <label>
          {t("customerId")}
          <input name="baseCustomerId" value={customerId} onChange={(e) => setCustomerId(e.target.value)} />
        </label>
        <label>
          {t("source")}
          <select name="baseSource" value={source} onChange={(e) => setSource(e.target.value as LeadSource)}>
            {LeadSource.values.map((s) => (
              <option key={s} value={s}>
                {LeadSource.label(s, locale)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("brand")}
          <input name="baseBrand" required value={brand} onChange={(e) => setBrand(e.target.value)} />
        </label>
        <label>
          {t("model")}
          <input name="baseModel" required value={model} onChange={(e) => setModel(e.target.value)} />
        </label>
        <label>
          {t("vinOptional")}
          <input name="baseVin" value={vin} onChange={(e) => setVin(e.target.value)} />
        </label>
        <label>
          {t("boughtOn")}
          <input
            type="date"
            name="baseBoughtOn"
            required
            max={backend.today}
            value={boughtOn}
            onChange={(e) => setBoughtOn(e.target.value)}
          />
        </label>
        <label>
          {t("insuranceOptional")}
          <input
            type="date"
            name="baseInsurance"
            value={insurance}
            onChange={(e) => setInsurance(e.target.value)}
          />
        </label>
        <button type="submit" data-action="record-broad-base">
          {t("record")}
        </button>
        {error && <p role="alert">{error}</p>}
      </form>
    </>
  )
}
