/**
 * Complaints (客户投诉) on a card: what the customer complained of (category, severity, channel,
 * their words), the handling steps, and the resolution the supervisor replies with (主管回复), with
 * whether the customer was satisfied. A complaint may come on any card, prospect or owned.
 *
 * @module
 */
import type { CalendarDate } from "../kernel/CalendarDate.js"
import type { ContactChannel } from "../kernel/ContactChannel.js"
import { defineEnum } from "../kernel/Label.js"

/**
 * What a complaint is about: the product, the service (after-sales), the sales process, the
 * price, the delivery, or something else.
 *
 * @example
 * ```ts
 * import { ComplaintCategory } from "@jipan/core"
 * ComplaintCategory.label("service", "zh-CN") // "售后服务"
 * ```
 */
export const ComplaintCategory = /* @__PURE__ */ defineEnum({
  product: { "zh-CN": "产品质量", en: "Product" },
  service: { "zh-CN": "售后服务", en: "After-sales service" },
  sales: { "zh-CN": "销售服务", en: "Sales service" },
  price: { "zh-CN": "价格", en: "Price" },
  delivery: { "zh-CN": "交车", en: "Delivery" },
  other: { "zh-CN": "其他", en: "Other" }
})
/** @see {@link ComplaintCategory} */
export type ComplaintCategory = (typeof ComplaintCategory.values)[number]

/**
 * How serious a complaint is: a remark, a complaint, or a serious one (to the OEM, the media, a
 * lawyer).
 *
 * @example
 * ```ts
 * import { ComplaintSeverity } from "@jipan/core"
 * ComplaintSeverity.label("high", "en") // "Serious"
 * ```
 */
export const ComplaintSeverity = /* @__PURE__ */ defineEnum({
  low: { "zh-CN": "一般意见", en: "Remark" },
  medium: { "zh-CN": "投诉", en: "Complaint" },
  high: { "zh-CN": "重大投诉", en: "Serious" }
})
/** @see {@link ComplaintSeverity} */
export type ComplaintSeverity = (typeof ComplaintSeverity.values)[number]

/**
 * A complaint as the card keeps it: what was said, the steps taken, and the resolution once resolved.
 *
 * @example
 * ```ts
 * import type { Complaint } from "@jipan/core"
 * const open = (c: Complaint) => c.resolvedOn === undefined
 * ```
 */
export interface Complaint {
  readonly complaintId: string
  readonly category: ComplaintCategory
  readonly severity: ComplaintSeverity
  readonly channel: ContactChannel
  readonly words: string
  readonly recordedOn: CalendarDate
  readonly steps: ReadonlyArray<{ readonly on: CalendarDate; readonly step: string; readonly by: string }>
  readonly resolvedOn: CalendarDate | undefined
  readonly resolution: string | undefined
  readonly satisfied: boolean | undefined
}

/**
 * The day the oldest unresolved complaint of a card was recorded, if one is open.
 *
 * @example
 * ```ts
 * import { oldestOpenComplaint, type Complaint } from "@jipan/core"
 * declare const complaints: ReadonlyArray<Complaint>
 * oldestOpenComplaint(complaints) // "2026-11-20"
 * ```
 */
export const oldestOpenComplaint = (complaints: ReadonlyArray<Complaint>): CalendarDate | undefined => {
  let oldest: CalendarDate | undefined
  for (const c of complaints)
    if (c.resolvedOn === undefined && (oldest === undefined || c.recordedOn < oldest)) oldest = c.recordedOn
  return oldest
}
