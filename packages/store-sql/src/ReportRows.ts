/**
 * The rows of the report tables (migration `7_reports`) and their decoding: what an append, a
 * referral append and the bulk import write next to a history — made with the core's pure
 * functions (`reportEventsOf`, `dueSpanChanges`, `cardFactsOf`, `reportReferralOf`), so that the
 * SQL `ReportSource` answers what the in-memory store answers — and the Schemas every row read
 * back is decoded with.
 *
 * Tables (all keyed by `dealer_group_id, store_id` first):
 *
 * - `jipan_report_events`: one row per card event (`card_id, version`, `on_date`, `owner_id` after
 *   the event, `report` jsonb: source, grade/status/test drive before, the event);
 * - `jipan_due_spans`: one row per due span (`card_id, started_version`, `started_on`,
 *   `ended_on` — null while open —, `owner_id`, `due`);
 * - `jipan_card_facts`: one row per card (`card_id`, `version`, `status`, `owner_id`, `facts` jsonb);
 * - `jipan_showroom_visits`: the visit log, unique by `visit_id` (`at`, `on_date`,
 *   `consultant_id`, `visit` jsonb);
 * - `jipan_report_referrals`: one row per registered referral (`referral_id`, `registered_on`,
 *   `consultant_id`, `report` jsonb).
 *
 * @since 0.2.0
 */
export * from "./ReportRowsRead.js"
export * from "./ReportRowsWritten.js"
