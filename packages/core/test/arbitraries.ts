// The core's fast-check arbitraries live in @jipan/testkit (one source); re-exported here by
// relative path so the core's tests need no project reference to the testkit.
export * from "../../testkit/src/Arbitraries.js"
