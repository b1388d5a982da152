/**
 * @jest-environment ./tests/support/jsdom-with-fetch.js
 */
// Trace files (query type `upload`) through DataSource.query(), as the query editor runs them: the
// file kept in the data source instance, the query carrying only its name. Every file is real data
// from tests/fixtures; JSON Lines and multi-trace files are joined here from those, as the
// OpenTelemetry file exporter and Jaeger's API write them (one request or trace per line / entry).
import fs from 'fs';
import path from 'path';
import { DataFrame, DataQueryResponse } from '@grafana/data';

import { traceResultFrames } from '../src/frames/trace-result';
import { decodeJaegerJson } from '../src/decode/jaeger-json';
import { decodeOtlpJson } from '../src/decode/otlp-json';
import { decodeZipkinJson } from '../src/decode/zipkin-json';
import type { DataSource } from '../src/datasource';
import type { DecodedTrace } from '../src/decode/columns';
import type { ThreadlineQuery } from '../src/types';
import { fieldValues, makeDataSource, runQueries } from './support/datasource';
import { FixtureServer, startFixtureServer } from './support/fixture-server';
import { installRealBackendSrv, installTemplateSrv } from './support/grafana-services';

const FIXTURES = path.resolve(__dirname, 'fixtures');
const read = (file: string) => fs.readFileSync(path.join(FIXTURES, file));
const readJson = (file: string): any => JSON.parse(read(file).toString('utf8'));
const bytesOf = (text: string) => new TextEncoder().encode(text);

interface ManifestEntry {
  traceId: string;
  spanCount: number;
  rootService: string;
  rootName: string;
}
const manifest: ManifestEntry[] = readJson('tempo-2.8.2/traces.manifest.json');

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
  installRealBackendSrv();
  installTemplateSrv({});
});
afterAll(() => server.close());

/** A data source with no server behind it: an upload query needs none. */
function offlineDataSource(backend?: 'tempo' | 'jaeger' | 'zipkin'): DataSource {
  return makeDataSource('', backend ? { backend } : {});
}

function upload(ds: DataSource, name: string, bytes: Uint8Array, query = ''): Promise<DataQueryResponse> {
  ds.traceFiles.keep(name, bytes);
  return runQueries(ds, [uploadQuery(name, query)]);
}

function uploadQuery(fileName: string, query = '', refId = 'A'): ThreadlineQuery {
  return { refId, queryType: 'upload', query, fileName };
}

function onlyFrame(response: DataQueryResponse): DataFrame {
  expect(response.errors).toBeUndefined();
  expect(response.data).toHaveLength(1);
  return response.data[0];
}

/** The trace frame's values, as plain JSON: what the trace view would receive. */
const frameJson = (frame: DataFrame) =>
  JSON.parse(JSON.stringify(Object.fromEntries(frame.fields.map((field) => [field.name, Array.from(field.values)]))));
/** The trace frame the data source builds from a decoded trace (warnings included), as plain JSON. */
const decodedJson = (trace: DecodedTrace) => frameJson(traceResultFrames(trace, { refId: 'A', query: '' }, {})[0]);

