import fs from 'fs';
import path from 'path';

import { decodeJaegerJson } from '../decode/jaeger-json';
import { summarizeTraces } from './trace-summaries';

const recorded = path.resolve(__dirname, '../../tests/fixtures/jaeger-1.76.0');
const seed = JSON.parse(fs.readFileSync(path.join(recorded, 'seed.json'), 'utf8'));
const searchAnswer = JSON.parse(fs.readFileSync(path.join(recorded, 'search-legacy-service.body'), 'utf8'));

describe('summarizeTraces', () => {
  it("summarizes each trace of Jaeger's search answer as it was sent", () => {
    const summaries = decodeJaegerJson(searchAnswer).flatMap((trace) => summarizeTraces(trace.spans));
    expect(summaries).toHaveLength(seed.traces.length);
    for (const sent of seed.traces) {
      const summary = summaries.find((candidate) => candidate.traceId === sent.traceId)!;
      expect(summary).toMatchObject({
        rootService: sent.rootService,
        rootOperation: sent.rootName,
        spanCount: sent.spanCount,
        errorCount: sent.errorSpans,
      });
      expect([...summary.services].sort()).toEqual(sent.services);
      // Jaeger keeps microseconds: the summary is exact to them.
      expect(summary.startMs).toBeCloseTo(sent.startMs, 3);
      expect(summary.durationMs).toBeCloseTo(sent.durationMs, 3);
    }
  });

  it('separates traces that share one set of columns, and has no root when the root span is missing', () => {
    const [first, second] = decodeJaegerJson(searchAnswer);
    // Two recorded traces in one column set (as API v3's search gives them), the first without its
    // root span: built here from the recording, as a trace whose root has not arrived yet.
    const keep = (i: number, trace: typeof first) => trace !== first || trace.spans.parentSpanID[i] !== undefined;
    const columns = Object.fromEntries(
      Object.keys(first.spans).map((key) => {
        const name = key as keyof typeof first.spans;
        const a = (first.spans[name] as unknown[]).filter((_, i) => keep(i, first));
        return [name, [...a, ...(second.spans[name] as unknown[])]];
      })
    ) as unknown as typeof first.spans;
    const [rootless, whole] = summarizeTraces(columns);
    expect(rootless.traceId).toBe(first.spans.traceID[0]);
    expect(rootless.rootService).toBeUndefined();
    expect(rootless.rootOperation).toBeUndefined();
    expect(rootless.spanCount).toBe(first.spans.spanID.length - 1);
    expect(whole.traceId).toBe(second.spans.traceID[0]);
    expect(whole.spanCount).toBe(second.spans.spanID.length);
    expect(whole.rootOperation).toBe('POST /signup');
  });
});
