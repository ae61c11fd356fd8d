import type { ActorRole, CardCommandTag } from "./CardCommand.js"
import { CardStatus } from "./CardState.js"

/**
 * One row of the lifecycle: a command moves a card from one status to another.
 *
 * @example
 * ```ts
 * import type { LifecycleTransition } from "@jipan/core"
 * const t: LifecycleTransition = { from: "ordered", command: "Deliver", to: "owned" }
 * ```
 */
export interface LifecycleTransition {
  readonly from: CardStatus
  readonly command: CardCommandTag
  readonly to: CardStatus
}

const t = (from: CardStatus, command: CardCommandTag, to: CardStatus): LifecycleTransition => ({
  from,
  command,
  to
})

/**
 * The card lifecycle as a table (status × command → status): the decider allows a command only
 * from the statuses listed here, the tests check every decision against it, and the docs' state
 * diagram is generated from it ({@link lifecycleDiagram}).
 *
 * @example
 * ```ts
 * import { lifecycleTransitions } from "@jipan/core"
 * lifecycleTransitions.filter((r) => r.command === "CancelOrder").map((r) => r.to) // ["prospect", "defeatRequested"]
 * ```
 */
export const lifecycleTransitions: ReadonlyArray<LifecycleTransition> = [
  t("none", "OpenCard", "prospect"),
  t("prospect", "LogContact", "prospect"),
  t("prospect", "Regrade", "prospect"),
  t("prospect", "Reassign", "prospect"),
  t("prospect", "PlaceOrder", "ordered"),
  t("prospect", "RequestDefeat", "defeatRequested"),
  t("prospect", "MarkInvalid", "invalid"),
  t("prospect", "ApplyLapse", "prospect"),
  t("ordered", "LogContact", "ordered"),
  t("ordered", "Reassign", "ordered"),
  t("ordered", "CancelOrder", "prospect"),
  t("ordered", "CancelOrder", "defeatRequested"),
  t("ordered", "Deliver", "owned"),
  t("defeatRequested", "Reassign", "defeatRequested"),
  t("defeatRequested", "ApproveDefeat", "defeated"),
  t("defeatRequested", "RejectDefeat", "prospect"),
  t("defeated", "Reassign", "defeated"),
  t("defeated", "RequestReactivation", "reactivationRequested"),
  t("defeated", "MarkInvalid", "invalid"),
  t("reactivationRequested", "ApproveReactivation", "prospect"),
  t("reactivationRequested", "RejectReactivation", "defeated"),
  t("owned", "Reassign", "owned"),
  t("owned", "MineOwner", "owned"),
  t("owned", "RecordCareContact", "owned"),
  t("owned", "RecordSurvey", "owned"),
  // a broad-base card (他牌基盘 / 本牌他销) is kept in touch with and mined, never sold to as it is
  t("none", "RecordBroadBase", "broadBase"),
  t("broadBase", "Reassign", "broadBase"),
  t("broadBase", "MineOwner", "broadBase"),
  t("broadBase", "RecordCareContact", "broadBase"),
  t("broadBase", "MarkInvalid", "invalid"),
  // a complaint may come on any card, whatever its status, and leaves the status as it is
  ...(
    [
      "prospect",
      "ordered",
      "defeatRequested",
      "defeated",
      "reactivationRequested",
      "owned",
      "broadBase",
      "invalid"
    ] as const
  ).flatMap((s) => [t(s, "RecordComplaint", s), t(s, "HandleComplaint", s), t(s, "ResolveComplaint", s)]),
  // a personal field may be corrected whatever the card's status (PIPL: the right to correct)
  ...(
    [
      "prospect",
      "ordered",
      "defeatRequested",
      "defeated",
      "reactivationRequested",
      "owned",
      "broadBase",
      "invalid"
    ] as const
  ).map((s) => t(s, "CorrectPersonalData", s)),
  // the base-visit plan covers prospects, orders, owned and defeated customers alike
  ...(["prospect", "ordered", "defeated", "owned", "broadBase"] as const).flatMap((s) => [
    t(s, "PlanVisit", s),
    t(s, "UnplanVisit", s)
  ])
]

const everyone: ReadonlyArray<ActorRole> = ["consultant", "supervisor", "dcrc", "system"]
const sales: ReadonlyArray<ActorRole> = ["consultant", "supervisor"]
const salesAndSystem: ReadonlyArray<ActorRole> = ["consultant", "supervisor", "system"]
const supervisor: ReadonlyArray<ActorRole> = ["supervisor"]

