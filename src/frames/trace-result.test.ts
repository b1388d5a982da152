import { isDeepStrictEqual } from 'util';

import { encodeTempoProto } from '../../bench/encode';
import { generateTrace } from '../../bench/synthetic-trace';
import { decodeOtlpProto } from '../decode/otlp-proto';
import type { ThreadlineQuery } from '../types';
import { traceFramesSliced, traceResultFrames } from './trace-result';

/** Over the default span budget (20,000), so that the reduction runs too. */
const trace = decodeOtlpProto(encodeTempoProto(generateTrace(30_000, 5)), 'v2');
const query: ThreadlineQuery = { refId: 'A', query: '', views: ['statistics', 'flamegraph'] };
const options = { nodeGraph: { enabled: true } };

describe('traceFramesSliced', () => {
  it('gives the frames of traceResultFrames, pausing between the passes over the spans', async () => {
    let yields = 0;
    const sliced = await traceFramesSliced(trace, query, options, undefined, {
      sliceMs: 0,
      yieldFn: async () => void yields++,
    });
    const oneShot = traceResultFrames(trace, query, options);
    // Trace, node graph (2), statistics, flame graph: the reduced trace first.
    expect(sliced.map((frame) => frame.length)).toEqual(oneShot.map((frame) => frame.length));
    expect(sliced[0].length).toBeLessThanOrEqual(20_000);
    expect(isDeepStrictEqual(sliced, oneShot)).toBe(true);
    // Between its passes (tree, warnings, reduction, one before each view and the node graph's
    // timed tree), and within each pass over the spans after every SPANS_PER_STEP (8,192) of them.
    expect(yields).toBe(88);
  });

  it('stops at the next pause once aborted, with the signal reason', async () => {
    const controller = new AbortController();
    let yields = 0;
    const sliced = traceFramesSliced(trace, query, options, undefined, {
      sliceMs: 0,
      signal: controller.signal,
      yieldFn: async () => {
        yields++;
        controller.abort(new Error('query cancelled'));
      },
    });
    await expect(sliced).rejects.toThrow('query cancelled');
    expect(yields).toBe(1);
  });
});
