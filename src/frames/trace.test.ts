import { DataFrameView, FieldType, TraceSpanRow } from '@grafana/data';
import fs from 'fs';
import path from 'path';

import { decodeOtlpJson } from '../decode/otlp-json';
import { decodeOtlpProto } from '../decode/otlp-proto';
import { traceFrame } from './trace';

const FIXTURES = path.resolve(__dirname, '../../tests/fixtures');

// Every property of TraceSpanRow that a trace decoded from OTLP can fill.
const TRACE_SPAN_ROW_FIELDS: Array<keyof TraceSpanRow> = [
  'traceID',
  'spanID',
  'parentSpanID',
  'operationName',
  'serviceName',
  'serviceTags',
  'startTime',
  'duration',
  'logs',
  'references',
  'tags',
  'kind',
  'statusCode',
  'statusMessage',
  'instrumentationLibraryName',
  'instrumentationLibraryVersion',
  'traceState',
  'stackTraces',
];

function errorTrace() {
  const body = fs.readFileSync(path.join(FIXTURES, 'tempo-2.8.2/v2-trace-by-id-error-span.json'), 'utf8');
  return decodeOtlpJson(JSON.parse(body));
}

describe('traceFrame', () => {
  it('has one field per TraceSpanRow property, typed, over the columns themselves', () => {
    const trace = errorTrace();
    const frame = traceFrame(trace, 'A');
    expect(frame.refId).toBe('A');
    expect(frame.length).toBe(3);
    expect(frame.meta?.preferredVisualisationType).toBe('trace');
    expect(frame.meta?.custom).toBeUndefined();
    expect(frame.fields.map((field) => field.name).sort()).toEqual([...TRACE_SPAN_ROW_FIELDS].sort());
    for (const field of frame.fields) {
      expect(field.values).toBe(trace.spans[field.name as keyof typeof trace.spans]);
    }
    const types = Object.fromEntries(frame.fields.map((field) => [field.name, field.type]));
    expect(types).toMatchObject({
      traceID: FieldType.string,
      parentSpanID: FieldType.string,
      startTime: FieldType.number,
      duration: FieldType.number,
      statusCode: FieldType.number,
      kind: FieldType.string,
      serviceTags: FieldType.other,
      tags: FieldType.other,
      logs: FieldType.other,
      references: FieldType.other,
      stackTraces: FieldType.other,
    });
  });

  it('reads back as TraceSpanRow rows', () => {
    const view = new DataFrameView<TraceSpanRow>(traceFrame(errorTrace()));
    const verify = view.toArray().find((row) => row.operationName === 'verify-email')!;
    expect(verify).toMatchObject({
      traceID: 'bce16910ff8b588b0cc3e20152bd0089',
      serviceName: 'email-verifier',
      kind: 'server',
      statusCode: 2,
      statusMessage: 'mailbox does not exist',
      instrumentationLibraryName: 'signup/email-verifier',
      duration: 55,
    });
    expect(verify.stackTraces).toHaveLength(1);
    expect(view.toArray().filter((row) => row.parentSpanID === undefined)).toHaveLength(1);
  });

  it('marks a partial trace in meta.custom', () => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'tempo-2.8.2/v2-trace-by-id-partial.pb')));
    const frame = traceFrame(decodeOtlpProto(bytes, 'v2'));
    expect(frame.length).toBe(2007);
    expect(frame.meta?.custom).toEqual({
      partial: true,
      message: 'Trace exceeds maximum size of 100000 bytes, a partial trace is returned',
    });
  });

  it('builds an empty frame for zero spans', () => {
    const frame = traceFrame(decodeOtlpJson({ trace: {}, metrics: {} }));
    expect(frame.length).toBe(0);
    expect(frame.fields).toHaveLength(TRACE_SPAN_ROW_FIELDS.length);
  });
});
