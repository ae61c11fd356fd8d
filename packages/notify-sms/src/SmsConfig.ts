/**
 * The SMS channel's configuration, as data validated by Schema: which provider with which keys,
 * and per message kind the provider's template id, the sign name (短信签名), the purpose
 * (service or marketing) and the template parameters taken from the message's template data.
 *
 * Templates are keyed by the catalogue's kind (`rewardIssued`), or by kind and care kind
 * (`careContact.birthday`), the more specific key winning. Marketing messages (by default the
 * birthday, festival and visit care contacts) must carry the opt-out text (`回T退订` unless
 * configured): as a parameter whose `from` is `optOut`, or in the approved template's own text
 * (`optOutInTemplate: true`). The decoder refuses a marketing template that has neither.
 *
 * @since 0.1.0
 */
import { type Fen, formatFen } from "@jipan/core"
import { Result, Schema } from "effect"
import { Disposition } from "./ErrorCodes.js"

/**
 * Alibaba Cloud SMS (`dysmsapi`, API version 2017-05-25). `endpoint` defaults to
 * `https://dysmsapi.aliyuncs.com`, `regionId` to `cn-hangzhou`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { SmsConfig } from "@jipan/notify-sms"
 * Schema.decodeUnknownSync(SmsConfig.AliyunProvider)({ provider: "aliyun", accessKeyId: "LTAI…", accessKeySecret: "…" })
 * ```
 * @category providers
 * @since 0.1.0
 */
export const AliyunProvider = Schema.Struct({
  provider: Schema.Literal("aliyun"),
  accessKeyId: Schema.String.check(Schema.isMinLength(1)),
  accessKeySecret: Schema.String.check(Schema.isMinLength(1)),
  regionId: Schema.optional(Schema.String),
  endpoint: Schema.optional(Schema.String)
})

/**
 * The decoded {@link AliyunProvider}.
 *
 * @example
 * ```ts
 * import type { SmsConfig } from "@jipan/notify-sms"
 * const p: SmsConfig.AliyunProvider = { provider: "aliyun", accessKeyId: "id", accessKeySecret: "secret" }
 * ```
 * @category providers
 * @since 0.1.0
 */
export type AliyunProvider = typeof AliyunProvider.Type

/**
 * Tencent Cloud SMS (API 3.0, version 2021-01-11). `endpoint` defaults to
 * `https://sms.tencentcloudapi.com`, `region` to `ap-guangzhou`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { SmsConfig } from "@jipan/notify-sms"
 * Schema.decodeUnknownSync(SmsConfig.TencentProvider)({ provider: "tencent", secretId: "AKID…", secretKey: "…", smsSdkAppId: "1400006666" })
 * ```
 * @category providers
 * @since 0.1.0
 */
export const TencentProvider = Schema.Struct({
  provider: Schema.Literal("tencent"),
  secretId: Schema.String.check(Schema.isMinLength(1)),
  secretKey: Schema.String.check(Schema.isMinLength(1)),
  smsSdkAppId: Schema.String.check(Schema.isMinLength(1)),
  region: Schema.optional(Schema.String),
  endpoint: Schema.optional(Schema.String)
})

/**
 * The decoded {@link TencentProvider}.
 *
 * @example
 * ```ts
 * import type { SmsConfig } from "@jipan/notify-sms"
 * const p: SmsConfig.TencentProvider = { provider: "tencent", secretId: "AKID", secretKey: "k", smsSdkAppId: "1400006666" }
 * ```
 * @category providers
 * @since 0.1.0
 */
export type TencentProvider = typeof TencentProvider.Type

