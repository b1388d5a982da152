import { encodeTempoProto } from '../../bench/encode';
import { generateTrace } from '../../bench/synthetic-trace';
import { finishSteps } from './columns';
import { countSpansSteps } from './proto-span-count';

describe('countSpansSteps', () => {
  const body = encodeTempoProto(generateTrace(2_500, 5));

  it('counts every span, pausing after each chunk of spans counted', () => {
    const steps = countSpansSteps(body, 'v2', 1_000);
    let pauses = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) {
      pauses++;
    }
    expect(step.value).toBe(2_500);
    expect(pauses).toBe(2);
  });

  it('counts 0 for a body cut short', () => {
    expect(finishSteps(countSpansSteps(body.subarray(0, body.length - 10), 'v2', 1_000))).toBe(0);
  });
});
