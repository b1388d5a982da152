/**
 * The trace frames of the recorded fixtures and of a generated trace, pinned field by field.
 * The snapshot was written by the decoders before their performance rework: a change in any
 * value, type, order or config of any field fails here and names the field. (The generated
 * trace comes from bench/synthetic-trace.ts: a change there needs its three snapshots
 * rewritten by decoders known to be right.)
 */
import { createHash } from 'crypto';
import fs from 'fs';
import path from 'path';

import { encodeOtlpJson, encodeTempoJson, encodeTempoProto } from '../../bench/encode';
import { generateTrace } from '../../bench/synthetic-trace';
import { traceFrame } from '../frames/trace';
import { DecodedTrace } from './columns';
import { decodeOtlpJson } from './otlp-json';
import { decodeOtlpProto } from './otlp-proto';

const FIXTURES = path.resolve(__dirname, '../../tests/fixtures');

const JSON_FIXTURES = [
  'tempo-2.0.1/trace-by-id.json',
  'tempo-2.0.1/trace-by-id-error-span.json',
  'tempo-2.8.2/v1-trace-by-id.json',
  'tempo-2.8.2/v2-trace-by-id.json',
  'tempo-2.8.2/v2-trace-by-id-error-span.json',
];
const PROTO_FIXTURES: Array<[string, 'v1' | 'v2']> = [
  ['tempo-2.0.1/trace-by-id.pb', 'v1'],
  ['tempo-2.0.1/trace-by-id-2007-spans.pb', 'v1'],
  ['tempo-2.8.2/v2-trace-by-id.pb', 'v2'],
  ['tempo-2.8.2/v2-trace-by-id-2007-spans.pb', 'v2'],
  ['tempo-2.8.2/v2-trace-by-id-partial.pb', 'v2'],
];

/**
 * Text that differs whenever two values differ for `toEqual` or for a reader of the frame:
 * undefined is not null, -0 is not 0, object keys are sorted.
 */
function canonical(value: unknown): string {
  if (value === undefined) {
    return 'u';
  }
  if (value === null) {
    return 'n';
  }
  if (typeof value === 'number') {
    return Object.is(value, -0) ? '-0' : String(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') {
    return JSON.stringify(value);
  }
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<unknown>, canonical);
    return `[${items.join(',')}]`;
  }
  const object = value as Record<string, unknown>;
  const entries = Object.keys(object)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonical(object[key])}`);
  return `{${entries.join(',')}}`;
}

/** The frame with each field's values replaced by a digest of them. */
function frameDigest(trace: DecodedTrace) {
  const frame = traceFrame(trace, 'A');
  return {
    name: frame.name,
    refId: frame.refId,
    length: frame.length,
    meta: frame.meta,
    fields: frame.fields.map((field) => ({
      name: field.name,
      type: field.type,
      config: field.config,
      values: createHash('sha256').update(canonical(field.values)).digest('hex').slice(0, 24),
    })),
  };
}

describe('trace frames are unchanged', () => {
  it.each(JSON_FIXTURES)('%s', (file) => {
    const trace = decodeOtlpJson(JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8')));
    expect(frameDigest(trace)).toMatchSnapshot();
  });

  it.each(PROTO_FIXTURES)('%s', (file, shape) => {
    const trace = decodeOtlpProto(new Uint8Array(fs.readFileSync(path.join(FIXTURES, file))), shape);
    expect(frameDigest(trace)).toMatchSnapshot();
  });

  describe('a generated 1,000-span trace', () => {
    const generated = generateTrace(1000, 42);
    it.each([
      ['Tempo JSON', () => decodeOtlpJson(JSON.parse(encodeTempoJson(generated)))],
      ['spec OTLP/JSON', () => decodeOtlpJson(JSON.parse(encodeOtlpJson(generated)))],
      ['Tempo protobuf', () => decodeOtlpProto(encodeTempoProto(generated), 'v2')],
    ])('%s', (_, decode) => {
      expect(frameDigest(decode())).toMatchSnapshot();
    });
  });
});
