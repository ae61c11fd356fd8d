// The erasure of one person written by hand in SQL (the peer of `erasePerson` in the erase-person
// and retention-sweep benchmarks): see rawErase.
import {
  type CalendarDate,
  CardEvent,
  ERASED_PHONE,
  ERASED_TEXT,
  evolveCard,
  foldCard,
  type PhoneNumber,
  redactPersonal,
  type Tenant
} from "@jipan/core"
import type pg from "pg"

export type Raw = pg.Client
const q = async (c: Raw, name: string, text: string, values: ReadonlyArray<unknown>) =>
  (await c.query({ name, text, values: [...values] })).rows

/**
 * What an integrator would write by hand to erase a person (PIPL art. 47), in one transaction on one `pg` client with prepared
 * statements: the person's cards by phone (locked), their events read, redacted with the library's
 * own `redactPersonal` (the field list is the schema's: no hand list would be shorter) and written
 * back in one UPDATE, the card rows (phone, state, version) and the erasure marker in one
 * statement, the facts' phone; the referrals where the phone is the referee's (indexed) or the
 * referrer's (`referrer_phone`, indexed) rewritten in SQL (phones and the referee's name, in the
 * events, the state and the phone columns); the visits with the phone (`visit->>'phone'`,
 * indexed), the outbox messages to the person's customer ids or naming the phone (E.164 or
 * national), a card or a customer id (the recipient and the `subjects` the enqueue wrote, both
 * indexed), the provider submissions and delivery receipts with the phone, and the audit record:
 * each one UPDATE filtered in the server, on the indexes of 18_erasure_lookups.
 * What it leaves out that the library does: the care contacts, due spans and report rows
 * recomputed from the redacted history (none holds a personal field here), names quoted in
 * referral checks' explanations, and the retry on a racing command.
 */
