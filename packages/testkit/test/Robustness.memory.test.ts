// Issue #14 on the in-memory store: fuzz over the facade and the decoders, random valid command
// sequences read back and reported, and two stores of a group sharing every id.
import { layerMemory } from "@jipan/core"
import { acceptanceSuite, fuzzSuite, tenantIsolationSuite } from "../src/index.js"

fuzzSuite("memory", () => layerMemory)
acceptanceSuite("memory", () => layerMemory)
tenantIsolationSuite("memory", () => layerMemory)