describe('one trace in a file opens as the trace view', () => {
  it.each([
    ['Tempo 2.0.1 v1 JSON (batches, base64 ids)', 'tempo-2.0.1/trace-by-id.json'],
    ['Tempo 2.8.2 v1 JSON', 'tempo-2.8.2/v1-trace-by-id.json'],
    ['Tempo 2.8.2 v2 JSON (trace.resourceSpans)', 'tempo-2.8.2/v2-trace-by-id.json'],
    ['Tempo 2.8.2 v2 JSON with an error span', 'tempo-2.8.2/v2-trace-by-id-error-span.json'],
    ['spec OTLP/JSON (hex ids, integer enums)', 'reference/otlp/trace.json'],
  ])('%s: the frame the Tempo decoder gives', async (_, file) => {
    const frame = onlyFrame(await upload(offlineDataSource(), path.basename(file), read(file)));
    expect(frame.meta?.preferredVisualisationType).toBe('trace');
    expect(frameJson(frame)).toEqual(decodedJson(decodeOtlpJson(readJson(file))));
  });

  it('a Tempo recording holds the trace its manifest names', async () => {
    const frame = onlyFrame(await upload(offlineDataSource(), 'v2.json', read('tempo-2.8.2/v2-trace-by-id.json')));
    const traceId = fieldValues<string>(frame, 'traceID')[0];
    const entry = manifest.find((candidate) => candidate.traceId === traceId)!;
    expect(frame.length).toBe(entry.spanCount);
    const root = fieldValues(frame, 'parentSpanID').indexOf(undefined);
    expect(fieldValues(frame, 'serviceName')[root]).toBe(entry.rootService);
    expect(fieldValues(frame, 'operationName')[root]).toBe(entry.rootName);
  });

  it.each([
    'reference/jaeger-legacy/otlp2jaeger-out.json',
    'reference/jaeger-legacy/jaeger-ui-otlp2jaeger-multi-out.json',
    'reference/jaeger-ui-statistics/testTrace.json',
    'reference/jaeger-ui-statistics/spansAmongEachOtherGrouped.json',
  ])('Jaeger JSON %s', async (file) => {
    const frame = onlyFrame(await upload(offlineDataSource('jaeger'), path.basename(file), read(file)));
    expect(frameJson(frame)).toEqual(decodedJson(decodeJaegerJson(readJson(file))[0]));
  });

  it.each(['yelp.json', 'skew.json', 'messaging-kafka.json', 'smartthings-mobile-web-install.json'])(
    'Zipkin v2 span array zipkin-lens/%s',
    async (file) => {
      const json = readJson(`reference/zipkin-lens/${file}`);
      const frame = onlyFrame(await upload(offlineDataSource('zipkin'), file, read(`reference/zipkin-lens/${file}`)));
      expect(frameJson(frame)).toEqual(decodedJson(decodeZipkinJson(json)));
      expect(new Set(fieldValues(frame, 'traceID')).size).toBe(1);
    }
  );

  it('gives the same trace view from Jaeger JSON as from the OTLP it came from', async () => {
    const otlp = onlyFrame(
      await upload(offlineDataSource(), 'in.json', read('reference/jaeger-legacy/otlp2jaeger-in.json'))
    );
    const jaeger = onlyFrame(
      await upload(offlineDataSource(), 'out.json', read('reference/jaeger-legacy/otlp2jaeger-out.json'))
    );
    expect(frameJson(jaeger)).toEqual(frameJson(otlp));
  });
});

describe('OTLP JSON Lines (one export request per line)', () => {
  // Each Tempo recording's batches as one export request line (`{"resourceSpans":[…]}`); the 2.8.2
  // v1 trace is cut in two lines, as the file exporter writes a trace's spans as they end.
  const v1 = readJson('tempo-2.8.2/v1-trace-by-id.json');
  const half = Math.ceil(v1.batches.length / 2);
  const lines = [
    { resourceSpans: v1.batches.slice(0, half) },
    { resourceSpans: readJson('tempo-2.0.1/trace-by-id-error-span.json').batches },
    { resourceSpans: v1.batches.slice(half) },
    readJson('reference/otlp/trace.json'),
  ].map((request) => JSON.stringify(request));

  it('lists the traces of the file, one row each, linking to the trace in the kept file', async () => {
    const ds = offlineDataSource();
    const frame = onlyFrame(await upload(ds, 'export.jsonl', bytesOf(lines.join('\n') + '\n')));
    expect(frame.meta?.preferredVisualisationType).toBe('table');
    const ids = fieldValues<string>(frame, 'traceID');
    expect(ids).toHaveLength(3);
    const v1Id = decodeOtlpJson(v1).spans.traceID[0];
    const v1Row = ids.indexOf(v1Id);
    expect(fieldValues(frame, 'spanCount')[v1Row]).toBe(decodeOtlpJson(v1).spans.spanID.length);
    const link = frame.fields.find((field) => field.name === 'traceID')!.config.links![0];
    expect(link.internal?.query).toMatchObject({ queryType: 'upload', query: '${__value.raw}' });

    // The link as Explore runs it: the same data source instance, the trace ID as the query.
    const trace = onlyFrame(await runQueries(ds, [uploadQuery('export.jsonl', v1Id)]));
    expect(frameJson(trace)).toEqual(decodedJson(decodeOtlpJson(v1)));
  });

  it('fails on a line that is no trace, naming the line', async () => {
    const mixed = [lines[0], 'level=info msg="not a trace"', lines[1]].join('\n');
    const response = await upload(offlineDataSource(), 'mixed.jsonl', bytesOf(mixed));
    expect(response.data).toEqual([]);
    expect(response.errors?.[0].message).toMatch(
      /^Cannot read mixed\.jsonl: line 2 of the JSON Lines file is not valid JSON \(.*\): expected OTLP\/JSON/
    );
  });
});

