import { CardStatus, type Locale, VisitMeans, type VisitPlanRow } from "@jipan/core"
import { useState } from "react"
import type { CardTile, VisitPlanReads } from "../backend/CabinetBackend.js"
import { linkTo, useCabinet } from "../context.js"
import { careRuleLabel } from "../explain.js"
import { messageOf, useLoad } from "../hooks.js"
import { consultantName, customerName, maskPhone } from "../names.js"
import {
  addable,
  adoptCommands,
  checkDay,
  MEANS,
  type Means,
  type PlanLine,
  planLines,
  planMonths,
  WEEKS,
  weekDays,
  weekState
} from "../visitPlan.js"

/** "第3周 (12-15–12-21)" / "Week 3 (12-15–12-21)". */
export const weekLabel = (month: string, week: number, locale: Locale): string => {
  const { from, to } = weekDays(month, week)
  const days = `${from.slice(5)}–${to.slice(5)}`
  return locale === "zh-CN" ? `第${week}周(${days})` : `Week ${week} (${days})`
}

const cardLabel = (cardId: string, tile: CardTile | undefined, locale: Locale) =>
  `${customerName(tile?.customerId)} · ${cardId}${tile === undefined ? "" : ` · ${CardStatus.label(tile.status, locale)}`}`

const WeekSelect = ({
  name,
  label,
  month,
  value,
  onChange
}: {
  readonly name: string
  readonly label: string
  readonly month: string
  readonly value: number
  readonly onChange: (week: number) => void
}) => {
  const { locale } = useCabinet()
  return (
    <select name={name} aria-label={label} value={value} onChange={(e) => onChange(Number(e.target.value))}>
      {WEEKS.map((w) => (
        <option key={w} value={w}>
          {weekLabel(month, w, locale)}
        </option>
      ))}
    </select>
  )
}

const MeansSelect = ({
  name,
  label,
  value,
  onChange
}: {
  readonly name: string
  readonly label: string
  readonly value: Means
  readonly onChange: (means: Means) => void
}) => {
  const { locale } = useCabinet()
  return (
    <select name={name} aria-label={label} value={value} onChange={(e) => onChange(e.target.value as Means)}>
      {MEANS.map((m) => (
        <option key={m} value={m}>
          {VisitMeans.label(m, locale)}
        </option>
      ))}
    </select>
  )
}

/** One card of the plan: the suggestion, the week and means to plan (or change), remove. */
const PlanRow = ({
  line,
  month,
  asOf,
  missed,
  run
}: {
  readonly line: PlanLine
  readonly month: string
  readonly asOf: string
  readonly missed: boolean
  readonly run: (cardId: string, command: Record<string, unknown>) => Promise<void>
}) => {
  const { locale, t } = useCabinet()
  const start = line.planned ?? line.suggested ?? { week: 1, means: "call" as const }
  const [week, setWeek] = useState(start.week)
  const [means, setMeans] = useState<Means>(start.means)
  const { cardId, planned, suggested, tile } = line
  const state = planned === undefined ? undefined : weekState(month, planned.week, asOf)
  return (
    <tr data-card={cardId} data-planned={planned === undefined ? "" : `${planned.week}:${planned.means}`}>
      <th scope="row">
        <a {...linkTo(`#/card/${cardId}`)}>{cardLabel(cardId, tile, locale)}</a>
      </th>
      <td>{maskPhone(tile?.phone)}</td>
      <td>
        {suggested === undefined
          ? "—"
          : `${weekLabel(month, suggested.week, locale)} · ${VisitMeans.label(suggested.means, locale)} · ${careRuleLabel(suggested.why, locale)}`}
      </td>
      <td data-testid="planned">
        {planned === undefined
          ? t("notPlanned")
          : `${weekLabel(month, planned.week, locale)} · ${VisitMeans.label(planned.means, locale)}`}
      </td>
      <td data-testid="plan-state">
        {missed
          ? t("missed")
          : state === "coming"
            ? t("weekComing")
            : state === "running"
              ? t("weekRunning")
              : state === "over"
                ? t("weekOver")
                : ""}
      </td>
      <td className="plan-edit">
        <WeekSelect
          name="week"
          label={`${t("week")} ${cardId}`}
          month={month}
          value={week}
          onChange={setWeek}
        />
        <MeansSelect name="means" label={`${t("means")} ${cardId}`} value={means} onChange={setMeans} />
        <button
          type="button"
          data-action="plan-visit"
          onClick={() => void run(cardId, { _tag: "PlanVisit", month, week, means })}
        >
          {t("savePlan")}
        </button>
        {planned !== undefined && (
          <button
            type="button"
            data-action="unplan-visit"
            onClick={() => void run(cardId, { _tag: "UnplanVisit", month })}
          >
            {t("unplan")}
          </button>
        )}
      </td>
    </tr>
  )
}

