/**
 * The cabinet online: the DMS API (`examples/dms-api`) on loopback with an empty store on PGlite,
 * a supervisor key created with its CLI, and the cabinet served with its /api proxy, driven in
 * Chromium. Skips with a message when Chromium is not installed.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import type { Browser, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { axe, CHROMIUM, hasChromium, launch, ready, serve } from "./harness.js"

const dmsApi = fileURLToPath(new URL("../../dms-api/", import.meta.url))
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const address = s.address()
      s.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0))
    })
  })

if (!hasChromium)
  console.warn(
    `card-cabinet online e2e skipped: ${CHROMIUM} is absent (apt-get install -y chromium; CI installs it)`
  )

describe.skipIf(!hasChromium)("the card cabinet online, against the DMS API on loopback", () => {
  let api: ChildProcess | undefined
  let browser: Browser
  let page: Page
  let server: { url: string; close: () => Promise<void> }
  const dataDir = mkdtempSync(join(tmpdir(), "cabinet-api-"))

  beforeAll(async () => {
    const cli = (args: ReadonlyArray<string>) => [
      "--import",
      "tsx",
      "src/main.ts",
      ...args,
      "--data-dir",
      dataDir
    ]
    const key = spawnSync(
      process.execPath,
      cli(["keys", "create", "--group", "grp-demo", "--store", "store-01", "--role", "supervisor"]),
      { cwd: dmsApi, encoding: "utf8" }
    )
    const apiKey = /jpk_[A-Za-z0-9_-]+/.exec(key.stdout)?.[0]
    if (apiKey === undefined) throw new Error(`no key: ${key.stdout} ${key.stderr}`)
    const port = await freePort()
    const child = spawn(process.execPath, cli(["--port", String(port), "--quiet"]), { cwd: dmsApi })
    api = child
    await new Promise<void>((resolve, reject) => {
      let out = ""
      child.stdout?.on("data", (d: Buffer) => {
        out += d.toString()
        if (out.includes("Jipan DMS API on")) resolve()
      })
      child.on("exit", (code) => reject(new Error(`the API exited with ${code}: ${out}`)))
    })
    server = await serve({ api: `http://127.0.0.1:${port}` })
    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } })
    await page.goto(`${server.url}?api=/api&key=${apiKey}&consultants=c-01,c-02`)
    await ready(page)
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (api?.pid !== undefined) api.kill("SIGTERM")
    rmSync(dataDir, { recursive: true, force: true })
  })

  let cardId = ""
  it("opens a card through the API with live grading, logs a contact and finds it in its drawer", async () => {
    expect(await page.locator(".mode").textContent()).toContain("DMS API")
    await page.evaluate(() => {
      location.hash = "#/new"
    })
    await page.locator("input[name=phone]").fill("13900002222")
    await page.locator("input[name=modelChosen]").check()
    await page.locator("input[name=testDriveBooked]").check()
    await page.locator("select[name=timeframe]").selectOption("15")
    await expect.poll(() => page.locator("[data-grade]").getAttribute("data-grade")).toBe("A")
    await page.locator("button[data-action=open-card]").click()
    await page.locator("#card-title").waitFor()
    await expect.poll(() => page.getByTestId("card-grade").textContent()).toBe("A")
    for (const name of ["colourChosen", "testDriveDone", "budgetSettled", "decisionMakerPresent"])
      await page.locator(`input[name=${name}]`).check()
    await page.locator("select[name=timeframe]").selectOption("7")
    await page.locator("button[data-action=log-contact]").click()
    await expect.poll(() => page.getByTestId("card-grade").textContent()).toBe("H")
    const due = await page.getByTestId("card-due").textContent()
    cardId = (await page.locator("#card-title").textContent())?.split(" ")[1] ?? ""
    await page.evaluate(() => {
      location.hash = "#/cabinet"
    })
    await page.locator(`button[data-drawer="H|${due}"]`).click()
    await page.locator(`.tiles a[data-card="${cardId}"]`).waitFor()
    expect(await axe(page)).toEqual([])
  })

  it("orders, then cancels the order through the API on into a defeat request (退订 → 战败申请)", async () => {
    await page.evaluate((id) => {
      location.hash = `#/card/${id}`
    }, cardId)
    await page.locator("button[data-action=order]").click()
    await expect.poll(() => page.getByTestId("card-grade").textContent()).toBe("O")
    await page.locator("input[name=cancelReason]").fill("买了别家")
    await page.locator("input[name=cancelNext][value=requestDefeat]").check()
    await page.locator("select[name=cancelDefeatType]").selectOption("price")
    await page.locator("select[name=cancelDefeatReason]").selectOption("betterOffer")
    await page.locator("button[data-action=cancel-order]").click()
    await expect.poll(() => page.getByTestId("card-status").textContent()).toBe("战败审核中")
    expect(await page.locator('.history [data-event="OrderCancelled"]').textContent()).toContain("买了别家")
    expect(await page.locator('.history [data-event="DefeatRequested"]').count()).toBe(1)
    expect(await axe(page)).toEqual([])
  })
  it("hides the base-visit plan (the API has no plan endpoints) and says why", async () => {
    expect(await page.locator(".top nav a[href='#/plan']").count()).toBe(0)
    await page.evaluate(() => {
      location.hash = "#/plan"
    })
    await expect.poll(() => page.getByTestId("plan-hidden").textContent()).toContain("DMS API")
    expect(await page.locator("[data-testid=plan-lines]").count()).toBe(0)
  })

  it("records an other-brand owner through the API, shows its mining plan and mines it", async () => {
    await page.evaluate(() => {
      location.hash = "#/new/base"
    })
    await page.locator("input[name=basePhone]").fill("13900003333")
    await page.locator("input[name=baseBrand]").fill("Honda")
    await page.locator("input[name=baseModel]").fill("Accord")
    await page.locator("input[name=baseBoughtOn]").fill("2021-05-01")
    await page.locator("button[data-action=record-broad-base]").click()
    await page.locator("#card-title").waitFor()
    await expect.poll(() => page.getByTestId("card-base-kind").textContent()).toBe("他牌基盘")
    const rules = await page
      .getByTestId("mining-plan")
      .locator("tr[data-rule]")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-rule")))
    expect(rules).toEqual(expect.arrayContaining(["mining.keepInTouch", "mining.replacement.otherBrand"]))
    const base = (await page.locator("#card-title").textContent())?.match(/base-\S+/)?.[0] ?? ""
    await page.locator("button[data-action=mine-owner]").click()
    await expect.poll(() => page.locator("#card-title").textContent()).toContain(`${base}-m1`)
    await expect.poll(() => page.getByTestId("card-status").textContent()).toBe("有望客户")
    expect(await page.getByTestId("mined-from").textContent()).toBe(base)
    expect(await axe(page)).toEqual([])
  })
})
