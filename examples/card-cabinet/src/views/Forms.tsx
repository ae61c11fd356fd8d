/**
 * The pieces the card's command forms share: a titled form with one submit button, and the
 * two-level defeat reason catalogue (type → reason) of the policy.
 *
 * @module
 */
import { defaultPolicy } from "@jipan/core"
import { useId, useState } from "react"
import { useCabinet } from "../context.js"

/** A titled form with one submit button (`data-action` names it for the tests). */
export const SimpleForm = ({
  title,
  action,
  submit,
  children,
  onSubmit
}: {
  readonly title: string
  readonly action: string
  readonly submit: string
  readonly children: React.ReactNode
  readonly onSubmit: () => void
}) => {
  const id = useId()
  return (
    <form
      className="panel"
      aria-labelledby={id}
      data-form={action}
      onSubmit={(e) => {
        e.preventDefault()
        onSubmit()
      }}
    >
      <h2 id={id}>{title}</h2>
      {children}
      <button type="submit" data-action={action}>
        {submit}
      </button>
    </form>
  )
}

/** A defeat claim as the forms build it. */
export interface DefeatClaimDraft {
  readonly typeId: string
  readonly reasonId: string
}

/**
 * The defeat type and reason selects (the reasons follow the type). `name` prefixes the
 * selects' names (`defeatType`, `defeatReason` by default).
 */
export const useDefeatClaim = (
  name = "defeat"
): { readonly claim: DefeatClaimDraft; readonly fields: React.ReactNode } => {
  const { locale, t } = useCabinet()
  const types = defaultPolicy.lifecycle.defeatReasonTypes
  const [typeId, setTypeId] = useState<string>(types[0].id)
  const reasons = types.find((x) => x.id === typeId)?.reasons ?? types[0].reasons
  const [reasonId, setReasonId] = useState<string>(reasons[0].id)
  const fields = (
    <>
      <label>
        {t("defeatType")}
        <select
          name={`${name}Type`}
          value={typeId}
          onChange={(e) => {
            setTypeId(e.target.value)
            setReasonId(types.find((x) => x.id === e.target.value)?.reasons[0].id ?? "")
          }}
        >
          {types.map((x) => (
            <option key={x.id} value={x.id}>
              {x.label[locale]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("defeatReason")}
        <select name={`${name}Reason`} value={reasonId} onChange={(e) => setReasonId(e.target.value)}>
          {reasons.map((x) => (
            <option key={x.id} value={x.id}>
              {x.label[locale]}
            </option>
          ))}
        </select>
      </label>
    </>
  )
  return { claim: { typeId, reasonId }, fields }
}

/** The grades a person may set by hand (a card back in tracking, a reactivated card). */
export const MANUAL_GRADES = ["H", "A", "B", "C"] as const
