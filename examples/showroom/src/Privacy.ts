/**
 * Who is looking (PIPL, #19 item 5): the CLI's `--as <role>[:<consultantId>]` decoded into core's
 * `Viewer`, the explicit `--unmask --reason "<why>"` of an export, and the audit log of personal
 * data access (个人信息处理记录) the CLI keeps. Masking itself is the core's single map
 * (`maskedFor`, `maySeePersonal`); `People.ts` applies it to the names and tables the CLI prints.
 *
 * - Without `--as` the viewer is `{ role: "system" }`: the CLI has no login, so a run that does not
 *   say who is looking (a cron job, a CI log, a pasted terminal) shows no personal data.
 * - The terminal (tables, reports, card views, messages, error lines) shows what the role may see:
 *   a consultant their own customers, a supervisor, the DCRC and an admin everyone.
 * - CSV and XLSX files are masked for every role unless `--unmask --reason` asks otherwise; then they
 *   show what the role may see, and each table exported is recorded as a `PersonalDataAccess`
 *   (action `unmask`) on standard error and appended to the audit log (JSON lines).
 *
 * @module
 */
import { appendFile, mkdir } from "node:fs/promises"
import { dirname, join } from "node:path"
import type { PersonalDataAccess, Viewer } from "@jipan/core"
import { Effect, Result } from "effect"
import { SHOWROOM_DIR } from "./DemoStore.js"

/** The roles `--as` takes (core's `Viewer["role"]`). */
export const ROLES = ["consultant", "supervisor", "dcrc", "system", "admin"] as const

/** The viewer when `--as` is not given: the system, which sees no personal data. */
export const DEFAULT_VIEWER: Viewer = { role: "system" }

/** The audit log of personal data access when `--audit-log` is not given. */
export const DEFAULT_AUDIT_LOG = join(SHOWROOM_DIR, ".data", "personal-data-access.jsonl")

/** What `--as` expects, for usage errors and help. */
export const VIEWER_USAGE = "consultant:<consultantId>, supervisor, dcrc, system or admin"

/**
 * Decodes `--as`: `consultant:<id>` (a consultant needs their id: they see their own customers),
 * or `supervisor`, `dcrc`, `system`, `admin` (no id).
 *
 * @example
 * ```ts
 * parseViewer("consultant:c-01") // Result.succeed({ role: "consultant", consultantId: "c-01" })
 * parseViewer("boss") // Result.fail('"boss" is not a role: …')
 * ```
 */
export const parseViewer = (text: string): Result.Result<Viewer, string> => {
  const at = text.indexOf(":")
  const role = (at < 0 ? text : text.slice(0, at)).trim()
  const id = at < 0 ? undefined : text.slice(at + 1).trim()
  if (!(ROLES as ReadonlyArray<string>).includes(role))
    return Result.fail(`"${text}" is not a role: use ${VIEWER_USAGE}`)
  if (role === "consultant") {
    if (id === undefined || !/^[\w.-]+$/.test(id))
      return Result.fail(`"${text}": a consultant is given with their id, --as consultant:<consultantId>`)
    return Result.succeed({ role, consultantId: id })
  }
  if (id !== undefined) return Result.fail(`"${text}": only a consultant takes an id (--as ${role})`)
  return Result.succeed({ role: role as Viewer["role"] })
}

/**
 * The viewer as `--as` spells it, for messages.
 *
 * @example
 * ```ts
 * viewerText({ role: "consultant", consultantId: "c-01" }) // "consultant:c-01"
 * ```
 */
export const viewerText = (viewer: Viewer): string =>
  viewer.consultantId === undefined ? viewer.role : `${viewer.role}:${viewer.consultantId}`

/** An explicit unmask: why, and when it was asked (epoch ms). */
export interface Unmask {
  readonly reason: string
  readonly at: number
}

/**
 * The privacy of one CLI run: who is looking, the unmask asked for (exports only), and where the
 * personal data access records go.
 *
 * @example
 * ```ts
 * const privacy: Privacy = { viewer: DEFAULT_VIEWER, unmask: undefined, auditLog: DEFAULT_AUDIT_LOG }
 * ```
 */
export interface Privacy {
  readonly viewer: Viewer
  readonly unmask: Unmask | undefined
  readonly auditLog: string
}

/** The privacy of a run that says nothing: the system, nothing unmasked. */
export const defaultPrivacy: Privacy = {
  viewer: DEFAULT_VIEWER,
  unmask: undefined,
  auditLog: DEFAULT_AUDIT_LOG
}

/** `--unmask` without a reason, or another misuse of the privacy flags. */
export class PrivacyUsageError extends Error {
  readonly _tag = "PrivacyUsageError"
}

/**
 * The privacy of a run from its global flags: `--unmask` needs a non-blank `--reason` (PIPL: why
 * the personal data is shown), else it is refused before anything is read.
 *
 * @example
 * ```ts
 * privacyOf({ viewer, unmask: true, reason: undefined, auditLog: undefined, now: Date.now() }) // Result.fail(…)
 * ```
 */
export const privacyOf = (flags: {
  readonly viewer: Viewer | undefined
  readonly unmask: boolean
  readonly reason: string | undefined
  readonly auditLog: string | undefined
  readonly now: number
}): Result.Result<Privacy, PrivacyUsageError> => {
  const reason = flags.reason?.trim() ?? ""
  if (flags.unmask && reason === "")
    return Result.fail(
      new PrivacyUsageError(
        '--unmask needs --reason "<why>" (PIPL: an unmasked export says why the personal data is shown); nothing was read or written'
      )
    )
  return Result.succeed({
    viewer: flags.viewer ?? DEFAULT_VIEWER,
    unmask: flags.unmask ? { reason, at: flags.now } : undefined,
    auditLog: flags.auditLog ?? DEFAULT_AUDIT_LOG
  })
}

/**
 * Records accesses to personal data: one line each on standard error (`note`), and one JSON line
 * each appended to the audit log.
 *
 * @example
 * ```ts
 * yield* recordAccess(privacy, accesses, note)
 * ```
 */
export const recordAccess = (
  privacy: Privacy,
  accesses: ReadonlyArray<PersonalDataAccess>,
  note: (text: string) => void
) =>
  Effect.tryPromise({
    try: async () => {
      if (accesses.length === 0) return
      await mkdir(dirname(privacy.auditLog), { recursive: true })
      await appendFile(privacy.auditLog, accesses.map((a) => `${JSON.stringify(a)}\n`).join(""))
      for (const a of accesses)
        note(
          `个人信息访问记录 (Personal data access): ${a.action} ${a.output} ${a.subject} as ${viewerText(a.viewer)}, reason "${a.reason}", at ${new Date(a.at).toISOString()} (recorded in ${privacy.auditLog})`
        )
    },
    catch: (e) =>
      new Error(
        `Could not record the access in ${privacy.auditLog}: ${e instanceof Error ? e.message : String(e)}`
      )
  })
