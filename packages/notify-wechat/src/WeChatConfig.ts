/**
 * The WeChat channel's configuration, as data validated by Schema: the Official Account's
 * `appId` / `appSecret`, which token API to use, the template per message kind (template id,
 * the template's fields filled from the message's template data, an optional link), the purpose
 * per kind, the opt-out text of marketing messages, and when to fall back to another channel.
 *
 * Templates are keyed by the catalogue's kind (`rewardIssued`) or kind and care kind
 * (`careContact.maintenance`), the more specific key winning. A marketing message (by default
 * the birthday, festival and visit care contacts) gets the opt-out text appended to its
 * `optOutField` (default `remark`).
 *
 * @since 0.1.0
 */
import { createHash } from "node:crypto"
import { type Fen, formatFen } from "@jipan/core"
import { Result, Schema } from "effect"
import { Disposition } from "./WeChatError.js"

/**
 * Where a template field's value comes from: a data field's name, or `{ from }` (a data field,
 * or `text` / `subject` for the rendered message, `value` for a reward's `valueFen` as money,
 * `optOut` for the opt-out text) or `{ value }` (fixed text), each with an optional `default`.
 *
 * @example
 * ```ts
 * import type { WeChatConfig } from "@jipan/notify-wechat"
 * const f: WeChatConfig.FieldSource = { from: "vehicle", default: "您的爱车" }
 * ```
 * @category templates
 * @since 0.1.0
 */
export const FieldSource = Schema.Union([
  Schema.String,
  Schema.Struct({
    from: Schema.optional(Schema.String),
    value: Schema.optional(Schema.String),
    default: Schema.optional(Schema.String)
  })
])

/**
 * The decoded {@link FieldSource}.
 *
 * @example
 * ```ts
 * import type { WeChatConfig } from "@jipan/notify-wechat"
 * const f: WeChatConfig.FieldSource = "customerName"
 * ```
 * @category templates
 * @since 0.1.0
 */
export type FieldSource = typeof FieldSource.Type

/**
 * One template: the id from the Official Account's template library, its fields (`thing1`,
 * `time2`, … or `first` / `keyword1` / `remark`), an optional page `url` or mini program, the
 * purpose (default {@link defaultPurpose}) and the field the opt-out text goes to.
 *
 * @example
 * ```ts
 * import type { WeChatConfig } from "@jipan/notify-wechat"
 * const t: WeChatConfig.Template = { templateId: "ngqIpbwh8bUfcSsECmogfXcV14J0tQlEpBO27izEYtY",
 *   fields: { thing1: "customerName", time2: "on", thing3: "storeName" } }
 * ```
 * @category templates
 * @since 0.1.0
 */
export const Template = Schema.Struct({
  templateId: Schema.String.check(Schema.isMinLength(1)),
  fields: Schema.Record(Schema.String, FieldSource),
  url: Schema.optional(Schema.String),
  miniprogram: Schema.optional(
    Schema.Struct({ appid: Schema.String, pagepath: Schema.optional(Schema.String) })
  ),
  purpose: Schema.optional(Schema.Literals(["service", "marketing"])),
  optOutField: Schema.optional(Schema.String)
})

/**
 * The decoded {@link Template}.
 *
 * @example
 * ```ts
 * import type { WeChatConfig } from "@jipan/notify-wechat"
 * const t: WeChatConfig.Template = { templateId: "tpl", fields: {} }
 * ```
 * @category templates
 * @since 0.1.0
 */
export type Template = typeof Template.Type

/**
 * When to hand a message to the fallback channel: `noOpenid` (the customer has no known
 * openid) or `refused` (also when WeChat refused it for good: not following, refused, bad
 * openid, no template). `customerFacing: true` allows it for customer messages — only when the
 * customer's consent covers the fallback channel too, since the dispatcher checked consent for
 * this channel only (default false).
 *
 * @example
 * ```ts
 * import type { WeChatConfig } from "@jipan/notify-wechat"
 * const f: WeChatConfig.Fallback = { on: "refused", customerFacing: true }
 * ```
 * @category config
 * @since 0.1.0
 */
export const Fallback = Schema.Struct({
  on: Schema.Literals(["noOpenid", "refused"]),
  customerFacing: Schema.optional(Schema.Boolean)
})

/**
 * The decoded {@link Fallback}.
 *
 * @example
 * ```ts
 * import type { WeChatConfig } from "@jipan/notify-wechat"
 * const f: WeChatConfig.Fallback = { on: "noOpenid" }
 * ```
 * @category config
 * @since 0.1.0
 */
export type Fallback = typeof Fallback.Type

