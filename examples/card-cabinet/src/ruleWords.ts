/**
 * The words of the core's rules by id: grading and follow-up rules, and the care rules of the
 * default policy and its mining table. Apart from `explain.ts` (reasons, evidence, events: the
 * card's words) because the day's list needs only these, on the first page.
 *
 * @module
 */
import { defaultMiningRules, defaultPolicy, type Label, type Locale } from "@jipan/core"

/** Grading and follow-up rules' words (zh-CN, en), by rule id. */
export const rules: Record<string, readonly [string, string]> = {
  "grading.timeframe": ["按购买时间定级", "grade by purchase time frame"],
  "grading.ordered": ["已签订单", "order signed"],
  "grading.withoutTimeframe": ["未知购买时间(封顶)", "time frame unknown (capped)"],
  "followUp.firstCall": ["首次回访期限", "first call window"],
  "followUp.agreedContact": ["按约定联系日", "agreed contact day"],
  "followUp.due": ["跟进到期", "follow-up due"]
}

/**
 * The purpose of a care rule of the default policy ("交车次日感谢电话") or of its mining table
 * ("保持联系"), found by its id; the words of a follow-up rule (a visit plan's suggestion).
 */
export const careRuleLabel = (ruleId: string, locale: Locale): string => {
  const followUp = rules[ruleId]
  if (followUp !== undefined) return followUp[locale === "zh-CN" ? 0 : 1]
  const find = (node: unknown): Label | undefined => {
    if (Array.isArray(node)) {
      for (const x of node) {
        const found = find(x)
        if (found !== undefined) return found
      }
      return undefined
    }
    if (typeof node !== "object" || node === null) return undefined
    const o = node as Record<string, unknown>
    if (o.id === ruleId) return (o.purpose ?? o.label) as Label | undefined
    for (const v of Object.values(o)) {
      const found = find(v)
      if (found !== undefined) return found
    }
    return undefined
  }
  return find(defaultPolicy.care)?.[locale] ?? find(defaultMiningRules)?.[locale] ?? ruleId
}
