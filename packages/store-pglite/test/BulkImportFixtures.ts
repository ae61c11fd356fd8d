// Shared import fixtures: a source with good history rows, flat rows and bad rows of every kind,
// and what importing it must report (used by the PGlite and PostgreSQL tests).
import type { CardCommand, ConsultantId, Tenant } from "@jipan/core"
import { initialCardState } from "@jipan/core"
import { appendFor, cardIdOf, openCommand, phoneOf } from "@jipan/testkit"

const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

/** A card's history row for fixture card `n`, after `more` extra commands. */
export const historyRow = (
  tenant: Tenant,
  n: number,
  options: { readonly phone?: string; readonly contact?: boolean } = {}
) => {
  const open = openCommand(tenant, n, options.phone === undefined ? {} : { phone: options.phone as never })
  const commands: Array<CardCommand> = [open]
  if (options.contact === true)
    commands.push({
      _tag: "LogContact",
      channel: "call",
      outcome: "reached",
      evidence: { modelChosen: true },
      by: open.by,
      at: open.at + 3_600_000
    } as CardCommand)
  let state = initialCardState
  const history = []
  for (const command of commands) {
    const append = appendFor(tenant, open.cardId, state, command)
    history.push(...append.events)
    state = append.state
  }
  return json({ storeId: tenant.storeId, cardId: open.cardId, history })
}

/** The mixed source: 1 to `good` are good history rows, then a flat row, then bad rows. */
export const mixedSource = (
  tenant: Tenant,
  good: number
): { readonly rows: ReadonlyArray<unknown>; readonly badLines: ReadonlyArray<number> } => {
  const rows: Array<unknown> = []
  for (let n = 1; n <= good; n++) rows.push(historyRow(tenant, n, { contact: n % 3 === 0 }))
  rows.push({
    storeId: tenant.storeId,
    cardId: cardIdOf(good + 1),
    customerId: "cust-flat",
    phone: "138 9999 0001",
    owner: "c-li" as ConsultantId,
    source: "walkIn",
    intent: "direct",
    openedAt: "2026-03-02T09:00:00+08:00"
  })
  const first = rows.length + 1
  rows.push({ storeId: tenant.storeId, cardId: "card-bad-1" }) // no history, not a flat row
  rows.push({ ...(historyRow(tenant, good + 2) as object), history: [] }) // empty history
  rows.push(historyRow(tenant, 1)) // the same card again
  rows.push(historyRow(tenant, good + 3, { phone: phoneOf(2) })) // phone of card 2, still open
  rows.push({ ...(rows[rows.length - 1] as object), storeId: "other-store" }) // opened in another store
  rows.push({
    storeId: tenant.storeId,
    cardId: cardIdOf(good + 4),
    customerId: "cust-x",
    phone: "12345",
    owner: "c-li",
    source: "walkIn",
    intent: "direct",
    openedAt: "yesterday"
  })
  return { rows, badLines: [first, first + 1, first + 2, first + 3, first + 4, first + 5] }
}
