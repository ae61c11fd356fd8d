/**
 * The demo's small values shared by the views and both backends: its tenant, day, consultants,
 * calendar arithmetic and VINs. The demo store itself (`seed.ts`) is loaded only on the offline
 * cabinet's first open.
 *
 * @module
 */

/** The demo's tenant. */
export const DEMO_TENANT = { dealerGroupId: "grp-demo", storeId: "store-01" } as const
/** The demo's working day: the cabinet opens on this morning. */
export const DEMO_TODAY = "2026-11-23"
/** The demo's consultants. */
export const DEMO_CONSULTANTS = ["c-wang", "c-li", "c-zhao"] as const
/** The demo's supervisor. */
export const DEMO_SUPERVISOR = "s-chen"

/** A day `n` days after `date` (YYYY-MM-DD, calendar arithmetic in UTC). */
export const addDays = (date: string, n: number): string => {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/** 10:00 (plus `minutes`) in the store's zone (Asia/Shanghai) on `date`, as epoch ms. */
export const at = (date: string, minutes = 0): number =>
  Date.parse(`${date}T10:00:00+08:00`) + minutes * 60_000

const VIN_VALUES: Record<string, number> = {}
for (const [i, c] of [..."0123456789"].entries()) VIN_VALUES[c] = i
for (const [i, c] of [..."ABCDEFGH"].entries()) VIN_VALUES[c] = i + 1
for (const [i, c] of [..."JKLMN"].entries()) VIN_VALUES[c] = i + 1
VIN_VALUES.P = 7
VIN_VALUES.R = 9
for (const [i, c] of [..."STUVWXYZ"].entries()) VIN_VALUES[c] = i + 2
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]

/** A VIN (车架号) with a valid ISO 3779 check digit, from a serial number. */
export const makeVin = (serial: number): string => {
  const body = `LSGUA8450TS${String(serial).padStart(6, "0")}`
  let sum = 0
  for (let i = 0; i < 17; i++) sum += (VIN_VALUES[body.charAt(i)] ?? 0) * (VIN_WEIGHTS[i] ?? 0)
  const r = sum % 11
  return `${body.slice(0, 8)}${r === 10 ? "X" : String(r)}${body.slice(9)}`
}

/** A demo phone number of card `i` (mainland mobile, valid for libphonenumber). */
export const demoPhone = (i: number): string => `+86138${String(10_000_000 + i * 7919).slice(-8)}`

/** How many cards the demo opens. */
export const DEMO_CARDS = 72
