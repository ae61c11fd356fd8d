import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { NotifierChannels } from "@jipan/core"
import { notifierSuite } from "@jipan/testkit"
import { Effect, Exit, Scope } from "effect"
import { SmtpChannel } from "../src/index.js"
import { closedPort, startSilentServer, startSmtpServer, type TestSmtpServer } from "./smtpServer.js"

const FROM = '"基盘 CRM" <crm@store.example>'

const closers: Array<() => Promise<void>> = []
afterAll(async () => {
  await Promise.all(closers.map((close) => close()))
})

let smtp: TestSmtpServer
let rejecting550: TestSmtpServer
let rejecting451: TestSmtpServer
let silentPort: number
let refusedPort: number

beforeAll(async () => {
  smtp = await startSmtpServer()
  rejecting550 = await startSmtpServer({
    refuse: { at: "rcpt", responseCode: 550, message: "5.1.1 Mailbox does not exist" }
  })
  rejecting451 = await startSmtpServer({
    refuse: { at: "data", responseCode: 451, message: "4.3.0 Temporary local problem, try later" }
  })
  const silent = await startSilentServer()
  silentPort = silent.port
  refusedPort = await closedPort()
  closers.push(smtp.close, rejecting550.close, rejecting451.close, silent.close)
})

const channel = (port: number, extra: Partial<SmtpChannel.SmtpChannelOptions> = {}) =>
  SmtpChannel.make({
    host: "127.0.0.1",
    port,
    from: FROM,
    to: ["manager@store.example"],
    timeoutMillis: 2_000,
    ...extra
  })

