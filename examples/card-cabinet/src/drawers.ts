/**
 * The cabinet's drawers (卡柜): a card sits in the drawer of its grade and its next contact day —
 * overdue, one of the next 14 days, or later. Pure functions, so the grid and the tests share them.
 *
 * @module
 */
import type { CardTile } from "./backend/CabinetBackend.js"
import { addDays } from "./backend/demo.js"

/** The grade rows of the cabinet, hottest first. */
export const GRADES = ["O", "H", "A", "B", "C", "N"] as const

/** How many day columns after today's the cabinet shows (today plus 13 = 14 days). */
export const DAYS = 14

/** A drawer's column: overdue, a day, or later. */
export type Column = "overdue" | "later" | string

/** The filters of the cabinet (each left out matches every card). */
export interface CabinetFilter {
  readonly owner?: string | undefined
  readonly source?: string | undefined
  readonly intent?: string | undefined
}

/** The day columns of the cabinet from `today`. */
export const dayColumns = (today: string): ReadonlyArray<string> =>
  Array.from({ length: DAYS }, (_, i) => addDays(today, i))

/** Whether a card is in the cabinet (an open prospect or an order waiting for delivery). */
export const inCabinet = (tile: CardTile): boolean =>
  (tile.status === "prospect" || tile.status === "ordered") && tile.nextContactDue !== undefined

/** The grade row of a card: O for orders, N for ungraded. */
export const rowOf = (tile: CardTile): string =>
  tile.status === "ordered" ? "O" : tile.grade === undefined ? "N" : tile.grade

/** The column of a card on `today`. */
export const columnOf = (tile: CardTile, today: string): Column => {
  const due = tile.nextContactDue
  if (due === undefined) return "later"
  if (due < today) return "overdue"
  if (due > addDays(today, DAYS - 1)) return "later"
  return due
}

/** Whether a tile passes the filter. */
export const matches = (tile: CardTile, f: CabinetFilter): boolean =>
  (f.owner === undefined || tile.owner === f.owner) &&
  (f.source === undefined || tile.source === f.source) &&
  (f.intent === undefined || tile.intent === f.intent)

/** The drawers: `row|column` → the cards in it, sorted by due day then id. */
export const drawersOf = (
  tiles: ReadonlyArray<CardTile>,
  today: string,
  filter: CabinetFilter = {}
): ReadonlyMap<string, ReadonlyArray<CardTile>> => {
  const out = new Map<string, Array<CardTile>>()
  for (const tile of tiles) {
    if (!inCabinet(tile) || !matches(tile, filter)) continue
    const key = `${rowOf(tile)}|${columnOf(tile, today)}`
    const list = out.get(key)
    if (list === undefined) out.set(key, [tile])
    else list.push(tile)
  }
  for (const list of out.values())
    list.sort((a, b) =>
      (a.nextContactDue ?? "") < (b.nextContactDue ?? "")
        ? -1
        : (a.nextContactDue ?? "") > (b.nextContactDue ?? "")
          ? 1
          : a.cardId < b.cardId
            ? -1
            : 1
    )
  return out
}
