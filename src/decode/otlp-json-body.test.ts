import fs from 'fs';
import path from 'path';
import { isDeepStrictEqual } from 'util';

import { encodeOtlpJson, encodeTempoJson } from '../../bench/encode';
import { generateTrace } from '../../bench/synthetic-trace';
import { DecodedTrace } from './columns';
import { decodeOtlpJson } from './otlp-json';
import { decodeOtlpJsonBody } from './otlp-json-body';

const FIXTURES = path.resolve(__dirname, '../../tests/fixtures');
const encode = (text: string) => new TextEncoder().encode(text);

/** What decodeOtlpJson makes of the body (as the backend read JSON before): a trace, or the error's class and message. */
function viaJsonParse(bytes: Uint8Array): DecodedTrace | string {
  try {
    return decodeOtlpJson(JSON.parse(new TextDecoder().decode(bytes)));
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

function viaBytes(bytes: Uint8Array): DecodedTrace | string {
  try {
    return decodeOtlpJsonBody(bytes);
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

function expectSameAsJsonParse(bytes: Uint8Array): void {
  const expected = viaJsonParse(bytes);
  const actual = viaBytes(bytes);
  if (!isDeepStrictEqual(actual, expected)) {
    expect(actual).toEqual(expected); // shows the difference
    throw new Error(`differs from JSON.parse + decodeOtlpJson: ${new TextDecoder().decode(bytes).slice(0, 300)}`);
  }
}

/**
 * Runs `decode` and tells whether it fell back to JSON.parse of the body, or read the bytes itself
 * (which hands single escaped strings, `"…"`, to JSON.parse).
 */
function usedJsonParse(decode: () => unknown): boolean {
  const parse = jest.spyOn(JSON, 'parse');
  try {
    decode();
    return parse.mock.calls.some(([text]) => !(typeof text === 'string' && text.startsWith('"')));
  } finally {
    parse.mockRestore();
  }
}

const SPAN = {
  traceId: 'lI+o3h8z8GAa7LGXPhwguw==',
  spanId: '3bBSpkxdg3k=',
  name: 'op',
  kind: 'SPAN_KIND_SERVER',
  startTimeUnixNano: '1795501192468000000',
  endTimeUnixNano: '1795501192648123456',
  status: {},
};

function body(span: Record<string, unknown>, resource: unknown = { attributes: [] }): Uint8Array {
  return encode(JSON.stringify({ trace: { resourceSpans: [{ resource, scopeSpans: [{ spans: [span] }] }] } }));
}

describe('decodeOtlpJsonBody', () => {
  it.each([
    'tempo-2.0.1/trace-by-id.json',
    'tempo-2.0.1/trace-by-id-error-span.json',
    'tempo-2.8.2/v1-trace-by-id.json',
    'tempo-2.8.2/v2-trace-by-id.json',
    'tempo-2.8.2/v2-trace-by-id-error-span.json',
  ])('reads %s as decodeOtlpJson does, without JSON.parse', (file) => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(FIXTURES, file)));
    expect(usedJsonParse(() => decodeOtlpJsonBody(bytes))).toBe(false);
    expectSameAsJsonParse(bytes);
  });

  it.each([
    ['Tempo JSON', encodeTempoJson],
    ['spec OTLP/JSON', encodeOtlpJson],
  ])('reads a generated trace as %s without JSON.parse', (_, encoder) => {
    const bytes = encode(encoder(generateTrace(3000, 11)));
    expect(usedJsonParse(() => decodeOtlpJsonBody(bytes))).toBe(false);
    expectSameAsJsonParse(bytes);
  });

  it.each([
    [
      'whitespace between tokens',
      JSON.stringify({ trace: { resourceSpans: [{ scopeSpans: [{ spans: [SPAN] }] }] } }, null, 2),
    ],
    ['a byte order mark', '\uFEFF' + JSON.stringify({ batches: [] })],
    [
      'escapes',
      JSON.stringify({
        batches: [{ scopeSpans: [{ spans: [{ ...SPAN, name: 'a\n"b"\\ \u00e9 \ud83d\ude00 \u2028' }] }] }],
      }),
    ],
    [
      '\\u escapes and lone surrogates',
      '{"batches":[{"scopeSpans":[{"spans":[' + JSON.stringify(SPAN).replace('"op"', '"\\u006fp\\ud800"') + ']}]}]}',
    ],
    [
      'spec OTLP enums as numbers',
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ ...SPAN, kind: 3, status: { code: 2 } }] }] }] }),
    ],
    ['an empty body', '{}'],
    ['a missing trace', '{"trace":{},"metrics":{}}'],
    ['a partial trace', JSON.stringify({ trace: { resourceSpans: [] }, status: 'PARTIAL', message: 'too big' })],
    ['null lists', '{"batches":[{"resource":null,"scopeSpans":[{"scope":null,"spans":null}]}]}'],
  ])('agrees with JSON.parse on %s', (_, text) => {
    expectSameAsJsonParse(encode(text));
  });

  it('reads attribute values of every type as decodeOtlpJson does', () => {
    const attributes = [
      { key: 'string', value: { stringValue: 'GET' } },
      { key: 'int', value: { intValue: '-42' } },
      { key: 'int as number', value: { intValue: 7 } },
      { key: 'beyond 2^53', value: { intValue: '9007199254740993' } },
      { key: 'double', value: { doubleValue: 0.5 } },
      { key: 'NaN', value: { doubleValue: 'NaN' } },
      { key: 'bool', value: { boolValue: false } },
      { key: 'bytes', value: { bytesValue: 'AQID' } },
      { key: 'array', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }, {}] } } },
      { key: 'map', value: { kvlistValue: { values: [{ key: '__proto__', value: { boolValue: true } }] } } },
      { key: 'empty', value: {} },
      { key: 'no value' },
    ];
    const bytes = body({
      ...SPAN,
      attributes,
      events: [{ timeUnixNano: '1795501192500000000', name: 'e', attributes }],
    });
    expect(usedJsonParse(() => decodeOtlpJsonBody(bytes))).toBe(false);
    expectSameAsJsonParse(bytes);
  });

  it.each([
    ['value before key', '{"value":{"stringValue":"GET"},"key":"http.method"}'],
    ['spaces', '{ "key": "http.method", "value": { "stringValue": "GET" } }'],
    ['an escaped key', '{"key":"http\\u002emethod","value":{"stringValue":"GET"}}'],
    ['an escaped value', '{"key":"q","value":{"stringValue":"a\\"b"}}'],
    ['a bad escape', '{"key":"q","value":{"stringValue":"a\\xb"}}'],
    ['a short \\u escape', '{"key":"q","value":{"stringValue":"a\\u12"}}'],
    ['UTF-8 and a lone surrogate after escapes', '{"key":"q","value":{"stringValue":"a\\n\u00e9\\ud800\\\\"}}'],
    ['an int as text', '{"key":"n","value":{"intValue":"12"}}'],
    ['a double as text', '{"key":"d","value":{"doubleValue":"Infinity"}}'],
    ['a bool', '{"key":"b","value":{"boolValue":true}}'],
    ['an unknown value field', '{"key":"x","value":{"otherValue":1}}'],
    ['a raw control character in the key', '{"key":"a\tb","value":{"stringValue":"GET"}}'],
    ['a string where a bool belongs', '{"key":"b","value":{"boolValue":"true"}}'],
  ])('reads a KeyValue with %s as JSON.parse + decodeOtlpJson do', (_, keyValue) => {
    const span = JSON.stringify({ ...SPAN, attributes: [] }).replace(
      '"attributes":[]',
      `"attributes":[${keyValue},${keyValue}]`
    );
    expectSameAsJsonParse(encode(`{"batches":[{"scopeSpans":[{"spans":[${span}]}]}]}`));
  });

  it('reads spans whose keys change order, or only start like a known key, as JSON.parse + decodeOtlpJson do', () => {
    const { traceId, spanId, name, kind, startTimeUnixNano, endTimeUnixNano } = SPAN;
    const spans = [
      { traceId, spanId, name, kind, startTimeUnixNano, endTimeUnixNano },
      { traceId, spanId, name, kind, startTimeUnixNano, endTimeUnixNano },
      { endTimeUnixNano, startTimeUnixNano, kind, name, spanId, traceId },
      { traceId, spanIdentifier: 'x', spanId, names: 'other', name: 'n2', kind, startTimeUnixNano, endTimeUnixNano },
      { traceId, spanId, name, kind, startTimeUnixNano, endTimeUnixNano },
    ];
    const bytes = encode(JSON.stringify({ batches: [{ scopeSpans: [{ spans }] }] }));
    expect(usedJsonParse(() => decodeOtlpJsonBody(bytes))).toBe(false);
    expectSameAsJsonParse(bytes);
  });

  it.each([
    [
      'a repeated field (the last wins)',
      '{"batches":[{"scopeSpans":[{"spans":[' +
        JSON.stringify(SPAN).replace('"name":"op"', '"name":"a","name":"b"') +
        ']}]}]}',
    ],
    [
      'times as numbers',
      JSON.stringify({
        batches: [{ scopeSpans: [{ spans: [{ ...SPAN, startTimeUnixNano: 1, endTimeUnixNano: 2 }] }] }],
      }),
    ],
    ['a span without times', JSON.stringify({ batches: [{ scopeSpans: [{ spans: [{ name: 'x' }] }] }] })],
    ['a name of another type', JSON.stringify({ batches: [{ scopeSpans: [{ spans: [{ ...SPAN, name: 5 }] }] }] })],
    [
      'two value fields',
      JSON.stringify({
        batches: [
          {
            scopeSpans: [
              { spans: [{ ...SPAN, attributes: [{ key: 'k', value: { stringValue: 's', boolValue: true } }] }] },
            ],
          },
        ],
      }),
    ],
  ])('falls back to JSON.parse for %s, with the same result', (_, text) => {
    const bytes = encode(text);
    expect(usedJsonParse(() => decodeOtlpJsonBody(bytes))).toBe(true);
    expectSameAsJsonParse(bytes);
  });

  it.each([
    ['truncated', '{"batches":[{"scopeSpans":'],
    ['trailing data', '{"batches":[]} x'],
    ['a trailing comma', '{"batches":[],}'],
    ['not an object', '[1,2]'],
    ['an unknown shape', '{"spans":[]}'],
    ['a leading zero', '{"batches":[],"n":01}'],
    ['a raw control character', '{"batches":[],"s":"a\tb"}'],
    [
      'invalid UTF-8',
      '{"batches":[{"scopeSpans":[{"spans":[' + JSON.stringify(SPAN).replace('"op"', '"o\u00ffp"') + ']}]}]}',
    ],
  ])('rejects or reads a body that is %s as JSON.parse + decodeOtlpJson do', (_, text) => {
    const bytes = encode(text);
    if (text.includes('\u00ff')) {
      bytes[bytes.indexOf(0xc3)] = 0xff; // ÿ's lead byte replaced: invalid UTF-8
    }
    expectSameAsJsonParse(bytes);
  });

  it('agrees with JSON.parse on thousands of corrupted bodies (seeded)', () => {
    let state = 20260124;
    const random = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const pieces = ['{', '}', '[', ']', ',', ':', '"', '\\', '0', '-', 'e', 'null', 'true', ' ', '\n', 'é', '"key":'];
    const original = encode(encodeTempoJson(generateTrace(12, 5)));
    for (let round = 0; round < 3000; round++) {
      const bytes = Array.from(original);
      for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) {
        const at = Math.floor(random() * bytes.length);
        const kind = random();
        if (kind < 0.3) {
          bytes.splice(at, 1 + Math.floor(random() * 8));
        } else if (kind < 0.6) {
          bytes.splice(at, 0, ...encode(pieces[Math.floor(random() * pieces.length)]));
        } else if (kind < 0.8) {
          bytes[at] = Math.floor(random() * 256);
        } else {
          bytes.length = at;
        }
      }
      expectSameAsJsonParse(Uint8Array.from(bytes));
    }
  });
});
