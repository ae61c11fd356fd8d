#!/usr/bin/env node
// The showroom CLI: runs the bundle in dist/ (built from src/ on first use and whenever a source
// changed), with V8's compile cache on, so a command starts in a fraction of a second.
import module from "node:module"
import { ensureBuilt } from "../scripts/build.mjs"

module.enableCompileCache?.()
await ensureBuilt()
await import("../dist/main.mjs")
