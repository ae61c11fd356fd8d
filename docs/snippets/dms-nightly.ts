import {
  ChannelError,
  type ChannelMessage,
  dailyReportTable,
  type Jipan,
  type JipanDispatcher,
  type NotifierChannel
} from "@jipan/core"
import { xlsxBuffer } from "@jipan/export"
import { Effect } from "effect"
import { group } from "./dms-cards.js"
import { directory } from "./dms-setup.js"

/** A channel over the DMS's own sender (its WeCom bot, its SMS gateway), written with Promises. */
export const channel = (name: string, send: (m: ChannelMessage) => Promise<void>): NotifierChannel => ({
  name,
  send: (m) =>
    Effect.tryPromise({
      try: () => send(m),
      // retryable: the dispatcher backs off and tries again; otherwise the message is dead at once
      catch: (e) =>
        new ChannelError({ channel: name, reason: "SendFailed", retryable: true, message: String(e) })
    })
})

/**
 * The nightly job (cron `30 23 * * *`, Asia/Shanghai): close the day (日结: overdue prospects
 * lapse a grade, vouchers past their date expire, the day's care and voucher messages are
 * queued), then send what is due. Running it twice for a day changes nothing the second time.
 */
export const nightly = async (jipan: Jipan, day: string, channels: ReadonlyArray<NotifierChannel>) => {
  const closed = await jipan.closeDay({ dealerGroupId: group }, day, Date.parse(`${day}T23:30:00+08:00`), {
    directory
  })
  const dispatcher = jipan.dispatcher({ channels })
  const claimed = await dispatcher.runUntilIdle()
  await dispatcher.close()
  return { closed, claimed }
}

/** Or, in a long-running DMS process: send in the background, stop on shutdown. */
export const sendInBackground = (jipan: Jipan, channels: ReadonlyArray<NotifierChannel>): JipanDispatcher => {
  const dispatcher = jipan.dispatcher({ channels, pollIntervalMs: 5_000, onError: (e) => console.error(e) })
  dispatcher.start()
  process.once("SIGTERM", () => void dispatcher.stop().then(() => jipan.close()))
  return dispatcher
}

/** The month's referral settlement (转介绍结算), from what the store holds. */
export const settle = (jipan: Jipan, month: string) => jipan.settlement({ dealerGroupId: group }, month)

/** The daily business report (营业日报表) of a store, as an XLSX workbook for the DMS to serve. */
export const dailyReportXlsx = async (
  jipan: Jipan,
  storeId: string,
  from: string,
  to: string
): Promise<Buffer> => {
  const report = await jipan.reports.daily({ dealerGroupId: group, storeId }, { from, to })
  return xlsxBuffer([dailyReportTable(report, { locale: "zh-CN" })], { locale: "zh-CN", title: true })
}
