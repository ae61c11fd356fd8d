/**
 * From errors to problems: the status of every core error, and its title and detail in zh-CN or
 * en. The request's language comes from `Accept-Language` (zh… → zh-CN, otherwise en).
 *
 * @module
 */
import { Context, SchemaIssue } from "effect"
import type { HttpApiError } from "effect/http-api"
import { makeProblem, type Problem, type ProblemIssue, type ProblemStatus } from "../Problems.js"

/** The languages of problem messages. */
export type Lang = "zh-CN" | "en"

/**
 * What the server knows of the current request: its id, language and (once authenticated) the
 * key's id and tenant, for the problem bodies and the request log line. Mutable, one per request.
 */
export interface RequestInfo {
  requestId: string
  lang: Lang
  path: string
  keyId?: string | undefined
  dealerGroupId?: string | undefined
  storeId?: string | undefined
  replayed?: boolean | undefined
}

/** The current request's {@link RequestInfo} (set by the server's request middleware). */
export const CurrentRequest = Context.Reference<RequestInfo>("@jipan/dms-api/CurrentRequest", {
  defaultValue: () => ({ requestId: "-", lang: "en", path: "" })
})

/** The language an `Accept-Language` header asks for: the first of zh-CN and en it names, en by default. */
export const langOf = (acceptLanguage: string | undefined): Lang => {
  if (acceptLanguage === undefined) return "en"
  for (const part of acceptLanguage.split(",")) {
    const tag = part.split(";")[0]?.trim().toLowerCase() ?? ""
    if (tag.startsWith("zh")) return "zh-CN"
    if (tag.startsWith("en")) return "en"
  }
  return "en"
}

type Entry = readonly [status: ProblemStatus, zh: string, en: string]

/** The status and titles of every error tag the API answers with. */
const catalogue: Record<string, Entry> = {
  // the API's own
  BadRequest: [400, "请求无法解析", "Bad request"],
  Unauthorized: [401, "未授权:缺少或无效的 API 密钥", "Unauthorized: missing or invalid API key"],
  Forbidden: [403, "无权执行此操作", "Forbidden"],
  TenantMismatch: [403, "请求内容指向其他租户", "The request names another tenant"],
  StoreRequired: [403, "此操作需要门店范围的密钥", "This needs a store-scoped key"],
  NotFound: [404, "资源不存在", "Not found"],
  RouteNotFound: [404, "没有这个接口", "No such route"],
  WebhookNotFound: [404, "尚未登记 Webhook", "No webhook is registered"],
  NotAcceptable: [406, "无法提供所接受的格式", "None of the accepted formats can be produced"],
  IdempotencyKeyInUse: [409, "相同的幂等键正在处理中", "A request with this Idempotency-Key is in progress"],
  PreconditionFailed: [412, "版本已变化(If-Match 不匹配)", "The version has changed (If-Match failed)"],
  PayloadTooLarge: [413, "请求体过大", "Payload too large"],
  UnsupportedMediaType: [415, "请求体须为 application/json", "The body must be application/json"],
  IdempotencyKeyReused: [422, "幂等键已用于不同的请求", "Idempotency-Key reused with a different request"],
  InternalError: [500, "服务器内部错误", "Internal server error"],
  // the core's
  InvalidInput: [400, "输入无效", "Invalid input"],
  CardNotFound: [404, "客户卡不存在", "Card not found"],
  ReferralNotFound: [404, "推荐记录不存在", "Referral not found"],
  VersionConflict: [409, "版本冲突,请重新读取后再试", "Version conflict: reload and try again"],
  AlreadyHasCard: [409, "该客户已有客户卡(已有客户卡)", "The customer already has an open card"],
  // a refusal by the card's complaints (an id used already, none such, resolved already): the
  // command is well-formed but the rules refuse it, and sending it again never succeeds
  ComplaintRefused: [422, "投诉操作被拒绝", "The complaint command is refused"],
  NotPermitted: [403, "该角色无权执行此命令", "This role may not issue the command"],
  NotCardOwner: [403, "只能操作自己的客户卡", "Only the card's owner may do this"],
  TransitionNotAllowed: [422, "当前状态不允许此操作", "Not allowed in the card's current status"],
  EarlierThanLastEvent: [422, "时间早于客户卡的最后一条记录", "Earlier than the card's last event"],
  SameOwner: [422, "已是该顾问的客户卡", "The card already belongs to that consultant"],
  UnknownDefeatReason: [422, "战败原因不在目录中", "Unknown defeat reason"],
  CompetitorRequired: [422, "需填写战败车型", "The competitor's brand and model are required"],
  InvalidDeliveryDate: [422, "交车日期无效", "Invalid delivery date"],
  UnknownInvalidReason: [422, "无效卡原因不在目录中", "Unknown invalid-card reason"],
  InvalidMerge: [422, "重复卡合并无效", "Invalid merge"],
  UnknownGrade: [422, "未知的有望级别", "Unknown grade"],
  OverrideNeedsJustification: [422, "调整级别需说明理由", "A grade override needs a justification"],
  // a legal hold (an open order, a reward not yet settled): lifted by a later delivery or
  // settlement, so a retry may succeed — a 409, not a 422
  ErasureRefused: [409, "法定保留期内,暂不能删除个人信息", "A legal hold keeps the person's data for now"],
  NoPolicyInForce: [422, "该日期没有生效的政策", "No policy in force on that day"],
  DraftPolicyRefused: [422, "政策草案未通过检查", "The draft policy does not pass its checks"],
  StoreError: [500, "存储错误", "Store error"],
  Unavailable: [503, "数据库暂不可用,请稍后再试", "The database is unavailable; retry later"]
}

