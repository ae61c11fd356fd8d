/**
 * The cabinet's shared state: the backend, the language, the role and the consultant whose cabinet
 * is shown, and a revision that bumps after every command so views reload.
 *
 * @module
 */
import type { Locale } from "@jipan/core"
import { createContext, useContext } from "react"
import type { CabinetBackend } from "./backend/CabinetBackend.js"
import { type WordKey, word } from "./i18n.js"

/** Who is using the cabinet. */
export type Role = "consultant" | "supervisor"

/** What every view reads from {@link CabinetContext}. */
export interface Cabinet {
  readonly backend: CabinetBackend
  readonly locale: Locale
  readonly role: Role
  /** The consultant acting (a consultant's own id; the supervisor's filter otherwise). */
  readonly consultant: string
  readonly revision: number
  readonly t: (key: WordKey) => string
  /** Call after a command changed the store. */
  readonly changed: () => void
  readonly navigate: (hash: string) => void
}

/** The context of the running cabinet. */
export const CabinetContext = createContext<Cabinet | undefined>(undefined)

/** The running cabinet (inside {@link CabinetContext}). */
export const useCabinet = (): Cabinet => {
  const c = useContext(CabinetContext)
  if (c === undefined) throw new Error("useCabinet outside CabinetContext")
  return c
}

/** Builds the `t` of a locale. */
export const translator = (locale: Locale) => (key: WordKey) => word(key, locale)

/** The props of an in-app link to a hash route: a real `href`, and a click that routes without reloading. */
export const linkTo = (to: string) => ({
  href: to,
  onClick: (e: { preventDefault: () => void }) => {
    e.preventDefault()
    if (location.hash !== to) location.hash = to
  }
})
