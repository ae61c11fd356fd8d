// The shared package build (scripts/tsup.package.ts).
export { default } from "../../scripts/tsup.package.js"