describe('files of many traces give a traces table', () => {
  it('Jaeger JSON with several traces in `data` (Jaeger UI\'s "Download JSON" of a search)', async () => {
    const traces = ['testTraceNormal.json', 'spanLongerAsParent.json', 'testTrace.json'].map((file) =>
      readJson(`reference/jaeger-ui-statistics/${file}`)
    );
    const ds = offlineDataSource('jaeger');
    const frame = onlyFrame(await upload(ds, 'search.json', bytesOf(JSON.stringify({ data: traces }))));
    expect([...fieldValues<string>(frame, 'traceID')].sort()).toEqual(
      traces.map((trace) => decodeJaegerJson(trace)[0].spans.traceID[0]).sort()
    );
    const opened = onlyFrame(await runQueries(ds, [uploadQuery('search.json', 'trace-123')]));
    expect(frameJson(opened)).toEqual(decodedJson(decodeJaegerJson(traces[2])[0]));
  });

  it('a Zipkin array of traces (as /api/v2/traces answers)', async () => {
    const yelp = readJson('reference/zipkin-lens/yelp.json');
    const skew = readJson('reference/zipkin-lens/skew.json');
    const frame = onlyFrame(await upload(offlineDataSource(), 'traces.json', bytesOf(JSON.stringify([yelp, skew]))));
    expect(fieldValues(frame, 'traceID')).toHaveLength(2);
    const counts = Object.fromEntries(
      fieldValues<string>(frame, 'traceID').map((id, i) => [id, fieldValues<number>(frame, 'spanCount')[i]])
    );
    expect(counts[decodeZipkinJson(yelp).spans.traceID[0]]).toBe(decodeZipkinJson(yelp).spans.spanID.length);
  });
});

describe('failures a user can meet', () => {
  it.each([
    [
      'notes.txt',
      'hello',
      /^Cannot read notes\.txt: the file is not JSON \(it starts with "hello"\): expected OTLP\/JSON/,
    ],
    ['empty.json', '  \n', /^Cannot read empty\.json: the file is empty: expected OTLP\/JSON/],
    [
      'config.json',
      '{"apiVersion":1,"datasources":[]}',
      /the file is JSON but not a trace format: expected .*Zipkin v2 span array; found an object with `apiVersion`, `datasources`/,
    ],
    ['broken.json', '{"resourceSpans": [', /the file is not valid JSON \(.*\): expected/],
    ['none.json', '{"resourceSpans": []}', /^Cannot read none\.json: the file is OTLP\/JSON but holds no spans$/],
    ['numbers.json', '[1, 2, 3]', /found an array whose first item is number 1$/],
  ])('%s fails with a message naming what was expected', async (name, text, message) => {
    const response = await upload(offlineDataSource(), name, bytesOf(text));
    expect(response.data).toEqual([]);
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0].message).toMatch(message);
  });

  it('says to drop the file again when the data source instance no longer has it (a reloaded page)', async () => {
    const response = await runQueries(offlineDataSource(), [uploadQuery('trace.json')]);
    expect(response.errors?.[0].message).toBe(
      'The trace file trace.json is no longer loaded (files are not saved with the query): drop it into the query editor again'
    );
  });

  it('names a trace ID the file does not hold', async () => {
    const response = await upload(offlineDataSource(), 'trace.json', read('reference/otlp/trace.json'), 'abc123');
    expect(response.errors?.[0].message).toMatch(/^The trace file trace\.json holds no trace abc123/);
  });

  it('a failing upload query hides no other query of the request (here a trace from a Tempo recording)', async () => {
    const ds = makeDataSource(server.url('tempo-2.8.2'));
    ds.traceFiles.keep('notes.txt', bytesOf('hello'));
    const response = await runQueries(ds, [
      uploadQuery('notes.txt'),
      { refId: 'B', queryType: 'traceId', query: manifest[0].traceId },
    ]);
    expect(response.errors?.map((error) => error.refId)).toEqual(['A']);
    expect(response.data.map((frame) => frame.refId)).toEqual(['B']);
    expect(response.data[0].length).toBe(manifest[0].spanCount);
  });
});
