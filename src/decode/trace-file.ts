/**
 * A trace file's bytes → its traces, the format told by the content (there is no option to set):
 * - OTLP/JSON (`{"resourceSpans":…}`) and Tempo's JSON (v1 `batches`, v2 `trace.resourceSpans`,
 *   base64 IDs and enum names): the OTLP JSON decoders, from the bytes where they can;
 * - OTLP JSON Lines: one export request per line, as the OpenTelemetry Collector's file exporter
 *   writes them (each line may be any of the JSON formats here);
 * - Jaeger JSON (`{"data":[…]}` with one or many traces, or one bare trace): `jaeger-json.ts`;
 * - Zipkin v2 JSON (an array of spans, or an array of traces): `zipkin-json.ts`.
 * Spans are then grouped by trace ID (`split-traces.ts`): a file may hold many traces, and one
 * trace may be spread over many lines or batches.
 */
import { DecodedTrace, DecodeError, finishSteps } from './columns';
import { decodeJaegerJsonSteps, looksLikeJaegerJson } from './jaeger-json';
import { isWhitespace } from './json-grammar';
import { parseJsonSteps } from './json-parse-steps';
import { describeJson, isJsonObject } from './json-values';
import { decodeOtlpJsonSteps } from './otlp-json';
import { decodeOtlpJsonBodySteps } from './otlp-json-body';
import { splitByTraceIdSteps } from './split-traces';
import { decodeZipkinJsonSteps, looksLikeZipkinJson } from './zipkin-json';

export type TraceFileFormat = 'otlp-json' | 'tempo-json' | 'otlp-json-lines' | 'jaeger-json' | 'zipkin-json';

/** Format names as users know them, for the editor and for messages. */
export const TRACE_FILE_FORMAT_NAMES: Record<TraceFileFormat, string> = {
  'otlp-json': 'OTLP/JSON',
  'tempo-json': "Tempo's JSON",
  'otlp-json-lines': 'OTLP JSON Lines',
  'jaeger-json': 'Jaeger JSON',
  'zipkin-json': 'Zipkin v2 JSON',
};

export interface DecodedTraceFile {
  format: TraceFileFormat;
  /** One per trace ID, in the order of first appearance; never empty. */
  traces: DecodedTrace[];
  spanCount: number;
}

/** What the message for an unreadable file says was expected. */
export const EXPECTED_TRACE_FILE =
  'expected OTLP/JSON (`resourceSpans`), OTLP JSON Lines (one export request per line), ' +
  "Tempo's JSON (`batches` or `trace`), Jaeger JSON (`data`, or `spans` with `processes`) " +
  'or a Zipkin v2 span array';

type FileSteps = Generator<void, DecodedTraceFile, void>;
type PartsSteps = Generator<void, { format: TraceFileFormat; parts: DecodedTrace[] }, void>;

export function decodeTraceFile(bytes: Uint8Array): DecodedTraceFile {
  return finishSteps(decodeTraceFileSteps(bytes, Infinity));
}

/** The same decode, pausing after every `chunkSpans` spans: run it with `runChunked` (chunked.ts). */
export function* decodeTraceFileSteps(bytes: Uint8Array, chunkSpans: number): FileSteps {
  const { format, parts } = yield* decodeParts(withoutBom(bytes), chunkSpans);
  const traces = yield* splitByTraceIdSteps(parts, chunkSpans);
  if (traces.length === 0) {
    throw new DecodeError(`the file is ${TRACE_FILE_FORMAT_NAMES[format]} but holds no spans`);
  }
  const spanCount = traces.reduce((sum, trace) => sum + trace.spans.spanID.length, 0);
  return { format, traces, spanCount };
}

const utf8 = new TextDecoder();
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const NEWLINE = 0x0a;

function* decodeParts(bytes: Uint8Array, chunkSpans: number): PartsSteps {
  const first = firstNonSpace(bytes, 0, bytes.length);
  if (first === bytes.length) {
    throw new DecodeError(`the file is empty: ${EXPECTED_TRACE_FILE}`);
  }
  if (bytes[first] !== OPEN_BRACE && bytes[first] !== OPEN_BRACKET) {
    throw new DecodeError(
      `the file is not JSON (it starts with ${JSON.stringify(preview(bytes, first))}): ${EXPECTED_TRACE_FILE}`
    );
  }
  const lines = jsonLines(bytes, first);
  if (lines) {
    const parts: DecodedTrace[] = [];
    for (const [start, end, lineNumber] of lines) {
      const line = `line ${lineNumber} of the JSON Lines file`;
      try {
        parts.push(...(yield* decodeDocument(bytes.subarray(start, end), chunkSpans, line)).parts);
      } catch (error) {
        throw error instanceof DecodeError && error.message.startsWith(line)
          ? error
          : new DecodeError(`${line}: ${messageOf(error)}`);
      }
      // Lines are often smaller than a chunk: a pause between them keeps a file of many from freezing the page.
      yield;
    }
    return { format: 'otlp-json-lines', parts };
  }
  return yield* decodeDocument(bytes, chunkSpans, 'the file');
}

