/**
 * What is missing or wrong in a trace, said on the span it concerns (`TraceSpanRow.warnings`,
 * shown by Grafana's span detail): one plain sentence each, nothing on a healthy span.
 * A trace is never complete: parents arrive late or never, hosts' clocks disagree, and some
 * instrumentation reuses span IDs.
 */
import { finishSteps, type SpanColumns } from '../decode/columns';
import { rangeSteps } from './pass-steps';
import { spanIdProblem, startTimeProblem, traceIdProblem } from './span-validity';
import { followsFromParent, hasMissingParent, NO_SPAN, type SpanTree } from './tree';

export interface TraceWarnings {
  /** One entry per span: its sentences, or `undefined` when there is nothing to say. */
  warnings: Array<string[] | undefined>;
  /** Spans whose parent is not in the trace. */
  missingParents: number;
}

/**
 * Differences under a microsecond are not skew: epoch milliseconds as doubles hold about a quarter
 * of a microsecond, so a child that ends exactly with its parent can compute as a hair later.
 */
const TOLERANCE_MS = 0.001;
/** Kinds whose span runs inside its parent's call; producer/consumer spans may outlive it. */
const NESTED_KINDS = new Set(['server', 'client', 'internal']);

/** `askedTraceId`: the trace the query asked for; spans of another trace get a warning. */
export function traceWarnings(spans: SpanColumns, tree: SpanTree, askedTraceId?: string): TraceWarnings {
  return finishSteps(traceWarningsSteps(spans, tree, askedTraceId));
}

/** The same warnings, pausing between ranges of spans (pass-steps.ts). */
export function* traceWarningsSteps(
  spans: SpanColumns,
  tree: SpanTree,
  askedTraceId?: string
): Generator<void, TraceWarnings, void> {
  const pass = new SpanWarnings(spans, tree, askedTraceId);
  yield* rangeSteps(spans.spanID.length, (from, to) => pass.checkSpans(from, to));
  for (const span of tree.loopCuts) {
    pass.add(
      span,
      `Its parent span ${spans.parentSpanID[span]} is also one of its descendants: the parent links form a loop.`
    );
  }
  for (const [id, rows] of tree.duplicateIds) {
    if (spanIdProblem(id)) {
      continue; // no ID, or an invalid one: said on each span already
    }
    for (const span of rows) {
      pass.add(
        span,
        `${rows.length} spans share the span ID ${id}: all are shown, but links to this ID may find another.`
      );
    }
  }
  return { warnings: pass.warnings, missingParents: pass.missingParents };
}

/** The warnings of each span on its own and against its parent: a class, as its loop is hot. */
class SpanWarnings {
  readonly warnings: Array<string[] | undefined>;
  missingParents = 0;
  // All spans of a trace share one trace ID string: it is checked again only when it changes.
  private checkedTraceId: string | undefined;
  private traceIdWarning: string | undefined;

  constructor(
    private readonly spans: SpanColumns,
    private readonly tree: SpanTree,
    private readonly askedTraceId: string | undefined
  ) {
    this.warnings = new Array<string[] | undefined>(spans.spanID.length).fill(undefined);
  }

  add(span: number, text: string): void {
    const list = this.warnings[span];
    if (list) {
      list.push(text);
    } else {
      this.warnings[span] = [text];
    }
  }

  checkSpans(from: number, to: number): void {
    const { spans, tree } = this;
    const { startTime, duration, serviceName, kind } = spans;
    for (let span = from; span < to; span++) {
      const traceId = spans.traceID[span];
      if (traceId !== this.checkedTraceId) {
        this.checkedTraceId = traceId;
        this.traceIdWarning = traceIdProblem(traceId, this.askedTraceId);
      }
      if (this.traceIdWarning) {
        this.add(span, this.traceIdWarning);
      }
      const spanIdWarning = spanIdProblem(spans.spanID[span]);
      if (spanIdWarning) {
        this.add(span, spanIdWarning);
      }
      const startWarning = startTimeProblem(startTime[span]);
      if (startWarning) {
        this.add(span, startWarning);
      }
      if (duration[span] < -TOLERANCE_MS) {
        this.add(span, `Ends ${formatMs(-duration[span])} before it starts: its start and end times are wrong.`);
      } else if (Number.isNaN(duration[span])) {
        this.add(span, 'Its duration could not be read.');
      }
      const parent = tree.parents[span];
      if (parent === NO_SPAN) {
        if (hasMissingParent(spans, tree, span)) {
          this.missingParents++;
          this.add(
            span,
            `Parent span ${spans.parentSpanID[span]} is not in this trace: it has not arrived, or was dropped.`
          );
        }
        continue;
      }
      if (serviceName[span] === serviceName[parent]) {
        continue;
      }
      // Differences of epoch milliseconds: small enough here that the sub-millisecond digits survive.
      const early = startTime[parent] - startTime[span];
      if (early > TOLERANCE_MS) {
        this.add(span, `Starts ${formatMs(early)} before its parent (${serviceName[parent]}): ${CLOCKS}`);
      }
      if (NESTED_KINDS.has(kind[span]) && !followsFromParent(spans, span)) {
        const late = startTime[span] + duration[span] - (startTime[parent] + duration[parent]);
        if (late > TOLERANCE_MS) {
          this.add(span, `Ends ${formatMs(late)} after its parent (${serviceName[parent]}) ends: ${CLOCKS}`);
        }
      }
    }
  }
}

const CLOCKS = "the two hosts' clocks may disagree.";

/** The trace-level sentence for `meta.custom.message`, or undefined when every parent is there. */
export function missingParentsMessage(missingParents: number): string | undefined {
  if (missingParents === 0) {
    return undefined;
  }
  return missingParents === 1
    ? '1 span references a parent that is not in this trace: it may still be arriving.'
    : `${missingParents.toLocaleString('en-US')} spans reference parents that are not in this trace: it may still be arriving.`;
}

/** `3.2 ms`, `450 µs`, `1.25 s`: three significant digits at most. */
export function formatMs(ms: number): string {
  if (ms < 1) {
    return `${trimmed(ms * 1000)} µs`;
  }
  if (ms < 1000) {
    return `${trimmed(ms)} ms`;
  }
  return `${trimmed(ms / 1000)} s`;
}

function trimmed(value: number): string {
  return String(Number(value.toPrecision(value >= 100 ? 3 : 2)));
}
