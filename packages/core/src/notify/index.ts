/**
 * `@jipan/core/notify`: messages to consultants and customers: the outbox and its dispatcher.
 *
 * Answers:
 * - Which messages does a change cause, in which words? (Notification, NotificationTemplates)
 * - What is queued, and how is it claimed and settled? (Outbox)
 * - May this person be contacted now, on this channel? (Consent, QuietHours)
 * - How does a channel send, and what did the carrier report? (NotifierChannel, DeliveryReceipts)
 * - Who sends what is due? (Dispatcher)
 *
 * @module
 */
export * from "./Consent.js"
export * from "./DeliveryReceipts.js"
export * from "./Dispatcher.js"
export * from "./Notification.js"
export * from "./NotificationTemplates.js"
export * from "./NotifierChannel.js"
export * from "./Outbox.js"
export * from "./PersonConsent.js"
export * from "./QuietHours.js"
