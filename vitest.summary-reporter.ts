import type { Reporter, TestModule } from "vitest/node"

/**
 * Prints the plain closing line `N passed, N failed, N skipped` that CI reads as the test summary.
 * A test file that fails to load has no tests; it counts as one failure so it cannot hide.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0
    let failed = 0
    let skipped = 0
    for (const module of testModules) {
      const tests = [...module.children.allTests()]
      for (const test of tests) {
        const state = test.result().state
        if (state === "passed") passed++
        else if (state === "failed") failed++
        else skipped++
      }
      if (module.state() === "failed" && tests.length === 0) failed++
    }
    console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
  }
}
