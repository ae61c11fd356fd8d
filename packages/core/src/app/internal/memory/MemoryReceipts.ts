// The in-memory DeliveryReceipts.
import { Option } from "effect"
import { ERASED_PHONE } from "../../../kernel/Phone.js"
import { inScope } from "../../../kernel/Tenant.js"
import { DeliveryReceipts } from "../../../notify/DeliveryReceipts.js"
import { Commit, type MemoryAccess } from "./MemoryDb.js"

export const memoryReceipts = (access: MemoryAccess) => {
  const { read, write } = access
  const submissionKey = (provider: string, id: string, phone: string) =>
    `${provider}\u0000${id}\u0000${phone}`

  return DeliveryReceipts.of({
    submitted: (submission) =>
      write<void>((db) => {
        const k = submissionKey(submission.provider, submission.providerMessageId, submission.phone)
        if (db.submissions.has(k)) return new Commit(undefined, db)
        return new Commit(undefined, { ...db, submissions: new Map(db.submissions).set(k, submission) })
      }),
    lookup: (provider, providerMessageId, phone) =>
      read((db) =>
        Option.fromNullishOr(db.submissions.get(submissionKey(provider, providerMessageId, phone)))
      ),
    record: (receipt) =>
      write<void>((db) => {
        const k = `${submissionKey(receipt.provider, receipt.providerMessageId, receipt.phone)}\u0000${receipt.status}`
        if (db.receipts.has(k)) return new Commit(undefined, db)
        return new Commit(undefined, { ...db, receipts: new Map(db.receipts).set(k, receipt) })
      }),
    redactPhone: (scope, phones) =>
      write<number>((db) => {
        const wanted = new Set(phones)
        let count = 0
        const submissions = new Map<
          string,
          typeof db.submissions extends ReadonlyMap<string, infer S> ? S : never
        >()
        for (const [k, s] of db.submissions) {
          if (inScope(scope, s.tenant) && wanted.has(s.phone)) {
            count++
            // erased rows never collide (as on SQL) and are never looked up again
            submissions.set(`\u0000erased\u0000${count}`, { ...s, phone: ERASED_PHONE })
          } else submissions.set(k, s)
        }
        const receipts = new Map<
          string,
          typeof db.receipts extends ReadonlyMap<string, infer R> ? R : never
        >()
        for (const [k, r] of db.receipts) {
          if (inScope(scope, r.tenant) && wanted.has(r.phone)) {
            count++
            const { description: _, ...rest } = r
            receipts.set(`\u0000erased\u0000${count}`, { ...rest, phone: ERASED_PHONE })
          } else receipts.set(k, r)
        }
        return new Commit(count, count === 0 ? db : { ...db, submissions, receipts })
      }),
    list: (scope, messageId) =>
      read((db) =>
        [...db.receipts.values()].filter(
          (r) => inScope(scope, r.tenant) && (messageId === undefined || r.messageId === messageId)
        )
      )
  })
}
