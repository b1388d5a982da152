import type { TraceBackend, TraceRequest } from './backends/backend';
import { UserFacingError } from './backends/http';
import type { SpanColumns } from './decode/columns';
import { messageOf } from './query-errors';
import { normalizeTraceId, notATraceIdMessage } from './trace-id';

const SIDES = ['A', 'B'] as const;

/**
 * A compare query's two traces (`texts`: trace A and trace B, template variables replaced), fetched
 * in parallel. Either one missing fails the whole query, each message naming its side: nothing partial.
 */
export async function fetchComparedTraces(
  backend: TraceBackend,
  texts: string[],
  { window, requestId, signal }: Omit<TraceRequest, 'traceId'>
): Promise<[SpanColumns, SpanColumns]> {
  const results = await Promise.allSettled(
    SIDES.map((side, index) => {
      const text = texts[index] ?? '';
      const traceId = normalizeTraceId(text);
      if (!traceId) {
        const message = text.trim() ? notATraceIdMessage(text) : `Enter the ID of trace ${side}`;
        return Promise.reject(new UserFacingError(message));
      }
      return backend.traceById({ traceId, window, requestId: requestId && `${requestId}_${side}`, signal });
    })
  );
  // Each message names its trace: the backend's names the ID, and the side is added.
  const failures = results.flatMap((result, index) =>
    result.status === 'rejected' ? [`${messageOf(result.reason)} (trace ${SIDES[index]} of the comparison)`] : []
  );
  if (failures.length) {
    throw new UserFacingError(failures.join('; '));
  }
  const [a, b] = results.map((result) => (result as PromiseFulfilledResult<{ spans: SpanColumns }>).value.spans);
  return [a, b];
}
