import { MAX_JSON_DEPTH, tooDeepAt } from '../decode/json-depth';
import { UserFacingError } from './http';
import type { ServerIdentity } from './http-errors';

/**
 * `body` (a parsed answer) when it nests no deeper than the readers can walk; otherwise the
 * message naming where it goes too deep. For the answers read as whole objects (search, metrics,
 * tag lists, service lists); trace bodies have the decoders' own limits.
 */
export function withinNestingLimit(body: unknown, what: string, server: ServerIdentity): unknown {
  const path = tooDeepAt(body);
  if (path !== undefined) {
    throw new UserFacingError(
      `JSON nested deeper than ${MAX_JSON_DEPTH} levels in ${server.name}'s ${what} at ${path}: ` +
        `${server.name} does not write such answers; check proxies between Grafana and ${server.name}`
    );
  }
  return body;
}
