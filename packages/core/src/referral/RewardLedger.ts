/**
 * The voucher and reward ledger (奖励台账): an append-only list of entries, each moving a voucher's
 * outstanding value. Issued adds; redeemed (兑换), expired (过期) and reversed (冲销) subtract. A
 * reversal is a new negative entry with a reason; an entry, once written, is never edited, so the
 * books always balance: issued − redeemed − expired − reversed = outstanding.
 *
 * @module
 */
import { Result, Schema } from "effect"
import { CalendarDate } from "../kernel/CalendarDate.js"
import { decoderFor } from "../kernel/Errors.js"
import { defineEnum } from "../kernel/Label.js"
import { Fen } from "../kernel/Money.js"
import { NonEmptyText, Text } from "../kernel/Text.js"

/**
 * The kind of a ledger entry.
 *
 * @example
 * ```ts
 * import { LedgerEntryKind } from "@jipan/core"
 * LedgerEntryKind.label("reversed", "zh-CN") // "冲销"
 * ```
 */
export const LedgerEntryKind = /* @__PURE__ */ defineEnum({
  issued: { "zh-CN": "发放", en: "Issued" },
  redeemed: { "zh-CN": "兑换", en: "Redeemed" },
  expired: { "zh-CN": "过期", en: "Expired" },
  reversed: { "zh-CN": "冲销", en: "Reversed" }
})
/** @see {@link LedgerEntryKind} */
export type LedgerEntryKind = (typeof LedgerEntryKind.values)[number]

/**
 * Why a reward was reversed (as in Dub's clawback reasons).
 *
 * @example
 * ```ts
 * import { ReversalReason } from "@jipan/core"
 * ReversalReason.label("vehicleReturned", "zh-CN") // "退车"
 * ```
 */
export const ReversalReason = /* @__PURE__ */ defineEnum({
  orderCancelled: { "zh-CN": "订单取消", en: "Order cancelled" },
  vehicleReturned: { "zh-CN": "退车", en: "Vehicle returned" },
  fraud: { "zh-CN": "虚假推荐", en: "Fraudulent referral" },
  rejected: { "zh-CN": "推荐被驳回", en: "Referral rejected" },
  voided: { "zh-CN": "推荐作废", en: "Referral voided" }
})
/** @see {@link ReversalReason} */
export type ReversalReason = (typeof ReversalReason.values)[number]

/**
 * One ledger entry. `amountFen` is signed by its effect on the outstanding balance: positive when
 * issued, negative otherwise. `entryId` is stable (`<voucherId>:<kind>`), which makes appending
 * the same fact twice detectable.
 *
 * @example
 * ```ts
 * import type { LedgerEntry } from "@jipan/core"
 * const e = { entryId: "v-1:issued", voucherId: "v-1", referralId: "ref-1", referrerId: "cust-1",
 *   kind: "issued", amountFen: 30000, on: "2026-12-20", choiceId: "maintenance" } as LedgerEntry
 * ```
 */
export const LedgerEntry = Schema.Struct({
  entryId: NonEmptyText,
  voucherId: NonEmptyText,
  referralId: NonEmptyText,
  referrerId: NonEmptyText,
  kind: LedgerEntryKind.schema,
  amountFen: Fen,
  on: CalendarDate,
  choiceId: Schema.optionalKey(Text),
  reason: Schema.optionalKey(ReversalReason.schema)
})
/** @see {@link LedgerEntry} */
export type LedgerEntry = typeof LedgerEntry.Type

/**
 * Decodes an untrusted list of ledger entries.
 *
 * @example
 * ```ts
 * import { decodeLedgerEntries } from "@jipan/core"
 * decodeLedgerEntries([{ entryId: "x" }])._tag // "Failure"
 * ```
 */
export const decodeLedgerEntries = /* @__PURE__ */ decoderFor(Schema.Array(LedgerEntry), "LedgerEntries")

/**
 * An entry the ledger refuses: a duplicate id (entries are never rewritten), a voucher issued
 * twice, a movement of an unknown or settled voucher, or a wrong amount.
 *
 * @example
 * ```ts
 * import { appendLedgerEntry, LedgerEntry } from "@jipan/core"
 * declare const ledger: ReadonlyArray<LedgerEntry>, sameEntryAgain: LedgerEntry // an entry id already in it
 * const r = appendLedgerEntry(ledger, sameEntryAgain)
 * r._tag === "Failure" && r.failure.code // "duplicateEntry"
 * ```
 */
export class LedgerRefused extends Schema.TaggedError<LedgerRefused>()("LedgerRefused", {
  entryId: Schema.String,
  code: Schema.Literals([
    "duplicateEntry",
    "alreadyIssued",
    "unknownVoucher",
    "voucherClosed",
    "wrongAmount"
  ]),
  message: Schema.String
}) {}

/**
 * Where one voucher stands: its issued value, how it was closed (if it was), and what is still
 * outstanding (negative after a reversal of a redeemed voucher: owed back).
 *
 * @example
 * ```ts
 * import type { VoucherPosition } from "@jipan/core"
 * const p: VoucherPosition = { voucherId: "v-1", issuedFen: 30000, closedBy: undefined, reversed: false, outstandingFen: 30000 }
 * ```
 */
export interface VoucherPosition {
  readonly voucherId: string
  readonly issuedFen: number
  readonly closedBy: "redeemed" | "expired" | undefined
  readonly reversed: boolean
  readonly outstandingFen: number
}

