/**
 * What a policy replay returns: the differences per rule id and area, the workload days, the parties' totals, progress, options, and the refusal of a draft.
 *
 * @module
 */
import { Schema } from "effect"
import type { CalendarDate } from "../kernel/CalendarDate.js"
import type { TenantScope } from "../kernel/Tenant.js"
import { PolicyFinding } from "../policy/PolicyCheck.js"
import type { ContactRecord, WhatIfChange } from "../referral/Settlement.js"

// ---------------------------------------------------------------------------------------------
// Replaying one card

/**
 * What a difference is about: grades held (card-days), due-date decisions moved (earlier, later,
 * not at all, newly due), contacts due and overdue (card-days), supervisor findings, care contacts
 * planned, settlement lines (fen, by line kind: 一拓一 bonus and penalty, CVP, rewards), referrer
 * rewards re-earned (fen), and commands the draft refuses.
 *
 * @example
 * ```ts
 * import type { ReplayArea } from "@jipan/core"
 * const area: ReplayArea = "grade"
 * ```
 */
export type ReplayArea =
  | "grade"
  | "dueShift"
  | "contactsDue"
  | "overdue"
  | "finding"
  | "care"
  | "settlement"
  | "reward"
  | "refused"

/**
 * One difference between the policy in force (`current`) and the draft (`draft`), with the rule
 * ids it is about and a sample of the cards (up to five). Units: `cardDays` (a card on a day),
 * `decisions` (scheduling decisions), `contacts`, `findings`, `fen`, `commands`. For `dueShift`,
 * `shiftDays` is the total shift of the due dates (negative: earlier).
 *
 * @example
 * ```ts
 * import type { ReplayDifference } from "@jipan/core"
 * const text = (d: ReplayDifference) => `${d.area} ${d.key}: ${d.current} → ${d.draft} (${d.ruleIds.join(", ")})`
 * ```
 */
export interface ReplayDifference {
  readonly area: ReplayArea
  readonly key: string
  readonly ruleIds: ReadonlyArray<string>
  readonly unit: "cardDays" | "decisions" | "contacts" | "findings" | "fen" | "commands"
  readonly current: number
  readonly draft: number
  readonly shiftDays?: number
  readonly sampleCardIds: ReadonlyArray<string>
}

/**
 * A consultant's contacts due on a day, under the policy in force and under the draft (only the
 * days that differ are listed).
 *
 * @example
 * ```ts
 * import type { WorkloadDay } from "@jipan/core"
 * const more = (w: WorkloadDay) => w.draft - w.current
 * ```
 */
export interface WorkloadDay {
  readonly storeId: string
  readonly consultantId: string
  readonly on: CalendarDate
  readonly current: number
  readonly draft: number
}

/**
 * A party's figures over the window's months, in fen: its settlement total (一拓一 bonuses and
 * penalties, CVP, rewards issued and reversed from the ledger) under the policy in force and the
 * draft, and the referrer rewards earned in the window whose value the draft would change, as
 * earned (`rewardCurrentFen`, a fact: never changed) and as the draft would have earned them
 * (`rewardDraftFen`, a what-if figure).
 *
 * @example
 * ```ts
 * import type { PartyTotal } from "@jipan/core"
 * const change = (p: PartyTotal) => p.draftFen - p.currentFen + p.rewardDraftFen - p.rewardCurrentFen
 * ```
 */
export interface PartyTotal {
  readonly party: { readonly kind: "consultant" | "referrer"; readonly id: string }
  readonly currentFen: number
  readonly draftFen: number
  readonly rewardCurrentFen: number
  readonly rewardDraftFen: number
}

/**
 * The result of {@link replayPolicy}: the window, how many cards and card-days were replayed, the
 * differences (sorted by area, key), the workload days that differ, every party's totals, the
 * reward what-if changes and the problems met (facts the settlement could not use).
 *
 * @example
 * ```ts
 * import type { PolicyReplay } from "@jipan/core"
 * const unchanged = (r: PolicyReplay) => r.differences.length === 0
 * ```
 */
export interface PolicyReplay {
  readonly scope: TenantScope
  readonly from: CalendarDate
  readonly to: CalendarDate
  readonly draft: { readonly policyId: string; readonly version: number }
  readonly cards: number
  readonly cardDays: number
  readonly differences: ReadonlyArray<ReplayDifference>
  readonly workload: ReadonlyArray<WorkloadDay>
  readonly parties: ReadonlyArray<PartyTotal>
  readonly rewardChanges: ReadonlyArray<WhatIfChange>
  readonly problems: ReadonlyArray<{ readonly factId: string; readonly message: string }>
}

/**
 * Progress of a replay: cards done out of the cards listed, and the store being replayed.
 *
 * @example
 * ```ts
 * import type { ReplayProgress } from "@jipan/core"
 * const onProgress = (p: ReplayProgress) => console.log(`${p.cardsDone}/${p.cardsTotal}`)
 * ```
 */
export interface ReplayProgress {
  readonly storeId: string
  readonly cardsDone: number
  readonly cardsTotal: number
}

/**
 * The draft is refused: `checkPolicy` found errors in it (each listed with its path), or the
 * window is empty or inverted.
 *
 * @example
 * ```ts
 * import { DraftPolicyRefused } from "@jipan/core"
 * const problems = (e: DraftPolicyRefused) => e.problems.map((p) => `${p.path}: ${p.message}`)
 * ```
 */
export class DraftPolicyRefused extends Schema.TaggedError<DraftPolicyRefused>()("DraftPolicyRefused", {
  problems: Schema.Array(PolicyFinding),
  message: Schema.String
}) {}

/**
 * Options of {@link replayPolicy}: the window (inclusive days), a progress callback, and the batch
 * size (cards whose histories are read at once; 500 by default).
 *
 * @example
 * ```ts
 * import type { ReplayOptions } from "@jipan/core"
 * const options = { from: "2026-09-01", to: "2026-11-30", onProgress: console.log } as ReplayOptions
 * ```
 */
export interface ReplayOptions {
  readonly from: CalendarDate
  readonly to: CalendarDate
  readonly onProgress?: ((progress: ReplayProgress) => void) | undefined
  readonly batchSize?: number | undefined
  /** Surveys (not kept by the store) for the CVP bonus; none by default. */
  readonly surveys?: ReadonlyArray<ContactRecord> | undefined
}
