/**
 * Delivery receipts (回执): what a provider (an SMS gateway, WeChat) said it did with a message
 * the dispatcher handed it. A channel records each accepted submission with the provider's own
 * message id; the provider's status callback later names that id, and the receipt is recorded
 * against the outbox message it came from — in the store, beside the outbox.
 *
 * @module
 */
import { Context, type Effect, type Option } from "effect"
import type { StoreError } from "../kernel/StoreError.js"
import type { Tenant, TenantScope } from "../kernel/Tenant.js"

/**
 * A message a provider accepted: its id at the provider (Alibaba `BizId`, Tencent `SerialNo`,
 * WeChat `msgid`) and the number or account it went to, tied to the outbox message.
 *
 * @example
 * ```ts
 * import type { ProviderSubmission } from "@jipan/core"
 * const s: ProviderSubmission = { provider: "aliyun", providerMessageId: "1234^0", phone: "+8613812345678",
 *   tenant: { dealerGroupId: "grp-east", storeId: "store-01" } as never, messageId: "care:card-1:1:0",
 *   idempotencyKey: "k-1", at: Date.parse("2026-11-22T02:00:00Z") }
 * ```
 */
export interface ProviderSubmission {
  readonly provider: string
  readonly providerMessageId: string
  /** E.164, or the account id (an openid) for providers that are not phone based. */
  readonly phone: string
  readonly tenant: Tenant
  readonly messageId: string
  readonly idempotencyKey: string
  readonly templateId?: string | undefined
  /** When the provider accepted it (epoch ms). */
  readonly at: number
}

/**
 * The provider's report on one submission: delivered or failed, its code and time.
 *
 * @example
 * ```ts
 * import type { DeliveryReceipt } from "@jipan/core"
 * const r = { provider: "aliyun", providerMessageId: "1234^0", phone: "+8613812345678", tenant, messageId: "care:card-1:1:0",
 *   status: "delivered", code: "DELIVERED", reportedAt: "2026-11-22 10:00:03" } as DeliveryReceipt
 * ```
 */
export interface DeliveryReceipt {
  readonly provider: string
  readonly providerMessageId: string
  readonly phone: string
  readonly tenant: Tenant
  readonly messageId: string
  readonly status: "delivered" | "failed"
  readonly code: string
  readonly description?: string | undefined
  /** The provider's time of the report, in its own format. */
  readonly reportedAt: string
}

/**
 * The delivery-receipt port: submissions are keyed by (provider, provider message id, number) —
 * unique at the provider, so a callback is matched across tenants —, receipts by that and their
 * status (a repeated callback records nothing new). Every store provides it.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { DeliveryReceipts } from "@jipan/core"
 * const receiptsOf = (messageId: string) =>
 *   Effect.flatMap(Effect.service(DeliveryReceipts), (r) => r.list({ dealerGroupId: "grp-east" } as never, messageId))
 * ```
 */
export class DeliveryReceipts extends Context.Service<
  DeliveryReceipts,
  {
    /** Records an accepted submission (a second record of the same key is ignored). */
    readonly submitted: (submission: ProviderSubmission) => Effect.Effect<void, StoreError>
    /** The submission a provider's report names, in whichever tenant it was sent. */
    readonly lookup: (
      provider: string,
      providerMessageId: string,
      phone: string
    ) => Effect.Effect<Option.Option<ProviderSubmission>, StoreError>
    /** Records a receipt (idempotent by submission and status). */
    readonly record: (receipt: DeliveryReceipt) => Effect.Effect<void, StoreError>
    /**
     * For an erasure: the submissions and receipts of the scope sent to any of `phones` (as the
     * provider wrote it: E.164 or national) get the phone `+0` and no description; statuses,
     * codes and times stay.
     */
    readonly redactPhone: (
      scope: TenantScope,
      phones: ReadonlyArray<string>
    ) => Effect.Effect<number, StoreError>
    /** The receipts of a scope, optionally of one outbox message, in the order recorded. */
    readonly list: (
      scope: TenantScope,
      messageId?: string
    ) => Effect.Effect<ReadonlyArray<DeliveryReceipt>, StoreError>
  }
>()("@jipan/core/DeliveryReceipts") {}