const zhDetails: Record<string, (e: Record<string, unknown>) => string> = {
  CardNotFound: (e) => `门店中没有客户卡 ${String(e.cardId)}`,
  ReferralNotFound: (e) => `门店中没有推荐记录 ${String(e.referralId)}`,
  VersionConflict: (e) => `${String(e.id)} 当前版本为 ${String(e.actual)},不是 ${String(e.expected)}`,
  AlreadyHasCard: (e) => {
    const holder = [
      e.existingStoreId === undefined ? undefined : `门店 ${String(e.existingStoreId)}`,
      e.existingOwner === undefined ? undefined : `顾问 ${String(e.existingOwner)}`
    ].filter((x) => x !== undefined)
    return `该电话号码已有客户卡 ${String(e.existingCardId)}${holder.length === 0 ? "" : `(${holder.join(",")})`}`
  },
  TransitionNotAllowed: (e) =>
    `命令 ${String(e.command)} 不适用于状态 ${String(e.status)} 的客户卡(允许的状态:${(e.allowedFrom as ReadonlyArray<string> | undefined)?.join("、") ?? ""})`,
  NotPermitted: (e) => `角色 ${String(e.role)} 不能执行 ${String(e.command)}`,
  ComplaintRefused: (e) =>
    e.reason === "duplicate"
      ? `投诉 ${String(e.complaintId)} 已记录在该客户卡上`
      : e.reason === "resolved"
        ? `投诉 ${String(e.complaintId)} 已结案`
        : `该客户卡上没有投诉 ${String(e.complaintId)}`,
  NotCardOwner: (e) => `${String(e.actorId)} 不是该客户卡的顾问`,
  ErasureRefused: (e) => {
    const holds = ((e.holds as ReadonlyArray<{ readonly id?: unknown }> | undefined) ?? [])
      .map((h) => String(h.id))
      .join("、")
    return e.reason === "openOrder"
      ? `订单未完结,暂不能删除该客户的个人信息:${holds}`
      : `转介绍奖励未结算,暂不能删除该客户的个人信息:${holds}`
  },
  PreconditionFailed: (e) => `客户卡当前版本为 ${String(e.actual)},If-Match 为 ${String(e.expected)}`
}

/** English details replacing a core message that carries personal data (the core's names the phone). */
const enDetails: Record<string, (e: Record<string, unknown>) => string> = {
  AlreadyHasCard: (e) => {
    const holder = [
      e.existingStoreId === undefined ? undefined : `store ${String(e.existingStoreId)}`,
      e.existingOwner === undefined ? undefined : `consultant ${String(e.existingOwner)}`
    ].filter((x) => x !== undefined)
    return `The phone already has an open card (已有客户卡): ${String(e.existingCardId)}${holder.length === 0 ? "" : ` (${holder.join(", ")})`}`
  }
}

/** Fields never copied into a problem's `data`: personal data and noise. */
const hidden = new Set(["_tag", "message", "cause", "phone", "stack", "name"])

const dataOf = (e: Record<string, unknown>): Record<string, unknown> | undefined => {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(e)) {
    if (hidden.has(k) || v === undefined) continue
    if (typeof v === "function") continue
    out[k] = v
  }
  return Object.keys(out).length === 0 ? undefined : out
}

/** Options of {@link problemOf}. */
export interface ProblemOptions {
  readonly status?: ProblemStatus | undefined
  readonly detail?: string | undefined
  readonly errors?: ReadonlyArray<ProblemIssue> | undefined
  readonly data?: Record<string, unknown> | undefined
}

