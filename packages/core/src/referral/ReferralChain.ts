/**
 * 一拓五 (one brings five) analytics: referral chains as a forest (who brought whom), their depth,
 * fan-out and conversions per level, and the chain multiplier against cold work (1×5×5 = 25 against
 * 1+5+5 = 11).
 *
 * @module
 */

/**
 * One "who brought whom" link; `converted` says the referee bought (took delivery).
 *
 * @example
 * ```ts
 * import type { ReferralEdge } from "@jipan/core"
 * const e: ReferralEdge = { referrerId: "cust-1", refereeId: "cust-2", converted: true }
 * ```
 */
export interface ReferralEdge {
  readonly referrerId: string
  readonly refereeId: string
  readonly converted: boolean
}

/**
 * A person in a chain with the people they brought.
 *
 * @example
 * ```ts
 * import type { ChainNode } from "@jipan/core"
 * const leaf: ChainNode = { id: "cust-2", level: 1, converted: true, children: [] }
 * ```
 */
export interface ChainNode {
  readonly id: string
  /** 0 for a root (nobody in the data brought them). */
  readonly level: number
  /** Whether this referee bought; roots count as converted (they are the buyers who started it). */
  readonly converted: boolean
  readonly children: ReadonlyArray<ChainNode>
}

/**
 * The analysis of a set of links: the forest, its deepest level, the fan-out of those who referred,
 * the referrals and conversions per level, and the links ignored (a second referrer for the same
 * referee: the first link wins; or a link closing a cycle).
 *
 * @example
 * ```ts
 * import { referralChains, type ReferralEdge } from "@jipan/core"
 * declare const edges: ReadonlyArray<ReferralEdge> // who referred whom
 * referralChains(edges).levels // [{ level: 1, referred: 5, converted: 2, conversionRate: 0.4 }, …]
 * ```
 */
export interface ChainAnalysis {
  readonly roots: ReadonlyArray<ChainNode>
  readonly depth: number
  readonly fanOut: { readonly mean: number; readonly max: number }
  readonly levels: ReadonlyArray<{
    readonly level: number
    readonly referred: number
    readonly converted: number
    readonly conversionRate: number
  }>
  readonly ignored: ReadonlyArray<{ readonly edge: ReferralEdge; readonly why: "secondReferrer" | "cycle" }>
}

/**
 * Builds the referral forest and its figures from links in the order given.
 *
 * @example
 * ```ts
 * import { referralChains } from "@jipan/core"
 * const a = referralChains([{ referrerId: "a", refereeId: "b", converted: true }, { referrerId: "b", refereeId: "c", converted: false }])
 * a.depth // 2
 * ```
 */
export const referralChains = (edges: ReadonlyArray<ReferralEdge>): ChainAnalysis => {
  const parent = new Map<string, string>()
  const converted = new Map<string, boolean>()
  const children = new Map<string, Array<string>>()
  const ignored: Array<{ edge: ReferralEdge; why: "secondReferrer" | "cycle" }> = []
  const nodes = new Set<string>()
  for (const edge of edges) {
    if (parent.has(edge.refereeId)) {
      ignored.push({ edge, why: "secondReferrer" })
      continue
    }
    // walking up from the referrer must not reach the referee
    let up: string | undefined = edge.referrerId
    let cycle = edge.referrerId === edge.refereeId
    while (up !== undefined && !cycle) {
      if (up === edge.refereeId) cycle = true
      up = parent.get(up)
    }
    if (cycle) {
      ignored.push({ edge, why: "cycle" })
      continue
    }
    parent.set(edge.refereeId, edge.referrerId)
    converted.set(edge.refereeId, edge.converted)
    const list = children.get(edge.referrerId)
    if (list === undefined) children.set(edge.referrerId, [edge.refereeId])
    else list.push(edge.refereeId)
    nodes.add(edge.referrerId)
    nodes.add(edge.refereeId)
  }
  const levels: Array<{ level: number; referred: number; converted: number; conversionRate: number }> = []
  let depth = 0
  const build = (id: string, level: number): ChainNode => {
    if (level > 0) {
      const row = levels[level - 1] ?? { level, referred: 0, converted: 0, conversionRate: 0 }
      row.referred++
      if (converted.get(id) === true) row.converted++
      levels[level - 1] = row
      depth = Math.max(depth, level)
    }
    return {
      id,
      level,
      converted: level === 0 || converted.get(id) === true,
      children: (children.get(id) ?? []).map((c) => build(c, level + 1))
    }
  }
  const roots = [...nodes].filter((id) => !parent.has(id)).map((id) => build(id, 0))
  for (const row of levels) row.conversionRate = row.referred === 0 ? 0 : row.converted / row.referred
  const fans = [...children.values()].map((c) => c.length)
  return {
    roots,
    depth,
    fanOut: {
      mean: fans.length === 0 ? 0 : fans.reduce((a, b) => a + b, 0) / fans.length,
      max: fans.reduce((a, b) => Math.max(a, b), 0)
    },
    levels,
    ignored
  }
}

/**
 * The chain multiplier: with `fanOut` referrals each and `levels` levels, a chain reaches
 * fanOut^levels people at its last level (1×5×5 = 25), while cold work from one buyer asking
 * `fanOut` prospects per round reaches 1 + fanOut×levels (1+5+5 = 11).
 *
 * @example
 * ```ts
 * import { chainMultiplier } from "@jipan/core"
 * chainMultiplier(5, 2) // { chained: 25, cold: 11, ratio: 2.27…, formula: "1×5×5 = 25 vs 1+5+5 = 11" }
 * ```
 */
export const chainMultiplier = (
  fanOut: number,
  levels: number
): { readonly chained: number; readonly cold: number; readonly ratio: number; readonly formula: string } => {
  const chained = fanOut ** levels
  const cold = 1 + fanOut * levels
  const times = ["1", ...Array.from({ length: levels }, () => String(fanOut))]
  return {
    chained,
    cold,
    ratio: chained / cold,
    formula: `${times.join("×")} = ${chained} vs ${times.join("+")} = ${cold}`
  }
}
