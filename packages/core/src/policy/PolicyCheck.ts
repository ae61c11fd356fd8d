/**
 * Consistency checks of a policy that a Schema cannot express: gaps and overlaps in the grade
 * horizons, contact intervals longer than a horizon, a scale without a default grade, unknown
 * evidence keys, lapse steps out of order.
 *
 * @module
 */
import { Schema } from "effect"
import { isTimeZone } from "../kernel/CalendarDate.js"
import { checkDecisionTable, decisionFindingCodes } from "../kernel/DecisionTable.js"
import { EvidenceKey } from "../kernel/Evidence.js"
import type { Policy, PolicyDocument } from "./Policy.js"
import { type RewardTableId, rewardTableContracts } from "./RewardTables.js"

/**
 * One problem found by {@link checkPolicy}: a stable `code`, the `path` of the offending field,
 * a message, and whether it makes the policy unusable (`error`) or only doubtful (`warning`).
 *
 * @example
 * ```ts
 * import type { PolicyFinding } from "@jipan/core"
 * const f: PolicyFinding = { code: "HORIZON_GAP", severity: "error", path: "grading.grades.1.horizonDays.min", message: "…" }
 * ```
 */
export const PolicyFinding = Schema.Struct({
  code: Schema.Literals([
    "HORIZON_INVERTED",
    "HORIZON_GAP",
    "HORIZON_OVERLAP",
    "INTERVAL_EXCEEDS_HORIZON",
    "INTERVAL_ORDER",
    "DUPLICATE_GRADE",
    "NO_DEFAULT_GRADE",
    "UNKNOWN_EVIDENCE_KEY",
    "UNKNOWN_GRADE",
    "LAPSE_ORDER",
    "DUPLICATE_LAPSE_STEP",
    "UNKNOWN_TIME_ZONE",
    "DUPLICATE_VERSION",
    "AMBIGUOUS_EFFECTIVE_DATE",
    "DUPLICATE_DEFEAT_REASON",
    "DUPLICATE_INVALID_REASON",
    "NO_MERGE_REASON",
    "DUPLICATE_CARE_RULE",
    "CARE_CADENCE_ORDER",
    "CARE_BEYOND_HORIZON",
    "DUPLICATE_MAINTENANCE_BRAND",
    "UNKNOWN_SEGMENT",
    "DUPLICATE_SEGMENT",
    "EMPTY_SATISFACTION_RANGE",
    "NO_CATCH_ALL_SEGMENT",
    "UNREACHABLE_SEGMENT_RULE",
    "MISSING_REWARD_TABLE",
    "REWARD_TABLE_CONTRACT",
    "UNKNOWN_REWARD_OFFER",
    "DUPLICATE_REWARD_OFFER",
    "EMPTY_CUSTOMER_HOURS",
    "BACKOFF_ORDER",
    "DUPLICATE_RATE_LIMIT",
    ...decisionFindingCodes
  ]),
  severity: Schema.Literals(["error", "warning"]),
  path: Schema.String,
  message: Schema.String
})
/** @see {@link PolicyFinding} */
export type PolicyFinding = typeof PolicyFinding.Type

const knownKeys: ReadonlySet<string> = new Set(EvidenceKey.values)

/**
 * Checks a resolved policy and returns every finding (empty when the policy is sound). A policy
 * with no `error` finding grades every well-formed evidence.
 *
 * @example
 * ```ts
 * import { checkPolicy, defaultPolicy } from "@jipan/core"
 * checkPolicy(defaultPolicy) // []
 * checkPolicy({ ...defaultPolicy, timeZone: "Mars/Olympus" })[0]?.code // "UNKNOWN_TIME_ZONE"
 * ```
 */
