/**
 * The end-to-end harness: builds the cabinet, serves `dist` with Vite's preview server on
 * loopback and drives Debian's Chromium with playwright-core.
 *
 * @module
 */
import { existsSync, readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { fileURLToPath } from "node:url"
import { type Browser, chromium, type Page } from "playwright-core"
import { build, type PreviewServer, preview } from "vite"

/** Where Debian puts Chromium (`apt-get install chromium`); `CABINET_CHROMIUM` overrides it. */
export const CHROMIUM = process.env.CABINET_CHROMIUM ?? "/usr/bin/chromium"

/** Whether the e2e tests can run here. */
export const hasChromium = existsSync(CHROMIUM)

/** The package's folder. */
export const root = fileURLToPath(new URL("..", import.meta.url))

/** Builds the app and serves it; resolves with the base URL and a stop function. */
export const serve = async (options: { readonly build?: boolean; readonly api?: string } = {}) => {
  if (options.build !== false) await build({ root, logLevel: "error" })
  const api = options.api
  const proxy =
    api === undefined
      ? {}
      : {
          proxy: {
            "/api": { target: api, changeOrigin: true, rewrite: (p: string) => p.replace(/^[/]api/, "") }
          }
        }
  const server: PreviewServer = await preview({
    root,
    logLevel: "error",
    preview: { host: "127.0.0.1", port: 0, ...proxy }
  })
  const address = server.httpServer.address()
  const port = typeof address === "object" && address !== null ? address.port : 0
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() }
}

/** Launches Chromium headless with the flags this machine needs. */
export const launch = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync"
    ]
  })

/** Waits until the cabinet has opened its backend (seeding the demo on a first open). */
export const ready = (page: Page) =>
  page.waitForFunction(() => (window as { __CABINET_READY__?: boolean }).__CABINET_READY__ === true, null, {
    timeout: 90_000
  })

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8")

/** One axe violation, as the tests report it. */
export interface Violation {
  readonly id: string
  readonly impact: string | null
  readonly help: string
  readonly nodes: number
}

/** Runs axe-core in the page; resolves with the serious and critical violations. */
export const axe = async (page: Page): Promise<ReadonlyArray<Violation>> => {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: axeSource })
  return page.evaluate(async () => {
    const result = await (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: object
          ) => Promise<{
            violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<unknown> }>
          }>
        }
      }
    ).axe.run(document, { resultTypes: ["violations"] })
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }))
  })
}

/**
 * Tabs through the page and returns the visible controls (links, buttons, inputs, selects) that
 * the keyboard never reached.
 */
export const unreachable = async (page: Page, maxTabs = 400): Promise<ReadonlyArray<string>> => {
  await page.evaluate(() => {
    ;(document.activeElement as HTMLElement | null)?.blur()
    for (const [i, el] of [
      ...document.querySelectorAll("a[href], button, input, select, textarea")
    ].entries())
      el.setAttribute("data-kb", String(i))
  })
  const reached = new Set<string>()
  let previous: string | null = null
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press("Tab")
    const id = await page.evaluate(() => document.activeElement?.getAttribute("data-kb") ?? null)
    // a date input takes several Tabs (year, month, day) on the same element
    if (id !== null && id !== previous) {
      if (reached.has(id)) break // wrapped around
      reached.add(id)
    }
    previous = id
  }
  return page.evaluate(
    (seen) => {
      const set = new Set(seen)
      return [...document.querySelectorAll<HTMLElement>("[data-kb]")]
        .filter((el) => {
          const r = el.getBoundingClientRect()
          const style = getComputedStyle(el)
          const hidden =
            r.width === 0 ||
            r.height === 0 ||
            style.visibility === "hidden" ||
            el.closest("[hidden], details:not([open])") !== null
          return !hidden && !(el as HTMLButtonElement).disabled && !set.has(el.getAttribute("data-kb") ?? "")
        })
        .map((el) => el.outerHTML.slice(0, 120))
    },
    [...reached]
  )
}
