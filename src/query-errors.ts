import type { DataQueryError } from '@grafana/data';

/** Errors that mean a bug of ours rather than a problem with the query, the server or its answer. */
const BUG_ERRORS = new Set(['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError']);

export function messageOf(error: unknown): string {
  if (error instanceof Error && !BUG_ERRORS.has(error.name)) {
    // Our modules' errors (UserFacingError, a bad variable value, an unexpected body) are written for users.
    return error.message;
  }
  const detail = error instanceof Error ? error.message : String(error);
  return `Threadline failed unexpectedly: ${detail}`;
}

export function toQueryError(error: unknown, refId: string): DataQueryError {
  return { refId, message: messageOf(error) };
}