export const rawErase = async (
  c: Raw,
  tenant: Tenant,
  phone: PhoneNumber,
  erasureId: string,
  at: number,
  on: CalendarDate
): Promise<number> => {
  const g = tenant.dealerGroupId
  const st = tenant.storeId
  const national = phone.startsWith("+86") ? phone.slice(3) : phone
  await c.query("BEGIN")
  try {
    const cards = await q(
      c,
      "erase_cards",
      `SELECT card_id, customer_id, version FROM jipan_cards WHERE dealer_group_id = $1 AND phone = $2
        ORDER BY store_id, card_id FOR UPDATE`,
      [g, phone]
    )
    const cardIds = cards.map((r) => r.card_id as string)
    const customerIds = cards.map((r) => r.customer_id as string).filter((x) => x !== null)
    if (cardIds.length > 0) {
      const rows = await q(
        c,
        "erase_card_events",
        `SELECT card_id, version, event FROM jipan_card_events
          WHERE dealer_group_id = $1 AND store_id = $2 AND card_id = ANY($3) ORDER BY card_id, version`,
        [g, st, cardIds]
      )
      const events: Array<{ card_id: string; version: number; event: unknown }> = []
      const byCard = new Map<string, Array<CardEvent>>()
      for (const r of rows) {
        const e = redactPersonal(CardEvent, r.event as CardEvent)
        events.push({ card_id: r.card_id, version: r.version, event: e })
        const list = byCard.get(r.card_id) ?? []
        list.push(e)
        byCard.set(r.card_id, list)
      }
      const cardRows = [...byCard].map(([cardId, history]) => {
        const state = foldCard(history)
        const marker = {
          _tag: "PersonalDataErased",
          by: { id: "supervisor", role: "supervisor" },
          at: state.lastEventAt,
          on,
          erasureId
        } as unknown as CardEvent
        const after = evolveCard(state, marker)
        return {
          card_id: cardId,
          version: after.version,
          marker,
          event_type: marker._tag,
          at: marker.at,
          state: after
        }
      })
      await q(
        c,
        "erase_card_rows",
        `WITH history AS (
            UPDATE jipan_card_events e SET event = x.event
            FROM jsonb_to_recordset($3::jsonb) AS x(card_id text, version integer, event jsonb)
            WHERE e.dealer_group_id = $1 AND e.store_id = $2 AND e.card_id = x.card_id AND e.version = x.version
          ), marker AS (
            INSERT INTO jipan_card_events (dealer_group_id, store_id, card_id, version, event_type, at, event)
            SELECT $1, $2, card_id, version, event_type, at, marker
            FROM jsonb_to_recordset($4::jsonb)
              AS x(card_id text, version integer, event_type text, at double precision, marker jsonb)
          ), facts AS (
            UPDATE jipan_card_facts SET facts = jsonb_set(facts, '{phone}', to_jsonb($5::text))
            WHERE dealer_group_id = $1 AND store_id = $2 AND card_id = ANY($6) AND facts ? 'phone'
          )
          UPDATE jipan_cards k SET phone = $5, version = x.version, state = x.state
          FROM jsonb_to_recordset($4::jsonb) AS x(card_id text, version integer, state jsonb)
          WHERE k.dealer_group_id = $1 AND k.store_id = $2 AND k.card_id = x.card_id`,
        [g, st, JSON.stringify(events), JSON.stringify(cardRows), ERASED_PHONE, cardIds]
      )
    }
    // the referrals: the referee's name where the referee is the person, a rejection's note and a
    // voiding's reason, then the phone wherever it is quoted (the registration, the checks' reads)
    const redactReferral = (col: string) => `replace((CASE
          WHEN ${col}->'registration'->'referee'->>'phone' = $2
            THEN jsonb_set(${col}, '{registration,referee,name}', to_jsonb($4::text))
          WHEN ${col} ? 'note' THEN jsonb_set(${col}, '{note}', to_jsonb($4::text))
          WHEN ${col} ? 'reason' THEN jsonb_set(${col}, '{reason}', to_jsonb($4::text))
          ELSE ${col} END)::text, '"' || $2 || '"', '"' || $3 || '"')::jsonb`
    await q(
      c,
      "erase_referrals",
      `WITH theirs AS (
          SELECT store_id, referral_id FROM jipan_referrals
          WHERE dealer_group_id = $1 AND (referee_phone = $2 OR referrer_phone = $2)
          FOR UPDATE
        ), history AS (
          UPDATE jipan_referral_events e SET event = ${redactReferral("e.event")}
          FROM theirs t WHERE e.dealer_group_id = $1 AND e.store_id = t.store_id AND e.referral_id = t.referral_id
        )
        UPDATE jipan_referrals r SET state = ${redactReferral("r.state")},
          referee_phone = CASE WHEN r.referee_phone = $2 THEN $3 ELSE r.referee_phone END,
          referrer_phone = CASE WHEN r.referrer_phone = $2 THEN $3 ELSE r.referrer_phone END
        FROM theirs t WHERE r.dealer_group_id = $1 AND r.store_id = t.store_id AND r.referral_id = t.referral_id`,
      [g, phone, ERASED_PHONE, ERASED_TEXT]
    )
    await q(
      c,
      "erase_visits",
      `UPDATE jipan_showroom_visits SET visit = visit - 'phone' WHERE dealer_group_id = $1 AND visit->>'phone' = $2`,
      [g, phone]
    )
    // by the indexes of 18_erasure_lookups: the recipient, and the subjects the enqueue wrote
    await q(
      c,
      "erase_outbox",
      `UPDATE jipan_outbox SET payload = '{"erased":true}'::jsonb, subjects = '{}', last_error = 'erased',
          status = CASE WHEN status = 'pending' THEN 'skipped' ELSE status END
        WHERE dealer_group_id = $1 AND (recipient = ANY($2) OR subjects && $3)`,
      [
        g,
        customerIds.flatMap((id) => [`customer:${id}`, `referrer:${id}`]),
        [phone, national, ...cardIds, ...customerIds]
      ]
    )
    await q(
      c,
      "erase_submissions",
      `UPDATE jipan_provider_submissions SET phone = $2 WHERE dealer_group_id = $1 AND phone = ANY($3)`,
      [g, ERASED_PHONE, [phone, national]]
    )
    await q(
      c,
      "erase_receipts",
      `UPDATE jipan_delivery_receipts SET phone = $2, description = NULL WHERE dealer_group_id = $1 AND phone = ANY($3)`,
      [g, ERASED_PHONE, [phone, national]]
    )
    await q(
      c,
      "erase_audit",
      `INSERT INTO jipan_audit_log (dealer_group_id, id, store_id, at, action, record)
        VALUES ($1, $2, NULL, $3, 'erase', $4::jsonb) ON CONFLICT (dealer_group_id, id) DO NOTHING`,
      [
        g,
        erasureId,
        at,
        JSON.stringify({
          id: erasureId,
          dealerGroupId: g,
          at,
          viewer: { role: "supervisor" },
          action: "erase"
        })
      ]
    )
    await c.query("COMMIT")
    return cardIds.length
  } catch (e) {
    await c.query("ROLLBACK")
    throw e
  }
}
