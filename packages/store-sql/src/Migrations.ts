/**
 * The tables of a Jipan store and their migrations, run by effect's `Migrator` (idempotent: a
 * migration already applied is skipped). Written for PostgreSQL 15 and later, and PGlite.
 *
 * @since 0.1.0
 */
import { outboxSubjectsOf } from "@jipan/core"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Migrator from "effect/sql/Migrator"
import * as SqlClient from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"

const statements = (...parts: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    for (const part of parts) yield* sql.unsafe(part)
  })

/**
 * The migrations, by `<id>_<name>`. Tables:
 *
 * - `jipan_cards`: one row per card — tenant, id, version, and the state's query fields as columns
 *   (status, owner, grade, next contact due, phone, customer, opened on) plus the full state as jsonb;
 * - `jipan_card_events`: the append-only history, jsonb per event, unique (card, version);
 * - `jipan_care_contacts`: the care contacts due per owned card;
 * - `jipan_referrals`, `jipan_referral_events`: referrals (status, consultant, referrer, referee's
 *   phone and linked card as columns, the state as jsonb) and their histories;
 * - `jipan_ledger`: the append-only reward ledger;
 * - `jipan_outbox`: messages to deliver;
 * - `jipan_policy_documents`: policy document versions;
 * - the report tables (`7_reports`): `jipan_report_events`, `jipan_due_spans`, `jipan_card_facts`,
 *   `jipan_showroom_visits`, `jipan_report_referrals` (see `ReportRows`).
 *
 * Ids two stores of a group may choose alike (outbox message ids and idempotency keys, ledger
 * entry and voucher ids) are keyed by group **and store** (`9_tenant_keys`). `10_delivery_receipts`:
 * `jipan_provider_submissions` and `jipan_delivery_receipts`, what a provider accepted and reported.
 * `11_card_keys`: an index for paging a scope's card keys in code-point order.
 * `12_referral_lookups`: on `jipan_referrals`, the referee's phone and linked card
 * (`referee_phone`, `referee_card_store_id`, `referee_card_id`, backfilled from the state) and an
 * index for each filter of `ReferralStore.find` within a group (the referee's phone, the referrer,
 * the consultant, the linked card) and for its pages.
 * `13_complaint_facts`: on `jipan_card_facts`, the day of the oldest open complaint
 * (`open_complaint_since`, generated from the facts) and a partial index for the complaint finding.
 * `14_visit_plan_facts`: the days of the latest planned visit week (`planned_from`, `planned_to`),
 * the last day the customer was reached (`last_reached_on`) and a partial index for the plan check.
 * `15_audit_log`: `jipan_audit_log`, the audit log of personal data (`AuditLog`): one row per
 * record, unique by (group, id), the record as jsonb with its store, time and action as columns,
 * and an index for a group's pages in (at, id) order.
 * `16_erased_receipts`: `jipan_provider_submissions` and `jipan_delivery_receipts` keyed by a
 * sequence, their (provider, provider message id, phone[, status]) unique among the live numbers
 * only, so the rows an erasure gives the phone `+0` (`DeliveryReceipts.redactPhone`) never collide.
 * `17_consents`: `jipan_consents`, the consent ledger (`ConsentStore`): one row per record, unique
 * by (group, id), the person's phone, purpose, channel, status and time as columns, the evidence as
 * jsonb, and an index for a person's records in (at, id) order.
 * `18_erasure_lookups`: what an erasure and an access export look a person up by, indexed within a
 * group: on `jipan_referrals` the referrer's phone (`referrer_phone`, backfilled from the state);
 * on `jipan_showroom_visits` the visit's phone (an expression index on `visit->>'phone'`); on
 * `jipan_outbox` the recipient and the message's subjects (`subjects text[]`, `outboxSubjectsOf`
 * of the payload, backfilled here; GIN-indexed); on `jipan_provider_submissions` and
 * `jipan_delivery_receipts` the phone.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * import { Migrator } from "effect/sql"
 * import { Migrations } from "@jipan/store-sql"
 * const run = Migrator.make({})({ loader: Migrator.fromRecord(Migrations.migrations), table: Migrations.table })
 * ```
 */
