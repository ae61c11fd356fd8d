/**
 * The customer card form (客户信息卡) as the consultant fills it by hand, computed from one card's
 * history: the front (who the customer is, needs and intent, the vehicle, the lead source, the
 * grade and the consultant) and the back (every contact with its channel and outcome, the grade
 * after it and the next agreed contact), plus the card's milestones (order, delivery, defeat…).
 * A pure fold of the history.
 *
 * @module
 */

import { ContactOutcome } from "../card/CardCommand.js"
import type { CardEvent } from "../card/CardEvent.js"
import { evolveCard } from "../card/CardEvolve.js"
import {
  type CardState,
  type CardStatus,
  CardStatus as CardStatusEnum,
  initialCardState
} from "../card/CardState.js"
import type { CalendarDate } from "../kernel/CalendarDate.js"
import { ContactChannel } from "../kernel/ContactChannel.js"
import type { ProspectEvidence } from "../kernel/Evidence.js"
import type { CardId, ConsultantId, CustomerId } from "../kernel/Ids.js"
import { IntentType } from "../kernel/IntentType.js"
import type { Label, Locale } from "../kernel/Label.js"
import { LeadSource } from "../kernel/LeadSource.js"
import type { PhoneNumber } from "../kernel/Phone.js"
import type { GradeId } from "../policy/GradingPolicy.js"
import type { Policy, SectionSource } from "../policy/Policy.js"
import type { CardHistory } from "./ReportSource.js"
import type { ReportCell, ReportColumn, ReportTable } from "./ReportTable.js"

const label = (zh: string, en: string): Label => ({ "zh-CN": zh, en })

/**
 * The front of the card: who, needs and intent, the vehicle (ordered model, delivered vehicle),
 * source, status and grade, and the consultant.
 *
 * @example
 * ```ts
 * import type { CardFront } from "@jipan/core"
 * const hot = (f: CardFront) => f.grade === "H"
 * ```
 */
export interface CardFront {
  readonly cardId: CardId
  readonly customerId: CustomerId | undefined
  readonly phone: PhoneNumber | undefined
  readonly openedOn: CalendarDate | undefined
  readonly source: LeadSource | undefined
  readonly intent: IntentType | undefined
  readonly needs: ProspectEvidence
  readonly orderedModel: string | undefined
  readonly deliveredVehicle:
    | {
        readonly brand: string
        readonly model: string
        readonly vin: string
        readonly deliveredOn: CalendarDate
      }
    | undefined
  readonly status: CardStatus
  readonly statusSince: CalendarDate | undefined
  readonly grade: GradeId | undefined
  readonly gradeSince: CalendarDate | undefined
  readonly consultant: ConsultantId | undefined
  readonly linkedTo: CardId | undefined
  readonly nextContactDue: CalendarDate | undefined
  readonly agreedNextContactOn: CalendarDate | undefined
}

/**
 * One line of the back: a follow-up contact (`kind: "followUp"`, with channel and outcome) or an
 * owned-customer care contact (`kind: "care"`, with its care step and done/missed), the grade
 * after it, the next agreed contact and the next due contact it left, and its history position.
 *
 * @example
 * ```ts
 * import type { CardBackEntry } from "@jipan/core"
 * const agreed = (e: CardBackEntry) => e.agreedNextContactOn !== undefined
 * ```
 */
export interface CardBackEntry {
  readonly version: number
  readonly on: CalendarDate
  readonly by: string
  /** The card's owner after the contact (the consultant it counts for). */
  readonly consultant: ConsultantId | undefined
  readonly kind: "followUp" | "care"
  readonly channel: ContactChannel | undefined
  readonly outcome: ContactOutcome | "done" | "missed"
  readonly careStep: string | undefined
  readonly gradeAfter: GradeId | undefined
  readonly agreedNextContactOn: CalendarDate | undefined
  readonly nextContactDue: CalendarDate | undefined
  readonly note: string | undefined
}

/**
 * A milestone of the card (every event that is not a contact): its tag, day, who, and the grade
 * and status after it.
 *
 * @example
 * ```ts
 * import type { CardMilestone } from "@jipan/core"
 * const ordered = (m: CardMilestone) => m.event === "OrderPlaced"
 * ```
 */
export interface CardMilestone {
  readonly version: number
  readonly on: CalendarDate
  readonly by: string
  readonly event: CardEvent["_tag"]
  readonly statusAfter: CardStatus
  readonly gradeAfter: GradeId | undefined
}

