import { describe, expect, it } from "vitest"
import { columnOf, dayColumns, drawersOf, rowOf } from "../src/drawers.js"
import { tile } from "./fakeBackend.js"

describe("the cabinet's drawers", () => {
  const today = "2026-11-23"
  it("puts a card in the drawer of its grade and due day", () => {
    expect(columnOf(tile({ cardId: "a", nextContactDue: "2026-11-20" }), today)).toBe("overdue")
    expect(columnOf(tile({ cardId: "a", nextContactDue: today }), today)).toBe(today)
    expect(columnOf(tile({ cardId: "a", nextContactDue: "2026-12-06" }), today)).toBe("2026-12-06")
    expect(columnOf(tile({ cardId: "a", nextContactDue: "2026-12-07" }), today)).toBe("later")
    expect(dayColumns(today)).toHaveLength(14)
  })
  it("files orders under O and ungraded cards under N", () => {
    expect(rowOf(tile({ cardId: "a", status: "ordered", grade: "O" }))).toBe("O")
    expect(rowOf(tile({ cardId: "a", grade: undefined }))).toBe("N")
  })
  it("leaves owned and defeated cards out and applies the filters", () => {
    const tiles = [
      tile({ cardId: "a" }),
      tile({ cardId: "b", owner: "c-li", source: "phoneIn" }),
      tile({ cardId: "c", status: "owned" }),
      tile({ cardId: "d", status: "defeated" })
    ]
    expect([...drawersOf(tiles, today).values()].flat().map((x) => x.cardId)).toEqual(["a", "b"])
    expect([...drawersOf(tiles, today, { owner: "c-li" }).values()].flat().map((x) => x.cardId)).toEqual([
      "b"
    ])
    expect([...drawersOf(tiles, today, { source: "walkIn" }).values()].flat().map((x) => x.cardId)).toEqual([
      "a"
    ])
    expect(drawersOf(tiles, today).get(`B|${today}`)).toHaveLength(2)
  })
})
