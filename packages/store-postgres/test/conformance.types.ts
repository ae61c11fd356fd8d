// Compile-time conformance: the PostgreSQL layers provide every port of a Jipan store.
import type { JipanStore } from "@jipan/core"
import type { Layer } from "effect"
import { JipanPostgres } from "../src/index.js"

export const postgresConforms: Layer.Layer<JipanStore, unknown> = JipanPostgres.layer({
  url: "postgres://localhost/x"
})
export const postgresConfigConforms: Layer.Layer<JipanStore, unknown> = JipanPostgres.layerConfig()
