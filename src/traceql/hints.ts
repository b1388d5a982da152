const HAS_HINTS = /\bwith\s*\(/;

/** Adds `with(most_recent=true)` (Tempo 2.7+) unless the query already carries hints. */
export function withMostRecentHint(query: string): string {
  return HAS_HINTS.test(query) ? query : `${query.trimEnd()} with(most_recent=true)`;
}