/**
 * The problem of an error tag (the API's own or the core's) for the current request's language.
 *
 * @example
 * ```ts
 * problemOf(info, "Forbidden", { detail: "Only admin keys put policies" })
 * ```
 */
export const problemOf = (info: RequestInfo, tag: string, options: ProblemOptions = {}): Problem => {
  const entry = catalogue[tag] ?? catalogue.InternalError
  const [status, zh, en] = entry as Entry
  return makeProblem({
    status: options.status ?? status,
    _tag: tag,
    title: info.lang === "zh-CN" ? zh : en,
    detail: options.detail ?? (info.lang === "zh-CN" ? zh : en),
    instance: info.path,
    requestId: info.requestId,
    errors: options.errors,
    data: options.data
  })
}

/**
 * The problem of any failure of a use case: a core error by its `_tag` (with its fields, but no
 * personal data, in `data`), a store error by its `reason`, anything else a 500.
 *
 * @example
 * ```ts
 * problemOfError(info, new CardNotFound({ cardId: "card-9", message: "No card card-9" })).status // 404
 * ```
 */
export const problemOfError = (info: RequestInfo, error: unknown): Problem => {
  const e = (typeof error === "object" && error !== null ? error : {}) as Record<string, unknown>
  const tag = typeof e._tag === "string" ? e._tag : "InternalError"
  const message = typeof e.message === "string" ? e.message : undefined
  if (tag === "StoreError") {
    const reason = String(e.reason)
    if (reason === "Unavailable") return problemOf(info, "Unavailable", { data: { reason } })
    if (reason === "Duplicate")
      return problemOf(info, "StoreError", {
        status: 409,
        detail: info.lang === "zh-CN" ? "与已存储的不可变记录重复" : (message ?? "Duplicate"),
        data: { reason }
      })
    if (reason === "TenantMismatch") return problemOf(info, "TenantMismatch", { data: { reason } })
    return problemOf(info, "StoreError", { detail: info.lang === "zh-CN" ? "存储错误" : "Store error" })
  }
  if (catalogue[tag] === undefined) {
    // a refusal of a decider we have no entry for: keep its tag and message, as a 422
    if (message !== undefined && tag !== "InternalError" && /^[A-Z]\w+$/.test(tag))
      return makeProblem({
        status: 422,
        _tag: tag,
        title: info.lang === "zh-CN" ? "命令被拒绝" : "Command refused",
        detail: message,
        instance: info.path,
        requestId: info.requestId,
        data: dataOf(e)
      })
    return problemOf(info, "InternalError")
  }
  const zh = zhDetails[tag]
  const issues = Array.isArray(e.issues)
    ? (e.issues as ReadonlyArray<{ path?: unknown; message?: unknown }>).map((i) => ({
        path: `payload${i.path ? `.${String(i.path)}` : ""}`,
        message: String(i.message)
      }))
    : undefined
  const { issues: _issues, ...rest } = e
  return problemOf(info, tag, {
    detail: info.lang === "zh-CN" ? (zh?.(e) ?? catalogue[tag]?.[1]) : (enDetails[tag]?.(e) ?? message),
    errors: issues,
    data: dataOf(rest)
  })
}

const formatIssues = SchemaIssue.makeFormatterStandardSchemaV1()

const segment = (s: PropertyKey | { readonly key: PropertyKey }): string => {
  const key = typeof s === "object" ? s.key : s
  return String(key)
}

/**
 * The 400 problem of a request that does not decode, one issue per failing value with its path
 * (`payload.evidence.budgetConfirmed`, `query.date`, `params.cardId`, `headers.if-match`).
 *
 * @example
 * ```ts
 * badRequestOf(info, schemaError).errors // [{ path: "payload.at", message: "Expected a finite number" }]
 * ```
 */
export const badRequestOf = (info: RequestInfo, error: HttpApiError.HttpApiSchemaError): Problem => {
  const slot = error.kind.toLowerCase()
  const issues = formatIssues(error.cause.issue).issues.map((issue) => ({
    path: [slot, ...(issue.path ?? []).map(segment)].join("."),
    message: issue.message
  }))
  const summary = issues
    .slice(0, 5)
    .map((i) => `${i.path}: ${i.message}`)
    .join("; ")
  return problemOf(info, "BadRequest", {
    detail: info.lang === "zh-CN" ? `请求无法解析:${summary}` : `The request does not decode: ${summary}`,
    errors: issues
  })
}