/**
 * The customer card form (客户信息卡): the front, the back, the milestones, the rule ids it read
 * and the policy section of the grades it names.
 *
 * @example
 * ```ts
 * import type { CustomerCardForm } from "@jipan/core"
 * const contacts = (f: CustomerCardForm) => f.back.filter((e) => e.kind === "followUp").length
 * ```
 */
export interface CustomerCardForm {
  readonly front: CardFront
  readonly back: ReadonlyArray<CardBackEntry>
  readonly milestones: ReadonlyArray<CardMilestone>
  readonly ruleIds: ReadonlyArray<string>
  readonly policy: { readonly grading: SectionSource }
}

/**
 * The rule ids of the card form.
 *
 * @example
 * ```ts
 * import { cardFormRuleIds } from "@jipan/core"
 * cardFormRuleIds.back // "card.back"
 * ```
 */
export const cardFormRuleIds = {
  /** The front is the card's state after its whole history. */
  front: "card.front",
  /** The back lists every ContactLogged and CareContactRecorded event in history order. */
  back: "card.back"
} as const

const backEntry = (e: CardEvent, after: CardState): CardBackEntry | undefined => {
  if (e._tag === "ContactLogged")
    return {
      version: after.version,
      on: e.on,
      by: e.by.id,
      consultant: after.owner,
      kind: "followUp",
      channel: e.channel,
      outcome: e.outcome,
      careStep: undefined,
      gradeAfter: after.grade,
      agreedNextContactOn: e.agreedNextContactOn,
      nextContactDue: after.nextContactDue,
      note: e.note
    }
  if (e._tag === "CareContactRecorded")
    return {
      version: after.version,
      on: e.on,
      by: e.by.id,
      consultant: after.owner,
      kind: "care",
      channel: undefined,
      outcome: e.outcome,
      careStep: e.ruleId,
      gradeAfter: after.grade,
      agreedNextContactOn: undefined,
      nextContactDue: after.nextContactDue,
      note: undefined
    }
  return undefined
}

/**
 * Computes the customer card form from one card's history.
 *
 * @example
 * ```ts
 * import { customerCardForm, defaultPolicy } from "@jipan/core"
 * const form = customerCardForm({ tenant, cardId, history }, defaultPolicy)
 * form.back.at(-1)?.agreedNextContactOn
 * ```
 */
export const customerCardForm = (card: CardHistory, policy: Policy): CustomerCardForm => {
  let state = initialCardState
  const back: Array<CardBackEntry> = []
  const milestones: Array<CardMilestone> = []
  for (const e of card.history) {
    state = evolveCard(state, e)
    const entry = backEntry(e, state)
    if (entry !== undefined) back.push(entry)
    else
      milestones.push({
        version: state.version,
        on: e.on,
        by: e.by.id,
        event: e._tag,
        statusAfter: state.status,
        gradeAfter: state.grade
      })
  }
  const front: CardFront = {
    cardId: card.cardId,
    customerId: state.customerId,
    phone: state.phone,
    openedOn: state.openedOn,
    source: state.source,
    intent: state.intent,
    needs: state.evidence,
    orderedModel: state.order?.model,
    deliveredVehicle:
      state.delivery === undefined
        ? undefined
        : {
            brand: state.delivery.vehicle.brand,
            model: state.delivery.vehicle.model,
            vin: state.delivery.vehicle.vin,
            deliveredOn: state.delivery.deliveredOn
          },
    status: state.status,
    statusSince: state.statusSince,
    grade: state.grade,
    gradeSince: state.gradeSince,
    consultant: state.owner,
    linkedTo: state.linkedTo?.cardId,
    nextContactDue: state.nextContactDue,
    agreedNextContactOn: state.agreedNextContactOn
  }
  return {
    front,
    back,
    milestones,
    ruleIds: Object.values(cardFormRuleIds),
    policy: { grading: policy.provenance.grading }
  }
}

const yesNo = (v: boolean | undefined, locale: Locale): ReportCell =>
  v === undefined ? null : locale === "zh-CN" ? (v ? "是" : "否") : v ? "yes" : "no"

/**
 * Renders the card form as two {@link ReportTable}s: the front (one row of field / value pairs
 * per field) and the back (one row per contact).
 *
 * @example
 * ```ts
 * import { customerCardFormTables, type CustomerCardForm } from "@jipan/core"
 * declare const form: CustomerCardForm // customerCardForm(…)
 * const [front, back] = customerCardFormTables(form, { locale: "zh-CN" })
 * ```
 */
