/**
 * Commands the core has just decoded and hands straight to a use case, which then need not decode
 * them again: the facade decodes what a caller sends (a phone as typed → E.164), then calls
 * `handleCard`, which decodes its input for its own callers. A mark is taken (and gone) by the
 * first look, so a command object that a caller could hold and change later is never trusted.
 *
 * @internal
 */
const marked = new WeakSet<object>()

/** Marks a command the core decoded, for the one use case it is handed to next. */
export const markDecoded = <A extends object>(command: A): A => {
  marked.add(command)
  return command
}

/** Whether `command` was marked by {@link markDecoded}; the mark is taken either way. */
export const takeDecoded = (command: unknown): boolean =>
  typeof command === "object" && command !== null && marked.delete(command)
