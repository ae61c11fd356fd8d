// Erasure that keeps the statistics (#19.3): one person's personal fields leave every card,
// referral, visit and message; every report's numbers stay; a legal hold refuses with its reason.
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as fc from "fast-check"
import {
  CalendarDate,
  type CardCommandInput,
  createJipan,
  DealerGroupId,
  DeliveryReceipts,
  type EraseRequest,
  erasePerson,
  handleReferral,
  type Jipan,
  layerMemory,
  makeTenant,
  type NotificationDirectory,
  Outbox,
  type ReferralCommandInput,
  ReportSource
} from "../../src/index.js"

const tenant = makeTenant("grp-east", "store-01")
const group = { dealerGroupId: "grp-east" }
const base = Date.parse("2026-10-01T10:00:00+08:00")
const at = (n: number) => base + n * 86_400_000
const dayOf = (n: number) => new Date(at(n) + 8 * 3_600_000).toISOString().slice(0, 10)
const wang = { id: "c-wang", role: "consultant" as const }

const phoneOf = (i: number) => `+86139${String(10_000_000 + i).slice(-8)}`
const nationalOf = (i: number) => phoneOf(i).slice(3)
const noteOf = (i: number) => `客户${i}号说周末带太太来看车`
const VIN = "LSVAU2187N2123456"

const open = (i: number, n: number): CardCommandInput => ({
  _tag: "OpenCard",
  cardId: `card-${i}`,
  storeId: "store-01",
  customerId: `cust-${i}`,
  // typed as people type it: the store keeps E.164
  phone: `${nationalOf(i).slice(0, 3)} ${nationalOf(i).slice(3, 7)} ${nationalOf(i).slice(7)}`,
  owner: "c-wang",
  source: "walkIn",
  intent: "direct",
  evidence: {},
  by: wang,
  at: at(n)
})
const contact = (i: number, n: number): CardCommandInput => ({
  _tag: "LogContact",
  channel: "call",
  outcome: "reached",
  evidence: { modelOfInterest: "GL8", testDriveDone: true },
  note: noteOf(i),
  by: wang,
  at: at(n)
})
const order = (n: number): CardCommandInput => ({
  _tag: "PlaceOrder",
  orderId: `SO-${n}`,
  model: "GL8",
  by: wang,
  at: at(n)
})
const deliver = (n: number): CardCommandInput => ({
  _tag: "Deliver",
  vehicle: { brand: "Buick", model: "GL8", vin: VIN },
  deliveredOn: dayOf(n),
  birthday: { month: 3, day: 9 },
  by: wang,
  at: at(n)
})
const complain = (i: number, n: number): CardCommandInput => ({
  _tag: "RecordComplaint",
  complaintId: `cp-${i}`,
  category: "service",
  severity: "medium",
  channel: "call",
  words: `保养等了三个小时，我是${i}号客户`,
  by: { id: "dcrc-1", role: "dcrc" },
  at: at(n)
})
const register = (
  referralId: string,
  refereeName: string,
  refereePhone: string,
  referrerPhone: string,
  n: number
): ReferralCommandInput => ({
  _tag: "Register",
  on: dayOf(n),
  registration: {
    referralId,
    storeId: "store-01",
    consultantId: "c-wang",
    registeredOn: dayOf(n),
    askedAt: "delivery",
    referrer: { kind: "ownedCustomer", id: "cust-referrer", phone: referrerPhone },
    referee: { name: refereeName, phone: refereePhone }
  }
})

const directory: NotificationDirectory = {
  store: () => ({ name: "东方别克", phone: "021-5555 0000" }),
  consultant: (id) => ({ id, name: "王", channel: "wecom" }),
  supervisors: () => [],
  customer: (id) => ({
    id,
    name: "陈先生",
    channel: "sms",
    to: [nationalOf(Number(id.slice(5)))],
    customerId: id
  })
}

const supervisor: EraseRequest = {
  by: { role: "supervisor" },
  reason: "PIPL request 2026-118",
  at: at(60),
  erasureId: "erase-118"
}

