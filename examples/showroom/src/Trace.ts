/**
 * `--trace`: runs a command under effect's own tracer and prints the span tree it left on
 * standard error — each use case, store port call and SQL statement with its duration and the
 * ids core puts on it (tenant, card, command tag; never personal data). No OpenTelemetry needed
 * (docs/observability.md shows that wiring).
 *
 * @module
 */
import { Effect, Tracer } from "effect"

interface Recorded {
  readonly span: Tracer.NativeSpan
  readonly children: Array<Recorded>
}

const millis = (span: Tracer.NativeSpan): string => {
  const status = span.status
  if (status._tag !== "Ended") return "…"
  return `${(Number(status.endTime - status.startTime) / 1e6).toFixed(1)} ms`
}

const idsOf = (span: Tracer.NativeSpan): string =>
  [...(span._attributes ?? new Map<string, unknown>()).entries()]
    .filter(([key]) => key.startsWith("jipan."))
    .map(([key, value]) => `${key.slice("jipan.".length)}=${String(value)}`)
    .join(" ")

/**
 * The span tree of the spans recorded, one line a span, children indented under their parent;
 * a run of siblings with the same name (a report's many statements) is folded into one line.
 *
 * @example
 * ```ts
 * import { spanTree } from "./Trace.js"
 * spanTree([]) // []
 * ```
 */
export const spanTree = (spans: ReadonlyArray<Tracer.NativeSpan>): Array<string> => {
  const nodes = new Map<string, Recorded>()
  for (const span of spans) nodes.set(span.spanId, { span, children: [] })
  const roots: Array<Recorded> = []
  for (const node of nodes.values()) {
    const parent = node.span.parent._tag === "Some" ? nodes.get(node.span.parent.value.spanId) : undefined
    if (parent === undefined) roots.push(node)
    else parent.children.push(node)
  }
  const lines: Array<string> = []
  const walk = (siblings: ReadonlyArray<Recorded>, depth: number) => {
    for (let i = 0; i < siblings.length; i++) {
      const node = siblings[i] as Recorded
      let same = 1
      while (
        i + same < siblings.length &&
        siblings[i + same]?.span.name === node.span.name &&
        node.children.length === 0
      )
        same++
      const ids = idsOf(node.span)
      lines.push(
        `${"  ".repeat(depth)}${node.span.name} ${millis(node.span)}${same > 1 ? ` (and ${same - 1} more like it)` : ""}${ids === "" ? "" : `  ${ids}`}`
      )
      walk(node.children, depth + 1)
      i += same - 1
    }
  }
  walk(roots, 0)
  return lines
}

/**
 * Runs `self` and, when `trace` is on, prints its span tree on standard error afterwards.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { traceIf } from "./Trace.js"
 * const program = Effect.void.pipe(traceIf(true))
 * ```
 */
export const traceIf =
  (trace: boolean) =>
  <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> => {
    if (!trace) return self
    const spans: Array<Tracer.NativeSpan> = []
    const tracer = Tracer.make({
      span: (options) => {
        const span = new Tracer.NativeSpan(options)
        spans.push(span)
        return span
      }
    })
    return self.pipe(
      Effect.withTracer(tracer),
      Effect.ensuring(
        Effect.sync(() => {
          console.error("\nTrace (span tree; durations; ids, never personal data):")
          for (const line of spanTree(spans)) console.error(`  ${line}`)
        })
      )
    )
  }
