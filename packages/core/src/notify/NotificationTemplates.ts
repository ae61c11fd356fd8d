/**
 * The message catalogue's templates: what each notification says, in zh-CN and en, filled with
 * the customer's and the store's data. Pure: `renderNotification(data, locale)` → subject, text
 * and markdown. Masking for internal group channels is applied to the data first
 * ({@link maskNotificationData}).
 *
 * @module
 */
import type { Locale } from "../kernel/Label.js"
import { type Fen, formatFen } from "../kernel/Money.js"
import { maskName } from "../kernel/PersonalData.js"
import { maskPhone } from "../kernel/PhoneMask.js"

/**
 * Who a notification is for.
 *
 * @example
 * ```ts
 * import type { Audience } from "@jipan/core"
 * const internal = (a: Audience) => a === "consultant" || a === "supervisor"
 * ```
 */
export type Audience = "consultant" | "supervisor" | "customer" | "referrer"

/**
 * A card as a line of a list: its id, the customer's name and phone when known, the grade and the
 * due date.
 *
 * @example
 * ```ts
 * import type { CardLine } from "@jipan/core"
 * const line: CardLine = { cardId: "card-1", customerName: "王小明", phone: "13800001234", grade: "A", due: "2026-11-22" }
 * ```
 */
export interface CardLine {
  readonly cardId: string
  readonly customerName?: string | undefined
  readonly phone?: string | undefined
  readonly grade?: string | undefined
  readonly due?: string | undefined
  readonly consultantName?: string | undefined
  readonly daysOverdue?: number | undefined
  readonly purpose?: string | undefined
}

/**
 * What kind of care contact a customer message is (from the care plan's rule ids).
 *
 * @example
 * ```ts
 * import type { CareKind } from "@jipan/core"
 * const k: CareKind = "maintenance"
 * ```
 */
export type CareKind =
  | "thankYou"
  | "maintenance"
  | "insurance"
  | "inspection"
  | "birthday"
  | "festival"
  | "visit"

/**
 * The data of every notification in the catalogue, by `kind`.
 *
 * To consultants: `workList` (due today, overdue, care contacts), `cardAssigned`,
 * `defeatApproved`, `defeatRejected`. To supervisors: `defeatAwaitingApproval`,
 * `reactivationAwaitingApproval`, `overdueContacts`, `findings`. To customers: `careContact`. To
 * referrers: `referralBought`, `rewardIssued`, `voucherExpiring`.
 *
 * @example
 * ```ts
 * import type { NotificationData } from "@jipan/core"
 * const d: NotificationData = { kind: "cardAssigned", consultantName: "李娜", card: { cardId: "card-1", customerName: "王小明" }, reason: "opened" }
 * ```
 */
export type NotificationData =
  | {
      readonly kind: "workList"
      readonly consultantName: string
      readonly date: string
      readonly dueToday: ReadonlyArray<CardLine>
      readonly overdue: ReadonlyArray<CardLine>
      readonly care: ReadonlyArray<CardLine>
    }
  | {
      readonly kind: "cardAssigned"
      readonly consultantName: string
      readonly card: CardLine
      readonly reason: "opened" | "reassigned"
    }
  | {
      readonly kind: "defeatApproved"
      readonly consultantName: string
      readonly card: CardLine
      readonly note?: string | undefined
    }
  | {
      readonly kind: "defeatRejected"
      readonly consultantName: string
      readonly card: CardLine
      readonly note: string
    }
  | { readonly kind: "defeatAwaitingApproval"; readonly card: CardLine; readonly reason: string }
  | { readonly kind: "reactivationAwaitingApproval"; readonly card: CardLine; readonly note: string }
  | {
      readonly kind: "overdueContacts"
      readonly date: string
      readonly thresholdDays: number
      readonly cards: ReadonlyArray<CardLine>
    }
  | {
      readonly kind: "findings"
      readonly date: string
      readonly findings: ReadonlyArray<{ readonly code: string; readonly message: string }>
    }
  | {
      readonly kind: "careContact"
      readonly careKind: CareKind
      readonly customerName: string
      readonly storeName: string
      readonly storePhone?: string | undefined
      readonly on: string
      readonly occasion?: string | undefined
      readonly vehicle?: string | undefined
    }
  | {
      readonly kind: "referralBought"
      readonly referrerName: string
      readonly storeName: string
      readonly refereeName?: string | undefined
    }
  | {
      readonly kind: "rewardIssued"
      readonly referrerName: string
      readonly storeName: string
      readonly reward: string
      readonly valueFen: number
      readonly expiresOn: string
    }
  | {
      readonly kind: "voucherExpiring"
      readonly referrerName: string
      readonly storeName: string
      readonly voucherId: string
      readonly reward: string
      readonly expiresOn: string
      readonly daysLeft: number
    }

