/**
 * `@jipan/notify-sms`: template SMS through Alibaba Cloud and Tencent Cloud, chosen by
 * configuration, as a `@jipan/core` `NotifierChannel`, with the providers' delivery receipts recorded against the outbox message.
 *
 * @since 0.1.0
 */

/** Alibaba Cloud's RPC signature (HMAC-SHA1 over the canonicalized query). */
export * as AliyunSignature from "./AliyunSignature.js"
/** Alibaba Cloud `SendSms`: the signed request and its answer. */
export * as AliyunSms from "./AliyunSms.js"
/** Status-report callbacks: parse, verify, match to the outbox message, record. */
export * as DeliveryReceipts from "./DeliveryReceipts.js"
/** The providers' error codes and their dispositions (retryable, permanent, consent). */
export * as ErrorCodes from "./ErrorCodes.js"
/** Mobile numbers between E.164 and the providers' forms. */
export * as PhoneFormat from "./PhoneFormat.js"
/** The receipt port: submissions (provider id → outbox message) and receipts. */
export * as ReceiptSink from "./ReceiptSink.js"
/** The SMS channel (core's `NotifierChannel`): one message, one provider request. */
export * as SmsChannel from "./SmsChannel.js"
/** The configuration as data: provider, templates per kind, purposes, opt-out text. */
export * as SmsConfig from "./SmsConfig.js"
/** `SmsError`, its reasons and `retryable` / `consent`. */
export * as SmsError from "./SmsError.js"
/** A loopback Alibaba / Tencent SMS provider for tests and demos: signatures checked, receipts pushed. */
export * as SmsLoopback from "./SmsLoopback.js"
/** Tencent Cloud's TC3-HMAC-SHA256 signature. */
export * as TencentSignature from "./TencentSignature.js"
/** Tencent Cloud `SendSms`: the signed request and its answer. */
export * as TencentSms from "./TencentSms.js"
