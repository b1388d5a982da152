/**
 * A trace narrowed to the spans a predicate matches, with all their ancestors, so that the
 * matches keep their place in the tree (the trace view shows a span under its parent).
 */
import { NO_SPAN, type SpanTree } from './tree';

export interface FilteredRows {
  /** Rows of the matching spans and their ancestors, ascending. */
  rows: Int32Array;
  matches: number;
}

export function filterSpans(tree: SpanTree, matches: (span: number) => boolean): FilteredRows {
  const count = tree.parents.length;
  const shown = new Uint8Array(count);
  let matchCount = 0;
  let shownCount = 0;
  for (let span = 0; span < count; span++) {
    if (!matches(span)) {
      continue;
    }
    matchCount++;
    // Up to the first ancestor already shown: each span is marked once.
    for (let at = span; at !== NO_SPAN && !shown[at]; at = tree.parents[at]) {
      shown[at] = 1;
      shownCount++;
    }
  }
  const rows = new Int32Array(shownCount);
  let length = 0;
  for (let span = 0; span < count; span++) {
    if (shown[span]) {
      rows[length++] = span;
    }
  }
  return { rows, matches: matchCount };
}
