/**
 * The API's errors: RFC 9457 problem details (`application/problem+json`), one class per HTTP
 * status. Every problem carries the core error's `_tag` (`VersionConflict`, `CardNotFound`,
 * `TransitionNotAllowed`…, or the API's own: `Unauthorized`, `IdempotencyKeyReused`…), a human
 * `detail` in zh-CN or en (by `Accept-Language`), the request id, and for bad input the failing
 * paths in `errors`.
 *
 * @module
 */
import { Schema } from "effect"

/**
 * One failing value of a bad request: its path (`payload.evidence.budgetConfirmed`,
 * `query.date`, `header.if-match`) and what was expected.
 *
 * @example
 * ```ts
 * import type { ProblemIssue } from "@jipan/dms-api"
 * const issue: ProblemIssue = { path: "payload.at", message: "Expected a finite number" }
 * ```
 */
export const ProblemIssue = Schema.Struct({ path: Schema.String, message: Schema.String })
/** @see {@link ProblemIssue} */
export type ProblemIssue = typeof ProblemIssue.Type

const fields = {
  /** A URI naming the problem type: `https://jipan.dev/problems/<_tag>`. */
  type: Schema.String,
  /** A short summary of the problem type, in the response's language. */
  title: Schema.String,
  status: Schema.Number,
  /** What went wrong, for a human, in the response's language. */
  detail: Schema.String,
  /** The tag of the error: the core's (`VersionConflict`, `CardNotFound`…) or the API's own. */
  _tag: Schema.String,
  /** The request's path. */
  instance: Schema.optionalKey(Schema.String),
  /** The request id (also in the `x-request-id` response header). */
  requestId: Schema.optionalKey(Schema.String),
  /** The failing values of a bad request, each with its path. */
  errors: Schema.optionalKey(Schema.Array(ProblemIssue)),
  /** The error's own fields (e.g. `existingCardId`, `expected` and `actual` versions), never personal data. */
  data: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown))
}

const problem = (status: number, description: string) =>
  ({
    httpApiStatus: status,
    description,
    "~httpApiEncoding": { _tag: "Json", contentType: "application/problem+json" }
  }) as { readonly httpApiStatus: number; readonly description: string }

/** 400: the request does not decode (the failing paths are in `errors`). */
export class BadRequest extends Schema.Error<BadRequest>("BadRequest")(
  fields,
  problem(400, "The request does not decode: the failing paths are in errors")
) {}
/** 401: no API key, or an unknown or revoked one. */
export class Unauthorized extends Schema.Error<Unauthorized>("Unauthorized")(
  fields,
  problem(401, "No API key, or an unknown or revoked one")
) {}
/** 403: the key's role or scope does not allow this (never says whether a resource exists). */
export class Forbidden extends Schema.Error<Forbidden>("Forbidden")(
  fields,
  problem(403, "The key's role or scope does not allow this")
) {}
/** 404: no such resource in the key's tenant (it may exist elsewhere; that is never revealed). */
export class NotFound extends Schema.Error<NotFound>("NotFound")(
  fields,
  problem(404, "No such resource in the key's tenant")
) {}
/** 406: none of the `Accept`ed media types can be produced. */
export class NotAcceptable extends Schema.Error<NotAcceptable>("NotAcceptable")(
  fields,
  problem(406, "None of the accepted media types can be produced")
) {}
/** 409: a conflict with the current state (a version conflict after retries, a duplicate, a key in use). */
export class Conflict extends Schema.Error<Conflict>("Conflict")(
  fields,
  problem(409, "A conflict with the current state")
) {}
/** 412: `If-Match` names a version the card is no longer at. */
export class PreconditionFailed extends Schema.Error<PreconditionFailed>("PreconditionFailed")(
  fields,
  problem(412, "If-Match names a version the resource is no longer at")
) {}
/** 413: the body is larger than the server's limit. */
export class PayloadTooLarge extends Schema.Error<PayloadTooLarge>("PayloadTooLarge")(
  fields,
  problem(413, "The body is larger than the limit")
) {}
/** 415: the body is not `application/json`. */
export class UnsupportedMediaType extends Schema.Error<UnsupportedMediaType>("UnsupportedMediaType")(
  fields,
  problem(415, "The body is not application/json")
) {}
/**
 * 422: the command is well-formed but refused (the domain's refusal: `TransitionNotAllowed`,
 * `ComplaintRefused` with `data.complaintId` and `data.reason`…; or an idempotency key reused with
 * another body). Sending it again never succeeds; the 409s are the ones worth a retry.
 */
