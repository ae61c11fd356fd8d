/**
 * `@jipan/core/policy`: the policy document: every number of the domain as versioned, effective-dated data.
 *
 * Answers:
 * - Which policy is in force on a day, and what are its defaults? (Policy)
 * - Which days are statutory holidays, as the group put them? (HolidayPolicy)
 * - What do notifications and reports read from it? (NotificationPolicy, ReportPolicy)
 * - Which reward tables exist and what do their rows mean? (RewardTables)
 * - Is a draft policy sound: gaps, overlaps, shadowed rows? (PolicyCheck)
 *
 * @module
 */
export * from "./CarePolicy.js"
export * from "./GradingPolicy.js"
export * from "./HolidayPolicy.js"
export * from "./LifecyclePolicy.js"
export * from "./NotificationPolicy.js"
export * from "./Policy.js"
export * from "./PolicyCheck.js"
export * from "./PrivacyPolicy.js"
export * from "./ReferralPolicy.js"
export * from "./ReportPolicy.js"
export * from "./RewardTables.js"
