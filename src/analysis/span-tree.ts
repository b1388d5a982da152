/**
 * A trace's spans as a tree, from the span columns: each span's parent index, and each span's
 * children sorted by start time. Typed arrays, no object per span: traces reach hundreds of
 * thousands of spans. A span whose parent is not in the trace (or is itself) is a root.
 * Duplicate span IDs: a child hangs under the last span with its parent's ID.
 */
import type { SpanColumns } from '../decode/columns';

export const NO_SPAN = -1;
/** Children groups up to this size are insertion-sorted: cheaper than a comparator sort, and usually already in order. */
const INSERTION_SORT_MAX = 32;

/**
 * Each span's parent index, or `NO_SPAN` for a root and for a span whose parent is not in the trace.
 * Our decoders write span IDs as 16 lowercase hex digits: those are looked up as two 32-bit numbers
 * in an open-addressing table, twice as fast as a Map of strings at 500k spans. Other IDs use a Map.
 */
export function parentIndexes({ spanID, parentSpanID }: SpanColumns): Int32Array {
  const byHexId = parentsByHexId(spanID, parentSpanID);
  if (byHexId) {
    return byHexId;
  }
  const indexById = new Map<string, number>();
  spanID.forEach((id, span) => indexById.set(id, span));
  return Int32Array.from(parentSpanID, (parentId, span) => {
    const parent = parentId ? indexById.get(parentId) : undefined;
    return parent === undefined || parent === span ? NO_SPAN : parent;
  });
}

/** `undefined` when a span ID is not 16 lowercase hex digits. */
function parentsByHexId(spanIds: string[], parentIds: Array<string | undefined>): Int32Array | undefined {
  const spanCount = spanIds.length;
  const keys = new Int32Array(2 * spanCount);
  let bits = 1;
  while (1 << bits < 2 * spanCount) {
    bits++;
  }
  const slots = new Int32Array(1 << bits).fill(NO_SPAN);
  const mask = slots.length - 1;
  const findSlot = (keyArray: Int32Array, at: number) => {
    const high = keyArray[2 * at];
    const low = keyArray[2 * at + 1];
    let slot = Math.imul(high ^ Math.imul(low, 0x9e3779b1), 0x85ebca6b) >>> (32 - bits);
    for (let span = slots[slot]; span !== NO_SPAN; span = slots[slot]) {
      if (keys[2 * span] === high && keys[2 * span + 1] === low) {
        break;
      }
      slot = (slot + 1) & mask;
    }
    return slot;
  };
  for (let span = 0; span < spanCount; span++) {
    if (!readHexId(spanIds[span], keys, span)) {
      return undefined;
    }
    slots[findSlot(keys, span)] = span;
  }
  const parents = new Int32Array(spanCount).fill(NO_SPAN);
  const parentKey = new Int32Array(2);
  for (let span = 0; span < spanCount; span++) {
    if (readHexId(parentIds[span], parentKey, 0)) {
      const parent = slots[findSlot(parentKey, 0)];
      parents[span] = parent === span ? NO_SPAN : parent;
    }
  }
  return parents;
}

const HEX_DIGIT_VALUE = new Int8Array(128).fill(-1);
for (let digit = 0; digit < 16; digit++) {
  HEX_DIGIT_VALUE[digit.toString(16).charCodeAt(0)] = digit;
}
const hexDigit = (code: number) => (code < 128 ? HEX_DIGIT_VALUE[code] : -1);

/** Writes the two 32-bit halves of a 16-hex-digit ID to `out[2 * at]` and `out[2 * at + 1]`. */
function readHexId(id: string | undefined, out: Int32Array, at: number): boolean {
  if (id === undefined || id.length !== 16) {
    return false;
  }
  let high = 0;
  let low = 0;
  for (let i = 0; i < 8; i++) {
    const highDigit = hexDigit(id.charCodeAt(i));
    const lowDigit = hexDigit(id.charCodeAt(i + 8));
    if ((highDigit | lowDigit) < 0) {
      return false;
    }
    high = (high << 4) | highDigit;
    low = (low << 4) | lowDigit;
  }
  out[2 * at] = high;
  out[2 * at + 1] = low;
  return true;
}

export interface ChildrenByParent {
  /** Children of span `p` are `order[first[p]]` … `order[first[p + 1] - 1]`, sorted by start time. */
  first: Int32Array;
  order: Int32Array;
}

/** Children grouped by parent with a counting sort, then each group sorted by start time. */
export function childrenByParent(parents: Int32Array, startTime: number[]): ChildrenByParent {
  const spanCount = parents.length;
  const first = new Int32Array(spanCount + 1);
  for (let span = 0; span < spanCount; span++) {
    if (parents[span] !== NO_SPAN) {
      first[parents[span] + 1]++;
    }
  }
  for (let parent = 0; parent < spanCount; parent++) {
    first[parent + 1] += first[parent];
  }
  const order = new Int32Array(first[spanCount]);
  const next = first.slice(0, spanCount);
  for (let span = 0; span < spanCount; span++) {
    if (parents[span] !== NO_SPAN) {
      order[next[parents[span]]++] = span;
    }
  }
  for (let parent = 0; parent < spanCount; parent++) {
    sortByStart(order, first[parent], first[parent + 1], startTime);
  }
  return { first, order };
}

function sortByStart(order: Int32Array, from: number, to: number, startTime: number[]): void {
  if (to - from > INSERTION_SORT_MAX) {
    order.subarray(from, to).sort((a, b) => startTime[a] - startTime[b]);
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const span = order[i];
    const start = startTime[span];
    let j = i - 1;
    while (j >= from && startTime[order[j]] > start) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = span;
  }
}