/** Add one of the consultant's cards the core did not suggest. */
const AddCard = ({
  month,
  cards,
  run
}: {
  readonly month: string
  readonly cards: ReadonlyArray<CardTile>
  readonly run: (cardId: string, command: Record<string, unknown>) => Promise<void>
}) => {
  const { locale, t } = useCabinet()
  const [cardId, setCardId] = useState("")
  const [week, setWeek] = useState(1)
  const [means, setMeans] = useState<Means>("call")
  const chosen = cards.some((c) => c.cardId === cardId) ? cardId : (cards[0]?.cardId ?? "")
  if (cards.length === 0) return null
  return (
    <form
      className="panel filters"
      aria-label={t("addToPlan")}
      onSubmit={(e) => {
        e.preventDefault()
        if (chosen !== "") void run(chosen, { _tag: "PlanVisit", month, week, means })
      }}
    >
      <label>
        {t("card")}
        <select name="addCard" value={chosen} onChange={(e) => setCardId(e.target.value)}>
          {cards.map((c) => (
            <option key={c.cardId} value={c.cardId}>
              {cardLabel(c.cardId, c, locale)}
            </option>
          ))}
        </select>
      </label>
      <WeekSelect name="addWeek" label={t("week")} month={month} value={week} onChange={setWeek} />
      <MeansSelect name="addMeans" label={t("means")} value={means} onChange={setMeans} />
      <button type="submit" data-action="add-to-plan">
        {t("addToPlan")}
      </button>
    </form>
  )
}

