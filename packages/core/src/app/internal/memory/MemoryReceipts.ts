// The in-memory DeliveryReceipts.
import { Option } from "effect"
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
    list: (scope, messageId) =>
      read((db) =>
        [...db.receipts.values()].filter(
          (r) => inScope(scope, r.tenant) && (messageId === undefined || r.messageId === messageId)
        )
      )
  })
}
