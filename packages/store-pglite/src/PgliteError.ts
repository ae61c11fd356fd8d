/**
 * The one error of the PGlite adapters (Node and browser): PGlite could not be opened.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * Why PGlite could not be opened.
 *
 * - `DataDirUnavailable`: the data directory could not be created or is not a directory.
 * - `OpenFailed`: PGlite itself failed to start (corrupt or locked data directory,
 *   incompatible data directory version, WebAssembly failure, out of memory).
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import type { PgliteClient } from "@jipan/store-pglite"
 *
 * const retryable = (reason: PgliteClient.PgliteErrorReason) => reason === "OpenFailed"
 * ```
 */
// A plain union, not `typeof Schema.Type` next to a same-named schema constant: tsup's
// bundled d.ts keeps only the value of such a pair inside the `PgliteClient` namespace.
export type PgliteErrorReason = "DataDirUnavailable" | "OpenFailed"

/**
 * The one error of this adapter: PGlite could not be created or opened.
 * Failures of queries are `SqlError`s from effect/sql, as with any `SqlClient`.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { PgliteClient } from "@jipan/store-pglite"
 *
 * const program = Layer.build(PgliteClient.layerOwned({ dataDir: "/var/lib/jipan" })).pipe(
 *   Effect.scoped,
 *   Effect.catchTag("PgliteError", (e) => Effect.logError(`${e.reason}: ${e.message}`))
 * )
 * ```
 */
export class PgliteError extends Schema.TaggedError<PgliteError>("@jipan/store-pglite/PgliteError")(
  "PgliteError",
  {
    reason: Schema.Literals(["DataDirUnavailable", "OpenFailed"] satisfies ReadonlyArray<PgliteErrorReason>),
    message: Schema.String,
    dataDir: Schema.optional(Schema.String),
    cause: Schema.optional(Schema.Defect())
  }
) {}
