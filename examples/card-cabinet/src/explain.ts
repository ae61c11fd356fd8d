/**
 * Words for the core's explanations: a grading or follow-up reason (rule id, conclusion, the
 * inputs it read) as a sentence a consultant reads.
 *
 * @module
 */
import type { Locale, Reason } from "@jipan/core"
import { rules } from "./ruleWords.js"

export { careRuleLabel } from "./ruleWords.js"

const inputs: Record<string, readonly [string, string]> = {
  purchaseTimeframeDays: ["预计购买天数", "days to purchase"],
  expectedPurchaseDate: ["预计购买日期", "expected purchase date"],
  daysToPurchase: ["距购买天数", "days to purchase"],
  testDriveDone: ["已试驾", "test drive done"],
  testDriveBooked: ["已预约试驾", "test drive booked"],
  modelChosen: ["已选定车型", "model chosen"],
  colourChosen: ["已选定颜色", "colour chosen"],
  budgetSettled: ["预算/贷款已落实", "budget or finance settled"],
  decisionMakerPresent: ["决策人在场", "decision maker present"],
  tradeIn: ["置换", "trade-in"],
  competitorCompared: ["对比竞品", "comparing a competitor"],
  grade: ["级别", "grade"],
  lastContactOn: ["上次联系", "last contact"],
  openedOn: ["建卡日", "opened on"],
  contactIntervalDays: ["联系间隔天数", "contact interval (days)"],
  firstCallWithinDays: ["首次回访期限天数", "first call within (days)"],
  agreedNextContactOn: ["约定下次联系", "agreed next contact"],
  missing: ["缺少", "missing"],
  modelInterest: ["有意向车型", "interested in a model"],
  evidence: ["证据", "evidence"]
}

const value = (v: unknown, locale: Locale): string =>
  v === true
    ? locale === "zh-CN"
      ? "是"
      : "yes"
    : v === false
      ? locale === "zh-CN"
        ? "否"
        : "no"
      : Array.isArray(v)
        ? v.join(", ")
        : String(v)

/** A reason as words: "按购买时间定级 → A(预计购买天数 = 10)". */
export const reasonInWords = (reason: Reason, locale: Locale): string => {
  const i = locale === "zh-CN" ? 0 : 1
  const rule =
    rules[reason.ruleId]?.[i] ??
    (reason.ruleId.startsWith("grading.evidence.")
      ? locale === "zh-CN"
        ? `证据满足 ${reason.ruleId.slice(17)} 级`
        : `evidence of grade ${reason.ruleId.slice(17)}`
      : reason.ruleId.startsWith("followUp.interval.")
        ? locale === "zh-CN"
          ? "按级别联系间隔"
          : "grade's contact interval"
        : reason.ruleId)
  const reads = Object.entries(reason.reads)
    .map(([k, v]) => `${inputs[k]?.[i] ?? k} = ${value(v, locale)}`)
    .join(locale === "zh-CN" ? ";" : "; ")
  return `${rule} → ${reason.conclusion}${reads === "" ? "" : locale === "zh-CN" ? `(${reads})` : ` (${reads})`} [${reason.ruleId}]`
}

/** The label of an evidence flag. */
export const evidenceLabel = (key: string, locale: Locale): string =>
  inputs[key]?.[locale === "zh-CN" ? 0 : 1] ?? key

const events: Record<string, readonly [string, string]> = {
  CardOpened: ["建卡", "Card opened"],
  ContactLogged: ["联系", "Contact"],
  Regraded: ["调整级别", "Re-graded"],
  Reassigned: ["转交", "Reassigned"],
  OrderPlaced: ["订车", "Order placed"],
  OrderCancelled: ["退订", "Order cancelled"],
  Delivered: ["交车", "Delivered"],
  DefeatRequested: ["申请战败", "Defeat requested"],
  DefeatApproved: ["战败批准", "Defeat approved"],
  DefeatRejected: ["战败驳回", "Defeat rejected"],
  ReactivationRequested: ["申请激活", "Reactivation requested"],
  ReactivationApproved: ["激活批准", "Reactivation approved"],
  ReactivationRejected: ["激活驳回", "Reactivation rejected"],
  MarkedInvalid: ["无效卡", "Marked invalid"],
  OwnerMined: ["保客挖掘", "Owner mined"],
  CareContactRecorded: ["保客关怀", "Care contact"],
  BroadBaseRecorded: ["录入基盘", "Broad-base owner recorded"],
  VisitPlanned: ["拜访计划", "Visit planned"],
  VisitUnplanned: ["移出拜访计划", "Visit unplanned"]
}

/** The name of a card event (the back of the card's "what"). */
export const eventLabel = (tag: string, locale: Locale): string =>
  events[tag]?.[locale === "zh-CN" ? 0 : 1] ?? tag
