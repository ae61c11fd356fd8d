/**
 * `@jipan/notify-wechat`: WeChat Official Account template messages to the customer's openid,
 * with a cached access token and a fallback channel, as a `@jipan/core` `NotifierChannel`.
 *
 * @since 0.1.0
 */

/** The access token: fetched, cached until it expires, refreshed when refused. */
export * as AccessToken from "./AccessToken.js"
/** The WeChat channel (core's `NotifierChannel`): one message, one template message, and the fallback. */
export * as WeChatChannel from "./WeChatChannel.js"
/** The configuration as data: account, templates per kind, purposes, opt-out text, fallback. */
export * as WeChatConfig from "./WeChatConfig.js"
/** `WeChatError`, its reasons, and the errcode classification. */
export * as WeChatError from "./WeChatError.js"
