/**
 * Where the showroom keeps its data: embedded PGlite in a data directory (the default, under
 * `.jipan-data/` in the current directory), embedded PGlite in memory (`--memory`), or a
 * PostgreSQL server (`--url`).
 *
 * @module
 */
import type { JipanStore } from "@jipan/core"
import { JipanPglite } from "@jipan/store-pglite"
import { JipanPostgres } from "@jipan/store-postgres"
import type { Layer } from "effect"

/** The store a command runs against. */
export type StoreChoice =
  | { readonly kind: "memory" }
  | { readonly kind: "dataDir"; readonly dataDir: string }
  | { readonly kind: "postgres"; readonly url: string }

/** The default data directory of the CLI, relative to the current directory. */
export const DEFAULT_DATA_DIR = ".jipan-data/showroom"

/** Picks the store from the flags: `--url` wins, then `--memory`, then the data directory. */
export const chooseStore = (flags: {
  readonly url: string | undefined
  readonly memory: boolean
  readonly dataDir: string | undefined
}): StoreChoice =>
  flags.url !== undefined
    ? { kind: "postgres", url: flags.url }
    : flags.memory
      ? { kind: "memory" }
      : { kind: "dataDir", dataDir: flags.dataDir ?? DEFAULT_DATA_DIR }

/** A readable description of the store, for the first line of output. */
export const describeStore = (choice: StoreChoice): string => {
  switch (choice.kind) {
    case "memory":
      return "embedded PGlite, in memory (nothing is kept)"
    case "dataDir":
      return `embedded PGlite at ${choice.dataDir}`
    case "postgres":
      return `PostgreSQL at ${choice.url.replace(/\/\/[^@/]*@/, "//***@")}`
  }
}

/** The store layer for a choice (only the Jipan ports are exposed). */
export const storeLayer = (choice: StoreChoice): Layer.Layer<JipanStore, unknown> => {
  switch (choice.kind) {
    case "memory":
      return JipanPglite.layer()
    case "dataDir":
      return JipanPglite.layer({ dataDir: choice.dataDir })
    case "postgres":
      return JipanPostgres.layer({ url: choice.url })
  }
}
