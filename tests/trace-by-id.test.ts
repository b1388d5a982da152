/**
 * @jest-environment ./tests/support/jsdom-with-fetch.js
 */
// The real DataSource against a local server replaying Tempo 2.0.1 and 2.8.2 recordings,
// with a BackendSrv that performs real HTTP: the code path of Grafana, minus Grafana.
import { DataFrame, DataQueryResponse } from '@grafana/data';

import { DataSource } from '../src/datasource';
import { ThreadlineOptions } from '../src/types';
import { installRealBackendSrv, installTemplateSrv } from './support/grafana-services';
import { FixtureServer, readFixture, startFixtureServer } from './support/fixture-server';
import { fieldValues, instanceSettings, makeDataSource, runQueries } from './support/datasource';
import { TempoClient } from '../src/backends/tempo';

interface ManifestEntry {
  traceId: string;
  spanCount: number;
  services: string[];
  fail: boolean;
  rootService: string;
  rootName: string;
}

const manifest: ManifestEntry[] = JSON.parse(readFixture('2.8.2', 'traces.manifest.json').toString());
const byId = (id: string) => manifest.find((entry) => entry.traceId === id)!;

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
  installRealBackendSrv();
  installTemplateSrv({ traceId: '948fa8de1f33f0601aecb1973e1c20bb' });
});
afterAll(() => server.close());

function onlyFrame(response: DataQueryResponse): DataFrame {
  expect(response.errors).toBeUndefined();
  expect(response.data).toHaveLength(1);
  return response.data[0];
}

/** What the manifest says of a trace, checked on the frame the trace view receives. */
function expectTraceMatchesManifest(frame: DataFrame, traceId: string) {
  const entry = byId(traceId);
  expect(frame.meta?.preferredVisualisationType).toBe('trace');
  expect(frame.length).toBe(entry.spanCount);
  expect(new Set(fieldValues(frame, 'traceID'))).toEqual(new Set([traceId]));
  expect([...new Set(fieldValues(frame, 'serviceName'))].sort()).toEqual(entry.services);

  const spanIds = fieldValues<string>(frame, 'spanID');
  const parents = fieldValues<string | undefined>(frame, 'parentSpanID');
  expect(new Set(spanIds).size).toBe(entry.spanCount);
  const roots = parents.flatMap((parent, i) => (parent === undefined ? [i] : []));
  expect(roots).toHaveLength(1);
  expect(parents.filter((p) => p !== undefined).every((p) => spanIds.includes(p!))).toBe(true);
  expect(fieldValues(frame, 'serviceName')[roots[0]]).toBe(entry.rootService);
  expect(fieldValues(frame, 'operationName')[roots[0]]).toBe(entry.rootName);

  const errorSpans = fieldValues<number>(frame, 'statusCode').filter((code) => code === 2);
  expect(errorSpans.length > 0).toBe(entry.fail);
}

describe.each([
  ['Tempo 2.0.1 (v1 API, protobuf)', 'tempo-2.0.1'],
  ['Tempo 2.0.1 (v1 API, JSON)', 'tempo-2.0.1-json'],
  ['Tempo 2.8.2 (v2 API, protobuf)', 'tempo-2.8.2'],
  ['Tempo 2.8.2 (v2 API, JSON)', 'tempo-2.8.2-json'],
])('%s', (_name, profile) => {
  it.each([
    ['948fa8de1f33f0601aecb1973e1c20bb'],
    ['bce16910ff8b588b0cc3e20152bd0089'],
    ...(profile.endsWith('-json') ? [] : [['9d1ec1b5b29a7c6d348a82845a167889']]),
  ])('opens trace %s as the manifest describes it', async (traceId) => {
    const ds = makeDataSource(server.url(profile));
    const frame = onlyFrame(await runQueries(ds, [{ refId: 'A', query: traceId }]));
    expectTraceMatchesManifest(frame, traceId);
  });

  it('shows the event, the link and the error exactly as recorded', async () => {
    const ds = makeDataSource(server.url(profile));
    const ok = onlyFrame(await runQueries(ds, [{ refId: 'A', query: '948fa8de1f33f0601aecb1973e1c20bb' }]));
    const references = fieldValues<Array<{ traceID: string; spanID: string }> | undefined>(ok, 'references').flatMap(
      (refs) => refs ?? []
    );
    expect(references).toHaveLength(1);
    expect(references[0].traceID).toMatch(/^[0-9a-f]{32}$/);
    expect(references[0].spanID).toMatch(/^[0-9a-f]{16}$/);
    const logs = fieldValues<Array<{ name?: string }> | undefined>(ok, 'logs').flatMap((l) => l ?? []);
    expect(logs).toHaveLength(1);

    const failed = onlyFrame(await runQueries(ds, [{ refId: 'A', query: 'bce16910ff8b588b0cc3e20152bd0089' }]));
    const codes = fieldValues<number>(failed, 'statusCode');
    const messages = fieldValues<string | undefined>(failed, 'statusMessage');
    const stacks = fieldValues<string[] | undefined>(failed, 'stackTraces');
    const verify = fieldValues<string>(failed, 'operationName').indexOf('verify-email');
    expect(codes[verify]).toBe(2);
    expect(messages[verify]).toBe('mailbox does not exist');
    expect(stacks[verify]?.[0]).toContain('VerificationError: mailbox does not exist');
    const tags = fieldValues<Array<{ key: string; value: unknown }>>(failed, 'tags')[verify];
    expect(tags).toEqual(
      expect.arrayContaining([
        { key: 'error', value: true },
        { key: 'email.valid', value: false },
      ])
    );
  });

  it('answers "not found" for a trace it does not have', async () => {
    const ds = makeDataSource(server.url(profile));
    const response = await runQueries(ds, [{ refId: 'A', query: 'abcdef' }]);
    expect(response.data).toHaveLength(0);
    expect(response.errors?.[0]).toMatchObject({
      refId: 'A',
      message: 'Trace 00000000000000000000000000abcdef not found',
    });
  });
});