const applyEntry = (positions: Map<string, VoucherPosition>, e: LedgerEntry): void => {
  const p = positions.get(e.voucherId)
  if (e.kind === "issued")
    positions.set(e.voucherId, {
      voucherId: e.voucherId,
      issuedFen: e.amountFen,
      closedBy: undefined,
      reversed: false,
      outstandingFen: e.amountFen
    })
  else if (p !== undefined)
    positions.set(e.voucherId, {
      ...p,
      closedBy: e.kind === "reversed" ? p.closedBy : e.kind,
      reversed: p.reversed || e.kind === "reversed",
      outstandingFen: p.outstandingFen + e.amountFen
    })
}

const positionsOf = (entries: ReadonlyArray<LedgerEntry>): Map<string, VoucherPosition> => {
  const positions = new Map<string, VoucherPosition>()
  for (const e of entries) applyEntry(positions, e)
  return positions
}

const refuse = (entryId: string, code: LedgerRefused["code"], message: string) =>
  Result.fail(new LedgerRefused({ entryId, code, message }))

const judge = (
  positions: Map<string, VoucherPosition>,
  ids: ReadonlySet<string>,
  e: LedgerEntry
): Result.Result<void, LedgerRefused> => {
  if (ids.has(e.entryId))
    return refuse(
      e.entryId,
      "duplicateEntry",
      `Entry ${e.entryId} is already in the ledger; entries are never rewritten`
    )
  const p = positions.get(e.voucherId)
  if (e.kind === "issued") {
    if (p !== undefined)
      return refuse(e.entryId, "alreadyIssued", `Voucher ${e.voucherId} was already issued`)
    if (e.amountFen <= 0) return refuse(e.entryId, "wrongAmount", "An issued voucher has a positive value")
    return Result.succeed(undefined)
  }
  if (p === undefined) return refuse(e.entryId, "unknownVoucher", `Voucher ${e.voucherId} was never issued`)
  if (e.amountFen !== -p.issuedFen)
    return refuse(
      e.entryId,
      "wrongAmount",
      `A ${e.kind} entry moves the whole voucher: ${-p.issuedFen} fen, not ${e.amountFen}`
    )
  if (e.kind === "reversed") {
    if (p.reversed || p.closedBy === "expired")
      return refuse(
        e.entryId,
        "voucherClosed",
        `Voucher ${e.voucherId} is ${p.reversed ? "already reversed" : "expired"}: nothing to reverse`
      )
    return Result.succeed(undefined)
  }
  if (p.closedBy !== undefined || p.reversed)
    return refuse(
      e.entryId,
      "voucherClosed",
      `Voucher ${e.voucherId} is already ${p.reversed ? "reversed" : p.closedBy}`
    )
  return Result.succeed(undefined)
}

/**
 * Appends one entry to a ledger (a new array; the old one is untouched), or refuses it.
 *
 * @example
 * ```ts
 * import { appendLedgerEntry, LedgerEntry } from "@jipan/core"
 * declare const issued: LedgerEntry
 * const r = appendLedgerEntry([], issued) // Success([issued])
 * ```
 */
export const appendLedgerEntry = (
  ledger: ReadonlyArray<LedgerEntry>,
  entry: LedgerEntry
): Result.Result<ReadonlyArray<LedgerEntry>, LedgerRefused> => {
  const verdict = judge(positionsOf(ledger), new Set(ledger.map((e) => e.entryId)), entry)
  return Result.isFailure(verdict) ? Result.fail(verdict.failure) : Result.succeed([...ledger, entry])
}

/**
 * Checks a whole stream of entries in order: the first entry the ledger would refuse, if any.
 *
 * @example
 * ```ts
 * import { validateLedger, LedgerEntry } from "@jipan/core"
 * declare const entries: ReadonlyArray<LedgerEntry>
 * validateLedger(entries)._tag // "Success"
 * ```
 */
export const validateLedger = (entries: ReadonlyArray<LedgerEntry>): Result.Result<void, LedgerRefused> => {
  const positions = new Map<string, VoucherPosition>()
  const ids = new Set<string>()
  for (const e of entries) {
    const verdict = judge(positions, ids, e)
    if (Result.isFailure(verdict)) return verdict
    ids.add(e.entryId)
    applyEntry(positions, e)
  }
  return Result.succeed(undefined)
}

/**
 * The balance of a ledger (or of the entries a filter keeps): totals by kind as positive amounts,
 * and the outstanding value, which always equals issued − redeemed − expired − reversed.
 *
 * @example
 * ```ts
 * import { ledgerBalance, LedgerEntry } from "@jipan/core"
 * declare const entries: ReadonlyArray<LedgerEntry>
 * ledgerBalance(entries) // { issuedFen: 60000, redeemedFen: 30000, expiredFen: 0, reversedFen: 0, outstandingFen: 30000 }
 * ```
 */
export const ledgerBalance = (
  entries: ReadonlyArray<LedgerEntry>
): {
  readonly issuedFen: number
  readonly redeemedFen: number
  readonly expiredFen: number
  readonly reversedFen: number
  readonly outstandingFen: number
} => {
  const totals = { issued: 0, redeemed: 0, expired: 0, reversed: 0 }
  let outstanding = 0
  for (const e of entries) {
    totals[e.kind] += Math.abs(e.amountFen)
    outstanding += e.amountFen
  }
  return {
    issuedFen: totals.issued,
    redeemedFen: totals.redeemed,
    expiredFen: totals.expired,
    reversedFen: totals.reversed,
    outstandingFen: outstanding
  }
}

/**
 * Every voucher's position, by voucher id.
 *
 * @example
 * ```ts
 * import { voucherPositions, LedgerEntry } from "@jipan/core"
 * declare const entries: ReadonlyArray<LedgerEntry>
 * voucherPositions(entries).get("v-1")?.closedBy // "redeemed"
 * ```
 */
export const voucherPositions = (entries: ReadonlyArray<LedgerEntry>): ReadonlyMap<string, VoucherPosition> =>
  positionsOf(entries)
