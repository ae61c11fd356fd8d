/**
 * The offline backend: `createJipan` from `@jipan/core` on PGlite running in the page, persisted
 * to IndexedDB (`idb://…`), through `@jipan/store-pglite/browser` (the store with no Node module),
 * seeded with the demo store on first open. Loaded with a dynamic
 * import, so PGlite and the store code stay out of the first bundle.
 *
 * @module
 */
import { PGlite } from "@electric-sql/pglite"
import { type CardCommandInput, createJipan, type StoredReferral } from "@jipan/core"
import { JipanPgliteBrowser, PgliteBrowserClient } from "@jipan/store-pglite/browser"
import { type CabinetBackend, type CardTile, tileOf } from "./CabinetBackend.js"
import { addDays, at, DEMO_CONSULTANTS, DEMO_SUPERVISOR, DEMO_TENANT, DEMO_TODAY, demoPhone } from "./demo.js"

/** The demo store's writer: loaded on a first open only (a returning user's data is in IndexedDB). */
const seedDemo: typeof import("./seed.js").seedDemo = async (jipan, onProgress) =>
  (await import("./seed.js")).seedDemo(jipan, onProgress)

/** Options of {@link openOffline}. */
export interface OfflineOptions {
  /** PGlite's data directory: `idb://jipan-cabinet` in a browser (the default), none for memory. */
  readonly dataDir?: string | undefined
  /**
   * The working day (YYYY-MM-DD), on or after the demo's (2026-11-23, the default): the demo store
   * stays as seeded, the cabinet works on this day (`?day=` in the page's URL).
   */
  readonly today?: string | undefined
  /** Called while the demo store is written on first open. */
  readonly onSeed?: ((done: number, total: number) => void) | undefined
}

const MAX_REFERRALS_PER_CARD = 20

/** Deletes the IndexedDB database behind an `idb://name` data directory (before loading a dump). */
const deleteIdb = (dataDir: string): Promise<void> =>
  !dataDir.startsWith("idb://") || typeof indexedDB === "undefined"
    ? Promise.resolve()
    : new Promise((resolve) => {
        const request = indexedDB.deleteDatabase(`/pglite/${dataDir.slice(6)}`)
        request.onsuccess = () => resolve()
        request.onerror = () => resolve()
        request.onblocked = () => resolve()
      })

/** Whether the IndexedDB database of an `idb://name` data directory exists (not for other data directories). */
const idbExists = async (dataDir: string): Promise<boolean> => {
  if (!dataDir.startsWith("idb://") || typeof indexedDB === "undefined" || indexedDB.databases === undefined)
    return true
  const names = (await indexedDB.databases()).map((d) => d.name)
  return names.includes(`/pglite/${dataDir.slice(6)}`)
}

