/**
 * A pooled PostgreSQL server client as an effect/sql `SqlClient`, on
 * `@effect/sql-pg`, with Jipan's settings: one schema per installation (so Jipan
 * can share a database with a DMS) and configuration from `JIPAN_POSTGRES_*`
 * environment variables.
 *
 * @since 0.1.0
 */
import type { ConnectionOptions as TlsOptions } from "node:tls"
import * as PgClient from "@effect/sql-pg/PgClient"
import * as Config from "effect/Config"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Reactivity from "effect/reactivity/Reactivity"
import type * as Scope from "effect/Scope"
import type * as SqlClient from "effect/sql/SqlClient"
import { SqlError, UnknownError } from "effect/sql/SqlError"

/**
 * Where the server is, as one connection URL.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import type { PostgresClient } from "@jipan/store-postgres"
 *
 * const byUrl: PostgresClient.UrlConnection = { url: Redacted.make("postgres://jipan:secret@db:5432/dealer") }
 * ```
 */
export interface UrlConnection {
  /** A libpq URI, `postgres://user:password@host:port/database?sslmode=…`. Pass it `Redacted` to keep the password out of logs. */
  readonly url: Redacted.Redacted | string
}

/**
 * Where the server is, field by field.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import type { PostgresClient } from "@jipan/store-postgres"
 *
 * const byHost: PostgresClient.HostConnection = {
 *   host: "db.internal",
 *   port: 5432,
 *   username: "jipan",
 *   password: Redacted.make("secret"),
 *   database: "dealer"
 * }
 * ```
 */
export interface HostConnection {
  readonly url?: undefined
  /** Defaults to `localhost`; a value starting with `/` is a unix socket directory. */
  readonly host?: string | undefined
  /** Defaults to 5432. */
  readonly port?: number | undefined
  readonly username?: string | undefined
  readonly password?: Redacted.Redacted | string | undefined
  readonly database?: string | undefined
}

/**
 * Connection pool and session settings.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { PostgresClient } from "@jipan/store-postgres"
 *
 * const settings: PostgresClient.ClientSettings = { schema: "jipan", maxConnections: 5, idleTimeout: "30 seconds" }
 * ```
 */
export interface ClientSettings {
  /**
   * The schema Jipan's tables live in. Every connection starts with
   * `search_path` set to it (a startup parameter, so it holds for every pooled
   * connection), and the schema is created if it does not exist. Unqualified
   * names then resolve in this schema only: objects in `public` need a
   * `public.` prefix. Omit it to use the server's default `search_path`.
   */
  readonly schema?: string | undefined
  /** Most connections the pool opens. Defaults to 10. */
  readonly maxConnections?: number | undefined
  /** Connections the pool keeps open even when idle. Defaults to 0. */
  readonly minConnections?: number | undefined
  /** How long a connection may sit unused before the pool closes it. Defaults to 60 seconds. */
  readonly idleTimeout?: Duration.Input | undefined
  /** Replace connections older than this. No limit by default. */
  readonly connectionTTL?: Duration.Input | undefined
  /** Give up connecting after this long. Defaults to 5 seconds. */
  readonly connectTimeout?: Duration.Input | undefined
  /** `true` or TLS options to require TLS; a URL's `sslmode` also works. */
  readonly ssl?: boolean | TlsOptions | undefined
  /** Shown in `pg_stat_activity`. Defaults to `"jipan"`. */
  readonly applicationName?: string | undefined
  readonly transformResultNames?: ((name: string) => string) | undefined
  readonly transformQueryNames?: ((name: string) => string) | undefined
  readonly spanAttributes?: Record<string, unknown> | undefined
}

/**
 * Everything {@link layer} accepts: a URL or host fields, plus settings.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { PostgresClient } from "@jipan/store-postgres"
 *
 * const options: PostgresClient.Options = { url: "postgres://postgres@127.0.0.1:5432/dealer", schema: "jipan" }
 * ```
 */
export type Options = (UrlConnection | HostConnection) & ClientSettings

const redact = (value: Redacted.Redacted | string): Redacted.Redacted =>
  typeof value === "string" ? Redacted.make(value) : value

/** A quoted identifier, so `search_path` keeps the schema name's case and characters. */
const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`

const toPgConfig = (options: Options): PgClient.PgPoolConfig => {
  const { schema, applicationName, ...rest } = options
  const connection: PgClient.PgPoolConfig =
    rest.url === undefined
      ? { ...rest, password: rest.password === undefined ? undefined : redact(rest.password) }
      : { ...rest, url: redact(rest.url) }
  return {
    ...connection,
    applicationName: applicationName ?? "jipan",
    ...(schema === undefined ? {} : { startupParameters: { search_path: quoteIdentifier(schema) } })
  }
}

const schemaError = (message: string, cause?: unknown) =>
  new SqlError({
    reason: new UnknownError({ cause: cause ?? new Error(message), message, operation: "schema" })
  })

/**
 * Creates `schema` unless it exists (checked first, so a role without the
 * CREATE privilege can still use an existing schema), tolerating a concurrent
 * creator, then checks the server really applied the `search_path` startup
 * parameter: a server that ignores it would put Jipan's tables in `public`.
 */
const ensureSchema = (sql: PgClient.PgClient, schema: string): Effect.Effect<void, SqlError> =>
  Effect.gen(function* () {
    const existing = yield* sql`SELECT 1 FROM pg_namespace WHERE nspname = ${schema}`
    if (existing.length === 0) {
      yield* sql`CREATE SCHEMA IF NOT EXISTS ${sql(schema)}`.pipe(
        // two processes racing on IF NOT EXISTS: the loser gets a unique violation on pg_namespace
        Effect.catchReason("SqlError", "UniqueViolation", () => Effect.void)
      )
    }
    const [row] = yield* sql<{ readonly current: string | null }>`SELECT current_schema() AS current`
    if (row?.current !== schema) {
      return yield* schemaError(
        `PostgresClient: the server ignored search_path=${quoteIdentifier(schema)} (current schema: ${
          row?.current ?? "none"
        }); PGlite and some poolers drop startup parameters`
      )
    }
  })

/**
 * Creates a scoped, pooled `PgClient` (an effect/sql `SqlClient`). With
 * `schema`, the schema is created if missing before the client is returned.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Reactivity } from "effect/reactivity"
 * import { PostgresClient } from "@jipan/store-postgres"
 *
 * const program = Effect.gen(function* () {
 *   const sql = yield* PostgresClient.make({ url: "postgres://postgres@127.0.0.1:5432/dealer", schema: "jipan" })
 *   return yield* sql`SELECT current_schema() AS schema`
 * }).pipe(Effect.scoped, Effect.provide(Reactivity.layer))
 * ```
 */
