/**
 * @jipan/core: the domain of a car dealer's customer base (基盘) as pure functions, laid out by
 * bounded context. Each context is a subpath (`@jipan/core/grading`, …) and a namespace here
 * (`Grades`, …); the flat names stay exported from the root as well. Dependencies point one way:
 * kernel ← policy ← grading ← card ← care ← referral ← report | notify ← app.
 *
 * @example
 * ```ts
 * import { Grades, gradeProspect } from "@jipan/core"
 * Grades.gradeProspect === gradeProspect // true: one function, two ways in
 * ```
 *
 * @module
 */

export * from "./app/index.js"
export * as App from "./app/index.js"
export * from "./card/index.js"
export * as Cards from "./card/index.js"
export * from "./care/index.js"
export * as Care from "./care/index.js"
export * from "./grading/index.js"
export * as Grades from "./grading/index.js"
export * from "./kernel/index.js"
export * as Kernel from "./kernel/index.js"
export * from "./notify/index.js"
export * as Notify from "./notify/index.js"
export * from "./policy/index.js"
export * as Policies from "./policy/index.js"
export * from "./referral/index.js"
export * as Referrals from "./referral/index.js"
export * from "./report/index.js"
export * as Reports from "./report/index.js"
