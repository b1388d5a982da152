/**
 * Trace by ID at one size: the three bodies of one synthetic trace, timed round-robin against
 * `JSON.parse` of the JSON bodies, then heap use of each conversion, the chunked (yielding)
 * conversion, and the node graph over the decoded spans.
 */
import { performance } from 'perf_hooks';

import { decodeTraceChunked } from '../src/decode/chunked';
import { decodeOtlpJson } from '../src/decode/otlp-json';
import { decodeOtlpJsonBody } from '../src/decode/otlp-json-body';
import { decodeOtlpProto } from '../src/decode/otlp-proto';
import { nodeGraphFrames } from '../src/frames/node-graph';
import { traceFrame } from '../src/frames/trace';
import { encodeOtlpJson, encodeTempoJson, encodeTempoProto } from './encode';
import { HeapUse, measureHeap, median, Repetitions, round3, timeRoundRobin, Timing } from './measure';
import { generateTrace } from './synthetic-trace';

export const SEED = 20260124;

export interface TraceSizeResult {
  spans: number;
  bodyBytes: { tempoJson: number; otlpJson: number; protobuf: number };
  generateMs: number;
  repetitions: Repetitions;
  /** Median (and min, samples) ms of each candidate; the comparison-only ones are left out at the largest size. */
  timings: Partial<Record<TraceCandidate, Timing>>;
  /** Each median over the median of the `JSON.parse` it is compared with; null where not measured. */
  ratios: {
    tempoJsonToFrameOverParse: number;
    protobufToFrameOverTempoJsonParse: number;
    otlpJsonToFrameOverParse: number | null;
    /** The JSON path before this work (JSON.parse, then decodeOtlpJson), for comparison. */
    parseThenDecodeOverParse: number | null;
    /** What JSON.parse costs once its result has to survive a GC, as any consumer's does. */
    parseThenGcOverParse: number | null;
  };
  spansPerSecond: { tempoJsonToFrame: number; protobufToFrame: number };
  heap: { tempoJsonToFrame: HeapUse; protobufToFrame: HeapUse };
  retainedBytesPerSpan: { tempoJsonToFrame: number; protobufToFrame: number };
  /** Only at the sizes where the chunked path matters. */
  chunked?: ChunkedResult;
  nodeGraph?: Timing;
}

export type TraceCandidate =
  | 'parseTempoJson'
  | 'tempoJsonToFrame'
  | 'protobufToFrame'
  | 'parseTempoJsonThenGc'
  | 'parseThenDecodeTempoJson'
  | 'parseOtlpJson'
  | 'otlpJsonToFrame';

export interface ChunkedResult {
  /** Median total time of the chunked protobuf conversion, yields included. */
  medianMs: number;
  yields: number;
  /** Longest stretch without a yield: how long the browser would not respond. */
  longestSliceMs: number;
}

const minorGc = () => (globalThis as { gc?: (options: { type: 'minor' }) => void }).gc?.({ type: 'minor' });

/**
 * The measurements, and the protobuf body for the measurements that follow (chunked, node
 * graph). `comparisons` adds the candidates that are only there to explain the others.
 */
