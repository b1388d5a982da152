import { isAskedTrace } from '../analysis/span-validity';
import type { DecodedTrace } from '../decode/columns';
import { UserFacingError } from './http';

/**
 * The trace a backend answered, when it is the one asked for. Decision: an answer is that trace
 * when at least one span carries its ID; otherwise the query fails (a cache or proxy in between
 * answered with another trace). Spans of other traces in it stay, each with a warning (warnings.ts).
 */
export function askedTrace(trace: DecodedTrace, traceId: string, server: string): DecodedTrace {
  const ids = trace.spans.traceID;
  for (let i = 0; i < ids.length; i++) {
    if (isAskedTrace(ids[i], traceId)) {
      return trace;
    }
  }
  throw new UserFacingError(
    `${server} answered trace ${ids[0] || '(no trace ID)'} for ${traceId}: ` +
      `a cache or proxy between Grafana and ${server} may mix up answers, or ${server}'s storage holds the spans under the wrong ID`
  );
}
