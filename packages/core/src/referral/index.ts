/**
 * `@jipan/core/referral`: referrals, their validity, rewards and the monthly settlement.
 *
 * Answers:
 * - Is this referral valid, and who claimed the referee first? (ReferralValidity)
 * - What happens to a referral from registration to payment or reversal? (Referral, ReferralCommand)
 * - What do the referee's cards and earlier claims say, and what must a referral hear of its referee's card? (RefereeLookups)
 * - What motivates a referrer, and how far does a chain reach? (ReferrerMotive, ReferralChain)
 * - What was issued, redeemed or reversed? (RewardLedger)
 * - What does a month settle to per referrer and consultant? (Settlement)
 *
 * @module
 */
export * from "./RefereeLookups.js"
export * from "./Referral.js"
export * from "./ReferralChain.js"
export * from "./ReferralCommand.js"
export * from "./ReferralValidity.js"
export * from "./ReferrerMotive.js"
export * from "./RewardLedger.js"
export * from "./Settlement.js"
export * from "./YearMonth.js"
