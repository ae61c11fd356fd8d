/**
 * Where the showroom keeps its data: the demo's store (the default of `plan`, `settle` and
 * `report`: `examples/showroom/.data/demo`, see `DemoStore.ts`), embedded PGlite in another data
 * directory (`--data-dir`), in memory (`--memory`), or a PostgreSQL server (`--url`). The store
 * packages are loaded only when a command opens a store.
 *
 * @module
 */
import type { JipanStore } from "@jipan/core"
import { Effect, Layer } from "effect"
import { pgdataOf } from "./DemoStore.js"

/** The store a command runs against. */
export type StoreChoice =
  | { readonly kind: "memory" }
  | { readonly kind: "dataDir"; readonly dataDir: string }
  | { readonly kind: "demo"; readonly dir: string }
  | { readonly kind: "postgres"; readonly url: string }

/**
 * Picks the store from the flags: `--url` wins, then `--memory`, then `--data-dir` (a demo store
 * when it holds one), then the fallback.
 *
 * @example
 * ```ts
 * chooseStore({ url: undefined, memory: true, dataDir: undefined }, { kind: "demo", dir }) // { kind: "memory" }
 * ```
 */
export const chooseStore = (
  flags: {
    readonly url: string | undefined
    readonly memory: boolean
    readonly dataDir: string | undefined
  },
  fallback: StoreChoice,
  isDemoStore: (dir: string) => boolean
): StoreChoice =>
  flags.url !== undefined
    ? { kind: "postgres", url: flags.url }
    : flags.memory
      ? { kind: "memory" }
      : flags.dataDir !== undefined
        ? isDemoStore(flags.dataDir)
          ? { kind: "demo", dir: flags.dataDir }
          : { kind: "dataDir", dataDir: flags.dataDir }
        : fallback

/**
 * A readable description of the store, for the `Store:` line (passwords hidden).
 *
 * @example
 * ```ts
 * describeStore({ kind: "postgres", url: "postgres://u:secret@db/jipan" }) // "PostgreSQL at postgres://***@db/jipan"
 * ```
 */
export const describeStore = (choice: StoreChoice): string => {
  switch (choice.kind) {
    case "memory":
      return "embedded PGlite, in memory (nothing is kept)"
    case "dataDir":
      return `embedded PGlite at ${choice.dataDir}`
    case "demo":
      return `the demo's embedded PGlite at ${choice.dir}`
    case "postgres":
      return `PostgreSQL at ${choice.url.replace(/\/\/[^@/]*@/, "//***@")}`
  }
}

/**
 * The store layer for a choice (only the Jipan ports are exposed). `relaxedDurability` lets
 * PGlite flush asynchronously (the demo's generation, which is discarded if interrupted).
 *
 * @example
 * ```ts
 * const layer = storeLayer({ kind: "memory" })
 * ```
 */
export const storeLayer = (
  choice: StoreChoice,
  options: { readonly relaxedDurability?: boolean } = {}
): Layer.Layer<JipanStore, unknown> => {
  switch (choice.kind) {
    case "postgres":
      return Layer.unwrap(
        Effect.map(
          Effect.promise(() => import("@jipan/store-postgres")),
          ({ JipanPostgres }) => JipanPostgres.layer({ url: choice.url }) as Layer.Layer<JipanStore, unknown>
        )
      )
    default: {
      const dataDir =
        choice.kind === "memory" ? undefined : choice.kind === "demo" ? pgdataOf(choice.dir) : choice.dataDir
      return Layer.unwrap(
        Effect.map(
          Effect.promise(() => import("@jipan/store-pglite")),
          ({ JipanPglite }) =>
            JipanPglite.layer({
              ...(dataDir === undefined ? {} : { dataDir }),
              ...(options.relaxedDurability === true ? { relaxedDurability: true } : {})
            })
        )
      )
    }
  }
}
