/**
 * `@jipan/core/kernel`: the shared vocabulary every context speaks.
 *
 * Answers:
 * - What day is it in the dealer's zone, and how many days between two? (CalendarDate, Instant)
 * - Which tenant, card, consultant or referral is this? (Tenant, Ids)
 * - How is money held? (Money, integer fen)
 * - Is this a valid phone or VIN? (Phone, Vin) How is a phone shown masked? (PhoneMask)
 * - What does a label say in zh-CN and en? (Label, Text)
 * - Which evidence, lead sources, intent types, contact channels and customer kinds exist? (Evidence, LeadSource, IntentType, ContactChannel, CustomerKind)
 * - How are decisions tabulated? (DecisionTable)
 * - How do failures read? (Errors, StoreError)
 * - How are calls traced without personal data? (Observability)
 * - How are pure look-ups memoised with a bound? (Memo)
 * - Which fields are personal information under PIPL? (PersonalData)
 * - What do surveys and sales record? (Survey, Sale)
 *
 * @module
 */
export * from "./CalendarDate.js"
export * from "./ContactChannel.js"
export * from "./CustomerKind.js"
export * from "./Decider.js"
export * from "./DecisionTable.js"
export * from "./Errors.js"
export * from "./Evidence.js"
export * from "./Ids.js"
export * from "./Instant.js"
export * from "./IntentType.js"
export * from "./Label.js"
export * from "./LeadSource.js"
export * from "./Memo.js"
export * from "./Money.js"
export * from "./Observability.js"
export * from "./PersonalData.js"
export * from "./Phone.js"
export * from "./PhoneMask.js"
export * from "./Sale.js"
export * from "./StoreError.js"
export * from "./Survey.js"
export * from "./Tenant.js"
export * from "./Text.js"
export * from "./Vin.js"
