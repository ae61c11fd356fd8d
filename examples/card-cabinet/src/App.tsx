import type { Locale } from "@jipan/core"
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from "react"
import type { CabinetBackend } from "./backend/CabinetBackend.js"
import { CabinetContext, linkTo, type Role, translator } from "./context.js"
import { consultantName } from "./names.js"
import { Cabinet } from "./views/Cabinet.js"
import { Day } from "./views/Day.js"

// The card and the new-card form carry the core's commands and live grading (and with them the
// phone-number metadata): loaded on the first card opened, like the supervisor's desk.
const Supervisor = lazy(() => import("./views/Supervisor.js"))
const CardView = lazy(() => import("./views/CardView.js").then((m) => ({ default: m.CardView })))
const NewCard = lazy(() => import("./views/NewCard.js").then((m) => ({ default: m.NewCard })))
const NewBroadBase = lazy(() => import("./views/NewCard.js").then((m) => ({ default: m.NewBroadBase })))
const VisitPlan = lazy(() => import("./views/VisitPlan.js").then((m) => ({ default: m.VisitPlan })))

const readHash = () => (typeof location === "undefined" ? "#/day" : location.hash || "#/day")

const stored = <A extends string>(key: string, allowed: ReadonlyArray<A>, fallback: A): A => {
  const v = typeof localStorage === "undefined" ? null : localStorage.getItem(key)
  return v !== null && (allowed as ReadonlyArray<string>).includes(v) ? (v as A) : fallback
}

/** The cabinet: header (role, consultant, language), navigation and the view of the hash route. */
export const App = ({ backend }: { readonly backend: CabinetBackend }) => {
  const [hash, setHash] = useState(readHash)
  const [locale, setLocale] = useState<Locale>(() => stored("cabinet.locale", ["zh-CN", "en"], "zh-CN"))
  const [role, setRole] = useState<Role>(() =>
    stored("cabinet.role", ["consultant", "supervisor"], "consultant")
  )
  const [consultant, setConsultant] = useState(() =>
    stored("cabinet.consultant", backend.consultants, backend.consultants[0] ?? "")
  )
  const [revision, setRevision] = useState(0)
  useEffect(() => {
    const on = () => setHash(readHash())
    window.addEventListener("hashchange", on)
    return () => window.removeEventListener("hashchange", on)
  }, [])
  useEffect(() => {
    document.documentElement.lang = locale
    localStorage.setItem("cabinet.locale", locale)
    localStorage.setItem("cabinet.role", role)
    localStorage.setItem("cabinet.consultant", consultant)
  }, [locale, role, consultant])
  const navigate = useCallback((to: string) => {
    if (location.hash !== to) location.hash = to
    setHash(to)
    window.scrollTo(0, 0)
  }, [])
  const changed = useCallback(() => setRevision((r) => r + 1), [])
  const t = useMemo(() => translator(locale), [locale])
  const context = useMemo(
    () => ({ backend, locale, role, consultant, revision, t, changed, navigate }),
    [backend, locale, role, consultant, revision, t, changed, navigate]
  )
  const [, route = "day", arg = ""] = hash.split("/")
  const nav: ReadonlyArray<readonly [string, string]> = [
    ["#/day", t("day")],
    ["#/cabinet", t("cabinet")],
    ["#/new", t("newCard")],
    // the plan needs the backend's plan reads (offline only: the DMS API has no such endpoints)
    ...(backend.visitPlans === undefined ? [] : [["#/plan", t("plan")] as const]),
    ...(role === "supervisor" ? [["#/supervisor/daily", t("supervisor")] as const] : [])
  ]
  useEffect(() => {
    document.title = `${t("appTitle")}`
  }, [t])
  return (
    <CabinetContext.Provider value={context}>
      <a className="skip" href="#main">
        {t("skip")}
      </a>
      <header className="top">
        <span className="brand">{t("appTitle")}</span>
        <nav aria-label={t("appTitle")}>
          {nav.map(([to, name]) => (
            <a
              key={to}
              {...linkTo(to)}
              aria-current={hash.startsWith(to.split("/").slice(0, 2).join("/")) ? "page" : undefined}
            >
              {name}
            </a>
          ))}
        </nav>
        <div className="settings">
          <label>
            {t("role")}
            <select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              <option value="consultant">{t("roleConsultant")}</option>
              <option value="supervisor">{t("roleSupervisor")}</option>
            </select>
          </label>
          <label>
            {t("consultant")}
            <select name="consultant" value={consultant} onChange={(e) => setConsultant(e.target.value)}>
              {backend.consultants.map((c) => (
                <option key={c} value={c}>
                  {consultantName(c)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            data-action="switch-language"
            lang={locale === "zh-CN" ? "en" : "zh-CN"}
            onClick={() => setLocale(locale === "zh-CN" ? "en" : "zh-CN")}
          >
            {locale === "zh-CN" ? "English" : "中文"}
          </button>
          <span className="mode">{backend.mode === "offline" ? t("offline") : t("online")}</span>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {route === "day" && <Day />}
        {route === "cabinet" && <Cabinet />}
        <Suspense fallback={<p role="status">{t("loading")}</p>}>
          {route === "new" && (arg === "base" ? <NewBroadBase /> : <NewCard />)}
          {route === "plan" && <VisitPlan />}
          {route === "card" && arg !== "" && <CardView cardId={decodeURIComponent(arg)} />}
          {route === "supervisor" && <Supervisor tab={arg || "daily"} />}
        </Suspense>
      </main>
    </CabinetContext.Provider>
  )
}