describe('trace IDs as users and links send them', () => {
  it.each([
    ['a log link: query only, no queryType', { refId: 'A', query: '948fa8de1f33f0601aecb1973e1c20bb' }],
    ['surrounding whitespace and uppercase', { refId: 'A', query: '  948FA8DE1F33F0601AECB1973E1C20BB \n' }],
    ['a template variable', { refId: 'A', query: '$traceId' }],
    [
      'the trace ID query type',
      { refId: 'A', query: '948fa8de1f33f0601aecb1973e1c20bb', queryType: 'traceId' as const },
    ],
  ])('%s', async (_name, target) => {
    const ds = makeDataSource(server.url('tempo-2.8.2'));
    expectTraceMatchesManifest(onlyFrame(await runQueries(ds, [target])), '948fa8de1f33f0601aecb1973e1c20bb');
  });

  it('opens a 31-character ID from search results, left-padded', async () => {
    const ds = makeDataSource(server.url('tempo-2.8.2'));
    const response = await runQueries(ds, [
      { refId: 'A', query: '948fa8de1f33f0601aecb1973e1c20bb'.replace(/^0+/, '') },
    ]);
    expect(onlyFrame(response).length).toBe(7);
  });

  it('fails a non-ID without sending any request', async () => {
    const ds = makeDataSource(server.url('tempo-2.8.2'));
    const before = server.requests.length;
    const response = await runQueries(ds, [{ refId: 'A', query: 'xyz' }]);
    expect(response.errors?.[0]?.message).toBe('"xyz" is not a trace ID (hex, up to 32 characters)');
    expect(server.requests.length).toBe(before);
  });
});

describe('trace-by-ID API fallback', () => {
  it('falls back to /api/traces on Tempo 2.0.1 and remembers it per data source', async () => {
    const ds = makeDataSource(server.url('tempo-2.0.1'));
    const start = server.requests.length;
    await runQueries(ds, [{ refId: 'A', query: '948fa8de1f33f0601aecb1973e1c20bb' }]);
    await runQueries(ds, [{ refId: 'A', query: 'bce16910ff8b588b0cc3e20152bd0089' }]);
    const paths = server.requests.slice(start).map((r) => r.url.replace(/^\/tempo-2\.0\.1/, ''));
    expect(paths).toEqual([
      '/api/v2/traces/948fa8de1f33f0601aecb1973e1c20bb',
      '/api/traces/948fa8de1f33f0601aecb1973e1c20bb',
      '/api/traces/bce16910ff8b588b0cc3e20152bd0089',
    ]);
    expect((ds.backend as TempoClient).knownTraceApi).toBe('v1');
  });

  it('asks for protobuf and uses v2 on Tempo 2.8.2', async () => {
    const ds = makeDataSource(server.url('tempo-2.8.2'));
    const start = server.requests.length;
    await runQueries(ds, [{ refId: 'A', query: '948fa8de1f33f0601aecb1973e1c20bb' }]);
    const sent = server.requests.slice(start);
    expect(sent.map((r) => r.url)).toEqual(['/tempo-2.8.2/api/v2/traces/948fa8de1f33f0601aecb1973e1c20bb']);
    expect(sent[0].headers.accept).toBe('application/protobuf');
    expect((ds.backend as TempoClient).knownTraceApi).toBe('v2');
  });
});