export const customerCardFormTables = (
  form: CustomerCardForm,
  options: { readonly locale?: Locale } = {}
): ReadonlyArray<ReportTable> => {
  const locale = options.locale ?? "zh-CN"
  const f = form.front
  const n = f.needs
  // each row with the field it shows, so masking knows the personal ones (the phone, the vehicle's VIN)
  const fields: ReadonlyArray<readonly [Label, ReportCell, string?]> = [
    [label("卡号", "Card"), f.cardId],
    [label("客户", "Customer"), f.customerId ?? null],
    [label("电话", "Phone"), f.phone ?? null, "phone"],
    [label("建卡日期", "Opened on"), f.openedOn ?? null],
    [label("客户来源", "Lead source"), f.source === undefined ? null : LeadSource.label(f.source, locale)],
    [label("意向类型", "Intent"), f.intent === undefined ? null : IntentType.label(f.intent, locale)],
    [label("意向车型", "Model of interest"), n.modelOfInterest ?? null],
    [label("预计购车日期", "Expected purchase"), n.expectedPurchaseDate ?? null],
    [label("购车时间(天)", "Purchase timeframe (days)"), n.purchaseTimeframeDays ?? null],
    [label("已试驾", "Test drive done"), yesNo(n.testDriveDone, locale)],
    [label("预算已定", "Budget settled"), yesNo(n.budgetSettled, locale)],
    [label("置换", "Trade-in"), yesNo(n.tradeIn, locale)],
    [label("订购车型", "Ordered model"), f.orderedModel ?? null],
    [
      label("交付车辆", "Delivered vehicle"),
      f.deliveredVehicle === undefined
        ? null
        : `${f.deliveredVehicle.brand} ${f.deliveredVehicle.model} ${f.deliveredVehicle.vin} (${f.deliveredVehicle.deliveredOn})`,
      "vin"
    ],
    [label("状态", "Status"), CardStatusEnum.label(f.status, locale)],
    [label("级别", "Grade"), f.grade ?? null],
    [label("定级日期", "Grade since"), f.gradeSince ?? null],
    [label("销售顾问", "Consultant"), f.consultant ?? null],
    [label("下次应联系", "Next contact due"), f.nextContactDue ?? null],
    [label("约定下次联系", "Next agreed contact"), f.agreedNextContactOn ?? null]
  ]
  const front: ReportTable = {
    id: `customer-card-front-${f.cardId}`,
    title: label(`客户信息卡(正面) ${f.cardId}`, `Customer card (front) ${f.cardId}`),
    columns: [
      { key: "field", label: label("项目", "Field"), kind: "text" },
      { key: "value", label: label("内容", "Value"), kind: "text", dataClassFrom: "dataField" }
    ],
    // the card's consultant, and (not a column) the field each row shows: for masking by role
    owner: f.consultant,
    rows: fields.map(([l, value, dataField]) => ({
      field: l[locale],
      value,
      dataField: dataField ?? "label"
    }))
  }
  const backColumns: ReadonlyArray<ReportColumn> = [
    { key: "on", label: label("日期", "Date"), kind: "date" },
    { key: "by", label: label("联系人", "By"), kind: "text" },
    { key: "kind", label: label("类别", "Kind"), kind: "text" },
    { key: "channel", label: label("方式", "Channel"), kind: "text" },
    { key: "outcome", label: label("结果", "Outcome"), kind: "text" },
    { key: "grade", label: label("级别", "Grade"), kind: "text" },
    { key: "agreedNext", label: label("约定下次联系", "Next agreed contact"), kind: "date" },
    { key: "nextDue", label: label("下次应联系", "Next contact due"), kind: "date" },
    { key: "note", label: label("备注", "Note"), kind: "text" }
  ]
  const back: ReportTable = {
    id: `customer-card-back-${f.cardId}`,
    title: label(`客户信息卡(背面) ${f.cardId}`, `Customer card (back) ${f.cardId}`),
    owner: f.consultant,
    columns: backColumns,
    rows: form.back.map((e) => ({
      on: e.on,
      by: e.by,
      kind:
        e.kind === "followUp"
          ? locale === "zh-CN"
            ? "跟进"
            : "Follow-up"
          : `${locale === "zh-CN" ? "保有客户关怀" : "Care"} ${e.careStep ?? ""}`.trim(),
      channel: e.channel === undefined ? null : ContactChannel.label(e.channel, locale),
      outcome:
        e.outcome === "done"
          ? locale === "zh-CN"
            ? "已完成"
            : "Done"
          : e.outcome === "missed"
            ? locale === "zh-CN"
              ? "未完成"
              : "Missed"
            : ContactOutcome.label(e.outcome, locale),
      grade: e.gradeAfter ?? null,
      agreedNext: e.agreedNextContactOn ?? null,
      nextDue: e.nextContactDue ?? null,
      note: e.note ?? null
    }))
  }
  return [front, back]
}