describe("SmtpChannel against a real SMTP server on loopback", () => {
  it.live("plain text + HTML alternative, zh-CN subject, Message-ID and idempotency header", () =>
    Effect.gen(function* () {
      const email = yield* channel(smtp.port)
      const delivered = yield* email.deliver({
        idempotencyKey: "care:card-42:maintenance",
        subject: "保养提醒：您的爱车即将到期保养（第 2 次）",
        text: "王先生您好：\n您的车辆将于 3 月 15 日到期保养。",
        html: "<p>王先生您好：</p><p>您的车辆将于 <b>3 月 15 日</b>到期保养。</p>",
        to: ["wang@example.com"]
      })
      expect(delivered).toMatchObject({
        _tag: "Delivered",
        idempotencyKey: "care:card-42:maintenance",
        status: 250,
        accepted: ["wang@example.com"]
      })
      const mail = smtp.received.find((m) => m.parsed.messageId === delivered.messageId)
      expect(mail).toBeDefined()
      // The subject went out as RFC 2047 encoded words (no raw UTF-8 in the header) and decodes back.
      const rawSubject = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(mail?.raw ?? "")?.[1] ?? ""
      expect(rawSubject).toMatch(/=\?UTF-8\?[BQ]\?/i)
      expect(/[\u0080-\uffff]/.test(rawSubject)).toBe(false)
      expect(mail?.parsed.subject).toBe("保养提醒：您的爱车即将到期保养（第 2 次）")
      expect(mail?.parsed.text?.trim()).toBe("王先生您好：\n您的车辆将于 3 月 15 日到期保养。")
      expect(mail?.parsed.html).toBe("<p>王先生您好：</p><p>您的车辆将于 <b>3 月 15 日</b>到期保养。</p>")
      expect(mail?.raw).toMatch(/Content-Type: multipart\/alternative/i)
      expect(mail?.parsed.headers.get("x-jipan-idempotency-key")).toBe("care:card-42:maintenance")
      expect(mail?.parsed.messageId).toBe(
        SmtpChannel.messageIdFor("care:card-42:maintenance", "store.example")
      )
      expect(mail?.parsed.from?.value[0]).toEqual({ address: "crm@store.example", name: "基盘 CRM" })
      const to = mail?.parsed.to
      expect(Array.isArray(to) ? undefined : to?.value[0]?.address).toBe("wang@example.com")
    })
  )

  it.live("without html, the text is rendered as the HTML alternative; default recipients apply", () =>
    Effect.gen(function* () {
      const email = yield* channel(smtp.port)
      const delivered = yield* email.deliver({
        idempotencyKey: "plain-1",
        subject: "新线索",
        text: "客户 <张先生>\n来电"
      })
      expect(delivered.accepted).toEqual(["manager@store.example"])
      const mail = smtp.received.find((m) => m.parsed.messageId === delivered.messageId)
      expect(mail?.parsed.html).toBe("<p>客户 &lt;张先生&gt;<br>来电</p>")
    })
  )

  it.live("the pool reuses one connection for several mails, and closing the scope closes it", () =>
    Effect.gen(function* () {
      const server = yield* Effect.acquireRelease(
        Effect.promise(() => startSmtpServer()),
        (s) => Effect.promise(() => s.close())
      )
      const scope = yield* Scope.make()
      const email = yield* channel(server.port, { maxConnections: 1 }).pipe(Scope.provide(scope))
      for (let i = 0; i < 5; i++) {
        yield* email.deliver({ idempotencyKey: `reuse-${i}`, subject: `第 ${i} 封`, text: "x" })
      }
      expect(server.received).toHaveLength(5)
      expect(server.connections).toHaveLength(1)
      expect(new Set(server.received.map((m) => m.connectionId)).size).toBe(1)
      expect(server.closed).toHaveLength(0)
      yield* Scope.close(scope, Exit.void)
      yield* Effect.promise(
        () =>
          new Promise<void>((resolve) => {
            const poll = () => (server.closed.length === 1 ? resolve() : setTimeout(poll, 10))
            poll()
          })
      ).pipe(Effect.timeout("2 seconds"))
      expect(server.closed).toEqual(server.connections)
    })
  )

  it.live("the layer provides core's NotifierChannels with the email channel", () =>
    Effect.gen(function* () {
      const channels = yield* NotifierChannels
      expect(channels.names).toEqual(["email"])
      const email = yield* Effect.fromOption(channels.get("email"))
      yield* email.send({ idempotencyKey: "layer-1", text: "经由 layer 发送" })
      const received = smtp.received.find(
        (m) => m.parsed.headers.get("x-jipan-idempotency-key") === "layer-1"
      )
      expect(received?.parsed.text?.trim()).toBe("经由 layer 发送")
    }).pipe(
      Effect.provide(
        SmtpChannel.layer({
          host: "127.0.0.1",
          port: smtp.port,
          from: FROM,
          to: ["a@store.example"],
          timeoutMillis: 2_000
        })
      )
    )
  )

  it.live("550 is a permanent Rejected with its code", () =>
    Effect.gen(function* () {
      const email = yield* channel(rejecting550.port)
      const error = yield* Effect.flip(
        email.deliver({ idempotencyKey: "r-550", text: "x", to: ["nobody@example.com"] })
      )
      expect(error._tag).toBe("EmailError")
      expect(error.reason).toMatchObject({ _tag: "Rejected", responseCode: 550 })
      expect(error.retryable).toBe(false)
      expect(rejecting550.received).toHaveLength(0)
    })
  )

  it.live("451 is a retryable Rejected with its code", () =>
    Effect.gen(function* () {
      const email = yield* channel(rejecting451.port)
      const error = yield* Effect.flip(email.deliver({ idempotencyKey: "r-451", text: "x" }))
      expect(error.reason).toMatchObject({ _tag: "Rejected", responseCode: 451 })
      expect(error.retryable).toBe(true)
    })
  )

  it.live("a server that never greets is a retryable Timeout", () =>
    Effect.gen(function* () {
      const email = yield* channel(silentPort, { timeoutMillis: 300 })
      const started = Date.now()
      const error = yield* Effect.flip(email.deliver({ idempotencyKey: "t-1", text: "x" }))
      expect(error.reason).toEqual(expect.objectContaining({ _tag: "Timeout", timeoutMillis: 300 }))
      expect(error.retryable).toBe(true)
      expect(Date.now() - started).toBeLessThan(3_000)
    })
  )

  it.live("a refused connection is a retryable Connection error", () =>
    Effect.gen(function* () {
      const email = yield* channel(refusedPort)
      const error = yield* Effect.flip(email.deliver({ idempotencyKey: "c-1", text: "x" }))
      expect(error.reason).toMatchObject({ _tag: "Connection", code: "ECONNREFUSED" })
      expect(error.retryable).toBe(true)
    })
  )

  it.live("no recipients is a permanent Invalid", () =>
    Effect.gen(function* () {
      const email = yield* channel(smtp.port, { to: [] })
      const error = yield* Effect.flip(email.deliver({ idempotencyKey: "i-1", text: "x" }))
      expect(error.reason._tag).toBe("Invalid")
      expect(error.retryable).toBe(false)
    })
  )
})

notifierSuite("SMTP email", {
  errorTag: "EmailError",
  reasons: { permanent: ["Rejected"], transient: ["Rejected"], unreachable: ["Connection"] },
  fixtures: Effect.gen(function* () {
    const server = (refuse?: Parameters<typeof startSmtpServer>[0]) =>
      Effect.acquireRelease(
        Effect.promise(() => startSmtpServer(refuse)),
        (s) => Effect.promise(() => s.close())
      )
    const accepting = yield* server()
    const permanent = yield* server({
      refuse: { at: "rcpt", responseCode: 550, message: "5.1.1 no such user" }
    })
    const transient = yield* server({ refuse: { at: "data", responseCode: 451, message: "4.3.0 try later" } })
    const port = yield* Effect.promise(() => closedPort())
    const make = (p: number) => channel(p)
    // `deliver`: the typed send; the channel itself (its `send`) is the dispatcher's port
    return {
      accepting: (yield* make(accepting.port)).deliver,
      // backdoor: the header as the SMTP server parsed it from the received mail
      receivedKeys: Effect.sync(() =>
        accepting.received.map((m) => String(m.parsed.headers.get("x-jipan-idempotency-key")))
      ),
      refusingPermanently: (yield* make(permanent.port)).deliver,
      refusingTransiently: (yield* make(transient.port)).deliver,
      unreachable: (yield* make(port)).deliver,
      acceptingChannel: yield* make(accepting.port),
      refusingChannel: yield* make(permanent.port)
    }
  })
})
