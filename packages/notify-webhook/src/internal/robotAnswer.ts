import { Effect } from "effect"
import type { JsonPostResponse } from "../JsonPost.js"
import { InvalidResponse, RobotRejected, WebhookError } from "../WebhookError.js"

/**
 * Group robots answer HTTP 200 even when they refuse: `{ "errcode": 0, "errmsg": "ok" }` is the
 * only success. Anything else becomes a `WebhookError`.
 */
export const checkRobotAnswer = (
  platform: "wecom" | "dingtalk",
  answer: JsonPostResponse,
  retryableErrcodes: ReadonlySet<number>
): Effect.Effect<void, WebhookError> => {
  let parsed: unknown
  try {
    parsed = JSON.parse(answer.body)
  } catch {
    parsed = undefined
  }
  const errcode =
    typeof parsed === "object" && parsed !== null
      ? (parsed as { readonly errcode?: unknown }).errcode
      : undefined
  if (typeof errcode !== "number") {
    return Effect.fail(
      new WebhookError({
        message: `${platform} robot answered HTTP ${answer.status} without a numeric errcode`,
        reason: new InvalidResponse({ detail: answer.body.slice(0, 200) })
      })
    )
  }
  if (errcode === 0) return Effect.void
  const errmsgValue = (parsed as { readonly errmsg?: unknown }).errmsg
  const errmsg = typeof errmsgValue === "string" ? errmsgValue : ""
  return Effect.fail(
    new WebhookError({
      message: `${platform} robot refused the message: errcode ${errcode} ${errmsg}`.trim(),
      reason: new RobotRejected({ platform, errcode, errmsg, retryable: retryableErrcodes.has(errcode) })
    })
  )
}
