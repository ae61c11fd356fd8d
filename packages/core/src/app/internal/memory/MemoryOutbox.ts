// The in-memory Outbox.
import { inScope, type Tenant } from "../../../kernel/Tenant.js"
import {
  Outbox,
  type OutboxMessage,
  type OutboxSettlement,
  type OutboxSettleResult,
  outboxSubjectsOf
} from "../../../notify/Outbox.js"
import { Commit, key, type MemoryAccess, settledMessage } from "./MemoryDb.js"

export const memoryOutbox = (access: MemoryAccess) => {
  const { read, write } = access
  // a message changes in place: one copy of the array, one look-up (the dispatcher records a
  // message at a time on channels that do not deduplicate)
  const update = (tenant: Tenant, id: string, f: (m: OutboxMessage) => OutboxMessage) =>
    write<void, never>((db): Commit<void> => {
      const i = db.outboxIndex.get(key(tenant, id))
      if (i === undefined) return new Commit(undefined, db)
      const outbox = db.outbox.slice()
      outbox[i] = f(outbox[i] as OutboxMessage)
      return new Commit(undefined, { ...db, outbox })
    })

  return Outbox.of({
    enqueue: (messages) =>
      write<void, never>((db): Commit<void> => {
        const added: Array<OutboxMessage> = []
        let index: Map<string, number> | undefined
        let keys: Set<string> | undefined
        for (const m of messages) {
          const id = key(m.tenant, m.id)
          const k = key(m.tenant, m.idempotencyKey)
          if ((index ?? db.outboxIndex).has(id) || (keys ?? db.outboxKeys).has(k)) continue
          index ??= new Map(db.outboxIndex)
          keys ??= new Set(db.outboxKeys)
          index.set(id, db.outbox.length + added.length)
          keys.add(k)
          added.push(m)
        }
        if (added.length === 0) return new Commit(undefined, db)
        return new Commit(undefined, {
          ...db,
          outbox: [...db.outbox, ...added],
          outboxIndex: index ?? db.outboxIndex,
          outboxKeys: keys ?? db.outboxKeys
        })
      }),
    pending: (scope, now, limit) =>
      read((db) =>
        db.outbox
          .filter((m) => inScope(scope, m.tenant) && m.status === "pending" && m.availableAt <= now)
          .map((m, i) => [m, i] as const)
          .sort(([a, i], [b, j]) => a.availableAt - b.availableAt || i - j)
          .slice(0, limit)
          .map(([m]) => m)
      ),
    redact: (tenant, ids) =>
      write<void, never>((db): Commit<void> => {
        const wanted = new Set(ids.map((id) => key(tenant, id)))
        let outbox: Array<OutboxMessage> | undefined
        db.outbox.forEach((m, i) => {
          if (!wanted.has(key(m.tenant, m.id))) return
          outbox ??= [...db.outbox]
          outbox[i] = {
            ...m,
            payload: { erased: true },
            lastError: "erased",
            status: m.status === "pending" ? "skipped" : m.status
          }
        })
        return new Commit(undefined, outbox === undefined ? db : { ...db, outbox })
      }),
    markSent: (tenant, id) => update(tenant, id, (m) => ({ ...m, status: "sent", attempts: m.attempts + 1 })),
    markFailed: (tenant, id, failure) =>
      update(tenant, id, (m) => ({
        ...m,
        attempts: m.attempts + 1,
        lastError: failure.error,
        ...(failure.retryAt === undefined
          ? { status: "dead" as const }
          : { status: "pending" as const, availableAt: failure.retryAt })
      })),
    about: (scope, query) =>
      read((db) => {
        const recipients = new Set(query.recipients)
        const subjects = new Set(query.subjects)
        return db.outbox.filter(
          (m) =>
            inScope(scope, m.tenant) &&
            (recipients.has(m.recipient) || outboxSubjectsOf(m).some((s) => subjects.has(s)))
        )
      }),
    list: (scope, status) =>
      read((db) =>
        db.outbox.filter((m) => inScope(scope, m.tenant) && (status === undefined || m.status === status))
      ),
    claim: ({ now, limit, leaseMs, claimant }) =>
      write<ReadonlyArray<OutboxMessage>, never>((db): Commit<ReadonlyArray<OutboxMessage>> => {
        const due = db.outbox
          .map((m, i) => [m, i] as const)
          .filter(([m]) => m.status === "pending" && m.availableAt <= now)
          .sort(([a, i], [b, j]) => a.availableAt - b.availableAt || i - j)
          .slice(0, Math.max(0, Math.floor(limit)))
        const leased = new Map(due.map(([m, i]) => [i, { ...m, availableAt: now + leaseMs }]))
        const claims = new Map(db.claims)
        for (const m of leased.values())
          if (claimant === undefined) claims.delete(key(m.tenant, m.id))
          else claims.set(key(m.tenant, m.id), claimant)
        return new Commit([...leased.values()], {
          ...db,
          claims,
          outbox: db.outbox.map((m, i) => leased.get(i) ?? m)
        })
      }),
    settle: (settlements, options) =>
      write<OutboxSettleResult, never>((db): Commit<OutboxSettleResult> => {
        const byKey = new Map<string, OutboxSettlement>()
        for (const s of settlements) byKey.set(key(s.tenant, s.id), s)
        const claims = new Map(db.claims)
        const lost: Array<string> = []
        let settled = 0
        const outbox = db.outbox.slice()
        for (const [k, s] of byKey) {
          const i = db.outboxIndex.get(k)
          const m = i === undefined ? undefined : outbox[i]
          if (i === undefined || m === undefined) {
            lost.push(s.id)
            continue
          }
          const holder = claims.get(k)
          if (m.status !== "pending" || (options?.claimant !== undefined && holder !== options.claimant)) {
            lost.push(m.id)
            continue
          }
          claims.delete(k)
          settled++
          outbox[i] = settledMessage(m, s.outcome)
        }
        return new Commit({ settled, lost }, { ...db, claims, outbox })
      }),
    markSkipped: (tenant, id, reason) =>
      update(tenant, id, (m) => ({ ...m, status: "skipped", lastError: reason }))
  })
}
