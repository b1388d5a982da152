import fs from 'fs';
import path from 'path';

import { type DataFrame, type Field, FieldType } from '@grafana/data';

import { ROOT_SPAN_NOT_YET_RECEIVED, searchResultFrames, type SearchFrameOptions } from './search';

const FIXTURES = path.resolve(__dirname, '../../tests/fixtures');

function fixture(name: string): any {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));
}

const TRACES: SearchFrameOptions = {
  refId: 'A',
  datasourceUid: 'ds-uid',
  datasourceName: 'Threadline',
  tableType: 'traces',
};
const SPANS: SearchFrameOptions = { ...TRACES, tableType: 'spans' };

/** The trace whose id Tempo sends with its leading zero dropped, as the manifest has it. */
const SHORT_TRACE_ID = '8cf3c6b6c0a1ba3effdc23cb74b9a90';
const PADDED_TRACE_ID = '08cf3c6b6c0a1ba3effdc23cb74b9a90';

function fieldOf(frame: DataFrame, name: string): Field {
  const found = frame.fields.find((f) => f.name === name);
  if (!found) {
    throw new Error(`no field ${name} in ${frame.fields.map((f) => f.name).join(', ')}`);
  }
  return found;
}

function valuesOf(frame: DataFrame, name: string): unknown[] {
  return fieldOf(frame, name).values;
}

function nestedOf(frame: DataFrame, traceId: string): DataFrame[] {
  const row = valuesOf(frame, 'traceID').indexOf(traceId);
  expect(row).toBeGreaterThanOrEqual(0);
  return valuesOf(frame, 'nested')[row] as DataFrame[];
}

describe('searchResultFrames, traces table', () => {
  const response = fixture('tempo-2.0.1/search-traceql-db.json');
  const [frame] = searchResultFrames(response, TRACES);

  it('returns one table frame with one row per trace', () => {
    expect(searchResultFrames(response, TRACES)).toHaveLength(1);
    expect(frame.length).toBe(response.traces.length);
    expect(frame.refId).toBe('A');
    expect(frame.meta?.preferredVisualisationType).toBe('table');
    expect(frame.meta?.notices).toBeUndefined();
    expect(frame.fields.map((f) => [f.name, f.type])).toEqual([
      ['traceID', FieldType.string],
      ['startTime', FieldType.time],
      ['traceService', FieldType.string],
      ['traceName', FieldType.string],
      ['traceDuration', FieldType.number],
      ['nested', FieldType.nestedFrames],
    ]);
    expect(fieldOf(frame, 'traceService').config.displayNameFromDS).toBe('Service');
    expect(fieldOf(frame, 'traceName').config.displayNameFromDS).toBe('Name');
    expect(fieldOf(frame, 'traceDuration').config).toMatchObject({ displayNameFromDS: 'Duration', unit: 'ms' });
  });

  it('sorts newest first and converts nanoseconds to epoch milliseconds', () => {
    const startTimes = valuesOf(frame, 'startTime') as number[];
    const expected = response.traces
      .map((t: any) => Number(t.startTimeUnixNano) / 1e6)
      .sort((a: number, b: number) => b - a);
    expect(startTimes).toEqual(expected);
    expect(startTimes[0]).toBe(1795500923833);
  });

  it('pads the 31-character trace id to 32 and keeps the others', () => {
    const traceIds = valuesOf(frame, 'traceID') as string[];
    expect(response.traces.some((t: any) => t.traceID === SHORT_TRACE_ID)).toBe(true);
    expect(traceIds).toContain(PADDED_TRACE_ID);
    expect(traceIds.every((id) => /^[0-9a-f]{32}$/.test(id))).toBe(true);
    expect(traceIds[0]).toBe('406a61cb8fed77385c83e8867bf4c3ab');
  });

  it('reads root service, root name and duration', () => {
    expect(new Set(valuesOf(frame, 'traceService'))).toEqual(new Set(['web-frontend']));
    expect(new Set(valuesOf(frame, 'traceName'))).toEqual(new Set(['POST /signup']));
    expect(new Set(valuesOf(frame, 'traceDuration'))).toEqual(new Set([180]));
  });

  it('links each trace id to this data source', () => {
    const links = fieldOf(frame, 'traceID').config.links;
    expect(links).toEqual([
      {
        title: 'Trace: ${__value.raw}',
        url: '',
        internal: {
          datasourceUid: 'ds-uid',
          datasourceName: 'Threadline',
          query: { query: '${__value.raw}', queryType: 'traceql' },
        },
      },
    ]);
  });

  it('nests one span set frame per trace with the matched attributes as columns', () => {
    const nested = nestedOf(frame, PADDED_TRACE_ID);
    expect(nested).toHaveLength(1);
    const [spanSet] = nested;
    expect(spanSet.fields.map((f) => f.name)).toEqual([
      'traceIdHidden',
      'spanID',
      'time',
      'name',
      'db.system',
      'service.name',
      'duration',
    ]);
    expect(spanSet.length).toBe(1);
    expect(valuesOf(spanSet, 'traceIdHidden')).toEqual([PADDED_TRACE_ID]);
    expect(valuesOf(spanSet, 'spanID')).toEqual(['23ec80e5dbbf9cb2']);
    expect(valuesOf(spanSet, 'time')).toEqual([1795500914388]);
    expect(fieldOf(spanSet, 'time').type).toBe(FieldType.time);
    expect(valuesOf(spanSet, 'db.system')).toEqual(['postgresql']);
    expect(fieldOf(spanSet, 'db.system').config.displayNameFromDS).toBe('db.system');
    expect(valuesOf(spanSet, 'duration')).toEqual([25]);
    expect(fieldOf(spanSet, 'duration').config.unit).toBe('ms');
  });

  it('hides the trace id column, and the name column when Tempo sent no span names', () => {
    const [spanSet] = nestedOf(frame, PADDED_TRACE_ID);
    expect(fieldOf(spanSet, 'traceIdHidden').config.custom).toMatchObject({ hidden: true, hideFrom: { viz: true } });
    expect(fieldOf(spanSet, 'name').config.custom).toMatchObject({ hideFrom: { viz: true } });
  });

  it('links each span id to its trace, opened at that span', () => {
    const [spanSet] = nestedOf(frame, PADDED_TRACE_ID);
    const [link] = fieldOf(spanSet, 'spanID').config.links ?? [];
    expect(link.internal).toEqual({
      datasourceUid: 'ds-uid',
      datasourceName: 'Threadline',
      query: { query: '${__data.fields.traceIdHidden}', queryType: 'traceql' },
      panelsState: { trace: { spanId: '${__value.raw}' } },
    });
  });
});

