import { type AuditLog, auditMatches } from "../../AuditLog.js"
import { Commit, type MemoryAccess } from "./MemoryDb.js"

/** The audit log in memory: records in (at, id) order per group, a known id ignored. */
export const memoryAudit = ({ read, write }: MemoryAccess): AuditLog["Service"] => ({
  record: (records) =>
    write<void, never>((db): Commit<void> => {
      const known = new Set(db.audit.map((r) => `${r.dealerGroupId}\u0000${r.id}`))
      const added = records.filter((r) => {
        const k = `${r.dealerGroupId}\u0000${r.id}`
        if (known.has(k)) return false
        known.add(k)
        return true
      })
      return new Commit(undefined, added.length === 0 ? db : { ...db, audit: [...db.audit, ...added] })
    }),
  find: (dealerGroupId, query) =>
    read((db) => {
      const limit = query.limit ?? 100
      const matching = db.audit
        .filter((r) => r.dealerGroupId === dealerGroupId && auditMatches(query, r))
        .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      const records = matching.slice(0, limit)
      const last = records.at(-1)
      return {
        records,
        next: matching.length > limit && last !== undefined ? { at: last.at, id: last.id } : undefined
      }
    })
})