/**
 * The kinds of notification.
 *
 * @example
 * ```ts
 * import type { NotificationKind } from "@jipan/core"
 * const k: NotificationKind = "workList"
 * ```
 */
export type NotificationKind = NotificationData["kind"]

/**
 * The audience of each kind.
 *
 * @example
 * ```ts
 * import { audienceOf } from "@jipan/core"
 * audienceOf.careContact // "customer"
 * ```
 */
export const audienceOf: Readonly<Record<NotificationKind, Audience>> = {
  workList: "consultant",
  cardAssigned: "consultant",
  defeatApproved: "consultant",
  defeatRejected: "consultant",
  defeatAwaitingApproval: "supervisor",
  reactivationAwaitingApproval: "supervisor",
  overdueContacts: "supervisor",
  findings: "supervisor",
  careContact: "customer",
  referralBought: "referrer",
  rewardIssued: "referrer",
  voucherExpiring: "referrer"
}

const maskLine = (line: CardLine, m: { readonly phone: boolean; readonly name: boolean }): CardLine => ({
  ...line,
  phone: line.phone !== undefined && m.phone ? maskPhone(line.phone) : line.phone,
  customerName: line.customerName !== undefined && m.name ? maskName(line.customerName) : line.customerName
})

/**
 * Masks customers' phone numbers and names in internal notifications (the consultant's and the
 * supervisor's own names stay). Customer and referrer messages are not masked: they go to the
 * person themself.
 *
 * @example
 * ```ts
 * import { maskNotificationData } from "@jipan/core"
 * const d = maskNotificationData({ kind: "cardAssigned", consultantName: "李娜", reason: "opened",
 *   card: { cardId: "c1", customerName: "王小明", phone: "13800001234" } }, { phone: true, name: true })
 * ```
 */
export const maskNotificationData = (
  data: NotificationData,
  mask: { readonly phone: boolean; readonly name: boolean }
): NotificationData => {
  if (!mask.phone && !mask.name) return data
  switch (data.kind) {
    case "workList":
      return {
        ...data,
        dueToday: data.dueToday.map((l) => maskLine(l, mask)),
        overdue: data.overdue.map((l) => maskLine(l, mask)),
        care: data.care.map((l) => maskLine(l, mask))
      }
    case "cardAssigned":
    case "defeatApproved":
    case "defeatRejected":
    case "defeatAwaitingApproval":
    case "reactivationAwaitingApproval":
      return { ...data, card: maskLine(data.card, mask) }
    case "overdueContacts":
      return { ...data, cards: data.cards.map((l) => maskLine(l, mask)) }
    default:
      return data
  }
}

/**
 * A rendered notification: a subject, plain text, and markdown (for group robots).
 *
 * @example
 * ```ts
 * import type { RenderedNotification } from "@jipan/core"
 * const r: RenderedNotification = { subject: "新客户已分配", text: "…", markdown: "…" }
 * ```
 */
export interface RenderedNotification {
  readonly subject: string
  readonly text: string
  readonly markdown: string
}

const zh = (locale: Locale) => locale === "zh-CN"