/** The check: planned, done (and by the planned means), missed, pending, per consultant. */
const Check = ({ rows, asOf }: { readonly rows: ReadonlyArray<VisitPlanRow>; readonly asOf: string }) => {
  const { t } = useCabinet()
  const counts = ["planned", "done", "doneByPlannedMeans", "missed", "pending"] as const
  const words = {
    planned: t("planned_"),
    done: t("done"),
    doneByPlannedMeans: t("doneByMeans"),
    missed: t("missed"),
    pending: t("pending")
  }
  return (
    <section aria-labelledby="plan-check-title" className="paper">
      <h2 id="plan-check-title">
        {t("planCheck")} · {t("asOf")} {asOf}
      </h2>
      <table data-testid="plan-check" className="report-table">
        <thead>
          <tr>
            <th scope="col">{t("consultant")}</th>
            {counts.map((c) => (
              <th key={c} scope="col">
                {words[c]}
              </th>
            ))}
            <th scope="col">{t("missed")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={counts.length + 2}>{t("nothing")}</td>
            </tr>
          )}
          {rows.map((r) => (
            <tr key={r.consultantId} data-consultant={r.consultantId}>
              <th scope="row">{consultantName(r.consultantId)}</th>
              {counts.map((c) => (
                <td key={c} className="num" data-count={c}>
                  {r[c]}
                </td>
              ))}
              <td>
                {r.missedCardIds.map((id) => (
                  <a key={id} {...linkTo(`#/card/${id}`)}>
                    {id}{" "}
                  </a>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

const Plan = ({ reads }: { readonly reads: VisitPlanReads }) => {
  const { backend, consultant, role, revision, t, changed } = useCabinet()
  const months = planMonths(backend.today)
  const [month, setMonth] = useState(months[0] ?? backend.today.slice(0, 7))
  const [error, setError] = useState<string | undefined>()
  const asOf = checkDay(month, backend.today)
  const data = useLoad(async () => {
    const [tiles, suggestions, check] = await Promise.all([
      backend.tiles(),
      reads.suggest(consultant, month),
      reads.check(month, asOf)
    ])
    return { tiles, suggestions, check }
  }, [consultant, month, asOf, revision])
  const by = role === "supervisor" ? { id: backend.supervisor, role } : { id: consultant, role }
  const run = async (cardId: string, command: Record<string, unknown>) => {
    try {
      await backend.handle(cardId, { ...command, by, at: backend.now() })
      setError(undefined)
      changed()
    } catch (e) {
      setError(messageOf(e))
    }
  }
  if (data._tag === "loading") return <p role="status">{t("loading")}</p>
  if (data._tag === "failed") return <p role="alert">{messageOf(data.error)}</p>
  const { tiles, suggestions, check } = data.value
  const lines = planLines({ month, owner: consultant, tiles, suggestions })
  const adopt = adoptCommands(month, lines)
  const missed = new Set<string>(check.flatMap((r) => r.missedCardIds))
  // a consultant sees their own line of the check; the supervisor the whole team's
  const rows = role === "supervisor" ? check : check.filter((r) => r.consultantId === consultant)
  return (
    <>
      <form className="filters" aria-label={t("plan")} onSubmit={(e) => e.preventDefault()}>
        <label>
          {t("month")}
          <select name="planMonth" value={month} onChange={(e) => setMonth(e.target.value)}>
            {months.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <span>
          {t("consultant")}: {consultantName(consultant)}
        </span>
        {adopt.length > 0 && (
          <button
            type="button"
            data-action="adopt-suggestions"
            onClick={() =>
              void (async () => {
                for (const a of adopt) await run(a.cardId, a.command)
              })()
            }
          >
            {t("adoptSuggestions")} ({adopt.length})
          </button>
        )}
      </form>
      {error && <p role="alert">{error}</p>}
      <Check rows={rows} asOf={asOf} />
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a wide table scrolls; the keyboard must reach it (axe scrollable-region-focusable) */}
      <section className="grid-scroll" aria-label={`${t("plan")} ${month}`} tabIndex={0}>
        <table className="history plan-table" data-testid="plan-lines">
          <thead>
            <tr>
              <th scope="col">{t("card")}</th>
              <th scope="col">{t("phone")}</th>
              <th scope="col">{t("suggested")}</th>
              <th scope="col">{t("planned_")}</th>
              <th scope="col">{t("status")}</th>
              <th scope="col">
                {t("week")} · {t("means")}
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.length === 0 && (
              <tr>
                <td colSpan={6}>{t("nothing")}</td>
              </tr>
            )}
            {lines.map((line) => (
              <PlanRow
                key={`${line.cardId}-${line.planned?.week ?? ""}-${line.planned?.means ?? ""}`}
                line={line}
                month={month}
                asOf={asOf}
                missed={missed.has(line.cardId)}
                run={run}
              />
            ))}
          </tbody>
        </table>
      </section>
      <AddCard
        key={`${month}-${revision}`}
        month={month}
        cards={addable(tiles, consultant, lines)}
        run={run}
      />
    </>
  )
}

/**
 * A consultant's base-visit plan of a month (基盘拜访计划): the core's suggestion, each card's week
 * and means set, changed or removed (`PlanVisit`, `UnplanVisit`), and the plan against what was
 * done. Hidden when the backend has no plan reads (online: the DMS API has no such endpoints).
 */
export const VisitPlan = () => {
  const { backend, t } = useCabinet()
  return (
    <section aria-labelledby="plan-title">
      <h1 id="plan-title">{t("plan")}</h1>
      {backend.visitPlans === undefined ? (
        <p data-testid="plan-hidden">{t("planOnlineHidden")}</p>
      ) : (
        <Plan reads={backend.visitPlans} />
      )}
    </section>
  )
}