/**
 * One template parameter: a name that is also the data field it is read from, or
 * `{ name, from, default? }`. `from` is a field of the message's template data (`customerName`,
 * `storeName`, `expiresOn`…), or `value` (a reward's `valueFen` as money, `¥300.00`), `optOut`
 * (the configured opt-out text) or `text` (the rendered message text).
 *
 * @example
 * ```ts
 * import type { SmsConfig } from "@jipan/notify-sms"
 * const params: ReadonlyArray<SmsConfig.TemplateParam> = ["customerName", { name: "store", from: "storeName" }]
 * ```
 * @category templates
 * @since 0.1.0
 */
export const TemplateParam = Schema.Union([
  Schema.String,
  Schema.Struct({ name: Schema.String, from: Schema.String, default: Schema.optional(Schema.String) })
])

/**
 * The decoded {@link TemplateParam}.
 *
 * @example
 * ```ts
 * import type { SmsConfig } from "@jipan/notify-sms"
 * const p: SmsConfig.TemplateParam = { name: "td", from: "optOut" }
 * ```
 * @category templates
 * @since 0.1.0
 */
export type TemplateParam = typeof TemplateParam.Type

/**
 * Service (服务通知) or marketing (营销) message.
 *
 * @example
 * ```ts
 * import type { SmsConfig } from "@jipan/notify-sms"
 * const p: SmsConfig.Purpose = "marketing"
 * ```
 * @category templates
 * @since 0.1.0
 */
export const Purpose = Schema.Literals(["service", "marketing"])

/**
 * The decoded {@link Purpose}.
 *
 * @example
 * ```ts
 * import type { SmsConfig } from "@jipan/notify-sms"
 * const p: SmsConfig.Purpose = "service"
 * ```
 * @category templates
 * @since 0.1.0
 */
export type Purpose = typeof Purpose.Type

/**
 * A provider template: its id (Alibaba `SMS_…` template code, Tencent numeric template id), the
 * sign name when it is not the configuration's, the purpose (default: {@link defaultPurpose}),
 * its parameters in template order, and whether the approved template text already carries the
 * opt-out text.
 *
 * @example
 * ```ts
 * import type { SmsConfig } from "@jipan/notify-sms"
 * const t: SmsConfig.Template = { templateId: "SMS_471234567", params: ["customerName", "storeName", "on"] }
 * ```
 * @category templates
 * @since 0.1.0
 */
export const Template = Schema.Struct({
  templateId: Schema.String.check(Schema.isMinLength(1)),
  signName: Schema.optional(Schema.String),
  purpose: Schema.optional(Purpose),
  params: Schema.Array(TemplateParam),
  optOutInTemplate: Schema.optional(Schema.Boolean)
})

/**
 * The decoded {@link Template}.
 *
 * @example
 * ```ts
 * import type { SmsConfig } from "@jipan/notify-sms"
 * const t: SmsConfig.Template = { templateId: "1110", params: [] }
 * ```
 * @category templates
 * @since 0.1.0
 */
export type Template = typeof Template.Type

/**
 * The purpose of a template key when the template does not say: birthday, festival and visit
 * care contacts are marketing (greetings and invitations); every other kind — maintenance,
 * insurance and inspection reminders, thank-yous, referral and reward notices — is service.
 *
 * @example
 * ```ts
 * import { SmsConfig } from "@jipan/notify-sms"
 * SmsConfig.defaultPurpose("careContact", "birthday") // "marketing"
 * SmsConfig.defaultPurpose("careContact", "maintenance") // "service"
 * SmsConfig.defaultPurpose("rewardIssued") // "service"
 * ```
 * @category templates
 * @since 0.1.0
 */
export const defaultPurpose = (kind: string, careKind?: string): Purpose =>
  kind === "careContact" && (careKind === "birthday" || careKind === "festival" || careKind === "visit")
    ? "marketing"
    : "service"

const keyParts = (key: string): readonly [string, string | undefined] => {
  const dot = key.indexOf(".")
  return dot < 0 ? [key, undefined] : [key.slice(0, dot), key.slice(dot + 1)]
}

const hasOptOut = (t: Template): boolean =>
  t.optOutInTemplate === true || t.params.some((p) => typeof p !== "string" && p.from === "optOut")

