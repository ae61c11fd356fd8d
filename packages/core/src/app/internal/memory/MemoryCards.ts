// The in-memory CardStore.
import { Effect, Option } from "effect"
import type { CardState } from "../../../card/CardState.js"
import { type CardSummary, openCardStatuses, type StoredCard, summaryOf } from "../../../card/CardSummary.js"
import type { CareContactDue } from "../../../care/CareContact.js"
import type { CalendarDate } from "../../../kernel/CalendarDate.js"
import type { CardId } from "../../../kernel/Ids.js"
import { ERASED_PHONE } from "../../../kernel/Phone.js"
import { StoreError, VersionConflict } from "../../../kernel/StoreError.js"
import { type CardAppend, CardStore, type Page, pageLimit } from "../../CardStore.js"
import { byCardId, byDue, type CardRow, Commit, key, type MemoryAccess, rewriteRow } from "./MemoryDb.js"

export const memoryCards = (access: MemoryAccess) => {
  const { read, write, cardsIn } = access
  const append = (append: CardAppend) =>
    write((db): Commit<void> | VersionConflict | StoreError => {
      const k = key(append.tenant, append.cardId)
      const row = db.cards.get(k)
      const actual = row?.state.version ?? 0
      if (actual !== append.expectedVersion) {
        return new VersionConflict({
          id: append.cardId,
          expected: append.expectedVersion,
          actual,
          message: `Card ${append.cardId} is at version ${actual}, not ${append.expectedVersion}: reload and decide again`
        })
      }
      const history = [...(row?.history ?? []), ...append.events]
      if (append.state.version !== history.length) {
        return new StoreError({
          reason: "Unknown",
          id: append.cardId,
          message: `Card ${append.cardId}: the state's version ${append.state.version} is not the history's length ${history.length}`
        })
      }
      const next: CardRow = {
        tenant: append.tenant,
        cardId: append.cardId,
        state: append.state,
        history,
        care: append.care
      }
      return new Commit(undefined, { ...db, cards: new Map(db.cards).set(k, next) })
    })
  return CardStore.of({
    load: (tenant, cardId) =>
      read((db) => {
        const row = db.cards.get(key(tenant, cardId))
        return row === undefined
          ? Option.none()
          : Option.some<StoredCard>({
              tenant: row.tenant,
              cardId: row.cardId,
              state: row.state,
              version: row.state.version,
              history: row.history
            })
      }),
    loadState: (tenant, cardId) =>
      read((db) => {
        const row = db.cards.get(key(tenant, cardId))
        return row === undefined ? Option.none() : Option.some(row.state)
      }),
    append,
    loadStates: (tenant, cardIds) =>
      read((db) => {
        const states = new Map<CardId, CardState>()
        for (const cardId of cardIds) {
          const row = db.cards.get(key(tenant, cardId))
          if (row !== undefined) states.set(cardId, row.state)
        }
        return states
      }),
    // each append as `append` writes it (a memory write is atomic per card); a stale card is not written
    appendMany: (tenant, appends) => {
      const seen = new Set<string>()
      return Effect.forEach(appends, (a) => {
        const k = key(a.tenant, a.cardId)
        const again = seen.has(k)
        seen.add(k)
        if (
          again ||
          a.expectedVersion === 0 ||
          a.events.length === 0 ||
          a.tenant.dealerGroupId !== tenant.dealerGroupId ||
          a.tenant.storeId !== tenant.storeId
        )
          return Effect.succeed(false)
        return append(a).pipe(
          Effect.as(true),
          Effect.catchTag("VersionConflict", () => Effect.succeed(false))
        )
      })
    },
    rewrite: (rewrite) =>
      write((db) => {
        const k = key(rewrite.tenant, rewrite.cardId)
        return rewriteRow("Card", rewrite.cardId, db.cards.get(k), rewrite, (row) => {
          const next: CardRow = { ...row, state: rewrite.state, history: rewrite.events, care: rewrite.care }
          return new Commit(undefined, { ...db, cards: new Map(db.cards).set(k, next) })
        })
      }),
    findOpenByPhone: (scope, phone) =>
      read((db) =>
        cardsIn(db, scope)
          .filter((r) => r.state.phone === phone && openCardStatuses.includes(r.state.status))
          .map((r) => summaryOf(r.tenant, r.cardId, r.state))
          .sort(byCardId)
      ),
    withPhone: (scope, phone) =>
      read((db) =>
        cardsIn(db, scope)
          .filter((r) => r.state.phone === phone)
          .sort((a, b) =>
            a.tenant.storeId !== b.tenant.storeId
              ? a.tenant.storeId < b.tenant.storeId
                ? -1
                : 1
              : byCardId(a, b)
          )
          .map((r) => ({
            tenant: r.tenant,
            cardId: r.cardId,
            status: r.state.status,
            owner: r.state.owner,
            openedOn: r.state.openedOn,
            statusSince: r.state.statusSince
          }))
      ),
    workList: (scope, owner, date) =>
      read((db) => {
        const mine = cardsIn(db, scope)
          // an erased person (ERASED_PHONE) is not called again: nobody is left to call
          .filter(
            (r) =>
              r.state.owner === owner &&
              r.state.nextContactDue !== undefined &&
              r.state.phone !== ERASED_PHONE
          )
          .map((r) => summaryOf(r.tenant, r.cardId, r.state))
        return {
          date,
          dueToday: mine.filter((c) => c.nextContactDue === date).sort(byDue),
          overdue: mine.filter((c) => (c.nextContactDue as CalendarDate) < date).sort(byDue)
        }
      }),
    careDue: (scope, date, owner) =>
      read((db) => {
        const due: Array<CareContactDue> = []
        for (const r of cardsIn(db, scope)) {
          if (owner !== undefined && r.state.owner !== owner) continue
          for (const c of r.care) {
            if (c.on <= date) due.push({ ...c, tenant: r.tenant, cardId: r.cardId, owner: r.state.owner })
          }
        }
        return due.sort(
          (a, b) =>
            (a.on < b.on ? -1 : a.on > b.on ? 1 : 0) ||
            byCardId(a, b) ||
            (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
            (a.plannedOn < b.plannedOn ? -1 : a.plannedOn > b.plannedOn ? 1 : 0)
        )
      }),
    list: (scope, filter, page) =>
      read((db): Page<CardSummary> => {
        const limit = pageLimit(page)
        const cursor = page?.cursor
        const matching = cardsIn(db, scope)
          .filter(
            (r) =>
              (cursor === undefined || r.cardId > cursor) &&
              (filter.owner === undefined || r.state.owner === filter.owner) &&
              (filter.grade === undefined || r.state.grade === filter.grade) &&
              (filter.status === undefined || filter.status.includes(r.state.status))
          )
          .map((r) => summaryOf(r.tenant, r.cardId, r.state))
          .sort(byCardId)
        const items = matching.slice(0, limit)
        return { items, next: matching.length > limit ? items[items.length - 1]?.cardId : undefined }
      })
  })
}
