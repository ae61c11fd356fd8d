/**
 * `@jipan/export`: CSV and XLSX exports of Jipan report tables (`ReportTable` from
 * `@jipan/core`), headers in zh-CN or en.
 *
 * @module
 */
export * from "./Buffers.js"
export * from "./CellText.js"
export * from "./Csv.js"
export * from "./ExportError.js"
export * from "./ExportPrivacy.js"
export * from "./ExportTable.js"
export * from "./SheetName.js"
export * from "./Xlsx.js"
