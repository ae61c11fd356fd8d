/**
 * `@jipan/core/care`: owned-customer care after delivery.
 *
 * Answers:
 * - Which care contacts follow a delivery, and on which days? (CarePlan, CareContact)
 * - Which days are statutory holidays, and which years are not known yet? (HolidayCalendar)
 * - How loyal and satisfied is an owner? (Loyalty)
 *
 * @module
 */
export * from "./CareContact.js"
export * from "./CarePlan.js"
export * from "./HolidayCalendar.js"
export * from "./Loyalty.js"
