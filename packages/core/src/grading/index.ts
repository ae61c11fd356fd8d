/**
 * `@jipan/core/grading`: prospect grading (O/H/A/B/C/N) and follow-up intervals.
 *
 * Answers:
 * - Which grade does this evidence and time frame give, and why? (Grading)
 * - When is the next contact due for a grade, and how does a lapse downgrade? (FollowUp)
 * - How is a customer classified? (CustomerClassification)
 *
 * @module
 */
export * from "./CustomerClassification.js"
export * from "./FollowUp.js"
export * from "./Grading.js"
