/**
 * `@jipan/core/card`: the customer card: commands, events, the decider and its errors.
 *
 * Answers:
 * - What may happen to a card next, and what events does a command produce? (Card, CardCommand, CardEvent, CardError)
 * - What does a list or a work list show of a card? (CardSummary)
 * - Which drawer of the cabinet is a card filed in? (Cabinet)
 * - What did a command change? (CardChange)
 * - What did the customer complain of, and how was it resolved? (Complaint)
 * - Which week and by which means does the consultant plan to reach the customer? (VisitPlan)
 *
 * @module
 */
export * from "./Cabinet.js"
export * from "./Card.js"
export * from "./CardChange.js"
export * from "./CardCommand.js"
export * from "./CardDecider.js"
export * from "./CardError.js"
export * from "./CardEvent.js"
export * from "./CardEvolve.js"
export * from "./CardLifecycle.js"
export * from "./CardState.js"
export * from "./CardSummary.js"
export * from "./Complaint.js"
export * from "./VisitPlan.js"