/** Opens (and on first open seeds) the offline store and returns the backend on it. */
export const openOffline = async (options: OfflineOptions = {}): Promise<CabinetBackend> => {
  const dataDir = "dataDir" in options ? options.dataDir : "idb://jipan-cabinet"
  const create = (dir: string | undefined, loadDataDir?: Blob | File) =>
    PGlite.create({
      ...(dir === undefined ? {} : { dataDir: dir }),
      ...(loadDataDir === undefined ? {} : { loadDataDir }),
      parsers: PgliteBrowserClient.parsers
    })
  const storeOn = (db: PGlite) => JipanPgliteBrowser.layerOn(db)
  const t = DEMO_TENANT
  const today =
    options.today !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(options.today) && options.today >= DEMO_TODAY
      ? options.today
      : DEMO_TODAY
  const stored = dataDir !== undefined && (await idbExists(dataDir))
  let db: PGlite | undefined = stored || dataDir === undefined ? await create(dataDir) : undefined
  const tables = await db?.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'jipan_cards'"
  )
  const fresh = (tables?.rows[0]?.n ?? 0) === 0
  if (fresh && dataDir !== undefined) {
    // First open: seed in memory (on IndexedDB every statement would be flushed on its own),
    // then load the seeded data directory into the persistent one in one go.
    await db?.close()
    const memory = await create(undefined)
    const seeding = createJipan({ store: storeOn(memory) })
    await seedDemo(seeding, options.onSeed)
    await seeding.close()
    const dump = await memory.dumpDataDir("none")
    await memory.close()
    await deleteIdb(dataDir)
    db = await create(dataDir, dump)
  }
  if (db === undefined) throw new Error("PGlite did not open")
  const pg = db
  const jipan = createJipan({ store: storeOn(pg) })
  if (fresh && dataDir === undefined) await seedDemo(jipan, options.onSeed)

  // The tiles: every card's state, kept up to date by the commands run through this backend.
  const index = new Map<string, CardTile>()
  const loadAll = async () => {
    let cursor: string | undefined
    do {
      const page = await jipan.listCards(
        t,
        {},
        cursor === undefined ? { limit: 500 } : { limit: 500, cursor }
      )
      for (const s of page.items) {
        const card = await jipan.card(t, s.cardId)
        index.set(s.cardId, tileOf(s.cardId, card.state))
      }
      cursor = page.next
    } while (cursor !== undefined)
  }
  await loadAll()

  let lastNow = 0
  const referralIds = (cardId: string) =>
    Array.from({ length: MAX_REFERRALS_PER_CARD }, (_, n) => `ref-${cardId}-${n + 1}`)
  const referralsOf = async (cardId: string): Promise<ReadonlyArray<StoredReferral>> => {
    const out: Array<StoredReferral> = []
    for (const id of referralIds(cardId)) {
      try {
        out.push(await jipan.referral(t, id))
      } catch {
        break
      }
    }
    return out
  }

  return {
    mode: "offline",
    tenant: t,
    today,
    // The demo's day, so commands land on the cabinet's "today": 10:00 in the store's zone plus
    // the time since the page opened (never going back, whatever the wall clock does).
    now: () => {
      lastNow = Math.max(lastNow + 1, at(today) + Math.floor(performance.now()))
      return lastNow
    },
    consultants: DEMO_CONSULTANTS,
    supervisor: DEMO_SUPERVISOR,
    tiles: async (owner) => [...index.values()].filter((x) => owner === undefined || x.owner === owner),
    workList: (consultantId, date) => jipan.workList(t, consultantId, date),
    careDue: (date, consultantId) => jipan.careDue(t, date, consultantId),
    card: (cardId) => jipan.card(t, cardId),
    handle: async (cardId, command) => {
      // The demo's clock restarts at 10:00 with each page load: keep a card's events in order.
      // (not for a command that creates the card)
      if (
        command._tag !== "OpenCard" &&
        command._tag !== "RecordBroadBase" &&
        typeof command.at === "number"
      ) {
        const last = (await jipan.card(t, cardId)).state.lastEventAt
        if (command.at <= last) command = { ...command, at: last + 1 }
      }
      // the forms build commands field by field; the facade decodes them (InvalidInput names the path)
      const handled = await jipan.handle(t, cardId, command as CardCommandInput)
      index.set(cardId, tileOf(cardId, handled.state))
      // owner mining opened a linked prospect card in the same transaction
      if (handled.linked !== undefined)
        index.set(handled.linked.cardId, tileOf(handled.linked.cardId, handled.linked.state))
      return handled
    },
    referralsOf,
    registerReferral: async (input) => {
      const referrer = await jipan.card(t, input.referrerCardId)
      const existing = await referralsOf(input.referrerCardId)
      const referralId = `ref-${input.referrerCardId}-${existing.length + 1}`
      const open = [...index.values()].filter(
        (x) => x.phone === input.refereePhone && (x.status === "prospect" || x.status === "ordered")
      )
      const handled = await jipan.handleReferral(t, referralId, {
        _tag: "Register",
        on: input.on,
        registration: {
          referralId,
          storeId: t.storeId,
          consultantId: referrer.state.owner ?? DEMO_CONSULTANTS[0],
          registeredOn: input.on,
          askedAt: input.askedAt,
          referrer: {
            kind: "ownedCustomer",
            id: referrer.state.customerId ?? input.referrerCardId,
            phone: referrer.state.phone ?? demoPhone(0),
            ...(referrer.state.customerId === undefined ? {} : { customerId: referrer.state.customerId })
          },
          referee: { name: input.refereeName, phone: input.refereePhone }
        },
        context: {
          existing: open.map((x) => ({
            kind: "openCard" as const,
            cardId: x.cardId,
            lastActiveOn: x.openedOn ?? input.on
          })),
          earlierClaims: []
        }
      } as never)
      return jipan.referral(t, handled.referralId)
    },
    daily: (date) => jipan.reports.daily(t, { from: date }),
    control: (consultantId, month, asOf) => jipan.reports.control(t, { consultantId, month, asOf }),
    findings: (on) => jipan.reports.findings(t, { on, from: addDays(on, -30) }),
    analytics: (from, to) => jipan.reports.analytics(t, { from, to }),
    visitPlans: {
      suggest: (consultantId, month) => jipan.reports.suggestVisitPlan(t, { consultantId, month }),
      check: (month, asOf) => jipan.reports.visitPlan(t, { month, asOf })
    },
    close: async () => {
      await jipan.close()
      await pg.close()
    }
  }
}
