/**
 * Gaps of the packages the cabinet runs on, probed rather than assumed, so a test of the flow
 * they block expects the failure while the gap is there and runs in full once it is closed.
 *
 * @module
 */
import { reportedEventOf } from "@jipan/core"

/**
 * The core's `reportedEventOf` keeps no field of a `BroadBaseRecorded` event (no `_tag`, `at`,
 * `on`: the `reported` table of `report/ReportRows.ts` has no entry for it), so a SQL store's
 * `jipan_report_events.on_date` is null and `RecordBroadBase` fails with a `StoreError` on
 * PGlite and PostgreSQL (the in-browser cabinet and the DMS API).
 */
export const broadBaseNotReported: boolean =
  (
    reportedEventOf({
      _tag: "BroadBaseRecorded",
      by: { id: "c-wang", role: "consultant" },
      at: 0,
      on: "2026-12-16",
      kind: "otherBrandOwner"
    } as never) as { readonly _tag?: string }
  )._tag !== "BroadBaseRecorded"