export const make = (
  options: Options
): Effect.Effect<PgClient.PgClient, SqlError, Scope.Scope | Reactivity.Reactivity> =>
  Effect.tap(PgClient.make(toPgConfig(options)), (client) =>
    options.schema === undefined ? Effect.void : ensureSchema(client, options.schema)
  )

/**
 * A layer providing `PgClient` and the generic `SqlClient`, pooled. The pool
 * closes with the layer.
 *
 * @since 0.1.0
 * @category layers
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { SqlClient } from "effect/sql"
 * import { PostgresClient } from "@jipan/store-postgres"
 *
 * const SqlLive = PostgresClient.layer({
 *   host: "127.0.0.1",
 *   username: "postgres",
 *   database: "dealer",
 *   schema: "jipan",
 *   maxConnections: 5
 * })
 * const program = Effect.gen(function* () {
 *   const sql = yield* SqlClient.SqlClient
 *   return yield* sql`SELECT now() AS now`
 * })
 * Effect.runPromise(program.pipe(Effect.provide(SqlLive)))
 * ```
 */
export const layer = (options: Options): Layer.Layer<PgClient.PgClient | SqlClient.SqlClient, SqlError> =>
  PgClient.layerFrom(make(options))

/**
 * The default configuration read by {@link layerConfig}:
 *
 * - `JIPAN_POSTGRES_URL` (required, redacted): the connection URL;
 * - `JIPAN_POSTGRES_SCHEMA` (optional): the {@link ClientSettings.schema};
 * - `JIPAN_POSTGRES_MAX_CONNECTIONS`, `JIPAN_POSTGRES_MIN_CONNECTIONS` (optional integers): pool size.
 *
 * @since 0.1.0
 * @category config
 * @example
 * ```ts
 * import { ConfigProvider, Effect } from "effect"
 * import { PostgresClient } from "@jipan/store-postgres"
 *
 * const provider = ConfigProvider.fromEnv({ env: { JIPAN_POSTGRES_URL: "postgres://postgres@db/dealer" } })
 * const options = Effect.runSync(PostgresClient.envConfig.parse(provider))
 * ```
 */
export const envConfig: Config.Config<Options> = Config.all({
  url: Config.Redacted("JIPAN_POSTGRES_URL"),
  schema: Config.option(Config.NonEmptyString("JIPAN_POSTGRES_SCHEMA")),
  maxConnections: Config.option(Config.Int("JIPAN_POSTGRES_MAX_CONNECTIONS")),
  minConnections: Config.option(Config.Int("JIPAN_POSTGRES_MIN_CONNECTIONS"))
}).pipe(
  Config.map(
    ({ url, schema, maxConnections, minConnections }): Options => ({
      url,
      schema: Option.getOrUndefined(schema),
      maxConnections: Option.getOrUndefined(maxConnections),
      minConnections: Option.getOrUndefined(minConnections)
    })
  )
)

/**
 * Like {@link layer}, with the options read through effect `Config`: by
 * default from the `JIPAN_POSTGRES_*` environment variables ({@link envConfig}),
 * or from a `Config` of {@link Options} or a record of `Config`s per option
 * (as `@effect/sql-pg`'s `PgClient.layerConfig` accepts).
 *
 * @since 0.1.0
 * @category layers
 * @example
 * ```ts
 * import { Config } from "effect"
 * import { PostgresClient } from "@jipan/store-postgres"
 *
 * // JIPAN_POSTGRES_URL, JIPAN_POSTGRES_SCHEMA, JIPAN_POSTGRES_MAX_CONNECTIONS, JIPAN_POSTGRES_MIN_CONNECTIONS
 * const FromEnv = PostgresClient.layerConfig()
 * // or your own names, option by option
 * const Custom = PostgresClient.layerConfig({
 *   url: Config.Redacted("DATABASE_URL"),
 *   schema: Config.succeed("jipan"),
 *   maxConnections: Config.Int("DB_POOL_SIZE").pipe(Config.withDefault(10))
 * })
 * ```
 */
export const layerConfig = (
  config: Config.Wrap<Options> = envConfig
): Layer.Layer<PgClient.PgClient | SqlClient.SqlClient, Config.ConfigError | SqlError> =>
  PgClient.layerFrom(Effect.flatMap(Config.unwrap<Options>(config), make))
