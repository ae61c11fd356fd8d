/**
 * Display names for the demo's customers. The core keeps customer ids and phones, not names (the
 * DMS owns the customer master); the cabinet shows a stable name derived from the id.
 *
 * @module
 */
import { maskPhone as maskCorePhone } from "@jipan/core"

const FAMILY = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗"
const GIVEN = [
  "伟",
  "芳",
  "娜",
  "敏",
  "静",
  "磊",
  "洋",
  "勇",
  "艳",
  "杰",
  "涛",
  "明",
  "超",
  "秀英",
  "建华",
  "国强",
  "丽",
  "军"
]

/** A stable Chinese name for a customer id. */
export const customerName = (customerId: string | undefined): string => {
  if (customerId === undefined) return "—"
  let h = 2166136261
  for (let i = 0; i < customerId.length; i++) h = Math.imul(h ^ customerId.charCodeAt(i), 16777619) >>> 0
  return `${FAMILY.charAt(h % FAMILY.length)}${GIVEN[(h >>> 8) % GIVEN.length] ?? ""}`
}

/**
 * A phone number with the middle digits masked (what a tile shows), as core masks it: any number,
 * not only a mainland mobile (a Hong Kong number was shown whole).
 */
export const maskPhone = (phone: string | undefined): string =>
  phone === undefined ? "—" : maskCorePhone(phone)

/** A consultant's display name. */
export const consultantName = (id: string | undefined): string =>
  id === undefined
    ? "—"
    : ((
        { "c-wang": "王顾问", "c-li": "李顾问", "c-zhao": "赵顾问", "s-chen": "陈主管" } as Record<
          string,
          string
        >
      )[id] ?? id)
