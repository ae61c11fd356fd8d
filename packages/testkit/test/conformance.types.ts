// Compile-time conformance: the memory store provides every port of a Jipan store.
import { type JipanStore, layerMemory } from "@jipan/core"
import type { Layer } from "effect"

export const memoryConforms: Layer.Layer<JipanStore> = layerMemory