describe('searchResultFrames, span sets', () => {
  it('gives a `by()` trace one nested frame per span set, without repeating `spanSet`', () => {
    const response = fixture('tempo-2.8.2/search-traceql-by.json');
    const [frame] = searchResultFrames(response, TRACES);
    expect(frame.length).toBe(3);

    const nested = nestedOf(frame, PADDED_TRACE_ID);
    expect(nested).toHaveLength(4);
    expect(nested.map((f) => valuesOf(f, 'by(resource.service.name)')[0])).toEqual([
      'web-frontend',
      'email-verifier',
      'anonymizer',
      'marketing-qualifier',
    ]);
    expect(nested.map((f) => f.length)).toEqual([3, 1, 1, 1]);
    // The set attribute fills every row of its set.
    expect(valuesOf(nested[0], 'by(resource.service.name)')).toEqual(['web-frontend', 'web-frontend', 'web-frontend']);
    expect(nestedOf(frame, '2c19e8c452a81655a387b4dd4070c303')).toHaveLength(1);
  });

  it('reads `spanSet` and `spanSets` once each when Tempo sends both', () => {
    const response = fixture('tempo-2.8.2/search-traceql-errors.json');
    expect(response.traces.every((t: any) => t.spanSet && t.spanSets)).toBe(true);
    const [frame] = searchResultFrames(response, TRACES);
    expect(frame.length).toBe(5);
    for (const nested of valuesOf(frame, 'nested') as DataFrame[][]) {
      expect(nested).toHaveLength(1);
      expect(nested[0].length).toBe(1);
      expect(fieldOf(nested[0], 'http.status_code').type).toBe(FieldType.number);
      expect(valuesOf(nested[0], 'http.status_code')).toEqual([500]);
    }
  });

  it('shows `select()`ed attributes as typed columns', () => {
    const response = fixture('tempo-2.8.2/search-traceql-select-many-matches.json');
    const [frame] = searchResultFrames(response, TRACES);
    expect(frame.length).toBe(2);
    const [spanSet] = nestedOf(frame, '2c19e8c452a81655a387b4dd4070c303');
    expect(spanSet.length).toBe(5);
    expect(fieldOf(spanSet, 'enrich.index').type).toBe(FieldType.number);
    expect(valuesOf(spanSet, 'enrich.index')).toEqual([14, 21, 28, 35, 42]);
    expect(valuesOf(spanSet, 'service.name')).toEqual(Array(5).fill('enricher-0'));
    expect(valuesOf(spanSet, 'duration')[0]).toBeCloseTo(0.275891, 9);
  });

  it('reads the older `spanSet`-only responses of Tempo 2.0', () => {
    const response = fixture('tempo-2.0.1/search-traceql-many-matches.json');
    const [frame] = searchResultFrames(response, TRACES);
    const nested = valuesOf(frame, 'nested') as DataFrame[][];
    expect(nested.map((sets) => sets.map((f) => f.length))).toEqual([[3], [3]]);
  });

  it('reads every structural-query fixture trace', () => {
    const response = fixture('tempo-2.8.2/search-traceql-structural.json');
    const [frame] = searchResultFrames(response, TRACES);
    expect(frame.length).toBe(response.traces.length);
    expect(valuesOf(frame, 'traceID')).toContain(PADDED_TRACE_ID);
  });
});

