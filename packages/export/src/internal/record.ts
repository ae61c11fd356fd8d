/** Hands the unmask records to `onAccess`, once each; a callback that throws fails the export. */
import type { PersonalDataAccess } from "@jipan/core"
import { Effect } from "effect"
import { ExportError } from "../ExportError.js"
import type { ExportPrivacy } from "../ExportPrivacy.js"

export const recordAccesses = (
  accesses: ReadonlyArray<PersonalDataAccess>,
  privacy: ExportPrivacy
): Effect.Effect<void, ExportError> => {
  const onAccess = privacy.unmask?.onAccess
  if (onAccess === undefined || accesses.length === 0) return Effect.void
  return Effect.try({
    try: () => {
      for (const access of accesses) onAccess(access)
    },
    catch: (cause) =>
      new ExportError({
        reason: "UnmaskRefused",
        issues: [],
        message: `The unmask could not be recorded, so nothing unmasked was handed out: ${
          cause instanceof Error ? cause.message : String(cause)
        }`
      })
  })
}