describe('time window', () => {
  const range = { from: 1795501000000, to: 1795502000000 };
  const withWindow: ThreadlineOptions = {
    traceQuery: { timeShiftEnabled: true, spanStartTimeShift: '30m', spanEndTimeShift: '1h' },
  };

  it('is off by default: no start/end sent', async () => {
    const ds = makeDataSource(server.url('tempo-2.8.2'));
    const start = server.requests.length;
    await runQueries(ds, [{ refId: 'A', query: '948fa8de1f33f0601aecb1973e1c20bb' }], range);
    expect(server.requests[start].url).not.toContain('start=');
  });

  it('sends the range widened by the shifts, in unix seconds', async () => {
    const ds = makeDataSource(server.url('tempo-2.8.2'), withWindow);
    const start = server.requests.length;
    await runQueries(ds, [{ refId: 'A', query: '948fa8de1f33f0601aecb1973e1c20bb' }], range);
    const url = new URL(server.requests[start].url, 'http://x');
    expect(url.searchParams.get('start')).toBe(String(1795501000 - 1800));
    expect(url.searchParams.get('end')).toBe(String(1795502000 + 3600));
  });

  it('hints at the window when a trace is not found inside it', async () => {
    const ds = makeDataSource(server.url('tempo-2.8.2'), withWindow);
    const response = await runQueries(ds, [{ refId: 'A', query: 'abc' }], range);
    const start = new Date((1795501000 - 1800) * 1000).toISOString();
    const end = new Date((1795502000 + 3600) * 1000).toISOString();
    expect(response.errors?.[0]?.message).toBe(
      `Trace 00000000000000000000000000000abc not found between ${start} and ${end}: ` +
        'widen the time range, or turn off "Limit to the time range" under "Trace by ID" in the data source settings'
    );
  });

  it('names the setting, by its label in the editor, whose shift Grafana cannot read', async () => {
    const ds = makeDataSource(server.url('tempo-2.8.2'), {
      traceQuery: { timeShiftEnabled: true, spanStartTimeShift: '30m', spanEndTimeShift: '1 hour' },
    });
    const start = server.requests.length;
    const response = await runQueries(ds, [{ refId: 'A', query: '948fa8de1f33f0601aecb1973e1c20bb' }], range);
    expect(response.errors?.[0]?.message).toBe(
      '"1 hour" is not a time shift: fix "End shift" under "Trace by ID" in the data source settings (e.g. 30m, 1h, 1d)'
    );
    expect(server.requests.length).toBe(start);
  });
});

describe('partial traces', () => {
  it('marks a PARTIAL answer so Grafana shows its "Partial trace" badge', async () => {
    const ds = makeDataSource(server.url('tempo-2.8.2-partial'));
    const frame = onlyFrame(await runQueries(ds, [{ refId: 'A', query: '9d1ec1b5b29a7c6d348a82845a167889' }]));
    expect(frame.meta?.custom).toEqual({
      partial: true,
      message: 'Trace exceeds maximum size of 100000 bytes, a partial trace is returned',
    });
    expect(frame.length).toBe(2007);
  });

  it('does not mark a complete trace', async () => {
    const ds = makeDataSource(server.url('tempo-2.8.2'));
    const frame = onlyFrame(await runQueries(ds, [{ refId: 'A', query: '9d1ec1b5b29a7c6d348a82845a167889' }]));
    expect(frame.meta?.custom?.partial).toBeUndefined();
  });
});

describe('several queries at once', () => {
  it('one failing query does not hide the others', async () => {
    const ds = makeDataSource(server.url('tempo-2.8.2'));
    const response = await runQueries(ds, [
      { refId: 'A', query: '948fa8de1f33f0601aecb1973e1c20bb' },
      { refId: 'B', query: 'not-an-id' },
      { refId: 'C', query: 'abc' },
      { refId: 'D', query: 'bce16910ff8b588b0cc3e20152bd0089' },
      { refId: 'E', query: '948fa8de1f33f0601aecb1973e1c20bb', hide: true },
    ]);
    expect(response.data.map((frame: DataFrame) => frame.refId)).toEqual(['A', 'D']);
    expect(response.errors?.map((e) => e.refId)).toEqual(['B', 'C']);
  });
});

describe('DataSource', () => {
  it('is constructed from the instance settings alone, as Grafana does', () => {
    expect(new DataSource(instanceSettings(server.url('tempo-2.8.2')))).toBeInstanceOf(DataSource);
  });
});

describe('node graph', () => {
  it('adds the nodes and edges frames when the data source turns it on', async () => {
    const ds = makeDataSource(server.url('tempo-2.8.2'), { nodeGraph: { enabled: true } });
    const response = await runQueries(ds, [{ refId: 'A', query: '948fa8de1f33f0601aecb1973e1c20bb' }]);
    const [trace, nodes, edges] = response.data as DataFrame[];
    expect(trace.meta?.preferredVisualisationType).toBe('trace');
    expect(nodes.meta?.preferredVisualisationType).toBe('nodeGraph');
    expect([...fieldValues<string>(nodes, 'id')].sort()).toEqual(byId('948fa8de1f33f0601aecb1973e1c20bb').services);
    expect(edges.length).toBeGreaterThan(0);
  });

  it('is off unless turned on', async () => {
    const ds = makeDataSource(server.url('tempo-2.8.2'));
    const response = await runQueries(ds, [{ refId: 'A', query: '948fa8de1f33f0601aecb1973e1c20bb' }]);
    expect(response.data).toHaveLength(1);
  });
});
