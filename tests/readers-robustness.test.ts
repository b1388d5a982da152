/**
 * @jest-environment ./tests/support/jsdom-with-fetch.js
 */
// Issue #13, defects 1, 4 and 5 (the readers' part): real recorded answers, mutated here (deep
// nesting, values of the wrong type, times that are no times), through the real DataSource over
// HTTP. Nothing may fail unexpectedly, stringify a wrong value or put NaN in a frame.
import { DataFrame, DataQueryRequest, FieldType } from '@grafana/data';
import { lastValueFrom } from 'rxjs';

import { ThreadlineVariableQuery } from '../src/types';
import { ThreadlineVariableSupport } from '../src/variable-support';
import { installRealBackendSrv, installTemplateSrv } from './support/grafana-services';
import { FixtureServer, readFixture, Recorded, startFixtureServer } from './support/fixture-server';
import { fieldValues, makeDataSource, runQueries } from './support/datasource';
import { jaegerRecordings } from './support/jaeger-fixtures';
import { metricsAnswer } from './support/metrics-answer';
import { zipkinRecordings } from './support/zipkin-fixtures';

/** What the `mutated` profile answers: the body the test set for the path asked. */
let answers: Record<string, Recorded> = {};
let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({
    mutated: (req) =>
      answers[req.path] ?? {
        status: 404,
        headers: { 'content-type': 'text/plain' },
        body: Buffer.from('404 page not found'),
      },
  });
  installRealBackendSrv();
  installTemplateSrv();
});
afterAll(() => server.close());

const json = (text: string): Recorded => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(text),
});

/**
 * A recorded JSON answer with `mutate` applied to its parsed form; `DEEP` strings become `deep`
 * (by default 10,000 nested arrays: more than JSON.stringify could write).
 */
function mutated<T>(recorded: Buffer, mutate: (body: T) => void, deep = nestedArrays(10_000)): Recorded {
  const body = JSON.parse(recorded.toString('utf8')) as T;
  mutate(body);
  return json(JSON.stringify(body).split(JSON.stringify(DEEP)).join(deep));
}
const nestedArrays = (depth: number) => '['.repeat(depth) + '1' + ']'.repeat(depth);
const DEEP = '__nested 10,000 levels__';

/** A nested `arrayValue` AnyValue, `levels` deep, as text (too deep for JSON.stringify to write). */
function nestedArrayValue(levels: number): string {
  return '{"arrayValue":{"values":['.repeat(levels) + '{"stringValue":"x"}' + ']}}'.repeat(levels);
}

const SEARCH = () => readFixture('2.8.2', 'search-traceql-by.json');
const firstSpanAttribute = (b: SearchBody) =>
  ((b.traces[0].spanSets[0].spans[0].attributes as Array<{ value: unknown }>)[0].value = DEEP);
type SearchBody = {
  traces: Array<Record<string, unknown> & { spanSets: Array<{ spans: Array<Record<string, unknown>> }> }>;
};

async function searchWith(body: Recorded, tableType: 'traces' | 'spans' = 'traces') {
  answers = { '/api/search': body };
  return runQueries(makeDataSource(server.url('mutated')), [{ refId: 'A', query: '{ status = error }', tableType }]);
}

async function metricsWith(body: Recorded) {
  answers = { '/api/metrics/query_range': body };
  return runQueries(makeDataSource(server.url('mutated')), [{ refId: 'A', query: '{ } | rate()' }]);
}

const METRICS = metricsAnswer();
const metricsBody = (mutate: (body: typeof METRICS) => void) => mutated(Buffer.from(JSON.stringify(METRICS)), mutate);

function expectNoNaN(frames: DataFrame[]) {
  for (const frame of frames) {
    for (const field of frame.fields) {
      if (field.type === FieldType.number || field.type === FieldType.time) {
        expect(
          Array.from(field.values as unknown[]).filter((v) => typeof v === 'number' && !Number.isFinite(v))
        ).toEqual([]);
      }
      if (field.type === FieldType.nestedFrames) {
        (field.values as DataFrame[][]).forEach(expectNoNaN);
      }
    }
  }
}

const notices = (frame: DataFrame) => (frame.meta?.notices ?? []).map((notice) => notice.text);