export const checkPolicy = (policy: Policy): Array<PolicyFinding> => {
  const findings: Array<PolicyFinding> = []
  const add = (
    code: PolicyFinding["code"],
    severity: PolicyFinding["severity"],
    path: string,
    message: string
  ) => findings.push({ code, severity, path, message })

  if (!isTimeZone(policy.timeZone))
    add("UNKNOWN_TIME_ZONE", "error", "timeZone", `Unknown time zone "${policy.timeZone}"`)

  const { grades, ordered, ungraded, withoutTimeframe } = policy.grading
  const seen = new Set<string>([ordered.id])
  if (ungraded.id === ordered.id) {
    add("DUPLICATE_GRADE", "error", "grading.ungraded.id", `Grade ${ungraded.id} is used twice`)
  }
  seen.add(ungraded.id)
  grades.forEach((grade, i) => {
    const path = `grading.grades.${i}`
    if (seen.has(grade.id)) add("DUPLICATE_GRADE", "error", `${path}.id`, `Grade ${grade.id} is used twice`)
    seen.add(grade.id)
    const { min, max } = grade.horizonDays
    if (min > max) {
      add(
        "HORIZON_INVERTED",
        "error",
        `${path}.horizonDays`,
        `Grade ${grade.id}: horizon ${min}–${max} days is empty`
      )
    }
    if (grade.contactIntervalDays > Math.max(max, 1)) {
      add(
        "INTERVAL_EXCEEDS_HORIZON",
        "error",
        `${path}.contactIntervalDays`,
        `Grade ${grade.id}: a contact every ${grade.contactIntervalDays} days is longer than its ${max}-day horizon`
      )
    }
    const expectedMin = i === 0 ? 0 : (grades[i - 1]?.horizonDays.max ?? -1) + 1
    if (min > expectedMin) {
      add(
        "HORIZON_GAP",
        "error",
        `${path}.horizonDays.min`,
        `No grade covers a purchase in ${expectedMin}–${min - 1} days (grade ${grade.id} starts at ${min})`
      )
    } else if (min < expectedMin) {
      add(
        "HORIZON_OVERLAP",
        "error",
        `${path}.horizonDays.min`,
        `Grade ${grade.id} starts at ${min} days, inside the horizon of the grade before it (up to ${expectedMin - 1})`
      )
    }
    const previous = grades[i - 1]
    if (previous !== undefined && grade.contactIntervalDays < previous.contactIntervalDays) {
      add(
        "INTERVAL_ORDER",
        "warning",
        `${path}.contactIntervalDays`,
        `Grade ${grade.id} is colder than ${previous.id} but contacted more often`
      )
    }
    grade.requiredEvidence.forEach((group, j) => {
      group.forEach((key, k) => {
        if (!knownKeys.has(key)) {
          add(
            "UNKNOWN_EVIDENCE_KEY",
            "error",
            `${path}.requiredEvidence.${j}.${k}`,
            `Unknown evidence key "${key}" (known: ${EvidenceKey.values.join(", ")})`
          )
        }
      })
    })
  })
  const coldest = grades[grades.length - 1]
  if (coldest !== undefined && coldest.requiredEvidence.length > 0) {
    add(
      "NO_DEFAULT_GRADE",
      "warning",
      `grading.grades.${grades.length - 1}.requiredEvidence`,
      `The coldest grade ${coldest.id} requires evidence, so a prospect without it gets no grade (stays ${ungraded.id})`
    )
  }
  if (!grades.some((grade) => grade.id === withoutTimeframe.hottestGrade)) {
    add(
      "UNKNOWN_GRADE",
      "error",
      "grading.withoutTimeframe.hottestGrade",
      `Grade ${withoutTimeframe.hottestGrade} is not in the scale`
    )
  }

  const lapseIds = new Set<string>()
  policy.followUp.lapse.forEach((step, i) => {
    const path = `followUp.lapse.${i}`
    if (lapseIds.has(step.id))
      add("DUPLICATE_LAPSE_STEP", "error", `${path}.id`, `Lapse step ${step.id} is used twice`)
    lapseIds.add(step.id)
    const previous = policy.followUp.lapse[i - 1]
    if (previous !== undefined && step.overdueDaysAtLeast <= previous.overdueDaysAtLeast) {
      add(
        "LAPSE_ORDER",
        "error",
        `${path}.overdueDaysAtLeast`,
        `Lapse steps must be in increasing overdue days (${previous.overdueDaysAtLeast} then ${step.overdueDaysAtLeast})`
      )
    }
  })
  checkLifecycle(policy, add)
  checkCare(policy, add)
  checkLoyalty(policy, add)
  checkReferral(policy, add)
  checkNotifications(policy, add)
  return findings
}

