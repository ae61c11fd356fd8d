// Compile-time conformance: the PGlite layer provides every port of a Jipan store and the SqlClient.
import type { JipanStore } from "@jipan/core"
import type { Layer } from "effect"
import type { SqlClient } from "effect/sql"
import { JipanPglite } from "../src/index.js"

export const pgliteConforms: Layer.Layer<JipanStore | SqlClient.SqlClient, unknown> = JipanPglite.layer()
