import fs from 'fs';
import path from 'path';

import { columnsFromZipkin, columnsOf, withoutRows } from '../../tests/support/span-columns';
import { decodeOtlpJson } from '../decode/otlp-json';
import { decodeOtlpProto } from '../decode/otlp-proto';
import { spanTree } from './tree';
import { missingParentsMessage, traceWarnings } from './warnings';

const FIXTURES = path.resolve(__dirname, '../../tests/fixtures');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));

function warningsOf(spans: ReturnType<typeof columnsOf>) {
  const result = traceWarnings(spans, spanTree(spans));
  const byId = (id: string) => result.warnings[spans.spanID.indexOf(id)];
  return { ...result, byId };
}

describe('warnings on traces built for them', () => {
  it('says a parent has not arrived, keeps the span a root, and counts it for the trace', () => {
    const { warnings, missingParents, byId } = warningsOf(
      columnsOf([
        { id: '00000000000000a1', start: 0, duration: 10 },
        { id: '00000000000000b2', parent: '00000000000000ff', start: 2, duration: 3 },
        { id: '00000000000000c3', parent: '00000000000000b2', start: 3, duration: 1 },
      ])
    );
    expect(byId('00000000000000b2')).toEqual([
      'Parent span 00000000000000ff is not in this trace: it has not arrived, or was dropped.',
    ]);
    expect(warnings.filter(Boolean)).toHaveLength(1);
    expect(missingParents).toBe(1);
    expect(missingParentsMessage(3)).toBe(
      '3 spans reference parents that are not in this trace: it may still be arriving.'
    );
    expect(missingParentsMessage(0)).toBeUndefined();
  });

  it('says by how much a child of another service starts before or ends after its parent', () => {
    const { byId, warnings } = warningsOf(
      columnsOf([
        { id: '0000000000000001', service: 'payments', kind: 'server', start: 10, duration: 100 },
        {
          id: '0000000000000002',
          parent: '0000000000000001',
          service: 'ledger',
          kind: 'server',
          start: 6.8,
          duration: 50,
        },
        {
          id: '0000000000000003',
          parent: '0000000000000001',
          service: 'ledger',
          kind: 'client',
          start: 60,
          duration: 52.5,
        },
        // Not skew: same service, a producer, a FOLLOWS_FROM child, a child inside its parent.
        { id: '0000000000000004', parent: '0000000000000001', service: 'payments', start: 5, duration: 200 },
        {
          id: '0000000000000005',
          parent: '0000000000000001',
          service: 'queue',
          kind: 'producer',
          start: 50,
          duration: 500,
        },
        {
          id: '0000000000000006',
          parent: '0000000000000001',
          service: 'batch',
          kind: 'server',
          start: 90,
          duration: 500,
          references: [{ spanID: '0000000000000001', refType: 'FOLLOWS_FROM' }],
        },
        { id: '0000000000000007', parent: '0000000000000001', service: 'ledger', start: 20, duration: 10 },
      ])
    );
    expect(byId('0000000000000002')).toEqual([
      "Starts 3.2 ms before its parent (payments): the two hosts' clocks may disagree.",
    ]);
    expect(byId('0000000000000003')).toEqual([
      "Ends 2.5 ms after its parent (payments) ends: the two hosts' clocks may disagree.",
    ]);
    expect(warnings.filter(Boolean)).toHaveLength(2);
  });

  it('says how many spans share an ID, on each of them, and keeps them all', () => {
    const spans = columnsOf([
      { id: '00000000000000aa', start: 0, duration: 10 },
      { id: '00000000000000bb', parent: '00000000000000aa', start: 1, duration: 2 },
      { id: '00000000000000bb', parent: '00000000000000aa', start: 4, duration: 2 },
      { id: '00000000000000bb', parent: '00000000000000aa', start: 7, duration: 2 },
    ]);
    const { warnings } = warningsOf(spans);
    const text = '3 spans share the span ID 00000000000000bb: all are shown, but links to this ID may find another.';
    expect(warnings).toEqual([undefined, [text], [text], [text]]);
  });

  it('says when a span ends before it starts', () => {
    const { warnings } = warningsOf(
      columnsOf([
        { id: '0000000000000001', start: 0, duration: 10 },
        { id: '0000000000000002', parent: '0000000000000001', start: 2, duration: -0.45 },
      ])
    );
    expect(warnings).toEqual([undefined, ['Ends 450 µs before it starts: its start and end times are wrong.']]);
  });
});

describe('warnings on real traces', () => {
  it('finds the clock skew and the shared span ID of Zipkin’s skew.json, and nothing else', () => {
    const spans = columnsFromZipkin(readJson('reference/zipkin-lens/skew.json'));
    const { warnings } = warningsOf(spans);
    const shared = '2 spans share the span ID 74280ae0c10d8062: all are shown, but links to this ID may find another.';
    // Rows: async (serviceb), post SERVER (serviceb), get (servicea, root), post CLIENT (servicea).
    expect(warnings).toEqual([
      undefined,
      ["Starts 62 ms before its parent (servicea): the two hosts' clocks may disagree.", shared],
      undefined,
      [shared],
    ]);
  });

  it('warns on every span sharing an ID in Zipkin’s yelp.json (shared client/server spans)', () => {
    const zipkin: Array<{ id: string }> = readJson('reference/zipkin-lens/yelp.json');
    const spans = columnsFromZipkin(zipkin as never);
    const { warnings } = warningsOf(spans);
    const shared = zipkin.flatMap((span, row) =>
      zipkin.filter((other) => other.id === span.id).length > 1 ? [row] : []
    );
    expect(shared.length).toBe(6);
    for (let row = 0; row < zipkin.length; row++) {
      const duplicate = (warnings[row] ?? []).filter((text) => text.includes('share the span ID'));
      expect(duplicate).toEqual(
        shared.includes(row)
          ? [`2 spans share the span ID ${zipkin[row].id}: all are shown, but links to this ID may find another.`]
          : []
      );
    }
  });

  it('says nothing on the healthy Tempo recordings', () => {
    const traces = [
      decodeOtlpJson(readJson('tempo-2.8.2/v2-trace-by-id.json')),
      decodeOtlpJson(readJson('tempo-2.8.2/v2-trace-by-id-error-span.json')),
      decodeOtlpProto(
        new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'tempo-2.8.2/v2-trace-by-id-2007-spans.pb'))),
        'v2'
      ),
    ];
    for (const trace of traces) {
      const { warnings, missingParents } = warningsOf(trace.spans);
      expect(warnings.filter(Boolean)).toEqual([]);
      expect(missingParents).toBe(0);
    }
  });

  it('says the root’s children lost their parent when a recording’s root is removed', () => {
    const trace = decodeOtlpJson(readJson('tempo-2.8.2/v2-trace-by-id.json'));
    const root = trace.spans.parentSpanID.indexOf(undefined);
    const rootId = trace.spans.spanID[root];
    const childIds = trace.spans.spanID.filter((_, row) => trace.spans.parentSpanID[row] === rootId);
    expect(childIds.length).toBeGreaterThan(0);
    const spans = withoutRows(trace.spans, [root]);
    const { warnings, missingParents, byId } = warningsOf(spans);
    expect(missingParents).toBe(childIds.length);
    for (const id of childIds) {
      expect(byId(id)).toEqual([`Parent span ${rootId} is not in this trace: it has not arrived, or was dropped.`]);
    }
    expect(warnings.filter(Boolean)).toHaveLength(childIds.length);
  });
});