/**
 * The configuration's static problems: a marketing template (by its own `purpose`, or by
 * default for its key; a plain `careContact` key may serve birthdays) with no opt-out text.
 *
 * @example
 * ```ts
 * import { SmsConfig } from "@jipan/notify-sms"
 * SmsConfig.checkTemplates({ "careContact.birthday": { templateId: "SMS_1", params: ["customerName"] } })
 * // ["careContact.birthday: a marketing template must carry the opt-out text (a param from \"optOut\", or optOutInTemplate: true)"]
 * ```
 * @category validation
 * @since 0.1.0
 */
export const checkTemplates = (templates: Readonly<Record<string, Template>>): ReadonlyArray<string> =>
  Object.entries(templates).flatMap(([key, t]) => {
    const [kind, careKind] = keyParts(key)
    const marketing =
      t.purpose === "marketing" ||
      (t.purpose === undefined &&
        (defaultPurpose(kind, careKind) === "marketing" ||
          (kind === "careContact" && careKind === undefined)))
    return marketing && !hasOptOut(t)
      ? [
          `${key}: a marketing template must carry the opt-out text (a param from "optOut", or optOutInTemplate: true)`
        ]
      : []
  })

/**
 * The whole configuration. `signName` is the default sign (短信签名); `optOutText` defaults to
 * `回T退订`; `errorCodes` overrides single codes' dispositions; `timeoutMillis` (10 000) bounds a
 * request.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { SmsConfig } from "@jipan/notify-sms"
 * const config = Schema.decodeUnknownSync(SmsConfig.SmsConfig)({
 *   provider: { provider: "tencent", secretId: "AKID…", secretKey: "…", smsSdkAppId: "1400006666" },
 *   signName: "东方丰田",
 *   templates: {
 *     "careContact.maintenance": { templateId: "1840021", params: ["customerName", "vehicle", "storePhone"] },
 *     "careContact.birthday": { templateId: "1840022", params: ["customerName", { name: "td", from: "optOut" }] }
 *   }
 * })
 * ```
 * @category config
 * @since 0.1.0
 */
export const SmsConfig = Schema.Struct({
  provider: Schema.Union([AliyunProvider, TencentProvider]),
  signName: Schema.String.check(Schema.isMinLength(1)),
  templates: Schema.Record(Schema.String, Template),
  optOutText: Schema.optional(Schema.String),
  errorCodes: Schema.optional(Schema.Record(Schema.String, Disposition)),
  timeoutMillis: Schema.optional(Schema.Number.check(Schema.isGreaterThan(0)))
}).check(
  Schema.makeFilter((c) => {
    const problems = checkTemplates(c.templates)
    return problems.length === 0 ? undefined : problems.join("; ")
  })
)

/**
 * The decoded {@link SmsConfig}.
 *
 * @example
 * ```ts
 * import type { SmsConfig } from "@jipan/notify-sms"
 * const c: SmsConfig.SmsConfig = { provider: { provider: "aliyun", accessKeyId: "id", accessKeySecret: "s" }, signName: "东方丰田", templates: {} }
 * ```
 * @category config
 * @since 0.1.0
 */
export type SmsConfig = typeof SmsConfig.Type

/**
 * The default opt-out text of marketing messages.
 *
 * @example
 * ```ts
 * import { SmsConfig } from "@jipan/notify-sms"
 * SmsConfig.DEFAULT_OPT_OUT_TEXT // "回T退订"
 * ```
 * @category config
 * @since 0.1.0
 */
export const DEFAULT_OPT_OUT_TEXT = "回T退订"

