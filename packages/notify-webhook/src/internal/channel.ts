import { type ChannelMessage, deliveringChannel } from "@jipan/core"
import type { Effect } from "effect"
import type { Delivered, WebhookChannel } from "../WebhookChannel.js"
import type { WebhookError } from "../WebhookError.js"

/** Core's channel over a typed `deliver` (see `deliveringChannel`), with the webhook's dedupe flag. */
export const channelOf = (
  name: string,
  deliver: (message: ChannelMessage) => Effect.Effect<Delivered, WebhookError>,
  deduplicates: boolean
): WebhookChannel => ({ ...deliveringChannel(name, deliver), deduplicates })
