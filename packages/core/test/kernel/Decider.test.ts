import { Result } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { cardDecider, type Decider, decideAndEvolve, foldWith, referralDecider } from "../../src/index.js"

// A bank account as the smallest decider: withdrawals beyond the balance are refused.
type Command = { readonly deposit: number } | { readonly withdraw: number }
type Account = { readonly balance: number; readonly version: number }
const account: Decider<Command, Account, number, "insufficient", void> = {
  initialState: { balance: 0, version: 0 },
  decide: (c, s) =>
    "deposit" in c
      ? Result.succeed([c.deposit])
      : c.withdraw > s.balance
        ? Result.fail("insufficient")
        : Result.succeed([-c.withdraw]),
  evolve: (s, e) => ({ balance: s.balance + e, version: s.version + 1 })
}

describe("the decider", () => {
  it("folds a history from the initial state or from a snapshot", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -100, max: 100 })), fc.nat(), (events, k) => {
        const cut = events.length === 0 ? 0 : k % events.length
        const whole = foldWith(account, events)
        expect(whole).toEqual({ balance: events.reduce((a, b) => a + b, 0), version: events.length })
        expect(foldWith(account, events.slice(cut), foldWith(account, events.slice(0, cut)))).toEqual(whole)
      })
    )
  })

  it("decides and evolves: the state of the events, or the refusal with nothing applied", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.record({ deposit: fc.nat(50) }), fc.record({ withdraw: fc.nat(50) }))),
        (commands) => {
          let state = account.initialState
          const history: Array<number> = []
          for (const c of commands) {
            const r = decideAndEvolve(account, c, state, undefined)
            if (Result.isFailure(r)) {
              expect("withdraw" in c && c.withdraw > state.balance).toBe(true)
              continue
            }
            history.push(...r.success.events)
            state = r.success.state
            expect(state.balance).toBeGreaterThanOrEqual(0)
          }
          expect(foldWith(account, history)).toEqual(state)
        }
      )
    )
  })

  it("is the shape of the card and the referral", () => {
    expect(foldWith(cardDecider, []).status).toBe("none")
    expect(foldWith(referralDecider, []).status).toBe("none")
  })
})
