/**
 * What every fuzz case must hold, whatever the answer was: errors are ours and written for users;
 * frames hold no NaN and no "[object Object]"; a trace frame holds at most the spans the body
 * held, all of the trace asked for; values for the editors are strings the body really had.
 */
import type { DataFrame } from '@grafana/data';

import { countProtoSpans } from './proto-tree';

/** Raw runtime errors, our bug message, and the words of a wrong blame or a raw page. */
const NOT_OURS: Array<[RegExp, string]> = [
  [/failed unexpectedly/i, 'a bug message'],
  [/\b(RangeError|TypeError|SyntaxError|URIError|ReferenceError|InternalError)\b/, 'a raw JavaScript error'],
  [/Maximum call stack/i, 'a stack overflow'],
  [/URI malformed/i, 'a raw URIError'],
  [/\[object Object\]/, '"[object Object]"'],
  [/<\s*(html|body|head|\?xml|!doctype)/i, 'raw HTML markup'],
  [/is not a function|Cannot read propert|is not iterable|undefined is not/i, 'a raw TypeError'],
];

const MAX_MESSAGE_LENGTH = 1_500;

/** Why a message is not one a user should see, or undefined when it is fine. */
export function badMessage(message: unknown): string | undefined {
  if (typeof message !== 'string' || message.trim() === '') {
    return `an empty or non-text message (${String(message)})`;
  }
  for (const [pattern, what] of NOT_OURS) {
    if (pattern.test(message)) {
      return `${what}: ${message.slice(0, 300)}`;
    }
  }
  if (message.length > MAX_MESSAGE_LENGTH) {
    return `a message of ${message.length} characters: ${message.slice(0, 200)}…`;
  }
  return undefined;
}

/** A rejected promise must carry one of our errors (never a TypeError, RangeError, …). */
export function badRejection(error: unknown): string | undefined {
  if (!(error instanceof Error)) {
    return `rejected with a non-Error: ${String(error).slice(0, 200)}`;
  }
  if (['TypeError', 'RangeError', 'SyntaxError', 'URIError', 'ReferenceError'].includes(error.name)) {
    return `rejected with a raw ${error.name}: ${error.message.slice(0, 200)}`;
  }
  return badMessage(error.message);
}

/**
 * NaN and "[object Object]" anywhere in a frame's cells (nested tags and logs too). `nanValues`:
 * the body may hold NaN as an attribute's value (proto3 JSON's "NaN", a protobuf double), which a
 * span's tags then show; a NaN in a cell of its own (a time, a duration) is never right.
 */
export function badCells(frames: DataFrame[], nanValues = false): string | undefined {
  for (const frame of frames) {
    for (const field of frame.fields) {
      const stack: Array<{ value: unknown; depth: number }> = Array.from(
        field.values as ArrayLike<unknown>,
        (value) => ({ value, depth: 0 })
      );
      let visited = 0;
      while (stack.length > 0 && visited++ < 2_000_000) {
        const { value, depth } = stack.pop()!;
        if (typeof value === 'number' && Number.isNaN(value) && !(nanValues && depth > 0)) {
          return `NaN in frame "${frame.name ?? frame.refId}" field "${field.name}"`;
        }
        if (typeof value === 'string' && value.includes('[object Object]')) {
          return `"[object Object]" in frame "${frame.name ?? frame.refId}" field "${field.name}"`;
        }
        if (value !== null && typeof value === 'object' && depth < 64 && !ArrayBuffer.isView(value)) {
          for (const child of Object.values(value as object)) {
            stack.push({ value: child, depth: depth + 1 });
          }
        }
      }
    }
  }
  return undefined;
}

export type SpanCount = number | 'malformed' | 'unsure';

/**
 * Spans in a JSON body: elements of every `spans` array (OTLP, Tempo, Jaeger), and the objects of a
 * top-level array or its arrays (Zipkin); JSON Lines count line by line. `malformed` when not JSON.
 */
export function countJsonSpans(bytes: Uint8Array): SpanCount {
  const text = new TextDecoder().decode(bytes);
  const parsed = parseOrUndefined(text);
  if (parsed.ok) {
    return spansIn(parsed.value);
  }
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length > 1) {
    let count = 0;
    for (const line of lines) {
      const one = parseOrUndefined(line);
      count += one.ok ? spansIn(one.value) : 0;
    }
    return count;
  }
  return 'malformed';
}

function parseOrUndefined(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function spansIn(root: unknown): number {
  let count = 0;
  if (Array.isArray(root)) {
    for (const item of root) {
      count += Array.isArray(item)
        ? item.filter((span) => span !== null && typeof span === 'object').length
        : item !== null && typeof item === 'object'
          ? 1
          : 0;
    }
  }
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) {
        if (item !== null && typeof item === 'object') {
          stack.push(item);
        }
      }
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === 'spans' && Array.isArray(child)) {
          count += child.length;
        }
        if (child !== null && typeof child === 'object') {
          stack.push(child);
        }
      }
    }
  }
  return count;
}

export function countSpans(bytes: Uint8Array, format: 'json' | 'proto-v1' | 'proto-v2'): SpanCount {
  return format === 'json' ? countJsonSpans(bytes) : countProtoSpans(bytes, format === 'proto-v1' ? 'v1' : 'v2');
}

const sameId = (a: unknown, b: string) =>
  typeof a === 'string' && a.toLowerCase().replace(/^0+/, '') === b.toLowerCase().replace(/^0+/, '');

/** A trace frame only when the body held it: no more rows than spans, every row of the trace asked for. */
export function badTraceFrames(frames: DataFrame[], spans: SpanCount, traceId: string | undefined): string | undefined {
  for (const frame of frames.filter((f) => f.meta?.preferredVisualisationType === 'trace')) {
    if (spans === 'malformed') {
      return `a trace frame of ${frame.length} spans from a body that is not a well-formed trace`;
    }
    if (typeof spans === 'number' && frame.length > spans) {
      return `a trace frame of ${frame.length} spans from a body holding ${spans}`;
    }
    // Without an ID asked for (a trace file's only trace), the trace of the first row. Some span
    // must be of that trace; a span of another must say so (a warning on the span).
    const column = (name: string) =>
      Array.from((frame.fields.find((field) => field.name === name)?.values ?? []) as ArrayLike<unknown>);
    const ids = column('traceID');
    const warnings = column('warnings');
    const wanted = traceId ?? String(ids[0]);
    if (ids.length > 0 && !ids.some((id) => sameId(id, wanted))) {
      return `a trace frame of trace ${JSON.stringify(String(ids[0]).slice(0, 40))} for ${wanted}`;
    }
    const silent = ids.findIndex(
      (id, row) => !sameId(id, wanted) && !(Array.isArray(warnings[row]) && warnings[row].length > 0)
    );
    if (silent >= 0) {
      return `a span of trace ${JSON.stringify(String(ids[silent]).slice(0, 40))} in trace ${wanted}, without a warning`;
    }
  }
  return undefined;
}

/** Editor values (tag names, values, services) must be text the body held as a JSON string. */
export function badValues(values: string[], bodies: Uint8Array[], allowed: string[] = []): string | undefined {
  const text = bodies.map((body) => new TextDecoder().decode(body)).join('\n');
  for (const value of values) {
    if (typeof value !== 'string') {
      return `a value of type ${typeof value}`;
    }
    if (value.includes('[object Object]')) {
      return `the value "[object Object]"`;
    }
    if (!allowed.includes(value) && !text.includes(JSON.stringify(value))) {
      return `the value ${JSON.stringify(value).slice(0, 80)}, which the body does not hold as a string`;
    }
  }
  return undefined;
}
