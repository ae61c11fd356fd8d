/**
 * Tenants: every read and write of a store is scoped to a dealer group (集团) and, for writes and
 * most reads, one store (门店) of it. Nothing crosses dealer groups, and a store-scoped read never
 * sees another store's rows.
 *
 * @module
 */
import { Schema } from "effect"
import { DealerGroupId, StoreId } from "./Ids.js"

/**
 * One store of one dealer group: where a card, a referral or an outbox message lives.
 *
 * @example
 * ```ts
 * import { makeTenant } from "@jipan/core"
 * const tenant = makeTenant("grp-east", "store-01")
 * ```
 */
export const Tenant = Schema.Struct({ dealerGroupId: DealerGroupId, storeId: StoreId })
/** @see {@link Tenant} */
export type Tenant = typeof Tenant.Type

/**
 * What a read covers: a whole dealer group (`storeId` left out) or one store of it.
 *
 * @example
 * ```ts
 * import type { TenantScope } from "@jipan/core"
 * const wholeGroup = { dealerGroupId: "grp-east" } as TenantScope
 * ```
 */
export const TenantScope = Schema.Struct({
  dealerGroupId: DealerGroupId,
  storeId: Schema.optionalKey(StoreId)
})
/** @see {@link TenantScope} */
export type TenantScope = typeof TenantScope.Type

/**
 * Builds a {@link Tenant} from plain strings, checking them (throws on an empty or malformed id).
 *
 * @example
 * ```ts
 * import { makeTenant } from "@jipan/core"
 * makeTenant("grp-east", "store-01").storeId // "store-01"
 * ```
 */
export const makeTenant = (dealerGroupId: string, storeId: string): Tenant =>
  Schema.decodeUnknownSync(Tenant)({ dealerGroupId, storeId })

/**
 * Whether a row of `tenant` is visible in `scope` (same group, and the same store when the scope
 * names one).
 *
 * @example
 * ```ts
 * import { inScope, makeTenant } from "@jipan/core"
 * inScope({ dealerGroupId: makeTenant("g", "s").dealerGroupId }, makeTenant("g", "s")) // true
 * ```
 */
export const inScope = (scope: TenantScope, tenant: Tenant): boolean =>
  scope.dealerGroupId === tenant.dealerGroupId &&
  (scope.storeId === undefined || scope.storeId === tenant.storeId)
