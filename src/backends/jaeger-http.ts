/** What Jaeger's API modules share: who Jaeger is for messages, which API answered, times, errors. */
import { runChunked } from '../decode/chunked';
import { DecodedTrace, DecodeError } from '../decode/columns';
import { decodeJaegerJsonSteps } from '../decode/jaeger-json';
import { bodyText, HttpAnswer, isHtml, UserFacingError } from './http';
import type { ServerIdentity } from './http-errors';

export const JAEGER: ServerIdentity = {
  name: 'Jaeger',
  exampleUrl: 'http://jaeger:16686',
  authSettings: 'basic auth, custom headers',
};

/** Jaeger's API v3 (`/api/v3/…`, OTLP JSON; Jaeger v2 and recent v1), or the legacy JSON API of Jaeger UI (`/api/…`). */
export type JaegerApi = 'v3' | 'legacy';

/** A route this server does not have: Go's `404 page not found`, or Jaeger UI's index page served for any path. */
export function isMissingRoute(answer: HttpAnswer): boolean {
  if (isHtml(answer)) {
    return answer.status === 200 || answer.status === 404;
  }
  return answer.status === 404 && !bodyText(answer).trimStart().startsWith('{');
}

export function unreadable(error: unknown): unknown {
  return error instanceof DecodeError
    ? new UserFacingError(`Jaeger's answer could not be read: ${error.message}`)
    : error;
}

/** RFC 3339, as API v3 wants its times. */
export function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/**
 * Jaeger JSON (`{ data: [traces] }`; `data: null` is none), one DecodedTrace per trace, decoded in
 * slices that give the browser back control: a search answers whole traces.
 */
export async function decodeLegacyTraces(body: unknown, signal?: AbortSignal): Promise<DecodedTrace[]> {
  const traces =
    body !== null && typeof body === 'object' && (body as { data?: unknown }).data === null ? { data: [] } : body;
  try {
    return await runChunked((chunkSpans) => decodeJaegerJsonSteps(traces, chunkSpans), { signal });
  } catch (error) {
    throw unreadable(error);
  }
}
