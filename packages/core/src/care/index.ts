/**
 * `@jipan/core/care`: owned-customer care after delivery.
 *
 * Answers:
 * - Which care contacts follow a delivery, and on which days? (CarePlan, CareContact)
 * - How loyal and satisfied is an owner? (Loyalty)
 *
 * @module
 */
export * from "./CareContact.js"
export * from "./CarePlan.js"
export * from "./Loyalty.js"
