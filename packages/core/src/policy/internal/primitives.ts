// The small Schemas and builders the policy sections share (not exported from the package).
import { type Brand, Schema } from "effect"
import type { Label } from "../../kernel/Label.js"

export const NonNegativeInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
export const PositiveInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))
/** A policy-defined id (reasons, offers, rules): a letter, then letters, digits, `_ . -`. */
export const Id = Schema.String.check(Schema.isPattern(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/))
export const Satisfaction = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 5 }))
export const label = (zh: string, en: string): Label => ({ "zh-CN": zh, en })
// the brand of GradeId, named here so that the sections need not import each other
export const g = (id: string) => id as string & Brand.Brand<"GradeId">