/**
 * The whole configuration. `baseUrl` defaults to `https://api.weixin.qq.com`; `tokenApi` to
 * `stable_token` (`/cgi-bin/stable_token`; `token` uses `/cgi-bin/token`, which invalidates the
 * previous token of every other caller); `optOutText` to `回复TD退订`; `timeoutMillis` to 10 000.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WeChatConfig } from "@jipan/notify-wechat"
 * const config = Schema.decodeUnknownSync(WeChatConfig.WeChatConfig)({
 *   appId: "wx1234567890abcdef", appSecret: "…",
 *   templates: { "careContact.maintenance": { templateId: "tpl-maint", fields: { thing1: "customerName", time2: "on" } } },
 *   fallback: { on: "noOpenid", customerFacing: true }
 * })
 * ```
 * @category config
 * @since 0.1.0
 */
export const WeChatConfig = Schema.Struct({
  appId: Schema.String.check(Schema.isMinLength(1)),
  appSecret: Schema.String.check(Schema.isMinLength(1)),
  baseUrl: Schema.optional(Schema.String),
  tokenApi: Schema.optional(Schema.Literals(["stable_token", "token"])),
  templates: Schema.Record(Schema.String, Template),
  optOutText: Schema.optional(Schema.String),
  fallback: Schema.optional(Fallback),
  errcodes: Schema.optional(Schema.Record(Schema.String, Disposition)),
  timeoutMillis: Schema.optional(Schema.Number.check(Schema.isGreaterThan(0)))
})

/**
 * The decoded {@link WeChatConfig}.
 *
 * @example
 * ```ts
 * import type { WeChatConfig } from "@jipan/notify-wechat"
 * const c: WeChatConfig.WeChatConfig = { appId: "wx1", appSecret: "s", templates: {} }
 * ```
 * @category config
 * @since 0.1.0
 */
export type WeChatConfig = typeof WeChatConfig.Type

/**
 * The default base URL.
 *
 * @example
 * ```ts
 * import { WeChatConfig } from "@jipan/notify-wechat"
 * WeChatConfig.DEFAULT_BASE_URL // "https://api.weixin.qq.com"
 * ```
 * @category config
 * @since 0.1.0
 */
export const DEFAULT_BASE_URL = "https://api.weixin.qq.com"

/**
 * The default opt-out text of marketing messages.
 *
 * @example
 * ```ts
 * import { WeChatConfig } from "@jipan/notify-wechat"
 * WeChatConfig.DEFAULT_OPT_OUT_TEXT // "回复TD退订"
 * ```
 * @category config
 * @since 0.1.0
 */
export const DEFAULT_OPT_OUT_TEXT = "回复TD退订"

/**
 * The purpose of a kind when the template does not say: birthday, festival and visit care
 * contacts are marketing, everything else service.
 *
 * @example
 * ```ts
 * import { WeChatConfig } from "@jipan/notify-wechat"
 * WeChatConfig.defaultPurpose("careContact", "festival") // "marketing"
 * WeChatConfig.defaultPurpose("careContact", "insurance") // "service"
 * ```
 * @category templates
 * @since 0.1.0
 */
export const defaultPurpose = (kind: string, careKind?: string): "service" | "marketing" =>
  kind === "careContact" && (careKind === "birthday" || careKind === "festival" || careKind === "visit")
    ? "marketing"
    : "service"

/**
 * The body of `POST /cgi-bin/message/template/send`.
 *
 * @example
 * ```ts
 * import type { WeChatConfig } from "@jipan/notify-wechat"
 * const body: WeChatConfig.TemplateMessage = { touser: "oABC", template_id: "tpl", client_msg_id: "k-1",
 *   data: { thing1: { value: "王先生" } } }
 * ```
 * @category templates
 * @since 0.1.0
 */
export interface TemplateMessage {
  readonly touser: string
  readonly template_id: string
  readonly url?: string
  readonly miniprogram?: { readonly appid: string; readonly pagepath?: string | undefined }
  readonly client_msg_id: string
  readonly data: Readonly<Record<string, { readonly value: string }>>
}

const fieldOf = (data: unknown, field: string): string | undefined => {
  if (typeof data !== "object" || data === null) return undefined
  const value = (data as Record<string, unknown>)[field]
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined
}

/**
 * A message's template key, template and purpose; or the reason there is none.
 *
 * @example
 * ```ts
 * import { WeChatConfig } from "@jipan/notify-wechat"
 * WeChatConfig.templateFor({ appId: "wx1", appSecret: "s", templates: { rewardIssued: { templateId: "t", fields: {} } } },
 *   { kind: "rewardIssued" })._tag // "Success"
 * ```
 * @category templates
 * @since 0.1.0
 */
