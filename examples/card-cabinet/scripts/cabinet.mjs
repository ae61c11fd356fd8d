// npm run cabinet [-- --api URL --key KEY --port 4173 --no-build]: builds the card cabinet and
// serves it on 127.0.0.1, printing the URL. Offline by default (PGlite in the browser, IndexedDB);
// with --api, the page talks to the DMS API through this server's /api proxy (no CORS needed).
import { fileURLToPath } from "node:url"
import { build, preview } from "vite"

const root = fileURLToPath(new URL("..", import.meta.url))
const args = process.argv.slice(2)
const option = (name) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}
const api = option("api")
const key = option("key") ?? process.env.JIPAN_API_KEY ?? ""
const port = Number(option("port") ?? 4173)

if (!args.includes("--no-build")) await build({ root, logLevel: "error" })
const server = await preview({
  root,
  preview: {
    host: "127.0.0.1",
    port,
    strictPort: false,
    ...(api === undefined
      ? {}
      : { proxy: { "/api": { target: api, changeOrigin: true, rewrite: (p) => p.replace(/^\/api/, "") } } })
  }
})
const address = server.httpServer.address()
const base = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : port}/`
const url =
  api === undefined ? base : `${base}?api=/api${key === "" ? "" : `&key=${encodeURIComponent(key)}`}`
console.log(
  `基盘卡柜 (card cabinet), ${api === undefined ? "offline: PGlite in the browser, IndexedDB" : `online: ${api}`}`
)
console.log(url)
