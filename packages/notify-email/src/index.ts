/**
 * `@jipan/notify-email`: notifications by email over SMTP (nodemailer, pooled), as a
 * `@jipan/core` `NotifierChannel`.
 *
 * @since 0.1.0
 */

/** `EmailError`, its reasons and the SMTP reply classification. */
export * as EmailError from "./EmailError.js"
/** The pooled SMTP channel: `make`, `layer`, the `SmtpChannel` and `Delivered` models, Message-ID and HTML helpers. */
export * as SmtpChannel from "./SmtpChannel.js"