const lineText = (l: CardLine, locale: Locale): string => {
  const who = [l.customerName, l.phone].filter((x) => x !== undefined).join(" ")
  const parts = [who === "" ? l.cardId : `${who} (${l.cardId})`]
  if (l.grade !== undefined) parts.push(zh(locale) ? `级别 ${l.grade}` : `grade ${l.grade}`)
  if (l.due !== undefined) parts.push(zh(locale) ? `应回访 ${l.due}` : `due ${l.due}`)
  if (l.daysOverdue !== undefined)
    parts.push(zh(locale) ? `逾期 ${l.daysOverdue} 天` : `${l.daysOverdue} days overdue`)
  if (l.consultantName !== undefined)
    parts.push(zh(locale) ? `顾问 ${l.consultantName}` : `consultant ${l.consultantName}`)
  if (l.purpose !== undefined) parts.push(l.purpose)
  return parts.join(zh(locale) ? "，" : ", ")
}

const list = (title: string, lines: ReadonlyArray<CardLine>, locale: Locale): Array<string> =>
  lines.length === 0 ? [] : [`${title} (${lines.length})`, ...lines.map((l) => `- ${lineText(l, locale)}`)]

const careWords: Record<CareKind, { readonly zh: string; readonly en: string }> = {
  thankYou: {
    zh: "感谢您选择我们，祝您用车愉快！如有任何问题请随时联系我们。",
    en: "thank you for choosing us. Enjoy your new car, and call us with any question."
  },
  maintenance: {
    zh: "您的爱车即将到期保养，欢迎预约回厂。",
    en: "your car is due for maintenance soon; book a visit at your convenience."
  },
  insurance: {
    zh: "您的车辆保险即将到期，我们可以为您办理续保。",
    en: "your car insurance is about to expire; we can renew it for you."
  },
  inspection: {
    zh: "您的车辆即将到年检时间，需要协助请联系我们。",
    en: "your car's annual inspection is coming up; we are glad to help."
  },
  birthday: { zh: "祝您生日快乐，万事如意！", en: "happy birthday, with our best wishes!" },
  festival: { zh: "祝您节日快乐，阖家幸福！", en: "season's greetings to you and your family!" },
  visit: {
    zh: "感谢您一直以来的支持，期待再次为您服务。",
    en: "thank you for your continued trust; we look forward to seeing you again."
  }
}

/**
 * Fills the template of a notification in a language.
 *
 * @example
 * ```ts
 * import { renderNotification } from "@jipan/core"
 * renderNotification({ kind: "careContact", careKind: "birthday", customerName: "王先生", storeName: "东方丰田", on: "2026-11-22" }, "zh-CN").text
 * // "王先生您好，祝您生日快乐，万事如意！—— 东方丰田"
 * ```
 */