type Add = (
  code: PolicyFinding["code"],
  severity: PolicyFinding["severity"],
  path: string,
  message: string
) => void

const checkLifecycle = (policy: Policy, add: Add): void => {
  const { defeatReasonTypes, invalidReasons } = policy.lifecycle
  const types = new Set<string>()
  const reasons = new Set<string>()
  defeatReasonTypes.forEach((type, i) => {
    if (types.has(type.id))
      add(
        "DUPLICATE_DEFEAT_REASON",
        "error",
        `lifecycle.defeatReasonTypes.${i}.id`,
        `Defeat reason type ${type.id} is used twice`
      )
    types.add(type.id)
    type.reasons.forEach((reason, j) => {
      const key = `${type.id}/${reason.id}`
      if (reasons.has(key))
        add(
          "DUPLICATE_DEFEAT_REASON",
          "error",
          `lifecycle.defeatReasonTypes.${i}.reasons.${j}.id`,
          `Defeat reason ${key} is used twice`
        )
      reasons.add(key)
    })
  })
  const invalid = new Set<string>()
  invalidReasons.forEach((reason, i) => {
    if (invalid.has(reason.id))
      add(
        "DUPLICATE_INVALID_REASON",
        "error",
        `lifecycle.invalidReasons.${i}.id`,
        `Invalid-card reason ${reason.id} is used twice`
      )
    invalid.add(reason.id)
  })
  if (!invalidReasons.some((r) => r.mergeIntoSurvivor))
    add(
      "NO_MERGE_REASON",
      "warning",
      "lifecycle.invalidReasons",
      "No invalid-card reason merges into a surviving card: duplicate cards cannot be merged"
    )
}

const offsetDays = (o: { readonly months: number; readonly days: number }) => o.months * 31 + o.days

const checkCare = (policy: Policy, add: Add): void => {
  const care = policy.care
  const ids = new Set<string>([care.periodic.id])
  const claim = (id: string, path: string) => {
    if (ids.has(id)) add("DUPLICATE_CARE_RULE", "error", path, `Care rule id ${id} is used twice`)
    ids.add(id)
  }
  care.cadence.forEach((step, i) => {
    const path = `care.cadence.${i}`
    claim(step.id, `${path}.id`)
    const previous = care.cadence[i - 1]
    if (previous !== undefined && offsetDays(step.after) <= offsetDays(previous.after))
      add(
        "CARE_CADENCE_ORDER",
        "warning",
        `${path}.after`,
        `Care step ${step.id} does not come after ${previous.id}: the cadence is read in order`
      )
    if (step.after.months > care.planHorizonMonths)
      add(
        "CARE_BEYOND_HORIZON",
        "warning",
        `${path}.after.months`,
        `Care step ${step.id} falls after the ${care.planHorizonMonths}-month plan horizon and is never planned`
      )
  })
  care.festivals.forEach((f, i) => {
    claim(f.id, `care.festivals.${i}.id`)
  })
  const brands = new Set<string>()
  care.firstMaintenance.byBrand.forEach((b, i) => {
    const key = b.brand.toLowerCase()
    if (brands.has(key))
      add(
        "DUPLICATE_MAINTENANCE_BRAND",
        "error",
        `care.firstMaintenance.byBrand.${i}.brand`,
        `First maintenance for ${b.brand} is set twice`
      )
    brands.add(key)
  })
}

