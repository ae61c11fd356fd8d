// The in-memory store of @jipan/core passes the conformance suite (no backdoor: it has no database).
import { layerMemory } from "@jipan/core"
import { storeSuite } from "../src/index.js"

storeSuite("memory", () => layerMemory)
