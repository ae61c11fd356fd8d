/**
 * `@jipan/core/referral`: referrals, their validity, rewards and the monthly settlement.
 *
 * Answers:
 * - Is this referral valid, and who claimed the referee first? (ReferralValidity)
 * - What happens to a referral from registration to payment or reversal? (Referral, ReferralCommand)
 * - What motivates a referrer, and how far does a chain reach? (ReferrerMotive, ReferralChain)
 * - What was issued, redeemed or reversed? (RewardLedger)
 * - What does a month settle to per referrer and consultant? (Settlement)
 *
 * @module
 */
export * from "./Referral.js"
export * from "./ReferralChain.js"
export * from "./ReferralCommand.js"
export * from "./ReferralValidity.js"
export * from "./ReferrerMotive.js"
export * from "./RewardLedger.js"
export * from "./Settlement.js"
