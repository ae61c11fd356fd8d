import type { HandledCard, Jipan } from "@jipan/core"
import { tenantOf } from "./dms-cards.js"

const consultant = (id: string) => ({ id, role: "consultant" as const })

/** The DMS signed the order (订单): the card is an O. */
export const placeOrder = (
  jipan: Jipan,
  storeId: string,
  cardId: string,
  order: {
    readonly orderId: string
    readonly model: string
    readonly consultantId: string
    readonly at: number
  }
): Promise<HandledCard> =>
  jipan.handle(tenantOf(storeId), cardId, {
    _tag: "PlaceOrder",
    orderId: order.orderId,
    model: order.model,
    by: consultant(order.consultantId),
    at: order.at
  })

/** The DMS handed over the car(s) (交车): retail, or a fleet sale (批售) with its units. */
export const deliver = (
  jipan: Jipan,
  storeId: string,
  cardId: string,
  d: {
    readonly vin: string
    readonly model: string
    readonly deliveredOn: string
    readonly consultantId: string
    readonly at: number
    readonly fleet?: { readonly customer: string; readonly units: number }
  }
): Promise<HandledCard> =>
  jipan.handle(tenantOf(storeId), cardId, {
    _tag: "Deliver",
    vehicle: { brand: "Buick", model: d.model, vin: d.vin },
    deliveredOn: d.deliveredOn,
    ...(d.fleet === undefined
      ? {}
      : { sale: { kind: "fleet" as const, units: d.fleet.units, fleetCustomer: d.fleet.customer } }),
    by: consultant(d.consultantId),
    at: d.at
  })

/** The DCRC's satisfaction survey (满意度调查) after delivery: the month's CVP bonus reads it. */
export const recordSurvey = (
  jipan: Jipan,
  storeId: string,
  cardId: string,
  s: {
    readonly surveyId: string
    readonly at: number
    readonly satisfaction: "verySatisfied" | "satisfied" | "neutral"
  }
): Promise<HandledCard> =>
  jipan.handle(tenantOf(storeId), cardId, {
    _tag: "RecordSurvey",
    surveyId: s.surveyId,
    answers: { satisfaction: s.satisfaction, buyAgain: "over70", recommend: "veryLikely" },
    by: { id: "dcrc-1", role: "dcrc" },
    at: s.at
  })
