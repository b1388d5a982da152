import fs from 'fs';
import path from 'path';

import { finishSteps } from './columns';
import { decodeOtlpJson } from './otlp-json';
import { splitByTraceIdSteps } from './split-traces';

const FIXTURES = path.resolve(__dirname, '../../tests/fixtures');
const readJson = (file: string): any => JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));

describe('splitByTraceIdSteps', () => {
  // Two recorded traces, the first cut in two parts with the second trace between them, as a
  // JSON Lines file of export requests would hold them.
  const first = readJson('tempo-2.8.2/v1-trace-by-id.json');
  const second = readJson('tempo-2.0.1/trace-by-id-error-span.json');
  const half = Math.ceil(first.batches.length / 2);
  const parts = [
    decodeOtlpJson({ batches: first.batches.slice(0, half) }),
    decodeOtlpJson(second),
    decodeOtlpJson({ batches: first.batches.slice(half) }),
  ];

  it.each([1, 3, 2_000])('joins the parts of each trace, in order, pausing every %i spans', (chunkSpans) => {
    const steps = splitByTraceIdSteps(parts, chunkSpans);
    let pauses = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) {
      pauses++;
    }
    const spans = parts.reduce((sum, part) => sum + part.spans.spanID.length, 0);
    expect(pauses).toBeGreaterThanOrEqual(Math.floor(spans / chunkSpans) - 1);
    expect(step.value.map((trace) => trace.spans)).toEqual([decodeOtlpJson(first).spans, decodeOtlpJson(second).spans]);
  });

  it('keeps the warnings on values left out at the rows their spans move to', () => {
    const wrong = JSON.parse(JSON.stringify(first.batches.slice(half)));
    wrong[0].scopeSpans[0].spans[0].attributes[0].value = { stringValue: { a: 1 } };
    const key = wrong[0].scopeSpans[0].spans[0].attributes[0].key;
    const [joined] = finishSteps(splitByTraceIdSteps([parts[0], parts[1], decodeOtlpJson({ batches: wrong })], 10));
    const row = parts[0].spans.spanID.length; // the first span of the part after the other trace
    expect(joined.skippedValues).toEqual(
      new Map([[row, `1 value of the wrong type left out of its attributes (the first: "${key}").`]])
    );
  });

  it('returns a lone trace as it is, without a copy', () => {
    const whole = decodeOtlpJson(first);
    expect(finishSteps(splitByTraceIdSteps([whole], 10))[0]).toBe(whole);
  });

  it('marks as partial the traces of a part that says it is partial, and only those', () => {
    const partial = { ...parts[0], partialMessage: 'trace too large' };
    const traces = finishSteps(splitByTraceIdSteps([partial, parts[1], parts[2]], 10));
    expect(traces.map((trace) => trace.partialMessage)).toEqual(['trace too large', undefined]);
  });
});
