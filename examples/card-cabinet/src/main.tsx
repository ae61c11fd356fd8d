/**
 * The entry point: picks the backend (online when the page was served with an API, offline
 * otherwise), opens it and renders the cabinet.
 *
 * @module
 */
import { createRoot } from "react-dom/client"
import { App } from "./App.js"
import type { CabinetBackend } from "./backend/CabinetBackend.js"
import "./styles.css"

/** What the serving script injects into the page (`window.__CABINET__`) for the online mode. */
export interface CabinetConfig {
  readonly api?: string
  readonly apiKey?: string
  readonly dealerGroupId?: string
  readonly storeId?: string
  readonly consultants?: ReadonlyArray<string>
}

declare global {
  interface Window {
    __CABINET__?: CabinetConfig
    /** Set once the cabinet is open (the e2e tests and the bench wait for it). */
    __CABINET_READY__?: boolean
  }
}

const root = document.getElementById("root")
if (root === null) throw new Error("no #root")
const reactRoot = createRoot(root)
const status = (text: string) => {
  root.innerHTML = `<p role="status" class="boot">${text}</p>`
}

const open = async (): Promise<CabinetBackend> => {
  const params = new URLSearchParams(location.search)
  const config = window.__CABINET__ ?? {}
  const api = params.get("api") ?? config.api
  if (api !== undefined && api !== null && api !== "") {
    const { openOnline } = await import("./backend/online.js")
    return openOnline({
      baseUrl: api,
      apiKey: params.get("key") ?? config.apiKey ?? "",
      tenant: {
        dealerGroupId: params.get("group") ?? config.dealerGroupId ?? "grp-demo",
        storeId: params.get("store") ?? config.storeId ?? "store-01"
      },
      consultants: params.get("consultants")?.split(",") ?? config.consultants
    })
  }
  status("正在打开离线卡柜… Opening the offline cabinet…")
  const { openOffline } = await import("./backend/offline.js")
  return openOffline({
    dataDir: params.get("db") ?? "idb://jipan-cabinet",
    today: params.get("day") ?? undefined,
    onSeed: (done, total) =>
      status(`首次打开:正在生成演示门店 First open: writing the demo store ${done}/${total}`)
  })
}

open().then(
  (backend) => {
    root.innerHTML = ""
    reactRoot.render(<App backend={backend} />)
    window.__CABINET_READY__ = true
  },
  (error: unknown) => {
    root.innerHTML = ""
    const p = document.createElement("p")
    p.setAttribute("role", "alert")
    p.textContent = `Could not open the cabinet: ${error instanceof Error ? error.message : String(error)}`
    root.append(p)
  }
)
