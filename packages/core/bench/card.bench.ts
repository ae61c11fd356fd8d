// The card decider against XState v5 running the same lifecycle as a machine (getNextSnapshot),
// and folding a long history. `npm run bench -- card`.
import { Result } from "effect"
import { assign, createActor, getNextSnapshot, setup } from "xstate"
import { formatRate, measureSync, report } from "../../../scripts/bench-harness.js"
import {
  type CardCommand,
  type CardEvent,
  type CardId,
  type CardState,
  type ConsultantId,
  type CustomerId,
  decideCard,
  defaultPolicy,
  evolveCard,
  foldCard,
  type GradeId,
  initialCardState,
  type PhoneNumber,
  type StoreId
} from "../src/index.js"

const wang = { id: "c-wang", role: "consultant" } as const
const boss = { id: "s-zhao", role: "supervisor" } as const
const start = Date.parse("2026-03-01T09:00:00+08:00")
const h = (n: number) => start + n * 3_600_000

// One lifecycle: open, contacts, override, defeat rejected, reassign, order, delivery, care, mining.
const cycle: ReadonlyArray<CardCommand> = [
  {
    _tag: "OpenCard",
    by: wang,
    at: h(0),
    cardId: "card-1" as CardId,
    storeId: "store-01" as StoreId,
    customerId: "cust-1" as CustomerId,
    phone: "+8613812345678" as PhoneNumber,
    owner: "c-wang" as ConsultantId,
    source: "walkIn",
    intent: "direct",
    evidence: {},
    existingOpenCardId: undefined
  },
  {
    _tag: "LogContact",
    by: wang,
    at: h(20),
    channel: "call",
    outcome: "reached",
    evidence: { purchaseTimeframeDays: 20, modelOfInterest: "GL8" }
  },
  {
    _tag: "LogContact",
    by: wang,
    at: h(90),
    channel: "wechat",
    outcome: "reached",
    evidence: { modelChosen: true, testDriveBooked: true, purchaseTimeframeDays: 12 }
  },
  { _tag: "Regrade", by: wang, at: h(91), grade: "H" as GradeId, justification: "Deposit date agreed" },
  { _tag: "RequestDefeat", by: wang, at: h(100), defeat: { typeId: "price", reasonId: "priceTooHigh" } },
  { _tag: "RejectDefeat", by: boss, at: h(101), grade: "A" as GradeId, note: "Try a finance offer" },
  { _tag: "Reassign", by: boss, at: h(102), to: "c-li" as ConsultantId, reason: "workload" },
  { _tag: "PlaceOrder", by: boss, at: h(120), orderId: "SO-1", model: "GL8" },
  {
    _tag: "Deliver",
    by: boss,
    at: h(200),
    vehicle: { brand: "Buick", model: "GL8", vin: "LSVAU2187N2123456" },
    deliveredOn: "2026-03-09" as never
  },
  {
    _tag: "RecordCareContact",
    by: boss,
    at: h(230),
    ruleId: "care.thankYou",
    plannedOn: "2026-03-10" as never,
    outcome: "done"
  },
  { _tag: "MineOwner", by: boss, at: h(4000), kind: "replacement", newCardId: "card-2" as CardId }
]

let state: CardState = initialCardState
const ours = (i: number) => {
  const k = i % cycle.length
  if (k === 0) state = initialCardState
  const r = decideCard(cycle[k] as CardCommand, state, defaultPolicy)
  if (Result.isFailure(r)) throw new Error(`${r.failure._tag}: ${r.failure.message}`)
  for (const e of r.success) state = evolveCard(state, e)
  return state
}

