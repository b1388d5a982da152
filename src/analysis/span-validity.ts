/**
 * What a span's IDs and start time must look like, for the span warnings (warnings.ts) and the
 * check that a backend answered the trace asked for (backends/asked-trace.ts). The decoders give
 * IDs as lowercase hex, padded (trace IDs to 32 digits, or 16 for Zipkin's 64-bit ones; span IDs
 * to 16); an empty ID becomes zeros.
 */
const TRACE_ID = /^([0-9a-f]{16}){1,2}$/;
const ZERO_TRACE_ID = /^0+$/;
const ZERO_SPAN_ID = '0'.repeat(16);
/** A 64-bit trace ID padded to 32 digits: its upper half is zeros. */
const UPPER_ZEROS = '0'.repeat(16);
/** 2200-01-01: no span was recorded later (nor before 1970). */
const LATEST_START_MS = Date.UTC(2200, 0, 1);

/**
 * True when `traceId` is the trace `asked` (both 32 hex digits) names. A 64-bit ID is the lower
 * half of a 128-bit one, as Zipkin and Jaeger match them (a trace may hold both while its
 * services move to 128-bit IDs).
 */
export function isAskedTrace(traceId: string, asked: string): boolean {
  if (traceId === asked) {
    return true;
  }
  const id = traceId.padStart(32, '0');
  const either64 = id.startsWith(UPPER_ZEROS) || asked.startsWith(UPPER_ZEROS);
  return either64 && id.length === 32 && id.slice(16) === asked.slice(16);
}

/** The warning for a span's trace ID, or undefined when it is valid and (if `asked` is given) the one asked for. */
export function traceIdProblem(traceId: string, asked: string | undefined): string | undefined {
  if (traceId === '' || ZERO_TRACE_ID.test(traceId)) {
    return 'Its trace ID is missing or all zeros: its instrumentation did not set one.';
  }
  if (!TRACE_ID.test(traceId)) {
    return `Its trace ID "${traceId}" is not 32 (or 16) hex digits.`;
  }
  if (asked !== undefined && !isAskedTrace(traceId, asked)) {
    return `It belongs to trace ${traceId}, not to this one: the answer mixed in a span of another trace.`;
  }
  return undefined;
}

export function spanIdProblem(spanId: string): string | undefined {
  if (isSpanIdHex(spanId)) {
    return spanId === ZERO_SPAN_ID ? MISSING_SPAN_ID : undefined;
  }
  return spanId === '' ? MISSING_SPAN_ID : `Its span ID "${spanId}" is not 16 hex digits.`;
}

const MISSING_SPAN_ID = 'Its span ID is missing or all zeros: links to it cannot find it.';

/** 16 lowercase hex digits; a loop over char codes, as this runs for every span of every trace. */
function isSpanIdHex(spanId: string): boolean {
  if (spanId.length !== 16) {
    return false;
  }
  for (let i = 0; i < 16; i++) {
    const code = spanId.charCodeAt(i);
    if (!((code >= 48 && code <= 57) || (code >= 97 && code <= 102))) {
      return false;
    }
  }
  return true;
}

/** Start times are epoch milliseconds; 0 is what a span without one decodes to. */
export function startTimeProblem(startMs: number): string | undefined {
  if (startMs > 0 && startMs < LATEST_START_MS) {
    return undefined;
  }
  const when = Number.isFinite(startMs) && startMs !== 0 ? ` (${describeStart(startMs)})` : '';
  return `Its start time${when} is missing or not a time a span can have (1970 to 2200): its host's clock or its instrumentation is wrong.`;
}

/** JavaScript dates end at ±8.64e15 ms (year ±275,760): beyond that, the number itself. */
const LAST_DATE_MS = 8.64e15;

function describeStart(startMs: number): string {
  return Math.abs(startMs) <= LAST_DATE_MS ? new Date(startMs).toISOString() : `${startMs} ms since 1970`;
}
