import { IntentType, LeadSource } from "@jipan/core"
import { useMemo, useState } from "react"
import type { CardTile } from "../backend/CabinetBackend.js"
import { useCabinet } from "../context.js"
import { type CabinetFilter, dayColumns, drawersOf, GRADES } from "../drawers.js"
import { messageOf, useLoad } from "../hooks.js"
import { consultantName } from "../names.js"
import { Tile } from "./Tile.js"

/** The grid of drawers (grades × overdue, 14 days, later) with the tiles of the chosen drawer. */
export const CabinetGrid = ({
  tiles,
  today
}: {
  readonly tiles: ReadonlyArray<CardTile>
  readonly today: string
}) => {
  const { backend, role, consultant, locale, t } = useCabinet()
  const [filter, setFilter] = useState<CabinetFilter>(role === "supervisor" ? {} : { owner: consultant })
  const [chosen, setChosen] = useState<string | undefined>(undefined)
  const drawers = useMemo(() => drawersOf(tiles, today, filter), [tiles, today, filter])
  const days = dayColumns(today)
  const columns = ["overdue", ...days, "later"]
  const shown = chosen === undefined ? [...drawers.values()].flat() : (drawers.get(chosen) ?? [])
  const heading = (c: string) =>
    c === "overdue" ? t("overdue") : c === "later" ? t("later") : c === today ? t("today") : c.slice(5)
  const set = (key: keyof CabinetFilter, value: string) =>
    setFilter((f) => ({ ...f, [key]: value === "" ? undefined : value }))
  return (
    <>
      <form className="filters" aria-label={t("cabinet")} onSubmit={(e) => e.preventDefault()}>
        {role === "supervisor" && (
          <label>
            {t("consultant")}
            <select value={filter.owner ?? ""} onChange={(e) => set("owner", e.target.value)}>
              <option value="">{t("allConsultants")}</option>
              {backend.consultants.map((c) => (
                <option key={c} value={c}>
                  {consultantName(c)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t("source")}
          <select value={filter.source ?? ""} onChange={(e) => set("source", e.target.value)}>
            <option value="">{t("all")}</option>
            {LeadSource.values.map((s) => (
              <option key={s} value={s}>
                {LeadSource.label(s, locale)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("intent")}
          <select value={filter.intent ?? ""} onChange={(e) => set("intent", e.target.value)}>
            <option value="">{t("all")}</option>
            {IntentType.values.map((s) => (
              <option key={s} value={s}>
                {IntentType.label(s, locale)}
              </option>
            ))}
          </select>
        </label>
      </form>
      <div className="grid-scroll">
        <table className="cabinet-grid">
          <caption className="sr-only">{t("cabinet")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("grade")}</th>
              {columns.map((c) => (
                <th
                  key={c}
                  scope="col"
                  className={c === "overdue" ? "col-overdue" : c === today ? "col-today" : undefined}
                >
                  {heading(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {GRADES.map((g) => (
              <tr key={g}>
                <th scope="row" className={`grade-chip grade-${g}`}>
                  {g}
                </th>
                {columns.map((c) => {
                  const key = `${g}|${c}`
                  const n = drawers.get(key)?.length ?? 0
                  return (
                    <td key={c} className={n === 0 ? "empty" : c === "overdue" ? "has overdue" : "has"}>
                      {n > 0 && (
                        <button
                          type="button"
                          className="drawer"
                          aria-pressed={chosen === key}
                          data-drawer={key}
                          aria-label={`${g} ${heading(c)}: ${n} ${t("cards")}`}
                          onClick={() => setChosen(chosen === key ? undefined : key)}
                        >
                          {n}
                        </button>
                      )}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>
        {chosen === undefined ? t("all") : `${t("drawer")} ${chosen.replace("|", " · ")}`} ({shown.length}{" "}
        {t("cards")})
        {chosen !== undefined && (
          <button type="button" className="link" onClick={() => setChosen(undefined)}>
            {t("showAll")}
          </button>
        )}
      </h2>
      <ul className="tiles">
        {shown.map((tile) => (
          <Tile key={tile.cardId} tile={tile} />
        ))}
      </ul>
    </>
  )
}

/** The cabinet view: loads the tiles and shows the grid. */
export const Cabinet = () => {
  const { backend, revision, t } = useCabinet()
  const tiles = useLoad(() => backend.tiles(), [revision])
  return (
    <section aria-labelledby="cabinet-title">
      <h1 id="cabinet-title">{t("cabinet")}</h1>
      {tiles._tag === "loading" ? (
        <p role="status">{t("loading")}</p>
      ) : tiles._tag === "failed" ? (
        <p role="alert">{messageOf(tiles.error)}</p>
      ) : (
        <CabinetGrid tiles={tiles.value} today={backend.today} />
      )}
    </section>
  )
}
