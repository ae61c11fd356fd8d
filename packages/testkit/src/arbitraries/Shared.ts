/**
 * Constants the domain arbitraries share (not exported from the package): the day and minute in
 * milliseconds, where sequences start, the actors who issue commands and the two consultants.
 *
 * @module
 */
import type { Actor } from "@jipan/core"

export const DAY = 86_400_000
export const MINUTE = 60_000

/** 2026-03-02 09:00 in Beijing, where sequences start by default. */
export const SEQUENCE_START = Date.parse("2026-03-02T09:00:00+08:00")

export const ACTORS: ReadonlyArray<Actor> = [
  { id: "c-wang", role: "consultant" },
  { id: "c-li", role: "consultant" },
  { id: "s-zhao", role: "supervisor" },
  { id: "dcrc-1", role: "dcrc" },
  { id: "dms", role: "system" }
]
export const CONSULTANTS = ["c-wang", "c-li"] as const
