// How a Chinese number may also be written without its country code (`+8613812345678` as
// `13812345678`: SMS providers' receipts and free text often say it so); none for other numbers.
// What an erasure scrubs and an access export matches besides the E.164 form.
import type { PhoneNumber } from "../../kernel/Phone.js"

export const nationalForms = (phone: PhoneNumber): ReadonlyArray<string> =>
  phone.startsWith("+86") ? [phone.slice(3)] : []