describe('searchResultFrames, spans table', () => {
  it('gives one row per matched span across all traces, newest trace first', () => {
    const response = fixture('tempo-2.8.2/search-traceql-by.json');
    const frames = searchResultFrames(response, SPANS);
    expect(frames).toHaveLength(1);
    const [frame] = frames;
    const spanCount = response.traces.reduce(
      (sum: number, t: any) => sum + t.spanSets.reduce((n: number, s: any) => n + s.spans.length, 0),
      0
    );
    expect(frame.length).toBe(spanCount);
    expect(frame.name).toBe('Spans');
    expect(frame.fields.map((f) => f.name)).toEqual([
      'traceIdHidden',
      'traceService',
      'traceName',
      'spanID',
      'time',
      'name',
      'by(resource.service.name)',
      'service.name',
      'duration',
    ]);
    const traceIds = valuesOf(frame, 'traceIdHidden');
    expect(traceIds.slice(0, 6)).toEqual(Array(6).fill(PADDED_TRACE_ID));
    expect(traceIds[6]).toBe('2c19e8c452a81655a387b4dd4070c303');
    expect(new Set(valuesOf(frame, 'traceService'))).toEqual(new Set(['web-frontend']));
    expect(fieldOf(frame, 'traceIdHidden').config.custom).toMatchObject({ hideFrom: { viz: true } });
    expect(fieldOf(frame, 'spanID').config.links?.[0].internal?.query).toEqual({
      query: '${__data.fields.traceIdHidden}',
      queryType: 'traceql',
    });
  });

  it('fills attributes missing from some spans with null', () => {
    const response = {
      traces: [
        spanTrace('1', [{ spanID: 'a', attributes: [attr('http.method', { stringValue: 'GET' })] }]),
        spanTrace('2', [{ spanID: 'b', attributes: [attr('db.system', { stringValue: 'postgresql' })] }]),
      ],
    };
    const [frame] = searchResultFrames(response, SPANS);
    expect(valuesOf(frame, 'spanID')).toEqual(['000000000000000b', '000000000000000a']);
    expect(valuesOf(frame, 'http.method')).toEqual([null, 'GET']);
    expect(valuesOf(frame, 'db.system')).toEqual(['postgresql', null]);
  });
});

// Shapes built from the fixtures' schema (Tempo's TraceSearchMetadata), for cases no recording has.
function attr(key: string, value: object) {
  return { key, value };
}

function spanTrace(startSeconds: string, spans: object[], extra: object = {}) {
  return {
    traceID: `${startSeconds}`.padStart(32, 'a'),
    rootServiceName: 'web-frontend',
    rootTraceName: 'POST /signup',
    startTimeUnixNano: `${startSeconds}000000000`,
    durationMs: 5,
    spanSets: [
      { spans: spans.map((s) => ({ startTimeUnixNano: '1000000', durationNanos: '2000000', ...s })), matched: 1 },
    ],
    ...extra,
  };
}

