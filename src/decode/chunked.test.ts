import fs from 'fs';
import path from 'path';
import { isDeepStrictEqual } from 'util';

import { encodeTempoJson, encodeTempoProto } from '../../bench/encode';
import { generateTrace } from '../../bench/synthetic-trace';
import { decodeTraceChunked } from './chunked';
import { DecodedTrace, DecodeError } from './columns';
import { decodeOtlpJson } from './otlp-json';
import { decodeOtlpJsonBody } from './otlp-json-body';
import { decodeOtlpProto } from './otlp-proto';

const FIXTURES = path.resolve(__dirname, '../../tests/fixtures');

function readBytes(file: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(FIXTURES, file)));
}

/** `toEqual`, but fast enough for 50,000 spans (jest's deep equality takes seconds); the diff only on failure. */
function expectSameTrace(actual: DecodedTrace, expected: DecodedTrace): void {
  if (!isDeepStrictEqual(actual, expected)) {
    expect(actual).toEqual(expected);
    throw new Error('traces differ (in property order, prototypes or frozenness)');
  }
}

/**
 * Before its spans, a protobuf decode counts them (pausing as often as while decoding) and
 * reserves its 18 columns (a pause after each).
 */
const PROTO_SETUP_YIELDS = (chunks: number) => chunks + 18;

/** A yield that resolves at once and counts how often it was asked for. */
function countingYield() {
  const counter = { yields: 0, yieldFn: async () => void counter.yields++ };
  return counter;
}

describe('decodeTraceChunked', () => {
  it.each([
    ['tempo-2.0.1/trace-by-id-2007-spans.pb', 'proto-v1'],
    ['tempo-2.8.2/v2-trace-by-id-2007-spans.pb', 'proto-v2'],
    ['tempo-2.8.2/v2-trace-by-id-partial.pb', 'proto-v2'],
  ] as const)('gives the one-shot result for %s, yielding between chunks', async (file, kind) => {
    const bytes = readBytes(file);
    const counter = countingYield();
    const chunked = await decodeTraceChunked(bytes, kind, { chunkSpans: 100, sliceMs: 0, yieldFn: counter.yieldFn });
    expectSameTrace(chunked, decodeOtlpProto(bytes, kind === 'proto-v1' ? 'v1' : 'v2'));
    expect(chunked.spans.spanID).toHaveLength(2007);
    expect(counter.yields).toBe(20 + PROTO_SETUP_YIELDS(20));
  });

  describe('on a generated 50,000-span trace', () => {
    const trace = generateTrace(50_000, 3);
    const protobuf = encodeTempoProto(trace);
    const json = encodeTempoJson(trace);
    const jsonBytes = new TextEncoder().encode(json);
    const oneShot = decodeOtlpProto(protobuf, 'v2');

    it.each([
      ['protobuf', protobuf, 'proto-v2'],
      ['JSON bytes', jsonBytes, 'json'],
    ] as const)('from %s: the one-shot result, one yield per 5,000 spans', async (_, body, kind) => {
      const counter = countingYield();
      const chunked = await decodeTraceChunked(body, kind, { chunkSpans: 5_000, sliceMs: 0, yieldFn: counter.yieldFn });
      expectSameTrace(chunked, oneShot);
      expect(counter.yields).toBe(kind === 'json' ? 10 : 10 + PROTO_SETUP_YIELDS(10));
    });

    it('from JSON the byte reader leaves to JSON.parse (a repeated key): the one-shot result of decodeOtlpJson', async () => {
      const repeated = `{"message":"","message":"",${json.slice(1)}`;
      const chunked = await decodeTraceChunked(new TextEncoder().encode(repeated), 'json', {
        chunkSpans: 7_000,
        sliceMs: 0,
      });
      expectSameTrace(chunked, decodeOtlpJson(JSON.parse(repeated)));
      expectSameTrace(chunked, decodeOtlpJsonBody(jsonBytes));
    });

    it('yields only when a slice of time is used up', async () => {
      const counter = countingYield();
      await decodeTraceChunked(protobuf, 'proto-v2', { chunkSpans: 1_000, sliceMs: 60_000, yieldFn: counter.yieldFn });
      expect(counter.yields).toBe(0);
    });

    it('with the default macrotask yield, lets other tasks run in between', async () => {
      let timersRun = 0;
      const timer = setInterval(() => timersRun++, 0);
      try {
        await decodeTraceChunked(protobuf, 'proto-v2', { chunkSpans: 2_000, sliceMs: 0 });
      } finally {
        clearInterval(timer);
      }
      expect(timersRun).toBeGreaterThan(0);
    });

    it('two decodes at once do not disturb each other', async () => {
      const [first, second] = await Promise.all([
        decodeTraceChunked(protobuf, 'proto-v2', { chunkSpans: 3_000, sliceMs: 0 }),
        decodeTraceChunked(jsonBytes, 'json', { chunkSpans: 4_000, sliceMs: 0 }),
      ]);
      expectSameTrace(first, oneShot);
      expectSameTrace(second, oneShot);
    });

    it('stops at the next yield once aborted', async () => {
      const controller = new AbortController();
      const counter = { yields: 0 };
      const yieldFn = async () => {
        if (++counter.yields === 3) {
          controller.abort(new Error('query cancelled'));
        }
      };
      const decoding = decodeTraceChunked(protobuf, 'proto-v2', {
        chunkSpans: 1_000,
        sliceMs: 0,
        yieldFn,
        signal: controller.signal,
      });
      await expect(decoding).rejects.toThrow('query cancelled');
      expect(counter.yields).toBe(3);
    });
  });

  it('rejects a body it cannot read as the one-shot decoders throw', async () => {
    const truncated = readBytes('tempo-2.8.2/v2-trace-by-id.pb').subarray(0, 100);
    await expect(decodeTraceChunked(truncated, 'proto-v2')).rejects.toBeInstanceOf(DecodeError);
    await expect(decodeTraceChunked(new TextEncoder().encode('{"trace":'), 'json')).rejects.toBeInstanceOf(SyntaxError);
    await expect(decodeTraceChunked(new TextEncoder().encode('{"spans":[]}'), 'json')).rejects.toBeInstanceOf(
      DecodeError
    );
    await expect(decodeTraceChunked('{"trace":{}}' as unknown as Uint8Array, 'json')).rejects.toBeInstanceOf(TypeError);
    await expect(decodeTraceChunked('not bytes' as unknown as Uint8Array, 'proto-v1')).rejects.toBeInstanceOf(
      TypeError
    );
  });
});