describe('deep nesting (defect 1): a message naming the field, never a stack overflow', () => {
  it.each([
    [
      "a trace's start time",
      (b: SearchBody) => (b.traces[1].startTimeUnixNano = DEEP),
      /at traces\[1\]\.startTimeUnixNano\[0\]\[0\]/,
    ],
    [
      "a span's start time",
      (b: SearchBody) => (b.traces[0].spanSets[1].spans[0].startTimeUnixNano = DEEP),
      /at traces\[0\]\.spanSets\[1\]\.spans\[0\]\.startTimeUnixNano\[0\]/,
    ],
    ['a duration', (b: SearchBody) => (b.traces[1].durationMs = DEEP), /at traces\[1\]\.durationMs\[0\]/],
    [
      'service stats',
      (b: SearchBody) => (b.traces[0].serviceStats = { web: { spanCount: DEEP } }),
      /at traces\[0\]\.serviceStats\.web\.spanCount\[0\]/,
    ],
  ])('search: %s', async (_what, mutate, where) => {
    const response = await searchWith(mutated(SEARCH(), mutate));
    expect(response.data).toEqual([]);
    const message = response.errors?.[0].message ?? '';
    expect(message).toMatch(/^JSON nested deeper than 272 levels in Tempo's search results at /);
    expect(message).toMatch(where);
  });

  it('search: an attribute whose arrayValue nests 10,000 levels', async () => {
    const body = mutated(SEARCH(), firstSpanAttribute, nestedArrayValue(10_000));
    const response = await searchWith(body);
    expect(response.errors?.[0].message).toMatch(
      /^JSON nested deeper than 272 levels in Tempo's search results at traces\[0\]\.spanSets\[0\]\.spans\[0\]\.attributes\[0\]\.value\.arrayValue\.values\[0\]/
    );
  });

  it('search: an attribute nested deeper than the decoders allow but within the JSON limit is left out, with a notice', async () => {
    const [frame] = (await searchWith(mutated(SEARCH(), firstSpanAttribute, nestedArrayValue(66)), 'spans')).data;
    expect(notices(frame)).toContain(
      '1 attribute value of the wrong type or out of range left out (the first at traces[0].spanSets[0].spans[0].attributes[0] (service.name)): the answer is not as Tempo writes it.'
    );
  });

  it.each([
    [
      'a label value',
      (b: typeof METRICS) => (b.series[0].labels[0].value = DEEP as never),
      /at series\[0\]\.labels\[0\]\.value\[0\]/,
    ],
    [
      'a sample time',
      (b: typeof METRICS) => (b.series[0].samples[1].timestampMs = DEEP),
      /at series\[0\]\.samples\[1\]\.timestampMs\[0\]/,
    ],
    [
      'an exemplar value',
      (b: typeof METRICS) => (b.series[0].exemplars[0].value = DEEP as never),
      /at series\[0\]\.exemplars\[0\]\.value\[0\]/,
    ],
  ])('metrics: %s', async (_what, mutate, where) => {
    const response = await metricsWith(metricsBody(mutate));
    expect(response.errors?.[0].message).toMatch(/^JSON nested deeper than 272 levels in Tempo's metrics at /);
    expect(response.errors?.[0].message).toMatch(where);
  });

  it('tag names and values, for the editors and for dashboard variables', async () => {
    answers = {
      '/api/v2/search/tags': mutated(
        readFixture('2.8.2', 'v2-search-tags.json'),
        (b: { scopes: Array<{ tags: unknown[] }> }) => {
          b.scopes[1].tags[0] = DEEP;
        }
      ),
      '/api/v2/search/tag/status/values': mutated(
        readFixture('2.8.2', 'v2-tag-values-status.json'),
        (b: { tagValues: Array<{ value: unknown }> }) => {
          b.tagValues[0].value = DEEP;
        }
      ),
    };
    const ds = makeDataSource(server.url('mutated'));
    await expect(ds.tags.tagNames()).rejects.toThrow(
      /^JSON nested deeper than 272 levels in Tempo's tag names at scopes\[1\]\.tags\[0\]\[0\]/
    );
    await expect(ds.tags.tagValues('status')).rejects.toThrow(
      /^JSON nested deeper than 272 levels in Tempo's tag values at tagValues\[0\]\.value\[0\]/
    );
    const variables = ds.variables as ThreadlineVariableSupport;
    const request = { targets: [{ refId: 'V', type: 'tagValues', tag: 'status' }] };
    await expect(
      lastValueFrom(variables.query(request as unknown as DataQueryRequest<ThreadlineVariableQuery>))
    ).rejects.toThrow(/^JSON nested deeper than 272 levels in Tempo's tag values at tagValues\[0\]\.value\[0\]/);
  });

  it('Zipkin: a tag nested 100,000 levels (past what the stepwise parser walks) is left out with a warning', async () => {
    const recorded = zipkinRecordings.recording('trace-signup');
    answers = {
      '/api/v2/trace/248c1e89af9ed025601c567fbb5522e5': mutated(
        recorded.body,
        (spans: Array<{ tags: Record<string, unknown> }>) => (spans[0].tags['deep.tag'] = DEEP),
        nestedArrays(100_000)
      ),
    };
    const response = await runQueries(makeDataSource(server.url('mutated'), { backend: 'zipkin' }), [
      { refId: 'A', query: '248c1e89af9ed025601c567fbb5522e5' },
    ]);
    const [frame] = response.data;
    expect(response.errors).toBeUndefined();
    const warnings = fieldValues<string[] | undefined>(frame, 'warnings').flatMap((w) => w ?? []);
    expect(warnings).toContain('1 value of the wrong type left out of its attributes (the first: "deep.tag").');
    const tags = fieldValues<Array<{ key: string }>>(frame, 'tags').flat();
    expect(tags.some((tag) => tag.key === 'deep.tag')).toBe(false);
  });

  it('Jaeger and Zipkin dependencies: a call count nested 10,000 levels counts 0', async () => {
    answers = {
      '/api/dependencies': mutated(
        jaegerRecordings.recording('dependencies').body,
        (b: { data: Array<Record<string, unknown>> }) => {
          b.data[0].callCount = DEEP;
        }
      ),
    };
    const response = await runQueries(makeDataSource(server.url('mutated'), { backend: 'jaeger' }), [
      { refId: 'A', query: '', queryType: 'dependencies' },
    ]);
    expect(response.errors).toBeUndefined();
    expectNoNaN(response.data);
  });
});

describe('values of the wrong type (defect 4) are left out with a note, never stringified', () => {
  const wrong = [{ stringValue: { a: 1 } }, { stringValue: null, intValue: [] }, { boolValue: 'yes' }, 42];

  it.each(['traces', 'spans'] as const)('search attributes, %s table', async (tableType) => {
    const body = mutated(SEARCH(), (b: SearchBody) => {
      b.traces[0].spanSets.forEach((set, i) =>
        set.spans.forEach((span) => ((span.attributes as Array<{ value: unknown }>)[0].value = wrong[i % wrong.length]))
      );
    });
    const response = await searchWith(body, tableType);
    const frames: DataFrame[] =
      tableType === 'spans' ? response.data : fieldValues<DataFrame[]>(response.data[0], 'nested').flat();
    const cells = frames.flatMap((frame) =>
      frame.fields.filter((f) => f.name === 'service.name').flatMap((f) => Array.from(f.values))
    );
    expect(
      cells.filter((cell) => cell === '[object Object]' || cell === 'null' || cell === '' || cell === '42')
    ).toEqual([]);
    expect(notices(response.data[0]).join('\n')).toMatch(
      /^\d+ attribute values of the wrong type or out of range left out \(the first at traces\[0\]\.spanSets\[0\]\.spans\[0\]\.attributes\[0\] \(service\.name\)\)/
    );
  });

  it('metrics labels', async () => {
    const response = await metricsWith(
      metricsBody((b) => (b.series[0].labels[0].value = { stringValue: {} } as never))
    );
    const [series] = response.data;
    expect(series.fields[1].labels).toEqual({});
    expect(notices(series)).toEqual([
      '1 label of the wrong type or out of range left out (the first at series[0].labels[0] (resource.service.name)): the answer is not as Tempo writes it.',
    ]);
  });

  it('tag names and values: only strings are suggested', async () => {
    answers = {
      '/api/v2/search/tags': mutated(readFixture('2.8.2', 'v2-search-tags.json'), (b: { scopes: unknown[] }) => {
        b.scopes.push({ name: { x: 1 }, tags: ['x'] }, null);
        (b.scopes[0] as { tags: unknown[] }).tags.push({}, null, 7);
      }),
      '/api/v2/search/tag/status/values': mutated(
        readFixture('2.8.2', 'v2-tag-values-status.json'),
        (b: { tagValues: unknown[] }) => {
          b.tagValues.push({ type: 'keyword', value: {} }, { type: 'keyword', value: null }, { type: 'keyword' }, 5);
        }
      ),
    };
    const ds = makeDataSource(server.url('mutated'));
    const names = await ds.metricFindQuery({ refId: 'V', type: 'tagNames' });
    expect(names.map((n) => n.text)).toEqual(expect.arrayContaining(['link.link.reason', 'resource.service.name']));
    expect(names.every((n) => typeof n.text === 'string' && !/object|null|^link\.7$|^x$/.test(n.text as string))).toBe(
      true
    );
    const values = await ds.metricFindQuery({ refId: 'V', type: 'tagValues', tag: 'status' });
    expect(values.map((v) => v.text)).toEqual(['ok', 'error', 'unset']);
  });

  it('Jaeger tags of the wrong type: left out, with a warning on the span', async () => {
    const recorded = jaegerRecordings.recording('trace-legacy');
    type Trace = { data: Array<{ spans: Array<{ tags: Array<Record<string, unknown>> }> }> };
    answers = {
      '/api/v3/traces/248c1e89af9ed025601c567fbb5522e5': {
        status: 404,
        headers: { 'content-type': 'text/plain' },
        body: Buffer.from('404 page not found'),
      },
      '/api/traces/248c1e89af9ed025601c567fbb5522e5': mutated(recorded.body, (b: Trace) => {
        b.data[0].spans[0].tags.push(
          { key: 'wrong.object', type: 'string', value: { a: 1 } },
          { key: 'wrong.null', type: 'string', value: null },
          { key: 'wrong.float', type: 'float64', value: 'abc' }
        );
      }),
    };
    const response = await runQueries(makeDataSource(server.url('mutated'), { backend: 'jaeger' }), [
      { refId: 'A', query: '248c1e89af9ed025601c567fbb5522e5' },
    ]);
    const [frame] = response.data;
    expect(fieldValues<string[] | undefined>(frame, 'warnings')[0]).toContain(
      '3 values of the wrong type left out of its attributes (the first: "wrong.object").'
    );
    const keys = fieldValues<Array<{ key: string }>>(frame, 'tags')[0].map((tag) => tag.key);
    expect(keys.filter((key) => key.startsWith('wrong.'))).toEqual([]);
  });

  it('Tempo JSON attributes of the wrong shape: left out, with a warning on the span', async () => {
    const text = readFixture('2.8.2', 'v2-trace-by-id.json')
      .toString()
      .replace(
        '{"key":"http.route","value":{"stringValue":"/signup"}}',
        '{"key":"http.route","value":{"stringValue":{"a":1}}}'
      );
    answers = { '/api/v2/traces/948fa8de1f33f0601aecb1973e1c20bb': json(text) };
    const response = await runQueries(makeDataSource(server.url('mutated')), [
      { refId: 'A', query: '948fa8de1f33f0601aecb1973e1c20bb' },
    ]);
    const [frame] = response.data;
    const root = fieldValues<string>(frame, 'operationName').indexOf('POST /signup');
    expect(fieldValues<string[]>(frame, 'warnings')[root]).toEqual([
      '1 value of the wrong type left out of its attributes (the first: "http.route").',
    ]);
    expect(fieldValues<Array<{ key: string }>>(frame, 'tags')[root].map((tag) => tag.key)).not.toContain('http.route');
  });
});

describe('times that are no times (defect 5): empty cells with a notice, never NaN', () => {
  it.each([
    ['garbage', '"soon"'],
    ['an object', '{"nanos":1}'],
    ['1e400 (Infinity)', '1e400'],
    ['missing', undefined],
  ])('search start time %s', async (_what, value) => {
    const text = SEARCH()
      .toString()
      .replace(
        '"startTimeUnixNano":"1795501182437000000","durationMs":180',
        value === undefined ? '"durationMs":"abc"' : `"startTimeUnixNano":${value},"durationMs":1e400`
      );
    const response = await searchWith(json(text));
    const [frame] = response.data;
    expectNoNaN(response.data);
    expect(fieldValues(frame, 'startTime')).toContain(null);
    expect(notices(frame)).toEqual([
      '1 start time of the wrong type or out of range left out (the first at traces[0].startTimeUnixNano): the answer is not as Tempo writes it.',
      '1 duration of the wrong type or out of range left out (the first at traces[0].durationMs): the answer is not as Tempo writes it.',
    ]);
  });

  it('span durations and start times in the spans table', async () => {
    const body = mutated(SEARCH(), (b: SearchBody) => {
      b.traces[0].spanSets[0].spans[0].durationNanos = { n: 1 };
      b.traces[0].spanSets[0].spans[1].startTimeUnixNano = '-5';
    });
    const response = await searchWith(body, 'spans');
    expectNoNaN(response.data);
    expect(notices(response.data[0])).toEqual([
      '1 duration of the wrong type or out of range left out (the first at traces[0].spanSets[0].spans[0].durationNanos): the answer is not as Tempo writes it.',
      '1 start time of the wrong type or out of range left out (the first at traces[0].spanSets[0].spans[1].startTimeUnixNano): the answer is not as Tempo writes it.',
    ]);
  });

  it('metrics: a sample without a readable time is left out, an unreadable value is a gap', async () => {
    const response = await metricsWith(
      metricsBody((b) => {
        b.series[0].samples[0].timestampMs = 'later';
        b.series[0].samples[1].value = { v: 1 } as never;
        b.series[0].exemplars[0].timestampMs = '1e30';
      })
    );
    expectNoNaN(response.data);
    const [series] = response.data;
    expect(fieldValues(series, 'time')).toEqual([1795501170000]);
    expect(fieldValues(series, 'value')).toEqual([null]);
    expect(response.data).toHaveLength(1); // the exemplar had no readable time
    expect(notices(series)).toEqual([
      '2 start times of the wrong type or out of range left out (the first at series[0].samples[0].timestampMs): the answer is not as Tempo writes it.',
      '1 sample value of the wrong type or out of range left out (the first at series[0].samples[1].value): the answer is not as Tempo writes it.',
    ]);
  });
});
