import { sortByStart } from './sort-by-start';

/** The sort it replaces: stable, by start time. */
function comparatorSort(order: Int32Array, startTime: number[]): Int32Array {
  return order.slice().sort((a, b) => startTime[a] - startTime[b]);
}

describe('sortByStart', () => {
  it.each([5, 32, 33, 1_000, 40_001])('orders %i children as the stable comparator sort does', (count) => {
    // Few distinct start times, so that ties are many: their row order must be kept.
    const startTime = Array.from({ length: count }, (_, i) => 1.7e12 + ((i * 7919) % 97) * 0.25);
    const order = Int32Array.from({ length: count }, (_, i) => i);
    const expected = comparatorSort(order, startTime);
    sortByStart(order, 0, count, startTime);
    expect(Array.from(order)).toEqual(Array.from(expected));
  });

  it('sorts only its range, and a group with a NaN start as the comparator sort does', () => {
    const startTime = Array.from({ length: 100 }, (_, i) => (i === 50 ? NaN : 100 - i));
    const order = Int32Array.from({ length: 100 }, (_, i) => i);
    const expected = order.slice();
    expected.set(comparatorSort(order.subarray(10, 90), startTime), 10);
    sortByStart(order, 10, 90, startTime);
    expect(Array.from(order)).toEqual(Array.from(expected));
  });
});
