/**
 * @jipan/dms-api — Jipan over HTTP for a dealer's DMS in any language: the API definition, its
 * typed client, and the server.
 *
 * @module
 */
export * from "./Api.js"
export * from "./Problems.js"
