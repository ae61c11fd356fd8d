/**
 * Owner mining on a card (保客/基盘挖掘): a broad-base card's planned contacts from the care
 * policy's mining table (他牌基盘 / 本牌他销, each kind its own rules), and "mine" — `MineOwner`,
 * which opens a linked prospect card in the same transaction — with the cards mined so far.
 *
 * @module
 */
import { CalendarDate, type CardState, carePlanOf, defaultPolicy, MiningKind } from "@jipan/core"
import { useState } from "react"
import { linkTo, useCabinet } from "../context.js"
import { SimpleForm } from "./Forms.js"

const KIND_WORDS = {
  call: ["电话", "Call"],
  reminder: ["提醒", "Reminder"],
  greeting: ["问候", "Greeting"]
} as const

/** The id of the prospect card the next mining of `cardId` opens. */
export const minedCardId = (cardId: string, state: CardState): string =>
  `${cardId}-m${state.minedCards.length + 1}`

/**
 * A broad-base card's planned contacts: its care plan from today (the policy's mining table for its
 * kind, and insurance, inspections, greetings when their dates are known), each with its rule id
 * and purpose. Computed in the browser by the core's `carePlanOf`, in both modes.
 */
export const MiningPlan = ({ state }: { readonly state: CardState }) => {
  const { backend, locale, t } = useCabinet()
  const plan = carePlanOf(state, defaultPolicy, CalendarDate.make(backend.today))
  return (
    <section className="paper" aria-labelledby="mining-title" data-testid="mining-plan">
      <h2 id="mining-title">{t("miningPlan")}</h2>
      <table className="history">
        <thead>
          <tr>
            <th scope="col">{t("due")}</th>
            <th scope="col">{t("purpose")}</th>
            <th scope="col">{t("kind")}</th>
            <th scope="col">{t("rule")}</th>
          </tr>
        </thead>
        <tbody>
          {(plan?.contacts ?? []).map((c) => (
            <tr key={`${c.ruleId}@${c.plannedOn}`} data-rule={c.ruleId}>
              <td>{c.on}</td>
              <td>{c.purpose[locale]}</td>
              <td>{KIND_WORDS[c.kind][locale === "zh-CN" ? 0 : 1]}</td>
              <td>
                <code>{c.ruleId}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

/**
 * Mine an owner (挖掘): replacement (置换) or an additional purchase (增购), with a note; the core
 * opens the linked prospect card, which the cabinet then shows. Lists the cards mined so far.
 */
export const MineForm = ({
  cardId,
  state,
  run
}: {
  readonly cardId: string
  readonly state: CardState
  readonly run: (command: Record<string, unknown>) => Promise<boolean>
}) => {
  const { locale, t, navigate } = useCabinet()
  const [kind, setKind] = useState<MiningKind>("replacement")
  const [note, setNote] = useState("")
  return (
    <>
      <SimpleForm
        title={t("mine")}
        action="mine-owner"
        submit={t("mine")}
        onSubmit={() => {
          const newCardId = minedCardId(cardId, state)
          void run({
            _tag: "MineOwner",
            kind,
            newCardId,
            ...(note.trim() === "" ? {} : { note: note.trim() })
          }).then((ok) => ok && navigate(`#/card/${newCardId}`))
        }}
      >
        <label>
          {t("miningKind")}
          <select name="miningKind" value={kind} onChange={(e) => setKind(e.target.value as MiningKind)}>
            {MiningKind.values.map((k) => (
              <option key={k} value={k}>
                {MiningKind.label(k, locale)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("note")}
          <input name="miningNote" value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
      </SimpleForm>
      {state.minedCards.length > 0 && (
        <section className="paper" aria-labelledby="mined-title">
          <h2 id="mined-title">{t("minedCards")}</h2>
          <ul data-testid="mined-cards">
            {state.minedCards.map((m) => (
              <li key={m.cardId}>
                <a {...linkTo(`#/card/${m.cardId}`)} data-card={m.cardId}>
                  {m.cardId}
                </a>{" "}
                · {MiningKind.label(m.kind, locale)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  )
}
