// docs/notifications.md shows the configuration for the real endpoint and the wiring: the JSON
// block must decode, and the TypeScript block must be the compiled snippet file exactly.
import { readFileSync } from "node:fs"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { WeChatConfig } from "../src/index.js"

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), "utf8")
const guide = read("docs/notifications.md")

describe("the WeChat section of docs/notifications.md", () => {
  it("shows a configuration that decodes, with the real endpoint as the default", () => {
    const json = /<!-- config: wechat -->\n```json\n([\s\S]*?)```/.exec(guide)?.[1] ?? ""
    const config = Schema.decodeUnknownSync(WeChatConfig.WeChatConfig)(JSON.parse(json))
    expect(config.baseUrl).toBeUndefined()
    expect(Object.keys(config.templates)).toContain("careContact.maintenance")
  })

  it("shows the wiring snippet exactly as compiled", () => {
    expect(guide).toContain(
      `\`\`\`ts\n${read("packages/notify-wechat/test/snippets/wechat-channel.ts")}\`\`\``
    )
  })
})
