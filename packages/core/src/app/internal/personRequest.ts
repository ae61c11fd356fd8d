// What an erasure and an access export are told, with the bounds of what they write: the audit
// record's viewer, reason and instant (one definition for both requests).
import { Schema } from "effect"
import { Instant } from "../../kernel/Instant.js"
import { Viewer } from "../../kernel/PersonalData.js"
import { NonEmptyText } from "../../kernel/Text.js"

export const personRequestFields = {
  by: Viewer,
  // recorded trimmed: a reason of blanks only says nothing
  reason: NonEmptyText.check(
    Schema.makeFilter((s: string) => s.trim() !== "", { expected: "the reason (the request it answers)" })
  ),
  at: Instant
}
