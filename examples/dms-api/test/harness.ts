/**
 * The test harness: the real server on loopback (port 0) over embedded PGlite in memory, or over
 * PostgreSQL in a schema of its own when JIPAN_TEST_POSTGRES_URL is set; keys created in its table.
 */
import { randomBytes } from "node:crypto"
import { Effect, ManagedRuntime } from "effect"
import { HttpServer } from "effect/http"
import { SqlClient } from "effect/sql"
import type { RequestLogLine } from "../src/server/Middleware.js"
import { serverLayer, storeLayer } from "../src/server/Server.js"
import { createKey, type NewKey } from "../src/server/Tables.js"

export interface Api {
  readonly url: string
  readonly key: (input: NewKey) => Promise<string>
  readonly sql: (text: string) => Promise<ReadonlyArray<Record<string, unknown>>>
  readonly close: () => Promise<void>
  readonly backend: string
}

export const startApi = async (
  options: {
    readonly maxBodyBytes?: number
    readonly corsOrigins?: ReadonlyArray<string>
    readonly onLog?: (line: RequestLogLine) => void
  } = {}
): Promise<Api> => {
  const pg = process.env.JIPAN_TEST_POSTGRES_URL
  const schema = `dms_api_test_${randomBytes(4).toString("hex")}`
  const store =
    pg === undefined || pg === ""
      ? storeLayer({ kind: "memory" })
      : storeLayer({ kind: "postgres", url: pg, schema })
  const log = (line: RequestLogLine) => {
    options.onLog?.(line)
    if (line.level === "error" || process.env.DMS_API_TEST_LOG === "1") console.error(JSON.stringify(line))
  }
  const runtime = ManagedRuntime.make(
    serverLayer(store, {
      log,
      port: 0,
      ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
      ...(options.corsOrigins === undefined ? {} : { corsOrigins: options.corsOrigins })
    })
  )
  const server = await runtime.runPromise(Effect.service(HttpServer.HttpServer))
  return {
    url: HttpServer.formatAddress(server.address).replace(/\/$/, ""),
    backend: pg === undefined || pg === "" ? "PGlite (in memory)" : `PostgreSQL schema ${schema}`,
    key: (input) => runtime.runPromise(createKey(input)).then((k) => k.key),
    sql: (text) =>
      runtime.runPromise(
        Effect.flatMap(Effect.service(SqlClient.SqlClient), (sql) =>
          sql.unsafe<Record<string, unknown>>(text)
        )
      ),
    close: async () => {
      if (pg !== undefined && pg !== "")
        await runtime
          .runPromise(
            Effect.flatMap(Effect.service(SqlClient.SqlClient), (sql) =>
              sql.unsafe(`DROP SCHEMA ${schema} CASCADE`)
            )
          )
          .catch(() => undefined)
      await runtime.dispose()
    }
  }
}

/** A JSON request with a key. */
export const call = async (
  api: Api,
  method: string,
  path: string,
  options: {
    readonly key?: string | undefined
    readonly body?: unknown
    readonly headers?: Record<string, string>
  } = {}
) => {
  const headers: Record<string, string> = { ...options.headers }
  if (options.key !== undefined) headers.authorization = `Bearer ${options.key}`
  if (options.body !== undefined) headers["content-type"] = "application/json"
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers,
    ...(options.body === undefined
      ? {}
      : { body: typeof options.body === "string" ? options.body : JSON.stringify(options.body) })
  })
  const text = await response.text()
  // biome-ignore lint/suspicious/noExplicitAny: the tests read answers as plain JSON
  let json: any
  try {
    json = text === "" ? undefined : JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: response.status, headers: response.headers, text, json }
}

export const at = (iso: string) => Date.parse(iso)

export const openCard = (
  cardId: string,
  options: { owner?: string; store?: string; phone?: string; at?: number } = {}
) => ({
  _tag: "OpenCard",
  cardId,
  storeId: options.store ?? "store-01",
  customerId: `cust-${cardId}`,
  phone: options.phone ?? `+86138${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`,
  owner: options.owner ?? "c-wang",
  source: "walkIn",
  intent: "direct",
  evidence: {},
  by: { id: options.owner ?? "c-wang", role: "consultant" },
  at: options.at ?? at("2026-11-22T10:00:00+08:00")
})

const VIN_VALUES: Record<string, number> = {}
for (const [i, c] of [..."0123456789"].entries()) VIN_VALUES[c] = i
for (const [i, c] of [..."ABCDEFGH"].entries()) VIN_VALUES[c] = i + 1
for (const [i, c] of [..."JKLMN"].entries()) VIN_VALUES[c] = i + 1
VIN_VALUES.P = 7
VIN_VALUES.R = 9
for (const [i, c] of [..."STUVWXYZ"].entries()) VIN_VALUES[c] = i + 2
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
/** A VIN with a valid ISO 3779 check digit. */
export const vin = (serial: number): string => {
  const body = `LSGUA8450TS${String(serial).padStart(6, "0")}`
  let sum = 0
  for (let i = 0; i < 17; i++) sum += (VIN_VALUES[body.charAt(i)] ?? 0) * (VIN_WEIGHTS[i] ?? 0)
  const r = sum % 11
  return `${body.slice(0, 8)}${r === 10 ? "X" : String(r)}${body.slice(9)}`
}

export const wang = { id: "c-wang", role: "consultant" }
export const boss = { id: "s-zhao", role: "supervisor" }