export const templateFor = (
  config: WeChatConfig,
  message: { readonly kind?: string | undefined; readonly data?: unknown }
): Result.Result<
  { readonly key: string; readonly template: Template; readonly purpose: "service" | "marketing" },
  string
> => {
  const kind = message.kind ?? fieldOf(message.data, "kind")
  if (kind === undefined) return Result.fail("the message has no catalogue kind: WeChat sends templates")
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
    return Result.fail(`no WeChat template is configured for kind ${specific ?? kind}`)
  return Result.succeed({ key, template, purpose: template.purpose ?? defaultPurpose(kind, careKind) })
}

/**
 * Fills a template for one follower. `client_msg_id` (WeChat drops a second message with the
 * same openid and id within 10 minutes) is the idempotency key when it is at most 64 printable
 * ASCII characters, else its SHA-256 prefix (`sha256:` + 32 hex digits). Fails with `field` when
 * a field has no value, `template` when the kind has none.
 *
 * @example
 * ```ts
 * import { WeChatConfig } from "@jipan/notify-wechat"
 * const config: WeChatConfig.WeChatConfig = { appId: "wx1", appSecret: "s",
 *   templates: { "careContact.birthday": { templateId: "tpl-bd", fields: { thing1: "customerName", remark: { value: "祝您生日快乐" } } } } }
 * WeChatConfig.templateMessage(config, { idempotencyKey: "k-1", kind: "careContact", text: "…",
 *   data: { kind: "careContact", careKind: "birthday", customerName: "李女士" } }, "oABC")
 * // Success({ touser: "oABC", template_id: "tpl-bd", client_msg_id: "k-1",
 * //   data: { thing1: { value: "李女士" }, remark: { value: "祝您生日快乐 回复TD退订" } } })
 * ```
 * @category templates
 * @since 0.1.0
 */
export const templateMessage = (
  config: WeChatConfig,
  message: {
    readonly idempotencyKey: string
    readonly kind?: string | undefined
    readonly data?: unknown
    readonly text: string
    readonly subject?: string | undefined
  },
  openid: string,
  clientMsgId: (key: string) => string = defaultClientMsgId
): Result.Result<TemplateMessage, { readonly missing: "template" | "field"; readonly detail: string }> => {
  const found = templateFor(config, message)
  if (Result.isFailure(found)) return Result.fail({ missing: "template", detail: found.failure })
  const { key, template, purpose } = found.success
  const optOut = config.optOutText ?? DEFAULT_OPT_OUT_TEXT
  const data: Record<string, { value: string }> = {}
  for (const [field, source] of Object.entries(template.fields)) {
    const s = typeof source === "string" ? { from: source } : source
    const value =
      s.value ??
      (s.from === undefined
        ? undefined
        : s.from === "text"
          ? message.text
          : s.from === "subject"
            ? message.subject
            : s.from === "optOut"
              ? optOut
              : s.from === "value"
                ? (() => {
                    const fen = fieldOf(message.data, "valueFen")
                    return fen === undefined ? undefined : formatFen(Number(fen) as Fen, "zh-CN")
                  })()
                : fieldOf(message.data, s.from)) ??
      s.default
    if (value === undefined)
      return Result.fail({ missing: "field", detail: `${key}: field ${field} has no value` })
    data[field] = { value }
  }
  if (purpose === "marketing") {
    const field = template.optOutField ?? "remark"
    const current = data[field]?.value
    if (current === undefined || !current.includes(optOut))
      data[field] = { value: current === undefined || current === "" ? optOut : `${current} ${optOut}` }
  }
  return Result.succeed({
    touser: openid,
    template_id: template.templateId,
    ...(template.url === undefined ? {} : { url: template.url }),
    ...(template.miniprogram === undefined ? {} : { miniprogram: template.miniprogram }),
    client_msg_id: clientMsgId(message.idempotencyKey),
    data
  })
}

/**
 * The `client_msg_id` of an idempotency key (see {@link templateMessage}).
 *
 * @example
 * ```ts
 * import { WeChatConfig } from "@jipan/notify-wechat"
 * WeChatConfig.defaultClientMsgId("careContact:grp/store-01:c1:wechat:cust-1") // the key itself
 * WeChatConfig.defaultClientMsgId("x".repeat(80)).startsWith("sha256:") // true
 * ```
 * @category templates
 * @since 0.1.0
 */
export const defaultClientMsgId = (key: string): string =>
  key.length <= 64 && /^[\x20-\x7e]*$/.test(key)
    ? key
    : `sha256:${createHash("sha256").update(key, "utf8").digest("hex").slice(0, 32)}`
