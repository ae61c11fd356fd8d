// The command line: `keys create` prints a key once, `serve` on the same data directory answers
// with it, prints the docs' URL, and stops cleanly on SIGTERM.
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { createInterface } from "node:readline"
import { afterAll, describe, expect, it } from "vitest"

const root = new URL("..", import.meta.url).pathname
const dataDir = mkdtempSync(join(tmpdir(), "dms-api-cli-"))
const run = (args: ReadonlyArray<string>) =>
  spawn(process.execPath, ["--import", "tsx", "src/main.ts", ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, JIPAN_DATABASE_URL: "" }
  })
const output = (child: ChildProcess) =>
  new Promise<{ code: number | null; out: string }>((resolve) => {
    let out = ""
    child.stdout?.on("data", (c) => {
      out += c
    })
    child.stderr?.on("data", (c) => {
      out += c
    })
    child.on("exit", (code) => resolve({ code, out }))
  })

afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe("npm run api", () => {
  it("creates a key, serves with it, and stops on SIGTERM", async () => {
    const created = await output(
      run([
        "keys",
        "create",
        "--data-dir",
        dataDir,
        "--group",
        "grp-east",
        "--store",
        "store-01",
        "--role",
        "admin"
      ])
    )
    expect(created.code, created.out).toBe(0)
    const key = /jpk_\S+/.exec(created.out)?.[0] ?? ""
    expect(key).not.toBe("")
    const listed = await output(run(["keys", "list", "--data-dir", dataDir, "--group", "grp-east"]))
    expect(listed.code).toBe(0)
    expect(listed.out).toContain("grp-east/store-01\tadmin")
    expect(listed.out.includes(key.slice(-20))).toBe(false)
    const bad = await output(
      run(["keys", "create", "--data-dir", dataDir, "--group", "grp east", "--role", "admin"])
    )
    expect(bad.code).toBe(1)
    // a dispatcher set-up that does not decode: refused before serving, not a dispatcher that stops
    const badEvery = await output(run(["--data-dir", dataDir, "--port", "0", "--dispatch-every", "soon"]))
    expect(badEvery.code).toBe(1)
    expect(badEvery.out).toContain("--dispatch-every")

    const server = run(["--data-dir", dataDir, "--port", "0", "--quiet"])
    const done = output(server)
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no URL printed")), 45_000)
      createInterface({ input: server.stdout as NodeJS.ReadableStream }).on("line", (line) => {
        const m = /on (http:\/\/\S+)/.exec(line)
        if (m?.[1] !== undefined) {
          clearTimeout(timer)
          resolve(m[1])
        }
      })
    })
    const docs = await fetch(`${url}/docs`)
    expect(docs.status).toBe(200)
    const cards = await fetch(`${url}/cards`, { headers: { authorization: `Bearer ${key}` } })
    expect(cards.status).toBe(200)
    server.kill("SIGTERM")
    const exit = await done
    expect(exit.code, exit.out).toBe(0)
    await expect(fetch(`${url}/health`)).rejects.toThrow()
  }, 90_000)
})
