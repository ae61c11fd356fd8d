/**
 * What the Promise facade loads on first use, in one module: the reports and the forms they
 * build, the settlement, the close of day, erasure, the access export, the consent ledger's and
 * the audit log's input decoders, the dispatcher and the in-memory store. The facade imports it
 * with `import()`, so a bundler splits it into a chunk of its own: a front end that opens on its
 * cards (the card cabinet) does not carry it until a view asks for a report. One module rather
 * than one per method: each further dynamic entry splits the modules shared with the cards'
 * code into more, smaller chunks, and the cards' own load grows with them.
 *
 * @internal
 */
import { Result } from "effect"
import { InvalidInput } from "../../kernel/Errors.js"
import { decodeShowroomVisit, type ShowroomVisit } from "../../report/ShowroomVisit.js"

export { decodeConsentEntry } from "../../notify/PersonConsent.js"
export { decodeAccessRecord, decodeAuditQuery } from "../AuditLog.js"
export { closeDay } from "../CloseDay.js"
export { erasePerson } from "../Erasure.js"
export { layerMemory } from "../MemoryStore.js"
export { exportPersonalData } from "../PersonalDataExport.js"
export { dispatcherOn } from "../PromiseDispatcher.js"
export {
  analyticsOf,
  cardFormOf,
  complaintReplyFormOf,
  consistencyOf,
  controlTableOf,
  dailyReportOf,
  findingsOf,
  recordVisits,
  suggestVisitPlanOf,
  visitPlanOf
} from "../ReportUseCase.js"
export { settlement, voucherStatisticsOf } from "../SettlementUseCase.js"

/** Decodes a visit log, every entry, naming the index of each bad one. */
export const decodeVisits = (
  visits: ReadonlyArray<unknown>
): Result.Result<Array<ShowroomVisit>, InvalidInput> => {
  const out: Array<ShowroomVisit> = []
  const issues: Array<{ path: string; message: string }> = []
  visits.forEach((v, i) => {
    const r = decodeShowroomVisit(v)
    if (Result.isSuccess(r)) out.push(r.success)
    else
      for (const issue of r.failure.issues)
        issues.push({ path: `${i}${issue.path ? `.${issue.path}` : ""}`, message: issue.message })
  })
  return issues.length === 0
    ? Result.succeed(out)
    : Result.fail(
        new InvalidInput({
          what: "ShowroomVisit",
          issues,
          message: `Invalid ShowroomVisit: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`
        })
      )
}