/** Everything the store holds for the group, as one JSON text (what a scan would read). */
const dump = async (jipan: Jipan, cardIds: ReadonlyArray<string>, referralIds: ReadonlyArray<string>) =>
  JSON.stringify({
    cards: await Promise.all(cardIds.map((id) => jipan.card(tenant, id))),
    referrals: await Promise.all(referralIds.map((id) => jipan.referral(tenant, id))),
    outbox: await jipan.outbox(group),
    audit: await jipan.auditLog("grp-east"),
    care: await jipan.careDue(group, "2027-12-31")
  })

/** The numbers every form shows, which an erasure must not change. */
const numbers = async (jipan: Jipan) => ({
  daily: await jipan.reports.daily(group, { from: dayOf(0), to: dayOf(59) }),
  analytics: await jipan.reports.analytics(group, { from: dayOf(0), to: dayOf(59) }),
  control: await jipan.reports.control(tenant, { consultantId: "c-wang", month: "2026-10" }),
  ledger: await jipan.ledger(group),
  vouchers: await jipan.reports.vouchers(group, { from: "2026-10", to: "2026-11" })
})

// the control table names the customer's phone: compare it without the personal columns
const withoutPersonal = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value), (k, v) => (k === "phone" || k === "name" ? undefined : v))

describe("erasePerson", () => {
  it("removes one person's data everywhere, keeps everyone else's and every report's numbers", async () => {
    const jipan = createJipan()
    // person 1: owned customer with notes, a VIN, a birthday and a complaint; referee of ref-1
    await jipan.handle(tenant, "card-1", open(1, 0))
    await jipan.handle(tenant, "card-1", contact(1, 2))
    await jipan.handle(tenant, "card-1", order(3))
    await jipan.handle(tenant, "card-1", deliver(5))
    await jipan.handle(tenant, "card-1", complain(1, 6))
    // person 2: a prospect, untouched
    await jipan.handle(tenant, "card-2", open(2, 1))
    await jipan.handle(tenant, "card-2", contact(2, 3))
    await jipan.handleReferral(tenant, "ref-1", register("ref-1", "陈大文", phoneOf(1), phoneOf(2), 1))
    await jipan.handleReferral(tenant, "ref-2", register("ref-2", "李小红", phoneOf(3), phoneOf(1), 2))
    await jipan.recordVisits(group, [
      {
        tenant,
        visitId: "v-1",
        at: at(0),
        on: dayOf(0),
        kind: "walkIn",
        ordinal: "first",
        consultant: "c-wang",
        phone: phoneOf(1),
        cardId: "card-1"
      },
      {
        tenant,
        visitId: "v-2",
        at: at(1),
        on: dayOf(1),
        kind: "walkIn",
        ordinal: "first",
        consultant: "c-wang",
        phone: phoneOf(2)
      }
    ])
    for (let d = 5; d < 20; d++) await jipan.closeDay(group, dayOf(d), at(d) + 12 * 3_600_000, { directory })
    const before = await numbers(jipan)
    const card2 = await jipan.card(tenant, "card-2")
    const ids = [
      ["card-1", "card-2"],
      ["ref-1", "ref-2"]
    ] as const
    const dumped = await dump(jipan, ...ids)
    for (const s of [phoneOf(1), nationalOf(1), noteOf(1), "陈大文", VIN]) expect(dumped).toContain(s)

    const erased = await jipan.erasePerson("grp-east", nationalOf(1), supervisor)
    expect(erased.cards.map((c) => c.cardId)).toEqual(["card-1"])
    expect(erased.referrals.map((r) => r.referralId).sort()).toEqual(["ref-1", "ref-2"])
    expect(erased.visits).toBe(1)
    expect(erased.messages).toBeGreaterThan(0)

    // nothing of person 1 is left; everything of person 2 and 3 is
    const after = await dump(jipan, ...ids)
    for (const s of [phoneOf(1), nationalOf(1), noteOf(1), "陈大文", VIN, "我是1号客户"])
      expect(after).not.toContain(s)
    for (const s of [phoneOf(2), noteOf(2), "李小红", phoneOf(3)]) expect(after).toContain(s)
    expect(await jipan.card(tenant, "card-2")).toEqual(card2)
    // the history keeps its events, versions and facts, and says it was erased
    const card1 = await jipan.card(tenant, "card-1")
    expect(card1.history.map((e) => e._tag)).toEqual([
      "CardOpened",
      "ContactLogged",
      "OrderPlaced",
      "Delivered",
      "ComplaintRecorded",
      "PersonalDataErased"
    ])
    expect(card1.history.at(-1)).toMatchObject({
      erasureId: "erase-118",
      by: { id: "supervisor", role: "supervisor" }
    })
    expect([card1.state.status, card1.state.version, card1.state.phone]).toEqual(["owned", 6, "+0"])
    // every report's numbers are as they were
    expect(withoutPersonal(await numbers(jipan))).toEqual(withoutPersonal(before))
    // the erasure is in the audit log, without the phone
    const log = await jipan.auditLog("grp-east", { actions: ["erase"] })
    expect(log.records.map((r) => [r.id, r.viewer.role, r.reason])).toEqual([
      ["erase-118", "supervisor", "PIPL request 2026-118"]
    ])
    // the person may come back as a new customer; the erased marker is never a phone
    await jipan.handle(tenant, "card-9", { ...open(1, 61), cardId: "card-9" } as CardCommandInput)
    await expect(
      jipan.handle(tenant, "card-10", { ...open(1, 61), cardId: "card-10", phone: "+0" } as CardCommandInput)
    ).rejects.toMatchObject({ _tag: "InvalidInput" })
  })

  it("corrects a phone (not to one another open card holds) and erases the corrected history too", async () => {
    const jipan = createJipan()
    await jipan.handle(tenant, "card-1", open(1, 0))
    await jipan.handle(tenant, "card-2", open(2, 0))
    const correct = (phone: string): CardCommandInput => ({
      _tag: "CorrectPersonalData",
      correction: { field: "phone", phone },
      reason: "customer changed number",
      by: wang,
      at: at(2)
    })
    await expect(jipan.handle(tenant, "card-2", correct(nationalOf(1)))).rejects.toMatchObject({
      _tag: "AlreadyHasCard",
      existingCardId: "card-1"
    })
    await jipan.handle(tenant, "card-2", correct(nationalOf(5)))
    expect((await jipan.card(tenant, "card-2")).state.phone).toBe(phoneOf(5))
    // audited in the same transaction: the field, neither number nor the reason (it may name the
    // person: it stays on the card's event, which an erasure redacts); the refusal is not
    const corrections = await jipan.auditLog("grp-east", { actions: ["correct"] })
    expect(corrections.records).toHaveLength(1)
    expect(corrections.records[0]).toMatchObject({
      storeId: "store-01",
      viewer: { role: "consultant", consultantId: wang.id },
      output: "store",
      subject: "card:card-2 phone",
      reason: "更正 correction: the reason is the card's PersonalDataCorrected event"
    })
    expect(JSON.stringify(corrections)).not.toContain(nationalOf(5).slice(-8))
    const erased = await jipan.erasePerson("grp-east", phoneOf(5), supervisor)
    expect(erased.cards.map((c) => c.cardId)).toEqual(["card-2"])
    const after = await dump(jipan, ["card-1", "card-2"], [])
    // the old number and the new are both gone from card-2's history; card-1 keeps its own
    for (const s of [phoneOf(2), phoneOf(5), nationalOf(5)]) expect(after).not.toContain(s)
    expect(after).toContain(phoneOf(1))
  })

  it("takes an erased card off the work list and the care plan, its status and grade kept", async () => {
    const jipan = createJipan()
    // an open prospect (card-1) and an owned customer with a care plan (card-2), both to be erased
    await jipan.handle(tenant, "card-1", open(1, 0))
    await jipan.handle(tenant, "card-1", contact(1, 1))
    await jipan.handle(tenant, "card-2", open(2, 0))
    await jipan.handle(tenant, "card-2", order(1))
    await jipan.handle(tenant, "card-2", deliver(2))
    const later = dayOf(400)
    const before = await jipan.workList(group, "c-wang", later)
    expect(before.overdue.map((c) => c.cardId)).toContain("card-1")
    expect((await jipan.careDue(group, later)).map((c) => c.cardId)).toContain("card-2")
    const graded = (await jipan.card(tenant, "card-1")).state
    for (const i of [1, 2])
      await jipan.erasePerson("grp-east", phoneOf(i), { ...supervisor, erasureId: `e-${i}` })
    const after = await jipan.workList(group, "c-wang", later)
    expect([...after.dueToday, ...after.overdue].map((c) => c.cardId)).not.toContain("card-1")
    expect(await jipan.careDue(group, later)).toEqual([])
    const erased = (await jipan.card(tenant, "card-1")).state
    expect([erased.status, erased.grade]).toEqual([graded.status, graded.grade])
    // the person comes back with their number: the corrected card is on the list again
    await jipan.handle(tenant, "card-1", {
      _tag: "CorrectPersonalData",
      correction: { field: "phone", phone: nationalOf(1) },
      reason: "customer came back",
      by: wang,
      at: at(70)
    })
    const back = await jipan.workList(group, "c-wang", later)
    expect(back.overdue.map((c) => c.cardId)).toContain("card-1")
  })

  it("is refused while an open order or an unsettled reward holds the data, and changes nothing", async () => {
    const jipan = createJipan()
    await jipan.handle(tenant, "card-1", open(1, 0))
    await jipan.handle(tenant, "card-1", order(2))
    const before = await dump(jipan, ["card-1"], [])
    await expect(jipan.erasePerson("grp-east", phoneOf(1), supervisor)).rejects.toMatchObject({
      _tag: "ErasureRefused",
      reason: "openOrder",
      holds: [{ kind: "card", storeId: "store-01", id: "card-1" }]
    })
    expect(await dump(jipan, ["card-1"], [])).toEqual(before)
    await expect(
      jipan.erasePerson("grp-east", phoneOf(1), {
        ...supervisor,
        by: { role: "consultant", consultantId: "c-wang" }
      })
    ).rejects.toMatchObject({ _tag: "ErasureRefused", reason: "notAllowed" })
    await expect(
      jipan.erasePerson("grp-east", phoneOf(1), { ...supervisor, reason: " " })
    ).rejects.toMatchObject({
      _tag: "InvalidInput",
      issues: [{ path: "reason" }]
    })
    await expect(jipan.erasePerson("grp-east", "12345", supervisor)).rejects.toMatchObject({
      _tag: "InvalidInput"
    })
    // delivered: the order is done and the data may go
    await jipan.handle(tenant, "card-1", deliver(4))
    await expect(jipan.erasePerson("grp-east", phoneOf(1), supervisor)).resolves.toMatchObject({
      erasureId: "erase-118"
    })
  })

  it("property: erasing random people keeps every report's numbers and leaves none of their phones or notes", async () => {
    const person = fc.record({
      steps: fc.constantFrom<ReadonlyArray<"contact" | "deliver" | "complain">>(
        [],
        ["contact"],
        ["contact", "deliver"],
        ["contact", "deliver", "complain"],
        ["complain"]
      ),
      erase: fc.boolean()
    })
    await fc.assert(
      fc.asyncProperty(fc.array(person, { minLength: 1, maxLength: 4 }), async (people) => {
        const jipan = createJipan()
        for (const [k, p] of people.entries()) {
          const i = k + 1
          const id = `card-${i}`
          await jipan.handle(tenant, id, open(i, k))
          let n = k + 1
          for (const s of p.steps) {
            if (s === "contact") await jipan.handle(tenant, id, contact(i, n++))
            if (s === "deliver") {
              await jipan.handle(tenant, id, order(n++))
              await jipan.handle(tenant, id, deliver(n++))
            }
            if (s === "complain") await jipan.handle(tenant, id, complain(i, n++))
          }
        }
        const before = await numbers(jipan)
        const cardIds = people.map((_, k) => `card-${k + 1}`)
        for (const [k, p] of people.entries())
          if (p.erase)
            await jipan.erasePerson("grp-east", phoneOf(k + 1), { ...supervisor, erasureId: `erase-${k}` })
        expect(withoutPersonal(await numbers(jipan))).toEqual(withoutPersonal(before))
        const after = await dump(jipan, cardIds, [])
        for (const [k, p] of people.entries()) {
          const i = k + 1
          for (const s of [phoneOf(i), noteOf(i)]) if (p.erase) expect(after).not.toContain(s)
          if (!p.erase) expect(after).toContain(phoneOf(i))
        }
      }),
      { numRuns: 15 }
    )
  })

  it.effect("removes the phone from the visit log and keeps the visits", () =>
    Effect.gen(function* () {
      const reports = yield* ReportSource
      const visit = (id: string, phone: string) => ({
        tenant,
        visitId: id,
        at: at(0),
        on: CalendarDate.make(dayOf(0)),
        kind: "walkIn" as const,
        ordinal: "first" as const,
        consultant: "c-wang" as never,
        phone: phone as never
      })
      yield* reports.recordVisits([visit("v-1", phoneOf(1)), visit("v-2", phoneOf(2))])
      // an SMS provider's submission and its receipt, with the number as the provider wrote it
      const receipts = yield* DeliveryReceipts
      const sent = { provider: "aliyun", providerMessageId: "m-1", tenant, messageId: "msg-1" }
      yield* receipts.submitted({ ...sent, phone: nationalOf(1), idempotencyKey: "k-1", at: at(0) })
      yield* receipts.record({
        ...sent,
        phone: nationalOf(1),
        status: "failed",
        code: "X",
        description: `号码${nationalOf(1)}停机`,
        reportedAt: "2026-10-01 10:00:01"
      })
      const erased = yield* erasePerson(DealerGroupId.make("grp-east"), phoneOf(1), supervisor)
      expect(erased.visits).toBe(1)
      expect(erased.receipts).toBe(2)
      expect(JSON.stringify(yield* receipts.list(group as never))).not.toContain(nationalOf(1))
      expect((yield* receipts.lookup("aliyun", "m-1", nationalOf(1)))._tag).toBe("None")
      const range = { from: CalendarDate.make(dayOf(0)), to: CalendarDate.make(dayOf(0)) }
      const visits = yield* reports.visitsOn(group as never, range)
      expect(visits.map((v) => [v.visitId, v.phone])).toEqual([
        ["v-1", undefined],
        ["v-2", phoneOf(2)]
      ])
      // any other change to a stored visit is still ignored
      yield* reports.recordVisits([{ ...visit("v-2", phoneOf(3)) }])
      expect((yield* reports.visitsOn(group as never, range)).map((v) => v.phone)).toEqual([
        undefined,
        phoneOf(2)
      ])
    }).pipe(Effect.provide(layerMemory))
  )

  it.effect("redacts the referrer's message naming the erased referee, not a namesake's messages", () =>
    Effect.gen(function* () {
      const outbox = yield* Outbox
      yield* handleReferral({
        tenant,
        referralId: "ref-1" as never,
        command: register("ref-1", "陈大文", phoneOf(1), phoneOf(2), 1) as never
      })
      const message = (id: string, recipient: string) => ({
        id,
        idempotencyKey: id,
        tenant,
        topic: "notify.referralBought",
        recipient,
        payload: { kind: "referralBought", text: "您介绍的陈大文已购车" },
        availableAt: at(2),
        status: "pending" as const,
        attempts: 0,
        lastError: undefined
      })
      yield* outbox.enqueue([message("m-1", "referrer:cust-referrer"), message("m-2", "customer:cust-9")])
      const erased = yield* erasePerson(DealerGroupId.make("grp-east"), phoneOf(1), supervisor)
      expect(erased.messages).toBe(1)
      const after = yield* outbox.list(group as never)
      expect(after.map((m) => [m.id, m.status, JSON.stringify(m.payload).includes("陈大文")])).toEqual([
        ["m-1", "skipped", false],
        ["m-2", "pending", true]
      ])
    }).pipe(Effect.provide(layerMemory))
  )
})

