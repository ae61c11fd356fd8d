/**
 * `@jipan/testkit`: fast-check arbitraries for the core's types (valid ones, and deliberately
 * invalid ones in `invalid`), fixtures, the conformance suite every Jipan store adapter passes
 * (`storeSuite`), and the suites that hold a store and the core to "nothing accepted that cannot
 * be read back, nothing lost between stores" (`fuzzSuite`, `acceptanceSuite`,
 * `tenantIsolationSuite`), and a loopback HTTP server for tests that talk HTTP (`loopbackServer`).
 *
 * @module
 */
export * from "./AcceptanceSuite.js"
export * from "./Arbitraries.js"
export * from "./conformance/Backdoor.js"
export type { SettleTestName } from "./conformance/OutboxSettle.js"
export type { ReportTestName } from "./conformance/ReportSource.js"
export * from "./DomainArbitraries.js"
export * from "./FacadeSupport.js"
export * from "./Fixtures.js"
export * from "./FuzzSuite.js"
export * from "./InvalidArbitraries.js"
export * from "./LoopbackServer.js"
export * from "./NotifierSuite.js"
export * from "./StoreSuite.js"
export * from "./TenantIsolationSuite.js"
