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
// Computed by traceFrame from the columns (service.namespace) or by the analysis (warnings).
const DERIVED_FIELDS: Array<keyof TraceSpanRow> = ['serviceNamespace', 'warnings'];

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
    expect(frame.fields.map((field) => field.name).sort()).toEqual(
      [...TRACE_SPAN_ROW_FIELDS, ...DERIVED_FIELDS].sort()
    );
    for (const field of frame.fields.filter((f) => !DERIVED_FIELDS.includes(f.name as keyof TraceSpanRow))) {
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
    expect(frame.fields).toHaveLength(TRACE_SPAN_ROW_FIELDS.length + DERIVED_FIELDS.length);
  });

  it('reads serviceNamespace from the service.namespace resource attribute, and nothing where there is none', () => {
    const resource = (service: string, namespace?: string) => ({
      attributes: [
        { key: 'service.name', value: { stringValue: service } },
        ...(namespace ? [{ key: 'service.namespace', value: { stringValue: namespace } }] : []),
      ],
    });
    const span = (spanId: string) => ({
      traceId: '948fa8de1f33f0601aecb1973e1c20bb',
      spanId,
      name: 'op',
      startTimeUnixNano: '1795501192468000000',
      endTimeUnixNano: '1795501192469000000',
    });
    const trace = decodeOtlpJson({
      resourceSpans: [
        { resource: resource('checkout', 'shop'), scopeSpans: [{ spans: [span('aaaaaaaaaaaaaaaa')] }] },
        { resource: resource('mailer'), scopeSpans: [{ spans: [span('bbbbbbbbbbbbbbbb')] }] },
      ],
    });
    const rows = new DataFrameView<TraceSpanRow>(traceFrame(trace)).toArray();
    expect(rows.map((row) => [row.serviceName, row.serviceNamespace])).toEqual([
      ['checkout', 'shop'],
      ['mailer', undefined],
    ]);
  });

  it('carries the warnings, notices and partial message of a trace view', () => {
    const trace = errorTrace();
    const warnings = [undefined, ['Something is off.'], undefined];
    const frame = traceFrame({ ...trace, warnings, notices: ['Showing 1 of 3 spans'], partialMessage: 'Partial.' });
    expect(frame.fields.find((field) => field.name === 'warnings')?.values).toBe(warnings);
    expect(frame.meta?.notices).toEqual([{ severity: 'info', text: 'Showing 1 of 3 spans' }]);
    expect(frame.meta?.custom).toEqual({ partial: true, message: 'Partial.' });
  });
});
