/**
 * fast-check arbitraries for the values a DMS sends Jipan, all VALID (they decode with the core's
 * decoders and stay within the bounds a store can hold): instants, phones, ids (hostile ones
 * included: `__proto__`, SQL, long unicode — valid, so they must round-trip), every card command,
 * command sequences that make sense for the card's state, card events, referral commands and
 * sequences, ledger entries, showroom visits, surveys and every policy section. Their invalid
 * twins are in `invalid` (InvalidArbitraries.ts).
 *
 * One module per context, in `arbitraries/`: kernel values, card commands, card sequences and
 * histories, referrals and the ledger, policies, report inputs, and the facade's read queries.
 *
 * @module
 */
export * from "./arbitraries/CardCommand.js"
export * from "./arbitraries/CardSequence.js"
export * from "./arbitraries/Kernel.js"
export * from "./arbitraries/Policy.js"
export * from "./arbitraries/Query.js"
export * from "./arbitraries/Referral.js"
export * from "./arbitraries/Report.js"
