/**
 * `@jipan/notify-email`: notifications by email over SMTP (nodemailer, pooled).
 *
 * @since 0.1.0
 */

/** `EmailError`, its reasons and the SMTP reply classification. */
export * as EmailError from "./EmailError.js"
/** The `EmailNotifier` service and the message and delivery models. */
export * as EmailNotifier from "./EmailNotifier.js"
/** Core's channel port over the email notifier: `make`, `layer`, `toChannelError`. */
export * as EmailNotifierChannel from "./EmailNotifierChannel.js"
/** The pooled SMTP channel: `make`, `layer`, Message-ID and HTML helpers. */
export * as SmtpChannel from "./SmtpChannel.js"
