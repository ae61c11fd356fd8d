/**
 * A Promise dispatcher whose code is loaded on its first call (the facade's `dispatcher(…)`: a
 * front end that never dispatches does not carry the dispatcher). It behaves as the dispatcher it
 * loads: `start()` before the load starts it once loaded (unless `stop()` came first), `running()`
 * is what was asked for until then, every other call waits for the load.
 *
 * @internal
 */
import type { JipanDispatcher } from "../PromiseDispatcher.js"

/** The dispatcher `load` resolves with, loaded on the first call. */
export const lazyDispatcher = (
  load: () => Promise<JipanDispatcher>,
  onError: ((error: unknown) => void) | undefined
): JipanDispatcher => {
  let loaded: JipanDispatcher | undefined
  let loading: Promise<JipanDispatcher> | undefined
  // start() asked for before the dispatcher was loaded
  let wanted = false
  const ready = () =>
    (loading ??= load().then((d) => {
      loaded = d
      if (wanted) d.start()
      return d
    }))
  return {
    runOnce: async () => (await ready()).runOnce(),
    runUntilIdle: async () => (await ready()).runUntilIdle(),
    start: () => {
      if (loaded !== undefined) return loaded.start()
      if (wanted) return
      wanted = true
      // a start's failures go to onError, as the loop's do
      ready().catch((e: unknown) => {
        wanted = false
        onError?.(e)
      })
    },
    stop: async () => {
      wanted = false
      if (loaded === undefined && loading === undefined) return
      await (await ready()).stop()
    },
    running: () => (loaded === undefined ? wanted : loaded.running()),
    close: async () => {
      wanted = false
      if (loaded === undefined && loading === undefined) return
      await (await ready()).close()
    }
  }
}