/**
 * A template resolved for one message: the key it was found under, the template id, the sign
 * name, the purpose, and the parameters with their values, in template order.
 *
 * @example
 * ```ts
 * import type { SmsConfig } from "@jipan/notify-sms"
 * const r: SmsConfig.ResolvedTemplate = { key: "rewardIssued", templateId: "SMS_1", signName: "东方丰田",
 *   purpose: "service", params: [["referrerName", "刘女士"]] }
 * ```
 * @category templates
 * @since 0.1.0
 */
export interface ResolvedTemplate {
  readonly key: string
  readonly templateId: string
  readonly signName: string
  readonly purpose: Purpose
  readonly params: ReadonlyArray<readonly [string, string]>
}

const fieldOf = (data: unknown, field: string): string | undefined => {
  if (typeof data !== "object" || data === null) return undefined
  const value = (data as Record<string, unknown>)[field]
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined
}

/**
 * Picks the template for a message (`kind.careKind`, else `kind`) and fills its parameters from
 * the message's template data. Fails with the reason in words when the kind has no template, a
 * parameter has no value, or a marketing template could not carry the opt-out text.
 *
 * @example
 * ```ts
 * import { SmsConfig } from "@jipan/notify-sms"
 * const config: SmsConfig.SmsConfig = {
 *   provider: { provider: "aliyun", accessKeyId: "id", accessKeySecret: "s" }, signName: "东方丰田",
 *   templates: { rewardIssued: { templateId: "SMS_1", params: ["referrerName", { name: "amount", from: "value" }] } }
 * }
 * SmsConfig.resolveTemplate(config, { kind: "rewardIssued", text: "…",
 *   data: { kind: "rewardIssued", referrerName: "刘女士", storeName: "东方丰田", reward: "保养", valueFen: 30000, expiresOn: "2027-05-01" } })
 * // Success({ key: "rewardIssued", templateId: "SMS_1", signName: "东方丰田", purpose: "service", params: [["referrerName", "刘女士"], ["amount", "¥300.00"]] })
 * ```
 * @category templates
 * @since 0.1.0
 */
export const resolveTemplate = (
  config: SmsConfig,
  message: { readonly kind?: string | undefined; readonly data?: unknown; readonly text: string }
): Result.Result<ResolvedTemplate, string> => {
  const kind = message.kind ?? fieldOf(message.data, "kind")
  if (kind === undefined)
    return Result.fail("the message has no catalogue kind: SMS sends provider templates")
  const careKind = fieldOf(message.data, "careKind")
  const specific = careKind === undefined ? undefined : `${kind}.${careKind}`
  const key =
    specific !== undefined && Object.hasOwn(config.templates, specific)
      ? specific
      : Object.hasOwn(config.templates, kind)
        ? kind
        : undefined
  const template = key === undefined ? undefined : config.templates[key]
  if (key === undefined || template === undefined)
    return Result.fail(`no SMS template is configured for kind ${specific ?? kind}`)
  const purpose = template.purpose ?? defaultPurpose(kind, careKind)
  if (purpose === "marketing" && !hasOptOut(template))
    return Result.fail(`${key}: a marketing message must carry the opt-out text`)
  const optOut = config.optOutText ?? DEFAULT_OPT_OUT_TEXT
  const params: Array<readonly [string, string]> = []
  for (const p of template.params) {
    const name = typeof p === "string" ? p : p.name
    const from = typeof p === "string" ? p : p.from
    const value =
      from === "optOut"
        ? optOut
        : from === "text"
          ? message.text
          : from === "value"
            ? (() => {
                const fen = fieldOf(message.data, "valueFen")
                return fen === undefined ? undefined : formatFen(Number(fen) as Fen, "zh-CN")
              })()
            : fieldOf(message.data, from)
    const filled = value ?? (typeof p === "string" ? undefined : p.default)
    if (filled === undefined)
      return Result.fail(`${key}: template parameter ${name} (from ${from}) has no value`)
    params.push([name, filled])
  }
  return Result.succeed({
    key,
    templateId: template.templateId,
    signName: template.signName ?? config.signName,
    purpose,
    params
  })
}
