import { ERASED_PHONE } from "../../../kernel/Phone.js"
import type { ConsentStore } from "../../../notify/PersonConsent.js"
import { Commit, type MemoryAccess } from "./MemoryDb.js"

/** The consent ledger in memory: records in the order given, a known (group, id) ignored. */
export const memoryConsents = ({ read, write }: MemoryAccess): ConsentStore["Service"] => ({
  record: (entries) =>
    write<void, never>((db): Commit<void> => {
      const known = new Set(db.consents.map((e) => `${e.dealerGroupId}\u0000${e.id}`))
      const added = entries.filter((e) => {
        const k = `${e.dealerGroupId}\u0000${e.id}`
        if (known.has(k)) return false
        known.add(k)
        return true
      })
      return new Commit(undefined, added.length === 0 ? db : { ...db, consents: [...db.consents, ...added] })
    }),
  ofPerson: (dealerGroupId, phone) =>
    read((db) =>
      db.consents
        .filter((e) => e.dealerGroupId === dealerGroupId && e.phone === phone)
        .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    ),
  redact: (dealerGroupId, phone) =>
    write<number, never>((db): Commit<number> => {
      let n = 0
      const consents = db.consents.map((e) => {
        if (e.dealerGroupId !== dealerGroupId || e.phone !== phone) return e
        n++
        return { ...e, phone: ERASED_PHONE }
      })
      return new Commit(n, n === 0 ? db : { ...db, consents })
    })
})
