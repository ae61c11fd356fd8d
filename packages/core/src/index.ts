/**
 * @jipan/core — the domain of a car dealer's customer base (基盘) as pure functions: the shared
 * vocabulary, policies as versioned data, and prospect grading with its explanation.
 *
 * @module
 */
export * from "./Cabinet.js"
export * from "./CalendarDate.js"
export * from "./Card.js"
export * from "./CardCommand.js"
export * from "./CardError.js"
export * from "./CardEvent.js"
export * from "./CarePlan.js"
export * from "./ContactChannel.js"
export * from "./CustomerClassification.js"
export * from "./CustomerKind.js"
export * from "./Errors.js"
export * from "./Evidence.js"
export * from "./FollowUp.js"
export * from "./Grading.js"
export * from "./Ids.js"
export * from "./IntentType.js"
export * from "./Label.js"
export * from "./LeadSource.js"
export * from "./Loyalty.js"
export * from "./Money.js"
export * from "./Phone.js"
export * from "./Policy.js"
export * from "./PolicyCheck.js"
export * from "./Vin.js"
