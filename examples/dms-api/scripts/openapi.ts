// npm run openapi -w @jipan/dms-api: writes docs/dms-api.openapi.json from the API definition.
import { writeFileSync } from "node:fs"
import { openApiDocument } from "../src/OpenApiDocument.js"

const out = new URL("../../../docs/dms-api.openapi.json", import.meta.url)
writeFileSync(out, `${JSON.stringify(openApiDocument(), null, 2)}\n`)
console.log(`wrote ${out.pathname}`)
