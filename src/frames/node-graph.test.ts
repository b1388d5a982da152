import { type DataFrame, FieldType, NodeGraphDataFrameFieldNames as Fields } from '@grafana/data';
import fs from 'fs';
import path from 'path';

import { emptyColumns, type SpanColumns } from '../decode/columns';
import { decodeOtlpJson } from '../decode/otlp-json';
import { nodeGraphFrames } from './node-graph';

const FIXTURES = path.resolve(__dirname, '../../tests/fixtures/tempo-2.8.2');
/** An epoch in milliseconds; offsets below are multiples of 1/8 ms, exact at this magnitude. */
const T0 = 1795501192468;

interface TestSpan {
  id: string;
  parent?: string;
  service: string;
  start: number;
  duration: number;
  error?: boolean;
}

function columns(spans: TestSpan[]): SpanColumns {
  const c = emptyColumns();
  for (const span of spans) {
    c.traceID.push('948fa8de1f33f0601aecb1973e1c20bb');
    c.spanID.push(span.id);
    c.parentSpanID.push(span.parent);
    c.operationName.push(`op ${span.id}`);
    c.serviceName.push(span.service);
    c.serviceTags.push([{ key: 'service.name', value: span.service }]);
    c.startTime.push(T0 + span.start);
    c.duration.push(span.duration);
    c.tags.push([]);
    c.kind.push('internal');
    c.statusCode.push(span.error ? 2 : 0);
    c.statusMessage.push(undefined);
    c.instrumentationLibraryName.push(undefined);
    c.instrumentationLibraryVersion.push(undefined);
    c.traceState.push(undefined);
    c.logs.push([]);
    c.references.push([]);
    c.stackTraces.push(undefined);
  }
  return c;
}

