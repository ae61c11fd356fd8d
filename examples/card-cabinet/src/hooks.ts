/**
 * A small data hook: runs an async read when its inputs change and keeps the last value.
 *
 * @module
 */
import { useEffect, useState } from "react"

/** The state of an async read. */
export type Loaded<A> =
  | { readonly _tag: "loading" }
  | { readonly _tag: "done"; readonly value: A }
  | { readonly _tag: "failed"; readonly error: unknown }

/** Runs `read` whenever `deps` change; the previous value stays while reloading. */
export const useLoad = <A>(read: () => Promise<A>, deps: ReadonlyArray<unknown>): Loaded<A> => {
  const [state, setState] = useState<Loaded<A>>({ _tag: "loading" })
  useEffect(() => {
    let live = true
    read().then(
      (value) => live && setState({ _tag: "done", value }),
      (error: unknown) => live && setState({ _tag: "failed", error })
    )
    return () => {
      live = false
    }
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists the inputs of read
  }, deps)
  return state
}

/** A readable message of a rejection (the core's errors carry `message` and `_tag`). */
export const messageOf = (error: unknown): string =>
  error instanceof Error
    ? error.message
    : typeof error === "object" && error !== null && "message" in error
      ? String((error as { message: unknown }).message)
      : String(error)
