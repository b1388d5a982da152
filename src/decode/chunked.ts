/**
 * Trace decoding that gives the browser back control while it works: a trace of hundreds of
 * thousands of spans takes seconds to convert, and in one piece that would freeze Grafana.
 * The decoders pause (as generators) every `chunkSpans` spans; this driver lets them go on
 * until `sliceMs` have passed, then yields to the event loop (a macrotask) before the next
 * stretch. The result is the same as the one-shot decoders'.
 */
import type { DecodedTrace, DecodeSteps } from './columns';
import { decodeOtlpJsonBodySteps } from './otlp-json-body';
import { decodeOtlpProtoSteps } from './otlp-proto';

export type TraceBodyKind = 'proto-v1' | 'proto-v2' | 'json';

export interface ChunkedDecodeOptions {
  /** Spans decoded between two looks at the clock. Default 2,000. */
  chunkSpans?: number;
  /** The longest stretch of work between two yields, in milliseconds. Default 25; 0 yields after every chunk. */
  sliceMs?: number;
  /** How to yield. Default: a macrotask (MessageChannel; setTimeout where there is none). */
  yieldFn?: () => Promise<void>;
  /** Checked at every yield: once aborted, the decode stops and rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface TraceDecodeOptions extends ChunkedDecodeOptions {
  /**
   * The span budget: a protobuf trace of more spans leaves span attributes in the body until
   * asked for (`spanTags` in columns.ts), as most of its spans are folded away. Default: never.
   */
  tagsOnDemandAbove?: number;
}

export const DEFAULT_CHUNK_SPANS = 2_000;
export const DEFAULT_SLICE_MS = 25;

/**
 * Decodes a trace-by-ID body:
 * - `proto-v1` / `proto-v2`: Tempo's protobuf (`/api/traces`, `/api/v2/traces`), as bytes;
 * - `json`: Tempo's or spec OTLP/JSON, as bytes (read without JSON.parse where possible).
 * Rejects with a DecodeError for a body it cannot read (a SyntaxError for JSON text that is not JSON),
 * a TypeError for a body that is not bytes.
 */
export async function decodeTraceChunked(
  body: Uint8Array,
  kind: TraceBodyKind,
  options: TraceDecodeOptions = {}
): Promise<DecodedTrace> {
  return runChunked((chunkSpans) => decodeSteps(body, kind, chunkSpans, options.tagsOnDemandAbove), options);
}

/**
 * Runs any pausing decode (a trace file's, which gives several traces) the same way: `start`
 * gets the chunk size and returns the decode's steps.
 */
export async function runChunked<T>(
  start: (chunkSpans: number) => Generator<void, T, void>,
  options: ChunkedDecodeOptions = {}
): Promise<T> {
  const chunkSpans = Math.max(1, options.chunkSpans ?? DEFAULT_CHUNK_SPANS);
  const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  const yieldFn = options.yieldFn ?? macrotask;
  const { signal } = options;
  const steps = start(chunkSpans);
  let sliceStart = now();
  for (;;) {
    const step = steps.next();
    if (step.done) {
      return step.value;
    }
    if (now() - sliceStart >= sliceMs) {
      await yieldFn();
      if (signal?.aborted) {
        steps.return(undefined as never);
        throw signal.reason ?? new Error('trace decoding aborted');
      }
      sliceStart = now();
    }
  }
}

function decodeSteps(body: unknown, kind: TraceBodyKind, chunkSpans: number, tagsOnDemandAbove?: number): DecodeSteps {
  if (!isBytes(body)) {
    throw new TypeError(`a ${kind} trace body must be a Uint8Array`);
  }
  if (kind === 'json') {
    return decodeOtlpJsonBodySteps(body, chunkSpans);
  }
  return decodeOtlpProtoSteps(body, kind === 'proto-v1' ? 'v1' : 'v2', chunkSpans, tagsOnDemandAbove);
}

/** A Uint8Array, also one from another realm (an iframe, a test environment), where `instanceof` fails. */
function isBytes(body: unknown): body is Uint8Array {
  return ArrayBuffer.isView(body) && Object.prototype.toString.call(body) === '[object Uint8Array]';
}

const now = () => (typeof performance === 'undefined' ? Date.now() : performance.now());

/**
 * Resolves in a new macrotask, so that input, rendering and other tasks run in between.
 * MessageChannel, because browsers clamp nested setTimeout(0) calls to 4 ms or more.
 */
function macrotask(): Promise<void> {
  if (typeof MessageChannel !== 'function') {
    return new Promise((resolve) => setTimeout(resolve, 0));
  }
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}
