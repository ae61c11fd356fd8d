/**
 * A phone shown masked: what a group channel, a tile or an error message may say of a number.
 * A module of its own, free of the phone metadata, so a page that only masks does not load it.
 *
 * @module
 */

/**
 * Masks a mobile number for a group channel: the first three and last four digits stay.
 *
 * @example
 * ```ts
 * import { maskPhone } from "@jipan/core"
 * maskPhone("13800001234") // "138****1234"
 * maskPhone("+8613800001234") // "138****1234"
 * ```
 */
export const maskPhone = (phone: string): string => {
  // a mainland mobile stored in E.164 is shown as people write it: 138****1234, not +86*******1234
  const national = /^\+861\d{10}$/.test(phone) ? phone.slice(3) : phone
  return national.length <= 7
    ? "*".repeat(national.length)
    : `${national.slice(0, 3)}${"*".repeat(national.length - 7)}${national.slice(-4)}`
}