export class Unprocessable extends Schema.Error<Unprocessable>("Unprocessable")(
  fields,
  problem(422, "The command is refused by the rules, or an Idempotency-Key was reused with another body")
) {}
/** 500: a fault of the server (logged with the request id). */
export class InternalError extends Schema.Error<InternalError>("InternalError")(
  fields,
  problem(500, "A fault of the server")
) {}
/** 503: the database cannot be reached; retry later. */
export class Unavailable extends Schema.Error<Unavailable>("Unavailable")(
  fields,
  problem(503, "The database cannot be reached; retry later")
) {}

/**
 * Every problem class, by status.
 *
 * @example
 * ```ts
 * import { problemClasses } from "@jipan/dms-api"
 * problemClasses[404] // NotFound
 * ```
 */
export const problemClasses = {
  400: BadRequest,
  401: Unauthorized,
  403: Forbidden,
  404: NotFound,
  406: NotAcceptable,
  409: Conflict,
  412: PreconditionFailed,
  413: PayloadTooLarge,
  415: UnsupportedMediaType,
  422: Unprocessable,
  500: InternalError,
  503: Unavailable
} as const

/** A status the API answers problems with. */
export type ProblemStatus = keyof typeof problemClasses

/**
 * Any problem the API answers with.
 *
 * @example
 * ```ts
 * import type { Problem } from "@jipan/dms-api"
 * const retry = (p: Problem) => p.status === 503 || p._tag === "VersionConflict"
 * ```
 */
export type Problem = InstanceType<(typeof problemClasses)[ProblemStatus]>

/** The problems every authenticated endpoint may answer with. */
export const commonProblems = [
  BadRequest,
  Forbidden,
  NotFound,
  NotAcceptable,
  Conflict,
  PreconditionFailed,
  PayloadTooLarge,
  UnsupportedMediaType,
  Unprocessable,
  InternalError,
  Unavailable
] as const

/**
 * The fields of a problem, before its class is picked by status.
 *
 * @example
 * ```ts
 * import { makeProblem } from "@jipan/dms-api"
 * makeProblem({ status: 404, _tag: "CardNotFound", title: "Not found", detail: "No card card-9" })
 * ```
 */
export interface ProblemInput {
  readonly status: ProblemStatus
  readonly _tag: string
  readonly title: string
  readonly detail: string
  readonly instance?: string | undefined
  readonly requestId?: string | undefined
  readonly errors?: ReadonlyArray<ProblemIssue> | undefined
  readonly data?: Record<string, unknown> | undefined
}

/**
 * Builds the problem of a status (its class), with `type` derived from the tag.
 *
 * @example
 * ```ts
 * import { makeProblem } from "@jipan/dms-api"
 * const p = makeProblem({ status: 412, _tag: "PreconditionFailed", title: "Stale", detail: "card-1 is at version 4" })
 * p.type // "https://jipan.dev/problems/PreconditionFailed"
 * ```
 */
export const makeProblem = (input: ProblemInput): Problem => {
  const Class = problemClasses[input.status]
  return new Class({
    type: `https://jipan.dev/problems/${input._tag}`,
    title: input.title,
    status: input.status,
    detail: input.detail,
    _tag: input._tag,
    ...(input.instance === undefined ? {} : { instance: input.instance }),
    ...(input.requestId === undefined ? {} : { requestId: input.requestId }),
    ...(input.errors === undefined ? {} : { errors: input.errors }),
    ...(input.data === undefined ? {} : { data: input.data })
  })
}

/**
 * Whether a value is one of the API's problems.
 *
 * @example
 * ```ts
 * import { isProblem } from "@jipan/dms-api"
 * isProblem(new Error("x")) // false
 * ```
 */
export const isProblem = (u: unknown): u is Problem =>
  Object.values(problemClasses).some((Class) => u instanceof Class)
