import { ChannelError, type ChannelMessage } from "@jipan/core"
import { Effect } from "effect"
import type { Delivered, WebhookChannel } from "../WebhookChannel.js"
import type { WebhookError } from "../WebhookError.js"

/** Core's channel over a typed `deliver`: a `WebhookError` becomes a `ChannelError` (reason tag, retryable, message). */
export const channelOf = (
  name: string,
  deliver: (message: ChannelMessage) => Effect.Effect<Delivered, WebhookError>,
  deduplicates: boolean
): WebhookChannel => {
  const failure = (e: WebhookError) =>
    new ChannelError({ channel: name, reason: e.reason._tag, retryable: e.retryable, message: e.message })
  return {
    name,
    deduplicates,
    deliver,
    send: (message) => Effect.mapError(Effect.asVoid(deliver(message)), failure)
  }
}
