/**
 * Sorting a span's children by start time (tree.ts), stable: children of equal start keep their
 * row order. Short groups are insertion-sorted (cheaper than any sort call, and usually already in
 * order); long ones (the hubs of a trace, tens of thousands of children) merge-sorted on a copy of
 * their start times: `TypedArray.sort` with a comparator calls back into JavaScript for every
 * comparison and took ~10x longer at 50k children.
 */

/** Children groups up to this size are insertion-sorted. */
const INSERTION_SORT_MAX = 32;

export function sortByStart(order: Int32Array, from: number, to: number, startTime: number[]): void {
  if (to - from <= INSERTION_SORT_MAX) {
    insertionSort(order, from, to, startTime);
    return;
  }
  const group = order.subarray(from, to);
  const starts = new Float64Array(group.length);
  let anyNaN = false;
  for (let i = 0; i < group.length; i++) {
    const start = startTime[group[i]];
    starts[i] = start;
    anyNaN ||= Number.isNaN(start);
  }
  if (anyNaN) {
    // NaN compares as equal to everything in a comparator sort: its order is that sort's, not ours.
    group.sort((a, b) => startTime[a] - startTime[b]);
    return;
  }
  mergeSort(group, starts);
}

function insertionSort(order: Int32Array, from: number, to: number, startTime: number[]): void {
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

/** Bottom-up merge sort of `spans` by `keys` (moved along), taking the left run's element on ties. */
function mergeSort(spans: Int32Array, keys: Float64Array): void {
  const length = spans.length;
  let fromSpans: Int32Array = spans;
  let fromKeys: Float64Array = keys;
  let toSpans: Int32Array = new Int32Array(length);
  let toKeys: Float64Array = new Float64Array(length);
  for (let width = 1; width < length; width *= 2) {
    for (let left = 0; left < length; left += 2 * width) {
      const middle = Math.min(left + width, length);
      const right = Math.min(left + 2 * width, length);
      let i = left;
      let j = middle;
      for (let k = left; k < right; k++) {
        if (i < middle && (j >= right || fromKeys[i] <= fromKeys[j])) {
          toSpans[k] = fromSpans[i];
          toKeys[k] = fromKeys[i++];
        } else {
          toSpans[k] = fromSpans[j];
          toKeys[k] = fromKeys[j++];
        }
      }
    }
    [fromSpans, toSpans] = [toSpans, fromSpans];
    [fromKeys, toKeys] = [toKeys, fromKeys];
  }
  if (fromSpans !== spans) {
    spans.set(fromSpans);
  }
}