export function measureTraceSize(
  spans: number,
  repetitions: Repetitions,
  comparisons: boolean,
  log: (line: string) => void
): { result: TraceSizeResult; protobuf: Uint8Array } {
  const generateStart = performance.now();
  let trace: ReturnType<typeof generateTrace> | undefined = generateTrace(spans, SEED);
  const protobuf = encodeTempoProto(trace);
  const tempoJson = encodeTempoJson(trace);
  const otlpJson = comparisons ? encodeOtlpJson(trace) : '';
  trace = undefined;
  // The JSON bodies as the data source receives them (bytes), and as text for JSON.parse.
  const tempoJsonBytes = new TextEncoder().encode(tempoJson);
  const otlpJsonBytes = new TextEncoder().encode(otlpJson);
  const generateMs = performance.now() - generateStart;
  log(`  ${spans} spans: generated and encoded in ${(generateMs / 1000).toFixed(1)} s`);

  const candidates: Partial<Record<TraceCandidate, () => unknown>> = {
    parseTempoJson: () => JSON.parse(tempoJson),
    tempoJsonToFrame: () => traceFrame(decodeOtlpJsonBody(tempoJsonBytes)),
    protobufToFrame: () => traceFrame(decodeOtlpProto(protobuf, 'v2')),
  };
  if (comparisons) {
    Object.assign(candidates, {
      parseTempoJsonThenGc: () => {
        const parsed = JSON.parse(tempoJson);
        minorGc();
        return parsed;
      },
      parseThenDecodeTempoJson: () => traceFrame(decodeOtlpJson(JSON.parse(tempoJson))),
      parseOtlpJson: () => JSON.parse(otlpJson),
      otlpJsonToFrame: () => traceFrame(decodeOtlpJsonBody(otlpJsonBytes)),
    });
  }
  const timings = timeRoundRobin(candidates as Record<TraceCandidate, () => unknown>, repetitions);
  log(`  ${spans} spans: timed`);
  const heapProtobuf = measureHeap(() => traceFrame(decodeOtlpProto(protobuf, 'v2')));
  const heapJson = measureHeap(() => traceFrame(decodeOtlpJsonBody(tempoJsonBytes)));

  const ms = (name: TraceCandidate) => timings[name]?.medianMs ?? NaN;
  const ratio = (name: TraceCandidate, floor: TraceCandidate) =>
    timings[name] && timings[floor] ? round3(ms(name) / ms(floor)) : null;
  const perSecond = (name: TraceCandidate) => Math.round(spans / (ms(name) / 1000));
  const result: TraceSizeResult = {
    spans,
    bodyBytes: { tempoJson: tempoJsonBytes.length, otlpJson: otlpJsonBytes.length, protobuf: protobuf.length },
    generateMs: round3(generateMs),
    repetitions,
    timings,
    ratios: {
      tempoJsonToFrameOverParse: round3(ms('tempoJsonToFrame') / ms('parseTempoJson')),
      protobufToFrameOverTempoJsonParse: round3(ms('protobufToFrame') / ms('parseTempoJson')),
      otlpJsonToFrameOverParse: ratio('otlpJsonToFrame', 'parseOtlpJson'),
      parseThenDecodeOverParse: ratio('parseThenDecodeTempoJson', 'parseTempoJson'),
      parseThenGcOverParse: ratio('parseTempoJsonThenGc', 'parseTempoJson'),
    },
    spansPerSecond: { tempoJsonToFrame: perSecond('tempoJsonToFrame'), protobufToFrame: perSecond('protobufToFrame') },
    heap: { tempoJsonToFrame: heapJson, protobufToFrame: heapProtobuf },
    retainedBytesPerSpan: {
      tempoJsonToFrame: Math.round(heapJson.retainedBytes / spans),
      protobufToFrame: Math.round(heapProtobuf.retainedBytes / spans),
    },
  };
  return { result, protobuf };
}

/**
 * The chunked conversion (default slices and chunk size) with a macrotask yield, timing the
 * stretches between yields: the longest is how long the page would not respond.
 */
export function measureChunked(protobuf: Uint8Array, timed: number): Promise<ChunkedResult> {
  return measureYielding(
    async (yieldFn) => traceFrame(await decodeTraceChunked(protobuf, 'proto-v2', { yieldFn })),
    timed
  );
}

/** Any conversion that yields through `yieldFn`: its median total, yields and longest stretch between yields. */
export async function measureYielding(
  convert: (yieldFn: () => Promise<void>) => Promise<unknown>,
  timed: number
): Promise<ChunkedResult> {
  const totals: number[] = [];
  let yields = 0;
  let longestSliceMs = 0;
  for (let run = -1; run < timed; run++) {
    minorGc();
    let sliceStart = performance.now();
    let runYields = 0;
    let runLongest = 0;
    const yieldFn = async () => {
      runLongest = Math.max(runLongest, performance.now() - sliceStart);
      runYields++;
      await new Promise((resolve) => setTimeout(resolve, 0));
      sliceStart = performance.now();
    };
    const start = performance.now();
    await convert(yieldFn);
    runLongest = Math.max(runLongest, performance.now() - sliceStart);
    if (run >= 0) {
      // Run -1 warms up; timer delays (the setTimeout) are in the total but not in any slice.
      totals.push(performance.now() - start);
      yields = runYields;
      longestSliceMs = Math.max(longestSliceMs, runLongest);
    }
  }
  return { medianMs: round3(median(totals)), yields, longestSliceMs: round3(longestSliceMs) };
}

export function measureNodeGraph(protobuf: Uint8Array, repetitions: Repetitions): Timing {
  const { spans } = decodeOtlpProto(protobuf, 'v2');
  return timeRoundRobin({ nodeGraph: () => nodeGraphFrames(spans) }, repetitions).nodeGraph;
}