// The same lifecycle as an XState machine: statuses as states, the guards the decider checks
// (role, time order) and the context it keeps, assigned by actions.
interface Ctx {
  owner: string
  grade: string
  lastEventAt: number
  contactCount: number
  version: number
}
type Ev = {
  type: CardCommand["_tag"]
  at: number
  role: string
  actorId: string
  grade?: string
  to?: string
}
const machine = setup({
  types: { context: {} as Ctx, events: {} as Ev },
  guards: {
    inOrder: ({ context, event }) => event.at >= context.lastEventAt,
    supervisor: ({ context, event }) => event.at >= context.lastEventAt && event.role === "supervisor",
    owner: ({ context, event }) =>
      event.at >= context.lastEventAt && (event.role !== "consultant" || event.actorId === context.owner)
  },
  actions: {
    bump: assign(({ context, event }) => ({
      lastEventAt: event.at,
      version: context.version + 1,
      grade: event.grade ?? context.grade
    })),
    contact: assign(({ context }) => ({ contactCount: context.contactCount + 1 })),
    reassign: assign(({ event }) => ({ owner: event.to ?? "" })),
    open: assign(({ event }) => ({ owner: event.actorId }))
  }
}).createMachine({
  id: "card",
  initial: "none",
  context: { owner: "", grade: "N", lastEventAt: Number.NEGATIVE_INFINITY, contactCount: 0, version: 0 },
  states: {
    none: { on: { OpenCard: { target: "prospect", guard: "inOrder", actions: ["open", "bump"] } } },
    prospect: {
      on: {
        LogContact: { guard: "owner", actions: ["contact", "bump"] },
        Regrade: { guard: "owner", actions: "bump" },
        Reassign: { guard: "supervisor", actions: ["reassign", "bump"] },
        PlaceOrder: { target: "ordered", guard: "owner", actions: "bump" },
        RequestDefeat: { target: "defeatRequested", guard: "owner", actions: "bump" },
        MarkInvalid: { target: "invalid", guard: "owner", actions: "bump" }
      }
    },
    ordered: {
      on: {
        LogContact: { guard: "owner", actions: ["contact", "bump"] },
        Reassign: { guard: "supervisor", actions: ["reassign", "bump"] },
        CancelOrder: { target: "prospect", guard: "owner", actions: "bump" },
        Deliver: { target: "owned", guard: "owner", actions: "bump" }
      }
    },
    defeatRequested: {
      on: {
        Reassign: { guard: "supervisor", actions: ["reassign", "bump"] },
        ApproveDefeat: { target: "defeated", guard: "supervisor", actions: "bump" },
        RejectDefeat: { target: "prospect", guard: "supervisor", actions: "bump" }
      }
    },
    defeated: {
      on: {
        Reassign: { guard: "supervisor", actions: ["reassign", "bump"] },
        RequestReactivation: { target: "reactivationRequested", guard: "inOrder", actions: "bump" },
        MarkInvalid: { target: "invalid", guard: "owner", actions: "bump" }
      }
    },
    reactivationRequested: {
      on: {
        ApproveReactivation: { target: "prospect", guard: "supervisor", actions: "bump" },
        RejectReactivation: { target: "defeated", guard: "supervisor", actions: "bump" }
      }
    },
    owned: {
      on: {
        Reassign: { guard: "supervisor", actions: ["reassign", "bump"] },
        MineOwner: { guard: "owner", actions: "bump" },
        RecordCareContact: { guard: "owner", actions: "bump" }
      }
    },
    invalid: {}
  }
})
const xEvents: ReadonlyArray<Ev> = cycle.map((c) => ({
  type: c._tag,
  at: c.at,
  role: c.by.role,
  actorId: c.by.id,
  ...("grade" in c ? { grade: c.grade } : {}),
  ...(c._tag === "Reassign" ? { to: c.to } : {})
}))
const initialSnapshot = createActor(machine).getSnapshot()
let snapshot = initialSnapshot
const xstate = (i: number) => {
  const k = i % xEvents.length
  if (k === 0) snapshot = initialSnapshot
  snapshot = getNextSnapshot(machine, snapshot, xEvents[k] as Ev)
  return snapshot
}
// Both must walk the whole lifecycle to the owned status.
for (let i = 0; i < cycle.length; i++) {
  ours(i)
  xstate(i)
}
if (state.status !== "owned" || snapshot.value !== "owned")
  throw new Error(`lifecycle mismatch: ${state.status} / ${String(snapshot.value)}`)

const batch = cycle.length * 200
const oursRate = measureSync(ours, { batch, seconds: 3 })
const xRate = measureSync(xstate, { batch: cycle.length * 20, seconds: 3 })
console.log(`  decider: ${formatRate(oursRate)}\n  xstate:  ${formatRate(xRate)}`)

// A long history: open, then contacts, overrides and reassignments.
const history: Array<CardEvent> = []
{
  let s = initialCardState
  const step = (c: CardCommand) => {
    const r = decideCard(c, s, defaultPolicy)
    if (Result.isFailure(r)) throw new Error(r.failure.message)
    history.push(...r.success)
    s = foldCard(r.success, s)
  }
  step(cycle[0] as CardCommand)
  for (let i = 1; history.length < 1000; i++) {
    const at = h(i * 5)
    if (i % 50 === 0)
      step({
        _tag: "Reassign",
        by: boss,
        at,
        to: (i % 100 === 0 ? "c-wang" : "c-li") as ConsultantId,
        reason: "workload"
      })
    else if (i % 7 === 0)
      step({ _tag: "Regrade", by: boss, at, grade: "B" as GradeId, justification: "Review" })
    else
      step({
        _tag: "LogContact",
        by: boss,
        at,
        channel: "call",
        outcome: "reached",
        evidence: { purchaseTimeframeDays: i % 60 }
      })
  }
}
const foldRate = measureSync(() => foldCard(history), { batch: 50, seconds: 3 })
const eventsPerSecond = foldRate.opsPerSecond * history.length
console.log(`  fold (${history.length} events): ${formatRate(foldRate)} folds`)

report([
  {
    id: "card-transition",
    value: oursRate.opsPerSecond,
    unit: "commands/s",
    peer: "xstate",
    ratio: oursRate.opsPerSecond / xRate.opsPerSecond,
    note: `decide+evolve over an ${cycle.length}-command lifecycle; xstate ${xRate.opsPerSecond.toFixed(0)}/s (guards + assigns, no grading)`
  },
  {
    id: "card-fold",
    value: eventsPerSecond,
    unit: "events/s",
    note: `folding a ${history.length}-event history`
  }
])
