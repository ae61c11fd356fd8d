/**
 * `@jipan/notify-webhook`: signed JSON webhooks, and the WeCom and DingTalk group robots, each a
 * `@jipan/core` `NotifierChannel`.
 *
 * @since 0.1.0
 */

/** DingTalk (钉钉) group robot: the channel, message format, 加签 signed URL. */
export * as DingTalkRobot from "./DingTalkRobot.js"
/** One JSON POST with a timeout and classified failures. */
export * as JsonPost from "./JsonPost.js"
/** The generic signed JSON webhook channel, and the `WebhookChannel` and `Delivered` models. */
export * as WebhookChannel from "./WebhookChannel.js"
/** `WebhookError`, its reasons and the status classification. */
export * as WebhookError from "./WebhookError.js"
/** HMAC-SHA256 signing and `verifyWebhook` for receivers. */
export * as WebhookSignature from "./WebhookSignature.js"
/** WeCom (企业微信) group robot: the channel and its message format. */
export * as WeComRobot from "./WeComRobot.js"
