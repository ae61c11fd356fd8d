import {
  type ConsentRecord,
  cardMessages,
  createJipan,
  type Jipan,
  layerConsentRecords,
  layerMemory,
  type NotificationDirectory
} from "@jipan/core"
import { JipanPglite } from "@jipan/store-pglite"
import { JipanPostgres } from "@jipan/store-postgres"
import { Layer } from "effect"

// In a real DMS, its customer table: the directory is synchronous, so keep what it needs at hand.
const customers = new Map([
  [
    "cust-chen",
    { id: "cust-chen", name: "陈先生", channel: "sms", to: ["13812345678"], customerId: "cust-chen" }
  ],
  ["cust-li", { id: "cust-li", name: "李先生", channel: "sms", to: ["18600001111"], customerId: "cust-li" }]
])

/** Your DMS's look-ups for the messages: the store, a consultant, the supervisors, a customer. */
export const directory: NotificationDirectory = {
  store: () => ({ name: "东方别克", phone: "021-5555 0000" }),
  consultant: (id) => ({ id, name: id === "c-wang" ? "王磊" : "李娜", channel: "wecom" }),
  supervisors: () => [{ id: "s-zhao", name: "赵主管", channel: "wecom" }],
  customer: (id) => customers.get(id)
}

/** What customers agreed to receive (营销同意), as the DMS keeps it: read again at each send. */
export const consentRecords: Array<ConsentRecord> = []
const consent = layerConsentRecords(() => consentRecords)

// A card change's messages (a card assigned, a defeat to approve…) are written with the change.
const options = { messages: cardMessages({ directory }) }

/** Production: a PostgreSQL server (15+); the migrations run when the first call builds the store. */
export const productionJipan = (): Jipan =>
  createJipan({
    store: Layer.merge(
      JipanPostgres.layer({
        url: process.env.JIPAN_DATABASE_URL ?? "postgres://jipan@localhost:5432/dealer",
        schema: "jipan"
      }),
      consent
    ),
    ...options
  })

/** Integration tests: the same SQL on embedded PGlite, in memory (or `{ dataDir }` on disk). */
export const pgliteJipan = (): Jipan =>
  createJipan({ store: Layer.merge(JipanPglite.layer(), consent), ...options })

/** Unit tests (and this guide's walk-through): the in-memory store. */
export const memoryJipan = (): Jipan => createJipan({ store: Layer.merge(layerMemory, consent), ...options })