describe("exportPersonalData's request", () => {
  it("is refused InvalidInput at each bad field's path, with the bounds of the audit record", async () => {
    const jipan = createJipan()
    await jipan.handle(tenant, "card-1", open(1, 0))
    const refused = await jipan
      .exportPersonalData("grp-east", phoneOf(1), {
        by: { role: "dcrc" },
        reason: " ",
        at: 1e15,
        accessId: "a b"
      })
      .catch((e: { _tag: string; issues: ReadonlyArray<{ path: string }> }) => e)
    expect(refused).toMatchObject({ _tag: "InvalidInput" })
    expect((refused as { issues: ReadonlyArray<{ path: string }> }).issues.map((i) => i.path)).toEqual([
      "reason",
      "at",
      "accessId"
    ])
    expect((await jipan.auditLog("grp-east")).records).toEqual([])
  })
})

describe("erasePerson's and exportPersonalData's requests are decoded with Schema", () => {
  const at = Date.parse("2026-12-07T10:00:00+08:00")
  const bad: ReadonlyArray<{ readonly request: unknown; readonly paths: ReadonlyArray<string> }> = [
    // no viewer: was a TypeError (no _tag) thrown across the facade
    { request: { reason: "PIPL 1", at }, paths: ["by"] },
    { request: { by: { role: "wizard" }, reason: "PIPL 1", at }, paths: ["by.role"] },
    {
      request: { by: { role: "consultant", consultantId: 7 }, reason: "PIPL 1", at },
      paths: ["by.consultantId"]
    },
    // a reason the audit record could not hold: accepted before, then a StoreError on its write
    { request: { by: { role: "supervisor" }, reason: "x".repeat(2001), at }, paths: ["reason"] },
    { request: { by: { role: "supervisor" }, reason: "\u0000", at }, paths: ["reason"] },
    { request: null, paths: [""] }
  ]
  it("refuses a missing viewer, an unknown role, a reason out of the audit record's bounds; nothing written", async () => {
    const jipan = createJipan()
    await jipan.handle(tenant, "card-1", open(1, 0))
    const before = await jipan.card(tenant, "card-1")
    for (const { request, paths } of bad) {
      const withId = (extra: object) => (request === null ? null : { ...(request as object), ...extra })
      for (const call of [
        () => jipan.erasePerson("grp-east", phoneOf(1), withId({ erasureId: "e-1" }) as never),
        () => jipan.exportPersonalData("grp-east", phoneOf(1), withId({ accessId: "a-1" }) as never)
      ]) {
        const refused = await call().then(
          () => undefined,
          (e: { _tag?: string; issues?: ReadonlyArray<{ path: string }> }) => e
        )
        expect(refused?._tag, JSON.stringify(request)).toBe("InvalidInput")
        expect(refused?.issues?.map((i) => i.path)).toEqual(paths)
      }
    }
    expect(await jipan.card(tenant, "card-1")).toEqual(before)
    expect((await jipan.auditLog("grp-east")).records).toEqual([])
    await jipan.close()
  })

  it("property: a request of junk is refused InvalidInput or accepted, never thrown untagged", async () => {
    const jipan = createJipan()
    await jipan.handle(tenant, "card-1", open(1, 0))
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            by: fc.oneof(
              fc.anything(),
              fc.record({ role: fc.oneof(fc.string(), fc.constantFrom("dcrc", "admin")) })
            ),
            reason: fc.oneof(fc.string(), fc.anything()),
            at: fc.oneof(fc.integer(), fc.constant(at), fc.anything()),
            erasureId: fc.oneof(fc.string(), fc.anything()),
            accessId: fc.oneof(fc.string(), fc.anything())
          },
          { requiredKeys: [] }
        ),
        async (request) => {
          const outcome = await jipan.exportPersonalData("grp-east", phoneOf(1), request as never).then(
            () => "ok",
            (e: { _tag?: string }) => e?._tag
          )
          expect(["ok", "InvalidInput"]).toContain(outcome)
        }
      ),
      { numRuns: 200 }
    )
    await jipan.close()
  })
})
