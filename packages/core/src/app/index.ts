/**
 * `@jipan/core/app`: the ports, use cases and the Promise facade that tie the contexts to a store.
 *
 * Answers:
 * - What does a store offer? (CardStore, ReferralStore, PolicyStore, StoreTransaction)
 * - How is a command handled: load, decide, append, in one transaction? (UseCase, UseCaseOptions)
 * - How does a referral find its facts, and hear of its referee's card? (ReferralUseCase)
 * - How are the reports read from a store? (ReportUseCase)
 * - What does a month settle to, from the store alone? (SettlementUseCase)
 * - What does the nightly close of day do? (CloseDay)
 * - What would a draft policy have changed over real history? (PolicyLab)
 * - How does a DMS call all of this with Promises? (Facade, PromiseDispatcher)
 * - A store in memory for tests and demos (MemoryStore)
 *
 * @module
 */
export * from "./AuditLog.js"
export * from "./CardStore.js"
export * from "./CloseDay.js"
export * from "./CommandRunner.js"
export * from "./Erasure.js"
export * from "./Facade.js"
export * from "./MemoryStore.js"
export * from "./PersonalDataExport.js"
export * from "./PolicyLab.js"
export * from "./PolicyLabHistory.js"
export * from "./PolicyReplay.js"
export * from "./PolicyStore.js"
export * from "./PolicyTables.js"
export * from "./PromiseDispatcher.js"
export * from "./ReferralStore.js"
export * from "./ReferralUseCase.js"
export * from "./ReportUseCase.js"
export * from "./RetentionSweep.js"
export * from "./SettlementUseCase.js"
export * from "./StoreTransaction.js"
export * from "./UseCase.js"
export * from "./UseCaseOptions.js"
