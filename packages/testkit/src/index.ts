/**
 * `@jipan/testkit`: fast-check arbitraries for the core's types, fixtures, and the conformance
 * suite every Jipan store adapter passes (`storeSuite`).
 *
 * @module
 */
export * from "./Arbitraries.js"
export * from "./Fixtures.js"
export * from "./NotifierSuite.js"
export type { SettleTestName } from "./OutboxSettleConformance.js"
export type { ReportTestName } from "./ReportConformance.js"
export * from "./StoreSuite.js"
