// docs/notifications.md shows the configuration for the real endpoints and the wiring: the JSON
// blocks must decode, and the TypeScript block must be the compiled snippet file exactly.
import { readFileSync } from "node:fs"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { SmsConfig } from "../src/index.js"

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), "utf8")
const guide = read("docs/notifications.md")
const configs = [...guide.matchAll(/<!-- config: sms -->\n```json\n([\s\S]*?)```/g)].map((m) => m[1] ?? "")

describe("the SMS sections of docs/notifications.md", () => {
  it("show a configuration per provider that decodes, with the real endpoints as defaults", () => {
    expect(configs.length).toBe(2)
    const decoded = configs.map((json) => Schema.decodeUnknownSync(SmsConfig.SmsConfig)(JSON.parse(json)))
    expect(decoded.map((c) => c.provider.provider)).toEqual(["aliyun", "tencent"])
    expect(decoded.every((c) => c.provider.endpoint === undefined)).toBe(true)
  })

  it("show the wiring snippet exactly as compiled", () => {
    expect(guide).toContain(`\`\`\`ts\n${read("packages/notify-sms/test/snippets/sms-channel.ts")}\`\`\``)
  })
})