export const renderNotification = (data: NotificationData, locale: Locale): RenderedNotification => {
  const z = zh(locale)
  const done = (subject: string, lines: ReadonlyArray<string>): RenderedNotification => ({
    subject,
    text: lines.join("\n"),
    markdown: [`**${subject}**`, ...lines].join("\n")
  })
  switch (data.kind) {
    case "workList": {
      const subject = z ? `今日工作清单 ${data.date}` : `Today's work list ${data.date}`
      const body = [
        ...list(z ? "今日到期回访" : "Due today", data.dueToday, locale),
        ...list(z ? "逾期未回访" : "Overdue", data.overdue, locale),
        ...list(z ? "保有客户关怀" : "Care contacts", data.care, locale)
      ]
      return done(subject, [
        z ? `${data.consultantName}，早上好：` : `Good morning, ${data.consultantName}:`,
        ...(body.length === 0 ? [z ? "今日没有到期的联系。" : "Nothing is due today."] : body)
      ])
    }
    case "cardAssigned":
      return done(z ? "新客户已分配给您" : "A new card is assigned to you", [
        z
          ? `${data.consultantName}：${data.reason === "opened" ? "新建" : "转交"}的客户卡已分配给您：${lineText(data.card, locale)}`
          : `${data.consultantName}: a ${data.reason === "opened" ? "new" : "reassigned"} card is yours: ${lineText(data.card, locale)}`
      ])
    case "defeatApproved":
      return done(z ? "战败申请已批准" : "Defeat request approved", [
        z
          ? `${data.consultantName}：客户 ${lineText(data.card, locale)} 的战败申请已批准。${data.note ?? ""}`
          : `${data.consultantName}: the defeat of ${lineText(data.card, locale)} is approved. ${data.note ?? ""}`.trim()
      ])
    case "defeatRejected":
      return done(z ? "战败申请被驳回，请继续跟踪" : "Defeat request rejected: keep following up", [
        z
          ? `${data.consultantName}：客户 ${lineText(data.card, locale)} 的战败申请被驳回（${data.note}），请继续跟踪。`
          : `${data.consultantName}: the defeat of ${lineText(data.card, locale)} was rejected (${data.note}); keep following up.`
      ])
    case "defeatAwaitingApproval":
      return done(z ? "战败申请待审批" : "Defeat request awaiting approval", [
        z
          ? `客户 ${lineText(data.card, locale)} 申请战败，原因：${data.reason}。请审批。`
          : `A defeat is requested for ${lineText(data.card, locale)}, reason: ${data.reason}. Please approve or reject.`
      ])
    case "reactivationAwaitingApproval":
      return done(z ? "激活申请待审批" : "Reactivation request awaiting approval", [
        z
          ? `战败客户 ${lineText(data.card, locale)} 申请重新激活：${data.note}。请审批。`
          : `Reactivation requested for ${lineText(data.card, locale)}: ${data.note}. Please approve or reject.`
      ])
    case "overdueContacts":
      return done(z ? `逾期回访 ${data.date}` : `Overdue contacts ${data.date}`, [
        z
          ? `以下客户逾期 ${data.thresholdDays} 天以上未回访：`
          : `These contacts are ${data.thresholdDays} or more days overdue:`,
        ...data.cards.map((l) => `- ${lineText(l, locale)}`)
      ])
    case "findings":
      return done(z ? `检查发现 ${data.date}` : `Findings ${data.date}`, [
        z ? `共 ${data.findings.length} 项：` : `${data.findings.length} finding(s):`,
        ...data.findings.map((f) => `- [${f.code}] ${f.message}`)
      ])
    case "careContact": {
      const words = careWords[data.careKind]
      const occasion = data.occasion === undefined ? "" : z ? `${data.occasion}将至，` : `${data.occasion}: `
      const call =
        data.storePhone === undefined ? "" : z ? `电话 ${data.storePhone}` : ` Call ${data.storePhone}.`
      return done(
        z ? `${data.storeName}：${data.customerName}您好` : `${data.storeName}: dear ${data.customerName}`,
        [
          z
            ? `${data.customerName}您好，${occasion}${words.zh}${call === "" ? "" : `（${call}）`}—— ${data.storeName}`
            : `Dear ${data.customerName}, ${occasion}${words.en}${call} — ${data.storeName}`
        ]
      )
    }
    case "referralBought":
      return done(z ? `${data.storeName}：感谢您的推荐` : `${data.storeName}: thank you for your referral`, [
        z
          ? `${data.referrerName}您好，您推荐的${data.refereeName ?? "朋友"}已在本店购车，衷心感谢您的信任与推荐！—— ${data.storeName}`
          : `Dear ${data.referrerName}, ${data.refereeName ?? "the friend you referred"} has bought a car with us. Thank you for your trust! — ${data.storeName}`
      ])
    case "rewardIssued":
      return done(z ? `${data.storeName}：推荐奖励已发放` : `${data.storeName}: your referral reward`, [
        z
          ? `${data.referrerName}您好，您的推荐奖励「${data.reward}」（${formatFen(data.valueFen as Fen, locale)}）已发放，有效期至 ${data.expiresOn}。—— ${data.storeName}`
          : `Dear ${data.referrerName}, your referral reward "${data.reward}" (${formatFen(data.valueFen as Fen, locale)}) is issued, valid until ${data.expiresOn}. — ${data.storeName}`
      ])
    case "voucherExpiring":
      return done(z ? `${data.storeName}：您的券即将到期` : `${data.storeName}: your voucher expires soon`, [
        z
          ? `${data.referrerName}您好，您的「${data.reward}」（券号 ${data.voucherId}）将于 ${data.expiresOn} 到期（还剩 ${data.daysLeft} 天），欢迎到店使用。—— ${data.storeName}`
          : `Dear ${data.referrerName}, your "${data.reward}" (voucher ${data.voucherId}) expires on ${data.expiresOn} (${data.daysLeft} days left). We look forward to your visit. — ${data.storeName}`
      ])
  }
}