/** One JSON document in any of the formats; `subject` (the file, a line of it) is what messages name. */
function* decodeDocument(bytes: Uint8Array, chunkSpans: number, subject: string): PartsSteps {
  const firstKey = firstObjectKey(bytes);
  if (firstKey !== undefined && OTLP_KEYS.has(firstKey)) {
    // The byte reader: no JSON.parse of a file that may be 100 MB (it falls back to it by itself).
    try {
      const trace = yield* decodeOtlpJsonBodySteps(bytes, chunkSpans);
      return { format: firstKey === 'resourceSpans' ? 'otlp-json' : 'tempo-json', parts: [trace] };
    } catch (error) {
      throw error instanceof SyntaxError ? notJson(subject, error) : error;
    }
  }
  let body: unknown;
  try {
    // In pieces, pausing between them: one JSON.parse of a 100 MB Jaeger or Zipkin file freezes the page.
    body = yield* parseJsonSteps(bytes);
  } catch (error) {
    throw error instanceof SyntaxError ? notJson(subject, error) : error;
  }
  if (isJsonObject(body)) {
    const otlpKey = Object.keys(body).find((key) => OTLP_KEYS.has(key));
    if (otlpKey !== undefined) {
      const trace = yield* decodeOtlpJsonSteps(body, chunkSpans);
      return { format: otlpKey === 'resourceSpans' ? 'otlp-json' : 'tempo-json', parts: [trace] };
    }
    if (looksLikeJaegerJson(body)) {
      return { format: 'jaeger-json', parts: yield* decodeJaegerJsonSteps(body, chunkSpans) };
    }
  } else if (looksLikeZipkinJson(body)) {
    return { format: 'zipkin-json', parts: [yield* decodeZipkinJsonSteps(body, chunkSpans)] };
  }
  throw new DecodeError(`${subject} is JSON but not a trace format: ${EXPECTED_TRACE_FILE}; found ${whatIs(body)}`);
}

/** Top-level keys that mark an OTLP or Tempo trace body. */
const OTLP_KEYS = new Set(['resourceSpans', 'batches', 'trace']);

/**
 * The lines of a JSON Lines file as [start, end, line number], or undefined for one JSON document.
 * JSON Lines when the first line ends its object (`}`) and more follows; a pretty-printed
 * document's first line is a lone `{`, a one-line document has nothing after its line.
 */
function jsonLines(bytes: Uint8Array, first: number): Array<[number, number, number]> | undefined {
  const firstEnd = bytes.indexOf(NEWLINE, first);
  if (firstEnd < 0 || firstNonSpace(bytes, firstEnd, bytes.length) === bytes.length) {
    return undefined;
  }
  if (bytes[lastNonSpace(bytes, first, firstEnd)] !== CLOSE_BRACE) {
    return undefined;
  }
  const lines: Array<[number, number, number]> = [];
  let lineNumber = 1;
  for (let start = 0; start < bytes.length; lineNumber++) {
    let end = bytes.indexOf(NEWLINE, start);
    end = end < 0 ? bytes.length : end;
    if (firstNonSpace(bytes, start, end) < end) {
      lines.push([start, end, lineNumber]);
    }
    start = end + 1;
  }
  return lines;
}

/** Index of the last byte before `to` that is not white space (`from` - 1 if none). */
function lastNonSpace(bytes: Uint8Array, from: number, to: number): number {
  let i = to - 1;
  while (i >= from && isWhitespace(bytes[i])) {
    i--;
  }
  return i;
}

/** The first key of a JSON object, read from its first bytes; undefined if it is not plain. */
function firstObjectKey(bytes: Uint8Array): string | undefined {
  let i = firstNonSpace(bytes, 0, bytes.length);
  if (bytes[i] !== OPEN_BRACE) {
    return undefined;
  }
  i = firstNonSpace(bytes, i + 1, bytes.length);
  if (bytes[i] !== 0x22 /* " */) {
    return undefined;
  }
  const end = bytes.indexOf(0x22, i + 1);
  return end > 0 && end - i < 64 ? utf8.decode(bytes.subarray(i + 1, end)) : undefined;
}

function firstNonSpace(bytes: Uint8Array, from: number, to: number): number {
  let i = from;
  while (i < to && isWhitespace(bytes[i])) {
    i++;
  }
  return i;
}

function withoutBom(bytes: Uint8Array): Uint8Array {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

function preview(bytes: Uint8Array, from: number): string {
  return utf8.decode(bytes.subarray(from, from + 20)).replace(/\s+/g, ' ');
}

function whatIs(body: unknown): string {
  if (isJsonObject(body)) {
    const keys = Object.keys(body);
    return keys.length
      ? `an object with ${keys
          .slice(0, 5)
          .map((key) => `\`${key}\``)
          .join(', ')}`
      : 'an empty object';
  }
  if (Array.isArray(body)) {
    return body.length > 0 ? `an array whose first item is ${describeJson(body[0])}` : 'an empty array';
  }
  return describeJson(body);
}

function notJson(subject: string, error: unknown): DecodeError {
  return new DecodeError(`${subject} is not valid JSON (${messageOf(error)}): ${EXPECTED_TRACE_FILE}`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