/**
 * Who may issue each command, and whether a consultant must own the card to issue it. Supervisors
 * decide defeats and reactivations and reassign cards (the system too, e.g. when a consultant's
 * account is closed); the DCRC may mark invalid cards, mine owners and record care contacts.
 *
 * @example
 * ```ts
 * import { commandPermissions } from "@jipan/core"
 * commandPermissions.ApproveDefeat.roles // ["supervisor"]
 * ```
 */
export const commandPermissions: Readonly<
  Record<CardCommandTag, { readonly roles: ReadonlyArray<ActorRole>; readonly ownerOnly: boolean }>
> = {
  OpenCard: { roles: everyone, ownerOnly: false },
  RecordBroadBase: { roles: everyone, ownerOnly: false },
  // the consultant who owns the card, the supervisor or the DCRC who took the customer's request
  CorrectPersonalData: { roles: ["consultant", "supervisor", "dcrc"], ownerOnly: true },
  LogContact: { roles: sales, ownerOnly: true },
  Regrade: { roles: sales, ownerOnly: true },
  Reassign: { roles: ["supervisor", "system"], ownerOnly: false },
  PlaceOrder: { roles: salesAndSystem, ownerOnly: true },
  CancelOrder: { roles: salesAndSystem, ownerOnly: true },
  Deliver: { roles: salesAndSystem, ownerOnly: true },
  RequestDefeat: { roles: sales, ownerOnly: true },
  ApproveDefeat: { roles: supervisor, ownerOnly: false },
  RejectDefeat: { roles: supervisor, ownerOnly: false },
  RequestReactivation: { roles: ["consultant", "supervisor", "dcrc"], ownerOnly: false },
  ApproveReactivation: { roles: supervisor, ownerOnly: false },
  RejectReactivation: { roles: supervisor, ownerOnly: false },
  MarkInvalid: { roles: ["consultant", "supervisor", "dcrc"], ownerOnly: true },
  MineOwner: { roles: ["consultant", "supervisor", "dcrc"], ownerOnly: true },
  RecordCareContact: { roles: everyone, ownerOnly: true },
  // the DCRC runs surveys, not the consultant whose delivery is judged
  RecordSurvey: { roles: ["supervisor", "dcrc", "system"], ownerOnly: false },
  ApplyLapse: { roles: ["supervisor", "system"], ownerOnly: false },
  // anyone who hears a complaint records it; the supervisor replies (主管回复)
  RecordComplaint: { roles: everyone, ownerOnly: false },
  HandleComplaint: { roles: everyone, ownerOnly: false },
  ResolveComplaint: { roles: ["supervisor", "dcrc"], ownerOnly: false },
  // a consultant plans their own cards; the supervisor may plan for them
  PlanVisit: { roles: sales, ownerOnly: true },
  UnplanVisit: { roles: sales, ownerOnly: true }
}

const complaintCommands: ReadonlySet<string> = new Set([
  "RecordComplaint",
  "HandleComplaint",
  "ResolveComplaint",
  "PlanVisit",
  "UnplanVisit"
])

/**
 * The lifecycle as a Mermaid state diagram, generated from {@link lifecycleTransitions} (the docs
 * page embeds it and a test keeps the two equal).
 *
 * @example
 * ```ts
 * import { lifecycleDiagram } from "@jipan/core"
 * lifecycleDiagram().startsWith("stateDiagram-v2") // true
 * ```
 */
export const lifecycleDiagram = (): string => {
  const edges = new Map<string, Array<string>>()
  for (const row of lifecycleTransitions) {
    // the complaint commands apply in every status: one note instead of a loop on each
    if (complaintCommands.has(row.command)) continue
    const key = `${row.from === "none" ? "[*]" : row.from} --> ${row.to}`
    const commands = edges.get(key) ?? []
    commands.push(row.command)
    edges.set(key, commands)
  }
  const states = CardStatus.values
    .filter((s) => s !== "none")
    .map((s) => `  ${s}: ${s} ${CardStatus.labels[s]["zh-CN"]}`)
  const lines = [...edges].map(([key, commands]) => `  ${key}: ${commands.join(", ")}`)
  const note =
    "  note right of prospect: RecordComplaint, HandleComplaint, ResolveComplaint in every status; PlanVisit, UnplanVisit in prospect, ordered, defeated and owned"
  return ["stateDiagram-v2", ...states, ...lines, note].join("\n")
}
