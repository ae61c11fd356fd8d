/**
 * `@jipan/notify-webhook`: signed JSON webhooks, and the WeCom and DingTalk group-robot formats.
 *
 * @since 0.1.0
 */

/** DingTalk (钉钉) group robot: message format, 加签 signed URL, errcode classification. */
export * as DingTalkRobot from "./DingTalkRobot.js"
/** One JSON POST with a timeout and classified failures. */
export * as JsonPost from "./JsonPost.js"
/** The generic signed JSON webhook. */
export * as WebhookChannel from "./WebhookChannel.js"
/** `WebhookError`, its reasons and the status classification. */
export * as WebhookError from "./WebhookError.js"
/** The `WebhookNotifier` service and the message and delivery models. */
export * as WebhookNotifier from "./WebhookNotifier.js"
/** Core's channel port over the webhook notifiers: `make`, `layer`, `toChannelError`. */
export * as WebhookNotifierChannel from "./WebhookNotifierChannel.js"
/** HMAC-SHA256 signing and `verifyWebhook` for receivers. */
export * as WebhookSignature from "./WebhookSignature.js"
/** WeCom (企业微信) group robot: message format and errcode classification. */
export * as WeComRobot from "./WeComRobot.js"
