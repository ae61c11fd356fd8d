// Issue #14 on embedded PGlite (one PGlite for the file, shared by the three suites): fuzz over
// the facade and the decoders, random valid command sequences read back and reported, and two
// stores of a group sharing every id.
import type { JipanStore } from "@jipan/core"
import { Effect, Layer } from "effect"
import { afterAll } from "vitest"
import { acceptanceSuite, fuzzSuite, sharedStore, tenantIsolationSuite } from "../src/index.js"

// @jipan/store-pglite runs the testkit's suites itself, so the testkit cannot reference it in its
// TypeScript project (a cycle): it is imported by name at run time (vitest resolves it to source).
const storePglite = "@jipan/store-pglite"
interface StorePglite {
  readonly JipanPglite: { readonly layer: () => Layer.Layer<JipanStore, unknown> }
}
const pglite = sharedStore(() =>
  Layer.unwrap(
    Effect.map(
      Effect.promise(() => import(/* @vite-ignore */ storePglite) as Promise<StorePglite>),
      (m) => m.JipanPglite.layer()
    )
  )
)
afterAll(pglite.close, 60_000)

fuzzSuite("pglite", pglite.layer, { runs: 25, budgetMs: 5_000 })
acceptanceSuite("pglite", pglite.layer, { runs: 10, budgetMs: 4_000 })
tenantIsolationSuite("pglite", pglite.layer)
