import { isDeepStrictEqual } from 'util';

import { encodeTempoProto } from '../../bench/encode';
import { generateTrace } from '../../bench/synthetic-trace';
import { WALKS_PER_STEP } from '../analysis/pass-steps';
import { decodeOtlpProto } from '../decode/otlp-proto';
import { ProtoTagsOnDemand } from '../decode/proto-tags-on-demand';
import type { ThreadlineQuery } from '../types';
import { traceFramesSliced, traceResultFrames } from './trace-result';

/** Over the default span budget (20,000), so that the reduction runs too. */
const body = encodeTempoProto(generateTrace(30_000, 5));
const trace = decodeOtlpProto(body, 'v2');
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
    // timed tree), within each pass over the spans after every SPANS_PER_STEP (8,192) of them, and
    // while it copies the rows kept: after each column, the tags every WALKS_PER_STEP (1,024) rows.
    expect(yields).toBe(157);
  });

  it('gives the same frames when the decode left the attributes in the body (tags on demand)', async () => {
    const onDemand = decodeOtlpProto(body, 'v2', 20_000);
    expect(onDemand.spans.tagsOnDemand).toBeDefined();
    const sliced = await traceFramesSliced(onDemand, query, options, undefined, { sliceMs: 0 });
    expect(isDeepStrictEqual(sliced, traceResultFrames(trace, query, options))).toBe(true);
    const shown = sliced[0].fields.find((field) => field.name === 'tags')!.values;
    expect(shown.some((tags) => tags.some((tag: { key: string }) => tag.key === 'error'))).toBe(true);
  });

  it('reads the tags left in the body in steps of at most WALKS_PER_STEP spans, also for a span filter', async () => {
    const reads = jest.spyOn(ProtoTagsOnDemand.prototype, 'read');
    let most = 0;
    let sinceYield = 0;
    const count = () => {
      sinceYield = reads.mock.calls.length - sinceYield;
      most = Math.max(most, sinceYield);
      sinceYield = reads.mock.calls.length;
    };
    for (const spanFilter of [undefined, '{ span.http.method = "GET" || .cache.hit = true }']) {
      const onDemand = decodeOtlpProto(body, 'v2', 20_000);
      const filtered = { ...query, spanFilter };
      const sliced = await traceFramesSliced(onDemand, filtered, {}, undefined, {
        sliceMs: 0,
        yieldFn: async () => count(),
      });
      expect(isDeepStrictEqual(sliced, traceResultFrames(trace, filtered, {}))).toBe(true);
    }
    expect(reads.mock.calls.length).toBeGreaterThan(30_000);
    expect(most).toBeLessThanOrEqual(WALKS_PER_STEP);
    reads.mockRestore();
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