const checkLoyalty = (policy: Policy, add: Add): void => {
  const { segments, rules, baseCustomer } = policy.loyalty
  const known = new Set<string>()
  segments.forEach((s, i) => {
    if (known.has(s.id))
      add("DUPLICATE_SEGMENT", "error", `loyalty.segments.${i}.id`, `Segment ${s.id} is used twice`)
    known.add(s.id)
  })
  let catchAll = -1
  rules.forEach((rule, i) => {
    const path = `loyalty.rules.${i}`
    if (!known.has(rule.segment))
      add("UNKNOWN_SEGMENT", "error", `${path}.segment`, `Segment ${rule.segment} is not one of the segments`)
    if ((rule.satisfactionAtLeast ?? 1) > (rule.satisfactionAtMost ?? 5))
      add("EMPTY_SATISFACTION_RANGE", "error", path, `Rule ${rule.id} matches no satisfaction level`)
    if (catchAll !== -1)
      add(
        "UNREACHABLE_SEGMENT_RULE",
        "warning",
        path,
        `Rule ${rule.id} comes after a rule that matches every survey`
      )
    const unconditional =
      rule.satisfactionAtLeast === undefined &&
      rule.satisfactionAtMost === undefined &&
      rule.buyAgain === undefined &&
      rule.recommend === undefined &&
      rule.complaints === undefined
    if (unconditional && catchAll === -1) catchAll = i
  })
  if (catchAll === -1)
    add(
      "NO_CATCH_ALL_SEGMENT",
      "error",
      "loyalty.rules",
      "No rule matches every survey: add a last row without conditions so every customer gets a segment"
    )
  baseCustomer.loyalSegments.forEach((id, i) => {
    if (!known.has(id))
      add(
        "UNKNOWN_SEGMENT",
        "error",
        `loyalty.baseCustomer.loyalSegments.${i}`,
        `Segment ${id} is not one of the segments`
      )
  })
}

const checkReferral = (policy: Policy, add: Add): void => {
  const { tables, offers } = policy.referral
  const offerIds = new Set<string>()
  offers.forEach((offer, i) => {
    if (offerIds.has(offer.id))
      add(
        "DUPLICATE_REWARD_OFFER",
        "error",
        `referral.offers.${i}.id`,
        `Reward offer ${offer.id} is used twice`
      )
    offerIds.add(offer.id)
  })
  const versions = new Set<string>()
  tables.forEach((table, i) => {
    const path = `referral.tables.${i}`
    const key = `${table.id}#${table.version}`
    if (versions.has(key))
      add(
        "DECISION_DUPLICATE_VERSION",
        "error",
        `${path}.version`,
        `Table ${table.id} v${table.version} is defined twice`
      )
    versions.add(key)
    for (const f of checkDecisionTable(table)) add(f.code, f.severity, `${path}.${f.path}`, f.message)
    const contract = rewardTableContracts[table.id as RewardTableId]
    if (contract === undefined) return
    table.inputs.forEach((input, j) => {
      const kind = contract.inputs[input.id]
      if (kind !== input.kind)
        add(
          "REWARD_TABLE_CONTRACT",
          "error",
          `${path}.inputs.${j}`,
          kind === undefined
            ? `Table ${table.id} reads input ${input.id}, which is never supplied (supplied: ${Object.keys(contract.inputs).join(", ")})`
            : `Table ${table.id}: input ${input.id} is supplied as ${kind}, not ${input.kind}`
        )
    })
    for (const [id, kind] of Object.entries(contract.outputs)) {
      const output = table.outputs.find((o) => o.id === id)
      if (output === undefined || output.kind !== kind)
        add(
          "REWARD_TABLE_CONTRACT",
          "error",
          `${path}.outputs`,
          `Table ${table.id} must give output ${id} (${kind})`
        )
    }
    table.rows.forEach((row, r) => {
      for (const [id, allowed] of Object.entries(contract.outputValues)) {
        const value = row.result[id]
        if (typeof value === "string" && !allowed.includes(value))
          add(
            "REWARD_TABLE_CONTRACT",
            "error",
            `${path}.rows.${r}.result.${id}`,
            `Table ${table.id} row ${row.id}: ${id} must be one of ${allowed.join(", ")}`
          )
      }
      const offer = row.result.offer
      if (table.id === "referral.referrerReward" && typeof offer === "string" && !offerIds.has(offer))
        add(
          "UNKNOWN_REWARD_OFFER",
          "error",
          `${path}.rows.${r}.result.offer`,
          `Table ${table.id} row ${row.id} gives offer ${offer}, which is not one of the offers`
        )
    })
  })
  for (const id of Object.keys(rewardTableContracts))
    if (!tables.some((t) => t.id === id))
      add("MISSING_REWARD_TABLE", "error", "referral.tables", `No version of reward table ${id}`)
}

