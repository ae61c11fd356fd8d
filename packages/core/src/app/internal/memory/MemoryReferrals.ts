// The in-memory ReferralStore.
import { Option } from "effect"
import { StoreError, VersionConflict } from "../../../kernel/StoreError.js"
import { inScope } from "../../../kernel/Tenant.js"
import {
  ReferralStore,
  referralMatches,
  referralPageLimit,
  type StoredReferral
} from "../../ReferralStore.js"
import { Commit, key, type MemoryAccess, type ReferralRow, rewriteRow } from "./MemoryDb.js"

export const memoryReferrals = (access: MemoryAccess) => {
  const { read, write } = access
  return ReferralStore.of({
    load: (tenant, referralId) =>
      read((db) => {
        const row = db.referrals.get(key(tenant, referralId))
        return row === undefined
          ? Option.none()
          : Option.some<StoredReferral>({ ...row, version: row.state.version })
      }),
    append: (append) =>
      write((db): Commit<void> | VersionConflict | StoreError => {
        const k = key(append.tenant, append.referralId)
        const row = db.referrals.get(k)
        const actual = row?.state.version ?? 0
        if (actual !== append.expectedVersion) {
          return new VersionConflict({
            id: append.referralId,
            expected: append.expectedVersion,
            actual,
            message: `Referral ${append.referralId} is at version ${actual}, not ${append.expectedVersion}: reload and decide again`
          })
        }
        const ids = new Set(
          db.ledger
            .filter(
              (l) =>
                l.tenant.dealerGroupId === append.tenant.dealerGroupId &&
                l.tenant.storeId === append.tenant.storeId
            )
            .map((l) => l.entry.entryId)
        )
        for (const entry of append.ledger) {
          if (ids.has(entry.entryId)) {
            return new StoreError({
              reason: "Duplicate",
              id: entry.entryId,
              message: `Ledger entry ${entry.entryId} is already in the ledger (entries are never rewritten)`
            })
          }
          ids.add(entry.entryId)
        }
        const consultantId = append.state.registration?.consultantId
        const next: ReferralRow = {
          tenant: append.tenant,
          referralId: append.referralId,
          state: append.state,
          history: [...(row?.history ?? []), ...append.events]
        }
        return new Commit(undefined, {
          ...db,
          referrals: new Map(db.referrals).set(k, next),
          ledger: [
            ...db.ledger,
            ...append.ledger.map((entry) => ({ tenant: append.tenant, consultantId, entry }))
          ]
        })
      }),
    rewrite: (rewrite) =>
      write((db) => {
        const k = key(rewrite.tenant, rewrite.referralId)
        return rewriteRow("Referral", rewrite.referralId, db.referrals.get(k), rewrite, (row) => {
          const next: ReferralRow = { ...row, state: rewrite.state, history: rewrite.events }
          return new Commit(undefined, { ...db, referrals: new Map(db.referrals).set(k, next) })
        })
      }),
    find: (scope, query) =>
      read((db) => {
        const limit = referralPageLimit(query)
        const after = query.after
        const rows = [...db.referrals.values()]
          .filter(
            (r) =>
              inScope(scope, r.tenant) &&
              (after === undefined ||
                r.tenant.storeId > after.storeId ||
                (r.tenant.storeId === after.storeId && r.referralId > after.referralId)) &&
              referralMatches(query, r.state)
          )
          .sort((a, b) =>
            a.tenant.storeId !== b.tenant.storeId
              ? a.tenant.storeId < b.tenant.storeId
                ? -1
                : 1
              : a.referralId < b.referralId
                ? -1
                : a.referralId > b.referralId
                  ? 1
                  : 0
          )
        const items = rows.slice(0, limit).map((r) => ({
          tenant: r.tenant,
          referralId: r.referralId,
          version: r.state.version,
          state: r.state
        }))
        const last = items[items.length - 1]
        return {
          items,
          next:
            rows.length > limit && last !== undefined
              ? { storeId: last.tenant.storeId, referralId: last.referralId }
              : undefined
        }
      }),
    ledger: (scope, query) =>
      read((db) =>
        db.ledger.filter(
          (r) =>
            inScope(scope, r.tenant) &&
            (query.month === undefined || r.entry.on.slice(0, 7) === query.month) &&
            (query.referrerId === undefined || r.entry.referrerId === query.referrerId) &&
            (query.consultantId === undefined || r.consultantId === query.consultantId)
        )
      )
  })
}
