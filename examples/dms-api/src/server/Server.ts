/**
 * The HTTP server: the API's routes (with `/openapi.json`), the interactive docs (Scalar at
 * `/docs`), the request middleware, on `@effect/platform-node`'s server, over a Jipan store
 * (embedded PGlite or PostgreSQL) with the API's own tables migrated next to it.
 *
 * @module
 */
import { createServer } from "node:http"
import { NodeHttpServer } from "@effect/platform-node"
import {
  type JipanStore,
  layerNotifierChannels,
  type NotificationDirectory,
  runDispatcher,
  type UseCaseOptions
} from "@jipan/core"
import { JipanPglite } from "@jipan/store-pglite"
import { JipanPostgres } from "@jipan/store-postgres"
import { Effect, Layer, Schedule } from "effect"
import { HttpRouter } from "effect/http"
import { HttpApiBuilder, HttpApiScalar } from "effect/http-api"
import { SqlClient } from "effect/sql"
import { DmsApi } from "../Api.js"
import { handlersLayer } from "./Handlers.js"
import {
  authorizationLayer,
  gatewayLayer,
  type RequestMiddlewareOptions,
  requestMiddleware
} from "./Middleware.js"
import { migrationsLayer, sweepIdempotency, webhookFor } from "./Tables.js"
import { makeWebhookCache, makeWebhookChannel } from "./Webhooks.js"

/** Where the data lives: embedded PGlite (in memory, or a data directory) or a PostgreSQL server. */
export type StoreChoice =
  | { readonly kind: "memory" }
  | { readonly kind: "dataDir"; readonly dataDir: string }
  | { readonly kind: "postgres"; readonly url: string; readonly schema?: string | undefined }

/**
 * The Jipan store of a choice with the API's tables migrated, exposing the store's ports and its
 * `SqlClient`.
 *
 * @example
 * ```ts
 * const Store = storeLayer({ kind: "dataDir", dataDir: "examples/dms-api/.data" })
 * ```
 */
export const storeLayer = (choice: StoreChoice): Layer.Layer<JipanStore | SqlClient.SqlClient, unknown> => {
  const store =
    choice.kind === "postgres"
      ? JipanPostgres.layer({
          url: choice.url,
          ...(choice.schema === undefined ? {} : { schema: choice.schema })
        })
      : JipanPglite.layer(choice.kind === "dataDir" ? { dataDir: choice.dataDir } : undefined)
  return Layer.provideMerge(migrationsLayer, store)
}

/** Options of {@link apiRoutes} and {@link serverLayer}. */
export interface ServerOptions extends RequestMiddlewareOptions {
  readonly useCase?: UseCaseOptions | undefined
  /** Run the outbox dispatcher in the server every so many milliseconds (off by default). */
  readonly dispatchEveryMillis?: number | undefined
  /** Webhook request timeout (default 10 s). */
  readonly webhookTimeoutMillis?: number | undefined
  /** Browser origins allowed to call the API (CORS), e.g. a web card cabinet; none by default. */
  readonly corsOrigins?: ReadonlyArray<string> | undefined
  /**
   * The DMS's look-up of customers, consultants and stores for notifications: with it, a close of
   * day (`POST /days/{day}/close`) also queues the day's care messages and voucher reminders;
   * without it (the command line's case) the close changes grades and vouchers only.
   */
  readonly directory?: NotificationDirectory | undefined
}

/** The request headers a browser client sends, and the answer headers it may read. */
const corsHeaders = {
  allowedHeaders: [
    "authorization",
    "x-api-key",
    "content-type",
    "accept",
    "accept-language",
    "idempotency-key",
    "if-match",
    "if-none-match",
    "x-request-id"
  ],
  exposedHeaders: ["etag", "x-request-id", "idempotent-replayed", "content-disposition"]
}

/**
 * Every route of the server (API, `/openapi.json`, `/docs`) with its middleware, over the store in
 * context.
 *
 * @example
 * ```ts
 * const { handler } = HttpRouter.toWebHandler(apiRoutes({}).pipe(Layer.provide(Store), Layer.provide(HttpServer.layerServices)))
 * ```
 */
export const apiRoutes = (options: ServerOptions = {}) =>
  Layer.unwrap(
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const webhooks = makeWebhookCache()
      const channel = makeWebhookChannel({
        lookup: (tenant) =>
          webhookFor(tenant.dealerGroupId, tenant.storeId).pipe(
            Effect.provideService(SqlClient.SqlClient, sql)
          ),
        ...(options.webhookTimeoutMillis === undefined ? {} : { timeoutMillis: options.webhookTimeoutMillis })
      })
      const channels = layerNotifierChannels([Effect.succeed(channel)])
      const api = HttpApiBuilder.layer(DmsApi, { openapiPath: "/openapi.json" }).pipe(
        Layer.provide(
          handlersLayer({ useCase: options.useCase, webhooks, channels, directory: options.directory })
        ),
        Layer.provide([authorizationLayer, gatewayLayer])
      )
      const dispatcher =
        options.dispatchEveryMillis === undefined
          ? Layer.empty
          : Layer.effectDiscard(
              Effect.forkScoped(
                runDispatcher({ pollIntervalMs: options.dispatchEveryMillis }).pipe(
                  Effect.provide(channels),
                  Effect.catchCause((cause) => Effect.logError("dispatcher stopped", cause))
                )
              )
            )
      // idempotency records older than 24 h are never replayed; sweep them hourly
      const sweeper = Layer.effectDiscard(
        Effect.forkScoped(
          Effect.repeat(
            sweepIdempotency.pipe(
              Effect.provideService(SqlClient.SqlClient, sql),
              Effect.catchCause(() => Effect.void)
            ),
            Schedule.spaced("1 hour")
          )
        )
      )
      const cors =
        options.corsOrigins === undefined || options.corsOrigins.length === 0
          ? Layer.empty
          : HttpRouter.cors({ allowedOrigins: options.corsOrigins, ...corsHeaders, maxAge: 600 })
      return Layer.mergeAll(
        api,
        sweeper,
        cors,
        HttpApiScalar.layer(DmsApi, { path: "/docs" }),
        requestMiddleware(options),
        dispatcher
      )
    })
  )

/**
 * The whole server on `host:port` (port 0: any free port) over a store layer; its `HttpServer`
 * (with the address), the store's ports and `SqlClient` stay available to the caller.
 *
 * @example
 * ```ts
 * Layer.launch(serverLayer(storeLayer({ kind: "memory" }), { port: 8787 })).pipe(NodeRuntime.runMain)
 * ```
 */
export const serverLayer = (
  store: Layer.Layer<JipanStore | SqlClient.SqlClient, unknown>,
  options: ServerOptions & { readonly host?: string | undefined; readonly port?: number | undefined } = {}
) =>
  HttpRouter.serve(apiRoutes(options), { disableLogger: true, disableListenLog: true }).pipe(
    Layer.provideMerge(
      NodeHttpServer.layer(createServer, { host: options.host ?? "127.0.0.1", port: options.port ?? 0 })
    ),
    Layer.provideMerge(store)
  )
