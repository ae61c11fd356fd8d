/**
 * The API's own tables, migrated in the store's database next to Jipan's (own migrations table,
 * `dms_api_migrations`): API keys (SHA-256 of the secret, never the key), idempotency records
 * (24 h, per dealer group and store) and webhook registrations.
 *
 * @module
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto"
import { Effect, Layer, Option } from "effect"
import { Migrator, SqlClient, type SqlError } from "effect/sql"
import type { KeyRole, PrincipalShape } from "../Api.js"

/** The name of the API's migrations table. */
export const MIGRATIONS_TABLE = "dms_api_migrations"

/** The API's migrations (run once each, in order). */
export const migrations = {
  "1_api_keys": Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE TABLE IF NOT EXISTS dms_api_keys (
      key_id text PRIMARY KEY,
      secret_sha256 text NOT NULL,
      dealer_group_id text NOT NULL,
      store_id text,
      role text NOT NULL CHECK (role IN ('consultant', 'supervisor', 'admin')),
      consultant_id text,
      label text,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    )`
  }),
  "2_idempotency": Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE TABLE IF NOT EXISTS dms_api_idempotency (
      dealer_group_id text NOT NULL,
      store_id text NOT NULL,
      idempotency_key text NOT NULL,
      request_sha256 text NOT NULL,
      status integer NOT NULL,
      content_type text,
      etag text,
      body text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (dealer_group_id, store_id, idempotency_key)
    )`
    yield* sql`CREATE INDEX IF NOT EXISTS dms_api_idempotency_created ON dms_api_idempotency (created_at)`
  }),
  "3_webhooks": Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE TABLE IF NOT EXISTS dms_api_webhooks (
      dealer_group_id text NOT NULL,
      store_id text NOT NULL,
      url text NOT NULL,
      secret text NOT NULL,
      topics text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (dealer_group_id, store_id)
    )`
  })
}

/**
 * Runs the API's migrations on the `SqlClient` in context.
 *
 * @example
 * ```ts
 * const Migrated = Layer.provideMerge(migrationsLayer, JipanPglite.layer())
 * ```
 */
export const migrate = Migrator.make({})({
  loader: Migrator.fromRecord(migrations),
  table: MIGRATIONS_TABLE
})

/** A layer running {@link migrate} when built. */
export const migrationsLayer: Layer.Layer<
  never,
  Migrator.MigrationError | SqlError.SqlError,
  SqlClient.SqlClient
> = Layer.effectDiscard(migrate)

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex")

/** What `keys create` asks for. */
export interface NewKey {
  readonly dealerGroupId: string
  readonly storeId?: string | undefined
  readonly role: KeyRole
  readonly consultantId?: string | undefined
  readonly label?: string | undefined
}

/** The prefix of every key; keys look like `jpk_<id>_<secret>`. */
export const KEY_PREFIX = "jpk_"

/**
 * Creates an API key and returns it (the only time the secret is seen: the table keeps its
 * SHA-256). The secret has 256 random bits, so a plain SHA-256 cannot be brute-forced.
 *
 * @example
 * ```ts
 * const key = yield* createKey({ dealerGroupId: "grp-east", storeId: "store-01", role: "supervisor" })
 * ```
 */
export const createKey = (input: NewKey) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const keyId = randomBytes(8).toString("hex")
    const secret = randomBytes(32).toString("base64url")
    yield* sql`INSERT INTO dms_api_keys ${sql.insert({
      key_id: keyId,
      secret_sha256: sha256(secret),
      dealer_group_id: input.dealerGroupId,
      store_id: input.storeId ?? null,
      role: input.role,
      consultant_id: input.consultantId ?? null,
      label: input.label ?? null
    })}`
    return { keyId, key: `${KEY_PREFIX}${keyId}_${secret}` }
  })

/**
 * Revokes a key by id.
 *
 * @example
 * ```ts
 * yield* revokeKey("Qx3…")
 * ```
 */
export const revokeKey = (keyId: string) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`UPDATE dms_api_keys SET revoked_at = now() WHERE key_id = ${keyId} AND revoked_at IS NULL`
  })

interface KeyRow {
  readonly key_id: string
  readonly secret_sha256: string
  readonly dealer_group_id: string
  readonly store_id: string | null
  readonly role: KeyRole
  readonly consultant_id: string | null
}

const parseKey = (key: string): { keyId: string; secret: string } | undefined => {
  if (!key.startsWith(KEY_PREFIX) || key.length > 200) return undefined
  const rest = key.slice(KEY_PREFIX.length)
  const at = rest.indexOf("_")
  if (at <= 0) return undefined
  return { keyId: rest.slice(0, at), secret: rest.slice(at + 1) }
}

/**
 * Looks a presented key up: the principal, or `None` for a malformed, unknown or revoked key (the
 * secret's SHA-256 compared in constant time). Verified keys are cached for `cacheMillis`
 * (default 30 s: a revocation takes effect within that time).
 *
 * @example
 * ```ts
 * const verify = yield* makeKeyVerifier()
 * const principal = yield* verify("jpk_…")
 * ```
 */
export const makeKeyVerifier = (options: { readonly cacheMillis?: number } = {}) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const ttl = options.cacheMillis ?? 30_000
    const cache = new Map<
      string,
      { readonly at: number; readonly principal: Option.Option<PrincipalShape> }
    >()
    return (key: string): Effect.Effect<Option.Option<PrincipalShape>, SqlError.SqlError> => {
      const parsed = parseKey(key)
      if (parsed === undefined) return Effect.succeedNone
      const digest = sha256(parsed.secret)
      const cacheKey = `${parsed.keyId}:${digest}`
      const hit = cache.get(cacheKey)
      if (hit !== undefined && Date.now() - hit.at < ttl) return Effect.succeed(hit.principal)
      return Effect.map(
        sql<KeyRow>`SELECT key_id, secret_sha256, dealer_group_id, store_id, role, consultant_id
          FROM dms_api_keys WHERE key_id = ${parsed.keyId} AND revoked_at IS NULL`,
        (rows) => {
          const row = rows[0]
          const ok =
            row !== undefined &&
            row.secret_sha256.length === digest.length &&
            timingSafeEqual(Buffer.from(row.secret_sha256), Buffer.from(digest))
          const principal: Option.Option<PrincipalShape> = ok
            ? Option.some({
                keyId: row.key_id,
                dealerGroupId: row.dealer_group_id,
                ...(row.store_id === null ? {} : { storeId: row.store_id }),
                role: row.role,
                ...(row.consultant_id === null ? {} : { consultantId: row.consultant_id })
              })
            : Option.none()
          if (cache.size > 10_000) cache.clear()
          cache.set(cacheKey, { at: Date.now(), principal })
          return principal
        }
      )
    }
  })

/** A stored response of an idempotent request. */
export interface StoredResponse {
  readonly requestSha256: string
  readonly status: number
  readonly contentType: string | undefined
  readonly etag: string | undefined
  readonly body: string
}

/** How long idempotency records are kept. */
export const IDEMPOTENCY_TTL_HOURS = 24

/**
 * Reads the stored response of an idempotency key in a scope (younger than 24 h), locking it
 * until the transaction ends on PostgreSQL.
 */
export const findIdempotent = (scope: { dealerGroupId: string; storeId: string }, key: string) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<{
      request_sha256: string
      status: number
      content_type: string | null
      etag: string | null
      body: string
    }>`SELECT request_sha256, status, content_type, etag, body FROM dms_api_idempotency
      WHERE dealer_group_id = ${scope.dealerGroupId} AND store_id = ${scope.storeId}
        AND idempotency_key = ${key}
        AND created_at > now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`
    const row = rows[0]
    return row === undefined
      ? Option.none<StoredResponse>()
      : Option.some<StoredResponse>({
          requestSha256: row.request_sha256,
          status: row.status,
          contentType: row.content_type ?? undefined,
          etag: row.etag ?? undefined,
          body: row.body
        })
  })

/**
 * Claims an idempotency key for a request: inserts its record (replacing an expired one). On
 * PostgreSQL a concurrent claim of the same key waits for this transaction and then finds the
 * stored response. Returns false when the key is already held.
 */
export const claimIdempotent = (
  scope: { dealerGroupId: string; storeId: string },
  key: string,
  response: StoredResponse
) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<{ idempotency_key: string }>`INSERT INTO dms_api_idempotency ${sql.insert({
      dealer_group_id: scope.dealerGroupId,
      store_id: scope.storeId,
      idempotency_key: key,
      request_sha256: response.requestSha256,
      status: response.status,
      content_type: response.contentType ?? null,
      etag: response.etag ?? null,
      body: response.body
    })}
      ON CONFLICT (dealer_group_id, store_id, idempotency_key) DO UPDATE
        SET request_sha256 = EXCLUDED.request_sha256, status = EXCLUDED.status,
            content_type = EXCLUDED.content_type, etag = EXCLUDED.etag, body = EXCLUDED.body,
            created_at = now()
        WHERE dms_api_idempotency.created_at <= now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})
      RETURNING idempotency_key`
    return rows.length > 0
  })

/** Deletes idempotency records older than 24 h; the number deleted. */
export const sweepIdempotency = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{ n: number }>`WITH gone AS (
      DELETE FROM dms_api_idempotency
      WHERE created_at <= now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS}) RETURNING 1)
    SELECT count(*)::int AS n FROM gone`
  return rows[0]?.n ?? 0
})

/** A webhook registration as stored. */
export interface WebhookRow {
  readonly dealerGroupId: string
  readonly storeId: string
  readonly url: string
  readonly secret: string
  readonly topics: ReadonlyArray<string>
}

/** Registers (replaces) a tenant's webhook. */
export const putWebhook = (row: WebhookRow) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`INSERT INTO dms_api_webhooks ${sql.insert({
      dealer_group_id: row.dealerGroupId,
      store_id: row.storeId,
      url: row.url,
      secret: row.secret,
      topics: row.topics.join(",")
    })} ON CONFLICT (dealer_group_id, store_id) DO UPDATE
      SET url = EXCLUDED.url, secret = EXCLUDED.secret, topics = EXCLUDED.topics, created_at = now()`
  })

/** The webhook registered for a tenant scope (`storeId` "" for a group-wide one). */
export const getWebhook = (dealerGroupId: string, storeId: string) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<{
      url: string
      secret: string
      topics: string
    }>`SELECT url, secret, topics FROM dms_api_webhooks
      WHERE dealer_group_id = ${dealerGroupId} AND store_id = ${storeId}`
    const row = rows[0]
    return row === undefined
      ? Option.none<WebhookRow>()
      : Option.some<WebhookRow>({
          dealerGroupId,
          storeId,
          url: row.url,
          secret: row.secret,
          topics: row.topics.split(",")
        })
  })

/** The webhook that receives a tenant's events: the store's own, else the group's. */
export const webhookFor = (dealerGroupId: string, storeId: string) =>
  Effect.flatMap(getWebhook(dealerGroupId, storeId), (own) =>
    Option.isSome(own) ? Effect.succeed(own) : getWebhook(dealerGroupId, "")
  )

/** A fresh webhook secret. */
export const newWebhookSecret = () => `whsec_${randomBytes(24).toString("base64url")}`

/** The SHA-256 (hex) of a request: method, path and body. */
export const requestDigest = (method: string, path: string, body: string) =>
  sha256(`${method}\n${path}\n${body}`)

/** A key as listed (never its secret or hash). */
export interface KeyListing {
  readonly keyId: string
  readonly dealerGroupId: string
  readonly storeId: string | undefined
  readonly role: KeyRole
  readonly consultantId: string | undefined
  readonly label: string | undefined
  readonly createdAt: string
  readonly revoked: boolean
}

/**
 * The keys of a dealer group (or all), newest first: ids, scopes and roles, never secrets.
 *
 * @example
 * ```ts
 * const keys = yield* listKeys("grp-east")
 * ```
 */
export const listKeys = (dealerGroupId?: string) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<{
      key_id: string
      dealer_group_id: string
      store_id: string | null
      role: KeyRole
      consultant_id: string | null
      label: string | null
      created_at: Date
      revoked_at: Date | null
    }>`SELECT key_id, dealer_group_id, store_id, role, consultant_id, label, created_at, revoked_at
      FROM dms_api_keys ${dealerGroupId === undefined ? sql`` : sql`WHERE dealer_group_id = ${dealerGroupId}`}
      ORDER BY created_at DESC, key_id`
    return rows.map(
      (r): KeyListing => ({
        keyId: r.key_id,
        dealerGroupId: r.dealer_group_id,
        storeId: r.store_id ?? undefined,
        role: r.role,
        consultantId: r.consultant_id ?? undefined,
        label: r.label ?? undefined,
        createdAt: new Date(r.created_at).toISOString(),
        revoked: r.revoked_at !== null
      })
    )
  })