const checkNotifications = (policy: Policy, add: Add): void => {
  const n = policy.notifications
  if (n.customerHours.from >= n.customerHours.to)
    add(
      "EMPTY_CUSTOMER_HOURS",
      "error",
      "notifications.customerHours",
      `Customer messages may go out from ${n.customerHours.from} to ${n.customerHours.to}: the window is empty (it must not wrap midnight)`
    )
  if (n.backoff.baseSeconds > n.backoff.maxSeconds)
    add(
      "BACKOFF_ORDER",
      "error",
      "notifications.backoff",
      `The first retry delay (${n.backoff.baseSeconds} s) exceeds the longest (${n.backoff.maxSeconds} s)`
    )
  const channels = new Set<string>()
  n.rateLimits.forEach((limit, i) => {
    if (channels.has(limit.channel))
      add(
        "DUPLICATE_RATE_LIMIT",
        "error",
        `notifications.rateLimits.${i}.channel`,
        `Channel ${limit.channel} has two rate limits`
      )
    channels.add(limit.channel)
  })
}

/**
 * Checks a set of policy documents as versions of each other: a version number used twice in one
 * scope, or two versions of one scope taking effect on the same date.
 *
 * @example
 * ```ts
 * import { checkPolicyVersions, PolicyDocument } from "@jipan/core"
 * declare const v1: PolicyDocument // and the same version stored again:
 * const v1again = { ...v1 }
 * checkPolicyVersions([v1, v1again])[0]?.code // "DUPLICATE_VERSION"
 * ```
 */
export const checkPolicyVersions = (documents: ReadonlyArray<PolicyDocument>): Array<PolicyFinding> => {
  const findings: Array<PolicyFinding> = []
  const versions = new Map<string, number>()
  const dates = new Map<string, number>()
  documents.forEach((d, i) => {
    const scope = `${d.policyId}/${d.scope.dealerGroupId}/${d.scope.storeId ?? "*"}`
    const versionKey = `${scope}#${d.version}`
    const dateKey = `${scope}@${d.effectiveFrom}`
    const sameVersion = versions.get(versionKey)
    if (sameVersion !== undefined) {
      findings.push({
        code: "DUPLICATE_VERSION",
        severity: "error",
        path: `${i}.version`,
        message: `Version ${d.version} of ${scope} is also document ${sameVersion}`
      })
    }
    const sameDate = dates.get(dateKey)
    if (sameDate !== undefined) {
      findings.push({
        code: "AMBIGUOUS_EFFECTIVE_DATE",
        severity: "warning",
        path: `${i}.effectiveFrom`,
        message: `Documents ${sameDate} and ${i} of ${scope} both take effect on ${d.effectiveFrom}; the higher version wins`
      })
    }
    versions.set(versionKey, i)
    dates.set(dateKey, i)
  })
  return findings
}
