import { rangeSteps, SPANS_PER_STEP } from './pass-steps';

describe('rangeSteps', () => {
  it('covers every row once, in ranges of SPANS_PER_STEP, pausing between them', () => {
    const ranges: Array<[number, number]> = [];
    const steps = rangeSteps(2 * SPANS_PER_STEP + 5, (from, to) => void ranges.push([from, to]));
    let pauses = 0;
    while (!steps.next().done) {
      pauses++;
    }
    expect(ranges).toEqual([
      [0, SPANS_PER_STEP],
      [SPANS_PER_STEP, 2 * SPANS_PER_STEP],
      [2 * SPANS_PER_STEP, 2 * SPANS_PER_STEP + 5],
    ]);
    expect(pauses).toBe(2);
  });

  it('takes a smaller range for heavier passes, and nothing for no rows', () => {
    const ranges: Array<[number, number]> = [];
    Array.from(rangeSteps(5, (from, to) => void ranges.push([from, to]), 2));
    Array.from(rangeSteps(0, () => ranges.push([-1, -1])));
    expect(ranges).toEqual([
      [0, 2],
      [2, 4],
      [4, 5],
    ]);
  });
});