export const migrations = {
  "1_cards": statements(
    `CREATE TABLE IF NOT EXISTS jipan_cards (
      dealer_group_id text NOT NULL,
      store_id text NOT NULL,
      card_id text NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      status text NOT NULL,
      owner_id text,
      grade text,
      next_contact_due date,
      phone text,
      customer_id text,
      opened_on date,
      state jsonb NOT NULL,
      PRIMARY KEY (dealer_group_id, store_id, card_id)
    )`,
    `CREATE INDEX IF NOT EXISTS jipan_cards_work_list
      ON jipan_cards (dealer_group_id, owner_id, next_contact_due) WHERE next_contact_due IS NOT NULL`,
    `CREATE INDEX IF NOT EXISTS jipan_cards_phone ON jipan_cards (dealer_group_id, phone)`,
    `CREATE INDEX IF NOT EXISTS jipan_cards_report ON jipan_cards (dealer_group_id, store_id, status, grade)`,
    `CREATE INDEX IF NOT EXISTS jipan_cards_owner ON jipan_cards (dealer_group_id, owner_id, card_id)`,
    `CREATE TABLE IF NOT EXISTS jipan_card_events (
      dealer_group_id text NOT NULL,
      store_id text NOT NULL,
      card_id text NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      event_type text NOT NULL,
      at double precision NOT NULL,
      event jsonb NOT NULL,
      PRIMARY KEY (dealer_group_id, store_id, card_id, version)
    )`,
    `CREATE TABLE IF NOT EXISTS jipan_care_contacts (
      dealer_group_id text NOT NULL,
      store_id text NOT NULL,
      card_id text NOT NULL,
      rule_id text NOT NULL,
      planned_on date NOT NULL,
      due_on date NOT NULL,
      kind text NOT NULL,
      critical boolean NOT NULL,
      PRIMARY KEY (dealer_group_id, store_id, card_id, rule_id, planned_on)
    )`,
    `CREATE INDEX IF NOT EXISTS jipan_care_contacts_due ON jipan_care_contacts (dealer_group_id, due_on)`
  ),
  "2_referrals": statements(
    `CREATE TABLE IF NOT EXISTS jipan_referrals (
      dealer_group_id text NOT NULL,
      store_id text NOT NULL,
      referral_id text NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      status text NOT NULL,
      consultant_id text,
      referrer_id text,
      state jsonb NOT NULL,
      PRIMARY KEY (dealer_group_id, store_id, referral_id)
    )`,
    `CREATE TABLE IF NOT EXISTS jipan_referral_events (
      dealer_group_id text NOT NULL,
      store_id text NOT NULL,
      referral_id text NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      event jsonb NOT NULL,
      PRIMARY KEY (dealer_group_id, store_id, referral_id, version)
    )`,
    `CREATE TABLE IF NOT EXISTS jipan_ledger (
      seq bigserial,
      dealer_group_id text NOT NULL,
      store_id text NOT NULL,
      entry_id text NOT NULL,
      referral_id text NOT NULL,
      referrer_id text NOT NULL,
      consultant_id text,
      month text NOT NULL,
      entry jsonb NOT NULL,
      PRIMARY KEY (dealer_group_id, entry_id)
    )`,
    `CREATE INDEX IF NOT EXISTS jipan_ledger_month ON jipan_ledger (dealer_group_id, month, seq)`,
    `CREATE INDEX IF NOT EXISTS jipan_ledger_referrer ON jipan_ledger (dealer_group_id, referrer_id, seq)`,
    `CREATE INDEX IF NOT EXISTS jipan_ledger_consultant ON jipan_ledger (dealer_group_id, consultant_id, seq)`
  ),
  "3_outbox": statements(
    `CREATE TABLE IF NOT EXISTS jipan_outbox (
      seq bigserial,
      dealer_group_id text NOT NULL,
      store_id text NOT NULL,
      id text NOT NULL,
      idempotency_key text NOT NULL,
      topic text NOT NULL,
      recipient text NOT NULL,
      payload jsonb NOT NULL,
      available_at double precision NOT NULL,
      status text NOT NULL DEFAULT 'pending',
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      PRIMARY KEY (dealer_group_id, id),
      UNIQUE (dealer_group_id, idempotency_key)
    )`,
    `CREATE INDEX IF NOT EXISTS jipan_outbox_pending
      ON jipan_outbox (dealer_group_id, available_at, seq) WHERE status = 'pending'`
  ),
  "4_policies": statements(
    `CREATE TABLE IF NOT EXISTS jipan_policy_documents (
      dealer_group_id text NOT NULL,
      policy_id text NOT NULL,
      version integer NOT NULL,
      store_id text,
      effective_from date NOT NULL,
      document jsonb NOT NULL,
      PRIMARY KEY (dealer_group_id, policy_id, version)
    )`
  ),
  // a dispatcher claims due messages across every tenant
  "5_outbox_claims": statements(
    `CREATE INDEX IF NOT EXISTS jipan_outbox_due ON jipan_outbox (available_at, seq) WHERE status = 'pending'`
  ),
  // who holds a claim's lease, so a dispatcher whose lease ran out cannot settle another's claim
  "6_outbox_leases": statements(`ALTER TABLE jipan_outbox ADD COLUMN IF NOT EXISTS claimed_by text`),
  // the report source's projections, written with each append (see ReportRows); a day's report
  // reads a day's rows through these indexes instead of every card's history
  "7_reports": statements(
    `CREATE TABLE IF NOT EXISTS jipan_report_events (
      dealer_group_id text NOT NULL,
      store_id text NOT NULL,
      card_id text NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      on_date date NOT NULL,
      owner_id text,
      report jsonb NOT NULL,
      PRIMARY KEY (dealer_group_id, store_id, card_id, version)
    )`,
    `CREATE INDEX IF NOT EXISTS jipan_report_events_on
      ON jipan_report_events (dealer_group_id, store_id, on_date)`,
    `CREATE TABLE IF NOT EXISTS jipan_due_spans (
      dealer_group_id text NOT NULL,
      store_id text NOT NULL,
      card_id text NOT NULL,
      started_version integer NOT NULL CHECK (started_version > 0),
      started_on date NOT NULL,
      ended_on date,
      owner_id text,
      due date NOT NULL,
      PRIMARY KEY (dealer_group_id, store_id, card_id, started_version)
    )`,
    `CREATE INDEX IF NOT EXISTS jipan_due_spans_owner
      ON jipan_due_spans (dealer_group_id, store_id, owner_id, started_on, ended_on)`,
    `CREATE INDEX IF NOT EXISTS jipan_due_spans_open
      ON jipan_due_spans (dealer_group_id, store_id, card_id) WHERE ended_on IS NULL`,
    `CREATE TABLE IF NOT EXISTS jipan_card_facts (
      dealer_group_id text NOT NULL,
      store_id text NOT NULL,
      card_id text NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      status text NOT NULL,
      owner_id text,
      facts jsonb NOT NULL,
      PRIMARY KEY (dealer_group_id, store_id, card_id)
    )`,
    `CREATE INDEX IF NOT EXISTS jipan_card_facts_status
      ON jipan_card_facts (dealer_group_id, store_id, status)`,
    `CREATE TABLE IF NOT EXISTS jipan_showroom_visits (
      dealer_group_id text NOT NULL,
      store_id text NOT NULL,
      visit_id text NOT NULL,
      at double precision NOT NULL,
      on_date date NOT NULL,
      consultant_id text NOT NULL,
      visit jsonb NOT NULL,
      PRIMARY KEY (dealer_group_id, store_id, visit_id)
    )`,
    `CREATE INDEX IF NOT EXISTS jipan_showroom_visits_on
      ON jipan_showroom_visits (dealer_group_id, store_id, on_date)`,
    `CREATE TABLE IF NOT EXISTS jipan_report_referrals (
      dealer_group_id text NOT NULL,
      store_id text NOT NULL,
      referral_id text NOT NULL,
      registered_on date NOT NULL,
      consultant_id text NOT NULL,
      report jsonb NOT NULL,
      PRIMARY KEY (dealer_group_id, store_id, referral_id)
    )`,
    `CREATE INDEX IF NOT EXISTS jipan_report_referrals_on
      ON jipan_report_referrals (dealer_group_id, store_id, registered_on)`
  ),
  // what a day's reports filter on: the facts the finding rules read and the events' kinds, as
  // columns generated from the rows (so every writer stays as it is), and the due spans in force on a day (open, or
  // ended on or after it) by index instead of a scan of every span ever written
  "8_report_filters": statements(
    `ALTER TABLE jipan_card_facts
      ADD COLUMN IF NOT EXISTS next_contact_due text GENERATED ALWAYS AS (facts->>'nextContactDue') STORED,
      ADD COLUMN IF NOT EXISTS last_contact_on text GENERATED ALWAYS AS (facts->>'lastContactOn') STORED,
      ADD COLUMN IF NOT EXISTS agreed_next_contact_on text
        GENERATED ALWAYS AS (facts->>'agreedNextContactOn') STORED,
      ADD COLUMN IF NOT EXISTS grade text GENERATED ALWAYS AS (facts->>'grade') STORED,
      ADD COLUMN IF NOT EXISTS grade_since text GENERATED ALWAYS AS (facts->>'gradeSince') STORED,
      ADD COLUMN IF NOT EXISTS status_since text GENERATED ALWAYS AS (facts->>'statusSince') STORED,
      ADD COLUMN IF NOT EXISTS phone text GENERATED ALWAYS AS (facts->>'phone') STORED`,
    `ALTER TABLE jipan_report_events
      ADD COLUMN IF NOT EXISTS event_type text GENERATED ALWAYS AS (report->'event'->>'_tag') STORED`,
    // one per alternative of the findings filter (SqlStore's mayRaiseFindings)
    `CREATE INDEX IF NOT EXISTS jipan_card_facts_due ON jipan_card_facts (dealer_group_id, store_id, next_contact_due)
      WHERE status IN ('prospect', 'ordered')`,
    `CREATE INDEX IF NOT EXISTS jipan_card_facts_no_agreed ON jipan_card_facts (dealer_group_id, store_id)
      WHERE status IN ('prospect', 'ordered') AND next_contact_due IS NOT NULL AND last_contact_on IS NOT NULL
        AND agreed_next_contact_on IS NULL`,
    `CREATE INDEX IF NOT EXISTS jipan_card_facts_grade ON jipan_card_facts (dealer_group_id, store_id, grade, grade_since)
      WHERE status = 'prospect'`,
    `CREATE INDEX IF NOT EXISTS jipan_card_facts_grade_since ON jipan_card_facts (dealer_group_id, store_id, grade_since)
      WHERE status = 'prospect'`,
    `CREATE INDEX IF NOT EXISTS jipan_card_facts_phone ON jipan_card_facts (dealer_group_id, store_id, phone)`,
    // the card's owner on its care contacts (every append rewrites them), so the contacts due are
    // read without a join to the cards
    `ALTER TABLE jipan_care_contacts ADD COLUMN IF NOT EXISTS owner_id text`,
    `UPDATE jipan_care_contacts k SET owner_id = c.owner_id FROM jipan_cards c
      WHERE c.dealer_group_id = k.dealer_group_id AND c.store_id = k.store_id AND c.card_id = k.card_id
        AND k.owner_id IS DISTINCT FROM c.owner_id`,
    `CREATE INDEX IF NOT EXISTS jipan_due_spans_open_due
      ON jipan_due_spans (dealer_group_id, store_id, due) WHERE ended_on IS NULL`,
    `CREATE INDEX IF NOT EXISTS jipan_due_spans_ended ON jipan_due_spans (dealer_group_id, store_id, ended_on)`,
    // the reports read a day's few thousand rows through these indexes: starting parallel workers
    // costs more than they save (and the planner overestimates "due by today" among open spans)
    `ALTER TABLE jipan_report_events SET (parallel_workers = 0)`,
    `ALTER TABLE jipan_due_spans SET (parallel_workers = 0)`,
    `ALTER TABLE jipan_card_facts SET (parallel_workers = 0)`,
    `ALTER TABLE jipan_care_contacts SET (parallel_workers = 0)`
  ),
  // two stores of one group may choose the same ids (the card "card-1" of each gives the outbox
  // message "card:card-1:1:0"; each store numbers its own vouchers): key them by store too, so
  // one store's message or voucher never silently displaces, or is refused because of, another's
  "9_tenant_keys": statements(
    `ALTER TABLE jipan_outbox DROP CONSTRAINT IF EXISTS jipan_outbox_pkey`,
    `ALTER TABLE jipan_outbox ADD CONSTRAINT jipan_outbox_pkey PRIMARY KEY (dealer_group_id, store_id, id)`,
    `ALTER TABLE jipan_outbox DROP CONSTRAINT IF EXISTS jipan_outbox_dealer_group_id_idempotency_key_key`,
    `ALTER TABLE jipan_outbox ADD CONSTRAINT jipan_outbox_idempotency_key
      UNIQUE (dealer_group_id, store_id, idempotency_key)`,
    `ALTER TABLE jipan_ledger DROP CONSTRAINT IF EXISTS jipan_ledger_pkey`,
    `ALTER TABLE jipan_ledger ADD CONSTRAINT jipan_ledger_pkey PRIMARY KEY (dealer_group_id, store_id, entry_id)`
  ),
  // what providers (SMS gateways, WeChat) accepted, by their own message id, and the delivery
  // receipts their status callbacks report, tied to the outbox message they came from
  "10_delivery_receipts": statements(
    `CREATE TABLE IF NOT EXISTS jipan_provider_submissions (
      provider text NOT NULL,
      provider_message_id text NOT NULL,
      phone text NOT NULL,
      dealer_group_id text NOT NULL,
      store_id text NOT NULL,
      message_id text NOT NULL,
      idempotency_key text NOT NULL,
      template_id text,
      at double precision NOT NULL,
      PRIMARY KEY (provider, provider_message_id, phone)
    )`,
    `CREATE TABLE IF NOT EXISTS jipan_delivery_receipts (
      seq bigserial,
      provider text NOT NULL,
      provider_message_id text NOT NULL,
      phone text NOT NULL,
      dealer_group_id text NOT NULL,
      store_id text NOT NULL,
      message_id text NOT NULL,
      status text NOT NULL,
      code text NOT NULL,
      description text,
      reported_at text NOT NULL,
      PRIMARY KEY (provider, provider_message_id, phone, status)
    )`,
    `CREATE INDEX IF NOT EXISTS jipan_delivery_receipts_message
      ON jipan_delivery_receipts (dealer_group_id, store_id, message_id, seq)`
  ),
  // the card keys of a scope in code-point order (ReportSource.cardKeys: the policy lab's pages)
  "11_card_keys": statements(
    `CREATE INDEX IF NOT EXISTS jipan_card_facts_keys
      ON jipan_card_facts (dealer_group_id, store_id COLLATE "C", card_id COLLATE "C")`
  ),
  // what ReferralStore.find filters on, as columns the append writes (backfilled here from the
  // stored state): the referee's phone and linked card; one index a filter, each within a group,
  // and the keys of a scope's referrals in code-point order for its pages
  "12_referral_lookups": statements(
    `ALTER TABLE jipan_referrals
      ADD COLUMN IF NOT EXISTS referee_phone text,
      ADD COLUMN IF NOT EXISTS referee_card_store_id text,
      ADD COLUMN IF NOT EXISTS referee_card_id text`,
    `UPDATE jipan_referrals SET
        referee_phone = state->'registration'->'referee'->>'phone',
        referee_card_store_id = state->'refereeCard'->>'storeId',
        referee_card_id = state->'refereeCard'->>'cardId'
      WHERE referee_phone IS DISTINCT FROM state->'registration'->'referee'->>'phone'
        OR referee_card_store_id IS DISTINCT FROM state->'refereeCard'->>'storeId'
        OR referee_card_id IS DISTINCT FROM state->'refereeCard'->>'cardId'`,
    `CREATE INDEX IF NOT EXISTS jipan_referrals_referee_phone ON jipan_referrals (dealer_group_id, referee_phone)`,
    `CREATE INDEX IF NOT EXISTS jipan_referrals_referrer ON jipan_referrals (dealer_group_id, referrer_id)`,
    `CREATE INDEX IF NOT EXISTS jipan_referrals_consultant ON jipan_referrals (dealer_group_id, consultant_id)`,
    `CREATE INDEX IF NOT EXISTS jipan_referrals_referee_card ON jipan_referrals (dealer_group_id, referee_card_id)`,
    `CREATE INDEX IF NOT EXISTS jipan_referrals_keys
      ON jipan_referrals (dealer_group_id, store_id COLLATE "C", referral_id COLLATE "C")`
  ),
  // the complaint finding's filter: the day of a card's oldest open complaint, from its facts
  "13_complaint_facts": statements(
    `ALTER TABLE jipan_card_facts
      ADD COLUMN IF NOT EXISTS open_complaint_since text GENERATED ALWAYS AS (facts->>'openComplaintSince') STORED`,
    `CREATE INDEX IF NOT EXISTS jipan_card_facts_complaint
      ON jipan_card_facts (dealer_group_id, store_id, open_complaint_since) WHERE open_complaint_since IS NOT NULL`
  ),
  // the plan check's filter: the days of a card's latest planned week, from its facts
  "14_visit_plan_facts": statements(
    `ALTER TABLE jipan_card_facts
      ADD COLUMN IF NOT EXISTS planned_from text GENERATED ALWAYS AS (facts->'plannedVisit'->>'from') STORED,
      ADD COLUMN IF NOT EXISTS planned_to text GENERATED ALWAYS AS (facts->'plannedVisit'->>'to') STORED,
      ADD COLUMN IF NOT EXISTS last_reached_on text GENERATED ALWAYS AS (facts->>'lastReachedOn') STORED`,
    `CREATE INDEX IF NOT EXISTS jipan_card_facts_visit_plan
      ON jipan_card_facts (dealer_group_id, store_id, planned_to) WHERE planned_to IS NOT NULL`
  ),
  // the audit log of personal data (PIPL art. 54–55): append-only, a known id ignored; read by
  // group in (at, id) code-point order, the id as the memory store compares it
  "15_audit_log": statements(
    `CREATE TABLE IF NOT EXISTS jipan_audit_log (
      dealer_group_id text NOT NULL,
      id text NOT NULL,
      store_id text,
      at double precision NOT NULL,
      action text NOT NULL,
      record jsonb NOT NULL,
      PRIMARY KEY (dealer_group_id, id)
    )`,
    `CREATE INDEX IF NOT EXISTS jipan_audit_log_at ON jipan_audit_log (dealer_group_id, at, id COLLATE "C")`
  ),
  // an erasure gives a person's submissions and receipts the phone +0 (DeliveryReceipts.redactPhone):
  // two of one provider message (a batch to two people both erased; one number written E.164 and
  // national) would then share the key that holds the phone. That key now holds the live numbers
  // only (a partial unique index: a submission or a receipt is still written once, ON CONFLICT DO
  // NOTHING still skips a repeat) and each table is keyed by its own sequence
  "16_erased_receipts": statements(
    `CREATE UNIQUE INDEX IF NOT EXISTS jipan_provider_submissions_live
      ON jipan_provider_submissions (provider, provider_message_id, phone) WHERE phone <> '+0'`,
    `ALTER TABLE jipan_provider_submissions DROP CONSTRAINT IF EXISTS jipan_provider_submissions_pkey`,
    `ALTER TABLE jipan_provider_submissions ADD COLUMN IF NOT EXISTS seq bigserial`,
    `ALTER TABLE jipan_provider_submissions ADD CONSTRAINT jipan_provider_submissions_pkey PRIMARY KEY (seq)`,
    `CREATE UNIQUE INDEX IF NOT EXISTS jipan_delivery_receipts_live
      ON jipan_delivery_receipts (provider, provider_message_id, phone, status) WHERE phone <> '+0'`,
    `ALTER TABLE jipan_delivery_receipts DROP CONSTRAINT IF EXISTS jipan_delivery_receipts_pkey`,
    `ALTER TABLE jipan_delivery_receipts ADD CONSTRAINT jipan_delivery_receipts_pkey PRIMARY KEY (seq)`
  ),
  // the consent ledger (PIPL art. 13–14, 23: consent per purpose, with evidence, withdrawable):
  // append-only, a known id ignored; read per person (group, phone) in (at, id) order; an erasure
  // gives a person's rows the phone +0 (ConsentStore.redact)
  "17_consents": statements(
    `CREATE TABLE IF NOT EXISTS jipan_consents (
      dealer_group_id text NOT NULL,
      id text NOT NULL,
      phone text NOT NULL,
      purpose text NOT NULL,
      channel text NOT NULL,
      status text NOT NULL,
      at double precision NOT NULL,
      evidence jsonb NOT NULL,
      PRIMARY KEY (dealer_group_id, id)
    )`,
    `CREATE INDEX IF NOT EXISTS jipan_consents_person
      ON jipan_consents (dealer_group_id, phone, at, id COLLATE "C")`
  ),
  // what an erasure (and an access export) looks a person up by, instead of reading the group's
  // referrals, visit log and outbox over all time: the referrer's phone (a column the append and
  // the rewrite write, like referee_phone), the visit's phone, the outbox's recipient and the ids
  // and phones a message names (Outbox.about; outboxSubjectsOf, computed here for the rows written
  // before, as the enqueue computes it), and the phone of the providers' submissions and receipts
  // (DeliveryReceipts.redactPhone)
  "18_erasure_lookups": Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* statements(
      `ALTER TABLE jipan_referrals ADD COLUMN IF NOT EXISTS referrer_phone text`,
      `UPDATE jipan_referrals SET referrer_phone = state->'registration'->'referrer'->>'phone'
        WHERE referrer_phone IS DISTINCT FROM state->'registration'->'referrer'->>'phone'`,
      `CREATE INDEX IF NOT EXISTS jipan_referrals_referrer_phone ON jipan_referrals (dealer_group_id, referrer_phone)`,
      `CREATE INDEX IF NOT EXISTS jipan_showroom_visits_phone
        ON jipan_showroom_visits (dealer_group_id, (visit->>'phone'))`,
      `CREATE INDEX IF NOT EXISTS jipan_outbox_recipient ON jipan_outbox (dealer_group_id, recipient)`,
      `ALTER TABLE jipan_outbox ADD COLUMN IF NOT EXISTS subjects text[] NOT NULL DEFAULT '{}'`,
      `CREATE INDEX IF NOT EXISTS jipan_provider_submissions_phone ON jipan_provider_submissions (dealer_group_id, phone)`,
      `CREATE INDEX IF NOT EXISTS jipan_delivery_receipts_phone ON jipan_delivery_receipts (dealer_group_id, phone)`
    )
    // the subjects of the messages written before, a batch at a time in seq order
    let after = "0"
    for (;;) {
      // ordered by the bigint column, not by its text (an alias named seq would sort "10" before "9")
      const rows = yield* sql<{ readonly seq_text: string; readonly payload: unknown }>`SELECT
          seq::text AS seq_text, payload
        FROM jipan_outbox WHERE seq > ${after}::bigint ORDER BY jipan_outbox.seq LIMIT 2000`
      const last = rows[rows.length - 1]
      if (last === undefined) break
      after = last.seq_text
      const named = rows.flatMap((r) => {
        const subjects = outboxSubjectsOf({ payload: r.payload })
        return subjects.length === 0 ? [] : [{ seq: r.seq_text, subjects }]
      })
      if (named.length > 0)
        yield* sql`UPDATE jipan_outbox AS o SET subjects = ARRAY(SELECT jsonb_array_elements_text(x.subjects))
          FROM jsonb_to_recordset(${JSON.stringify(named)}::jsonb) AS x(seq bigint, subjects jsonb)
          WHERE o.seq = x.seq`
    }
    yield* sql`CREATE INDEX IF NOT EXISTS jipan_outbox_subjects ON jipan_outbox USING gin (subjects)`
  })
}

/**
 * The migrations table of a Jipan store.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * import { Migrations } from "@jipan/store-sql"
 * Migrations.table // "jipan_migrations"
 * ```
 */
export const table = "jipan_migrations"

/**
 * Runs the pending migrations on the current `SqlClient`; returns those applied now.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Migrations } from "@jipan/store-sql"
 * const applied = Migrations.run // Effect<ReadonlyArray<[id, name]>, …, SqlClient>
 * ```
 */
export const run: Effect.Effect<
  ReadonlyArray<readonly [id: number, name: string]>,
  Migrator.MigrationError | SqlError,
  SqlClient.SqlClient
> = Migrator.make({})({ loader: Migrator.fromRecord(migrations), table })

/**
 * A layer that runs the migrations when built.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { Migrations, SqlStore } from "@jipan/store-sql"
 * const Store = SqlStore.layer.pipe(Layer.provideMerge(Migrations.layer))
 * ```
 */
export const layer: Layer.Layer<never, Migrator.MigrationError | SqlError, SqlClient.SqlClient> =
  Layer.effectDiscard(run)
