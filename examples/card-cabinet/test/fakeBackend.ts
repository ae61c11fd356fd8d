import type { CabinetBackend, CardTile } from "../src/backend/CabinetBackend.js"

/** A tile with defaults. */
export const tile = (over: Partial<CardTile> & { cardId: string }): CardTile => ({
  status: "prospect",
  grade: "B",
  nextContactDue: "2026-11-23",
  owner: "c-wang",
  phone: "+8613810007919",
  customerId: `cust-${over.cardId}`,
  source: "walkIn",
  intent: "direct",
  openedOn: "2026-11-01",
  model: "GL8",
  broadBase: undefined,
  visitPlans: [],
  ...over
})

const never = () => Promise.reject(new Error("not in the fake"))

/** A backend of fixed tiles, for component tests. */
export const fakeBackend = (tiles: ReadonlyArray<CardTile>): CabinetBackend => ({
  mode: "offline",
  tenant: { dealerGroupId: "grp-demo", storeId: "store-01" },
  today: "2026-11-23",
  now: () => Date.parse("2026-11-23T10:00:00+08:00"),
  consultants: ["c-wang", "c-li"],
  supervisor: "s-chen",
  tiles: async (owner) => tiles.filter((x) => owner === undefined || x.owner === owner),
  workList: never,
  careDue: async () => [],
  card: never,
  handle: never,
  referralsOf: async () => [],
  registerReferral: never,
  daily: never,
  control: never,
  findings: never,
  analytics: never,
  visitPlans: undefined,
  close: async () => {}
})