describe('searchResultFrames, values', () => {
  it("shows Grafana's text when the root span has not been received", () => {
    const response = fixture('tempo-2.0.1/search-traceql-errors.json');
    delete response.traces[0].rootServiceName;
    delete response.traces[0].rootTraceName;
    const [frame] = searchResultFrames(response, TRACES);
    const row = valuesOf(frame, 'traceID').indexOf(response.traces[0].traceID);
    expect(valuesOf(frame, 'traceService')[row]).toBe(ROOT_SPAN_NOT_YET_RECEIVED);
    expect(valuesOf(frame, 'traceName')[row]).toBe('');
  });

  it('types attribute values and lets a span value replace its set value', () => {
    const trace = spanTrace('1', [
      {
        spanID: 'abc',
        name: 'SELECT users',
        attributes: [
          attr('ok', { boolValue: true }),
          attr('ratio', { doubleValue: 0.5 }),
          attr('by', { stringValue: 'span' }),
          attr('mixed', { intValue: '7' }),
          attr('name', { stringValue: 'an attribute called name' }),
        ],
      },
      { spanID: 'def', attributes: [attr('mixed', { stringValue: 'seven' })] },
    ]);
    trace.spanSets[0] = { ...trace.spanSets[0], attributes: [attr('by', { stringValue: 'set' })] } as any;
    const [frame] = searchResultFrames({ traces: [trace] }, SPANS);
    expect(fieldOf(frame, 'ok')).toMatchObject({ type: FieldType.boolean, values: [true, null] });
    expect(fieldOf(frame, 'ratio')).toMatchObject({ type: FieldType.number, values: [0.5, null] });
    expect(valuesOf(frame, 'by')).toEqual(['span', 'set']);
    expect(fieldOf(frame, 'mixed')).toMatchObject({ type: FieldType.string, values: ['7', 'seven'] });
    expect(fieldOf(frame, 'attribute.name').config.displayNameFromDS).toBe('name');
    expect(valuesOf(frame, 'name')).toEqual(['SELECT users', '']);
    expect(fieldOf(frame, 'name').config.custom).toBeUndefined();
    expect(valuesOf(frame, 'spanID')).toEqual(['0000000000000abc', '0000000000000def']);
    expect(valuesOf(frame, 'duration')).toEqual([2, 2]);
  });

  // The table reads attribute values as the trace decoders do (anyValueToTagValue): before, it had
  // its own reader, which rounded int64 past 2^53 (Number("9007199254740993") is ...992) and
  // dropped key-value lists, so the same attribute read differently in the table and in the trace.
  it('reads attribute values as the trace view does: int64 exact past 2^53, lists as JSON text', () => {
    const trace = spanTrace('1', [
      {
        spanID: 'abc',
        attributes: [
          attr('big', { intValue: '9007199254740993' }),
          attr('small', { intValue: '42' }),
          attr('list', { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }] } }),
          attr('map', { kvlistValue: { values: [{ key: 'k', value: { boolValue: true } }] } }),
        ],
      },
    ]);
    const [frame] = searchResultFrames({ traces: [trace] }, SPANS);
    expect(fieldOf(frame, 'big')).toMatchObject({ type: FieldType.string, values: ['9007199254740993'] });
    expect(fieldOf(frame, 'small')).toMatchObject({ type: FieldType.number, values: [42] });
    expect(valuesOf(frame, 'list')).toEqual(['["a",1]']);
    expect(valuesOf(frame, 'map')).toEqual(['{"k":true}']);
  });

  it('reads a trace under 1 ms (no durationMs) as 0 ms and a trace without span sets as no nested frames', () => {
    const trace: Record<string, unknown> = spanTrace('1', []);
    delete trace.durationMs;
    delete trace.spanSets;
    const [frame] = searchResultFrames({ traces: [trace] }, TRACES);
    expect(valuesOf(frame, 'traceDuration')).toEqual([0]);
    expect(valuesOf(frame, 'nested')).toEqual([[]]);
  });
});

describe('searchResultFrames, no traces and bad responses', () => {
  it.each([{ traces: [] }, {}, { traces: null, metrics: {} }])('%j gives empty frames with a notice', (response) => {
    for (const options of [TRACES, SPANS]) {
      const frames = searchResultFrames(response, options);
      expect(frames).toHaveLength(1);
      expect(frames[0].length).toBe(0);
      expect(frames[0].fields.length).toBeGreaterThan(0);
      expect(frames[0].meta?.notices).toEqual([{ severity: 'info', text: 'No traces found' }]);
    }
  });

  it.each([
    [[]],
    ['not json'],
    [null],
    [42],
    [{ traces: 'x' }],
    [{ traces: [{}] }],
    [{ traces: [{ traceID: 'a', spanSets: [7] }] }],
  ])('%j throws a clear error', (response) => {
    expect(() => searchResultFrames(response, TRACES)).toThrow(/^Unexpected search response: /);
  });
});

describe('serviceStats', () => {
  const options = { refId: 'A', datasourceUid: 'uid', datasourceName: 'Threadline', tableType: 'traces' as const };

  it('summarises the recorded serviceStats of Tempo 2.8.2, busiest service first', () => {
    const body = fixture('tempo-2.8.2/search-traceql-structural.json');
    const [frame] = searchResultFrames(body, options);
    const column = frame.fields.find((f) => f.name === 'serviceStats');
    expect(column?.config.displayNameFromDS).toBe('Services');
    expect(column?.values).toContain('web-frontend 4, anonymizer 1, email-verifier 1, marketing-qualifier 1');
  });

  it('counts errors and leaves the column out when no trace has stats', () => {
    const withErrors = {
      traces: [{ traceID: 'ab', startTimeUnixNano: '1', serviceStats: { api: { spanCount: 3, errorCount: 2 } } }],
    };
    expect(searchResultFrames(withErrors, options)[0].fields.find((f) => f.name === 'serviceStats')?.values).toEqual([
      'api 3 (2 errors)',
    ]);
    const without = { traces: [{ traceID: 'ab', startTimeUnixNano: '1' }] };
    expect(searchResultFrames(without, options)[0].fields.map((f) => f.name)).not.toContain('serviceStats');
  });
});