function fixture(name: string): SpanColumns {
  return decodeOtlpJson(JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'))).spans;
}

/** One object per row, keyed by field name. */
function rows(frame: DataFrame): Array<Record<string, unknown>> {
  return Array.from({ length: frame.length }, (_, row) =>
    Object.fromEntries(frame.fields.map((f) => [f.name, f.values[row]]))
  );
}

function node(frame: DataFrame, id: string): Record<string, unknown> {
  const found = rows(frame).find((row) => row.id === id);
  if (!found) {
    throw new Error(`no node ${id}`);
  }
  return found;
}

const selfTime = (frame: DataFrame, id: string) => node(frame, id)[Fields.secondaryStat];
const edgeSummary = (frame: DataFrame) =>
  rows(frame).map((e) => [e.id, e.source, e.target, e.mainstat, e.secondarystat]);

describe('nodeGraphFrames', () => {
  it("uses the node graph panel's frame names, field names, display names and colors", () => {
    const [nodes, edges] = nodeGraphFrames(columns([{ id: 'a', service: 'web', start: 0, duration: 1 }]), 'A');
    expect(nodes).toMatchObject({ name: 'Nodes', refId: 'A', meta: { preferredVisualisationType: 'nodeGraph' } });
    expect(edges).toMatchObject({ name: 'Edges', refId: 'A', meta: { preferredVisualisationType: 'nodeGraph' } });
    expect(nodes.fields.map((f) => f.name)).toEqual([
      'id',
      'title',
      'subtitle',
      'mainstat',
      'secondarystat',
      'arc__success',
      'arc__errors',
      'detail__span_count',
      'detail__error_count',
    ]);
    expect(edges.fields.map((f) => f.name)).toEqual(['id', 'source', 'target', 'mainstat', 'secondarystat']);
    const config = Object.fromEntries(nodes.fields.map((f) => [f.name, f.config]));
    expect(config.mainstat).toEqual({ displayName: 'Total time', unit: 'ms' });
    expect(config.secondarystat).toEqual({ displayName: 'Self time', unit: 'ms' });
    expect(config.arc__success.color).toEqual({ mode: 'fixed', fixedColor: 'green' });
    expect(config.arc__errors.color).toEqual({ mode: 'fixed', fixedColor: 'red' });
    expect(nodes.fields.find((f) => f.name === 'mainstat')?.type).toBe(FieldType.number);
    expect(edges.fields.find((f) => f.name === 'secondarystat')?.config.unit).toBe('ms');
  });

  it('subtracts the union of overlapping children, clipped to the span, from its duration', () => {
    const [nodes] = nodeGraphFrames(
      columns([
        { id: 'p', service: 'parent', start: 0, duration: 100 },
        { id: 'a', parent: 'p', service: 'a', start: 10.125, duration: 30 }, // 10.125–40.125
        { id: 'b', parent: 'p', service: 'b', start: 30, duration: 30 }, // overlaps a: union 10.125–60
        { id: 'c', parent: 'p', service: 'c', start: 50, duration: 5 }, // inside the union
        { id: 'd', parent: 'p', service: 'd', start: 90, duration: 30 }, // ends after p: counts 90–100
        { id: 'e', parent: 'p', service: 'e', start: -5, duration: 10 }, // starts before p: counts 0–5
        { id: 'g', parent: 'a', service: 'g', start: 15, duration: 10 }, // a's child, not p's
      ])
    );
    // covered: 0–5, 10.125–60, 90–100 → 5 + 49.875 + 10
    expect(selfTime(nodes, 'parent')).toBe(100 - 64.875);
    expect(selfTime(nodes, 'a')).toBe(20);
    expect(selfTime(nodes, 'b')).toBe(30);
    expect(selfTime(nodes, 'g')).toBe(10);
  });

  it('counts children nested in each other once, and a span fully covered has no self time', () => {
    const [nodes] = nodeGraphFrames(
      columns([
        { id: 'p', service: 'p', start: 0, duration: 50 },
        { id: 'outer', parent: 'p', service: 'q', start: 0, duration: 50 },
        { id: 'inner', parent: 'p', service: 'r', start: 10, duration: 20 },
      ])
    );
    expect(selfTime(nodes, 'p')).toBe(0);
  });

  it('sorts a large group of children by start before merging them', () => {
    const children: TestSpan[] = Array.from({ length: 100 }, (_, i) => ({
      id: `c${i}`,
      parent: 'p',
      service: 'child',
      start: 1000 - (i + 1) * 10, // reverse order; each 5 ms, a 5 ms gap after it
      duration: 5,
    }));
    children.push({ id: 'overlap', parent: 'p', service: 'child', start: 2.5, duration: 5 });
    const [nodes] = nodeGraphFrames(columns([{ id: 'p', service: 'p', start: 0, duration: 1000 }, ...children]));
    expect(selfTime(nodes, 'p')).toBe(1000 - 100 * 5 - 2.5);
  });

  it('sums total and self time, spans and errors per service', () => {
    const [nodes] = nodeGraphFrames(
      columns([
        { id: 'p', service: 'api', start: 0, duration: 40 },
        { id: 'q', parent: 'p', service: 'api', start: 5, duration: 10, error: true },
        { id: 'r', parent: 'q', service: 'db', start: 6, duration: 4 },
      ])
    );
    expect(node(nodes, 'api')).toMatchObject({
      title: 'api',
      mainstat: 50,
      secondarystat: 30 + 6,
      detail__span_count: 2,
      detail__error_count: 1,
      arc__success: 0.5,
      arc__errors: 0.5,
    });
  });

  it('makes one edge per pair of services with the call count and the time of the called spans', () => {
    const [, edges] = nodeGraphFrames(
      columns([
        { id: 'p', service: 'api', start: 0, duration: 100 },
        { id: 'q', parent: 'p', service: 'api', start: 1, duration: 50 },
        { id: 'r', parent: 'q', service: 'db', start: 2, duration: 4 },
        { id: 's', parent: 'p', service: 'db', start: 60, duration: 6.5 },
        { id: 't', parent: 's', service: 'api', start: 61, duration: 1 },
      ])
    );
    // api → api (p → q) is work inside one service: no self-edge.
    expect(edgeSummary(edges)).toEqual([
      ['api->db', 'api', 'db', 2, 10.5],
      ['db->api', 'db', 'api', 1, 1],
    ]);
  });

  it('treats a span whose parent is not in the trace as a root: a node, no edge', () => {
    const [nodes, edges] = nodeGraphFrames(
      columns([
        { id: 'a', service: 'web', start: 0, duration: 10 },
        { id: 'orphan', parent: 'not-received', service: 'worker', start: 20, duration: 3 },
      ])
    );
    expect(rows(nodes).map((n) => n.id)).toEqual(['web', 'worker']);
    expect(node(nodes, 'worker')).toMatchObject({ mainstat: 3, secondarystat: 3 });
    expect(edges.length).toBe(0);
  });

  it('finds parents by 16-hex-digit IDs exactly as by any other IDs', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const hexId = (i: number) => (0x9e3779b97f4a7 * (i + 1)).toString(16).padStart(16, '0').slice(-16);
    const hexSpans: TestSpan[] = Array.from({ length: 300 }, (_, i) => ({
      id: hexId(i),
      parent: i === 0 ? undefined : hexId(Math.floor(random() * i)),
      service: `s${i % 7}`,
      start: Math.floor(random() * 800) / 8,
      duration: Math.floor(random() * 400) / 8,
      error: random() < 0.1,
    }));
    hexSpans[10].parent = 'ffffffffffffffff'; // not in the trace
    hexSpans[11].parent = hexSpans[3].id.toUpperCase(); // another string: not a match
    hexSpans[12].parent = hexSpans[12].id; // its own parent
    const otherSpans = hexSpans.map((span) => ({
      ...span,
      id: `x${span.id}`,
      parent: span.parent && `x${span.parent}`,
    }));
    expect(nodeGraphFrames(columns(hexSpans))).toEqual(nodeGraphFrames(columns(otherSpans)));
    const [, edges] = nodeGraphFrames(columns(hexSpans));
    expect(edges.length).toBeGreaterThan(20);
  });

  it('returns empty frames for a trace without spans', () => {
    const [nodes, edges] = nodeGraphFrames(emptyColumns());
    expect(nodes.length).toBe(0);
    expect(edges.length).toBe(0);
    expect(nodes.fields.every((f) => f.values.length === 0)).toBe(true);
  });

  describe('the signup trace (Tempo 2.8.2 fixture)', () => {
    const [nodes, edges] = nodeGraphFrames(fixture('v2-trace-by-id.json'), 'A');

    it('has one node per service, subtitled with its namespace', () => {
      expect(rows(nodes).map((n) => n.id)).toEqual([
        'web-frontend',
        'email-verifier',
        'anonymizer',
        'marketing-qualifier',
      ]);
      expect(rows(nodes).map((n) => n.subtitle)).toEqual(['signup', 'signup', 'signup', 'signup']);
    });

    it('has the three calls between services', () => {
      const summary = edgeSummary(edges).map(([id, source, target, calls, time]) => [
        id,
        source,
        target,
        calls,
        Math.round(Number(time) * 1000) / 1000,
      ]);
      expect(summary).toEqual([
        ['web-frontend->email-verifier', 'web-frontend', 'email-verifier', 1, 55],
        ['web-frontend->anonymizer', 'web-frontend', 'anonymizer', 1, 30],
        ['anonymizer->marketing-qualifier', 'anonymizer', 'marketing-qualifier', 1, 15],
      ]);
    });

    it('has total and self times per service', () => {
      // web-frontend: POST /signup 180 (self 180 − 60 − 25 − 40 = 55), its client span 60 (self 5),
      // INSERT subscribers 25 (self 25), anonymize 40 (self 10).
      const expected: Record<string, [number, number]> = {
        'web-frontend': [305, 95],
        'email-verifier': [55, 55],
        anonymizer: [30, 15],
        'marketing-qualifier': [15, 15],
      };
      for (const [service, [total, self]] of Object.entries(expected)) {
        expect(node(nodes, service).mainstat).toBeCloseTo(total, 6);
        expect(node(nodes, service).secondarystat).toBeCloseTo(self, 6);
      }
      expect(node(nodes, 'web-frontend')).toMatchObject({ arc__success: 1, arc__errors: 0, detail__span_count: 4 });
    });
  });

  it('colors error spans on the error-span fixture', () => {
    const [nodes, edges] = nodeGraphFrames(fixture('v2-trace-by-id-error-span.json'));
    // web-frontend: the failed root span and a client span without status; email-verifier: one failed span.
    expect(node(nodes, 'web-frontend')).toMatchObject({
      arc__success: 0.5,
      arc__errors: 0.5,
      detail__span_count: 2,
      detail__error_count: 1,
    });
    expect(node(nodes, 'email-verifier')).toMatchObject({ arc__success: 0, arc__errors: 1, detail__error_count: 1 });
    expect(rows(edges).map((e) => e.id)).toEqual(['web-frontend->email-verifier']);
  });
});
