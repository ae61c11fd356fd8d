import type { CardSummary } from "@jipan/core"
import { linkTo, useCabinet } from "../context.js"
import { GRADES } from "../drawers.js"
import { messageOf, useLoad } from "../hooks.js"
import { customerName, maskPhone } from "../names.js"
import { careRuleLabel } from "../ruleWords.js"

const byGrade = (cards: ReadonlyArray<CardSummary>) => {
  const out = new Map<string, Array<CardSummary>>()
  for (const c of cards) {
    const g = c.status === "ordered" ? "O" : (c.grade ?? "N")
    out.set(g, [...(out.get(g) ?? []), c])
  }
  return out
}

/** The consultant's day: today's due and overdue cards by grade (the drawers), and care contacts due. */
export const Day = () => {
  const { backend, consultant, locale, revision, t } = useCabinet()
  const today = backend.today
  const work = useLoad(() => backend.workList(consultant, today), [consultant, today, revision])
  const care = useLoad(() => backend.careDue(today, consultant), [consultant, today, revision])
  if (work._tag === "loading") return <p role="status">{t("loading")}</p>
  if (work._tag === "failed") return <p role="alert">{messageOf(work.error)}</p>
  const groups = [
    { key: "overdue", title: t("overdue"), cards: byGrade(work.value.overdue) },
    { key: "due", title: t("dueToday"), cards: byGrade(work.value.dueToday) }
  ]
  return (
    <section aria-labelledby="day-title">
      <h1 id="day-title">
        {t("day")} · {today}
      </h1>
      <div className="day-columns">
        {groups.map((group) => (
          <section
            key={group.key}
            aria-labelledby={`day-${group.key}`}
            className={`day-group day-${group.key}`}
          >
            <h2 id={`day-${group.key}`}>
              {group.title} ({[...group.cards.values()].reduce((n, xs) => n + xs.length, 0)})
            </h2>
            {GRADES.filter((g) => group.cards.has(g)).map((g) => (
              <div key={g} className="day-drawer">
                <h3 className={`grade-chip grade-${g}`}>{g}</h3>
                <ul className="day-list">
                  {(group.cards.get(g) ?? []).map((c) => (
                    <li key={c.cardId}>
                      <a {...linkTo(`#/card/${c.cardId}`)}>
                        {customerName(c.customerId)} · {maskPhone(c.phone)} · {c.nextContactDue}
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </section>
        ))}
        <section aria-labelledby="day-care" className="day-group">
          <h2 id="day-care">{t("careDue")}</h2>
          {care._tag !== "done" || care.value.length === 0 ? (
            <p>{t("nothing")}</p>
          ) : (
            <ul className="day-list">
              {care.value.map((c) => (
                <li key={`${c.cardId}-${c.ruleId}`}>
                  <a {...linkTo(`#/card/${c.cardId}`)}>
                    {c.on} · {careRuleLabel(c.ruleId, locale)} · {c.cardId}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </section>
  )
}
