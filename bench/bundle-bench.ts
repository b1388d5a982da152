/**
 * The plugin as users run it: `dist/module.js` (the production bundle), loaded the way Grafana
 * loads it (an AMD module whose `@grafana/*`, `rxjs`, `react` … Grafana provides), its
 * `DataSourceClass` constructed from instance settings, and `query()` timed over loopback HTTP
 * against fetch + `JSON.parse` of the same trace's Tempo JSON, alternating in one process.
 *
 * Run by `npm run bench` (after `npm run build`; `--no-build` uses the dist/ that is there).
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import http from 'http';
import { AddressInfo } from 'net';
import path from 'path';
import { monitorEventLoopDelay, performance } from 'perf_hooks';
import v8 from 'v8';

import type { DataQueryRequest, DataQueryResponse, DataSourceApi, DataSourceInstanceSettings } from '@grafana/data';
import { realFetch } from '../tests/support/grafana-services';
import { encodeOtlpJson, encodeTempoJson, encodeTempoProto } from './encode';
import { median, round3 } from './measure';
import { generateSearchResponse } from './search-response';
import { generateTrace } from './synthetic-trace';

export const DIST = path.resolve(__dirname, '../dist/module.js');

export type BundleFormat = 'tempoJson' | 'otlpJson' | 'protobuf';

export interface BundleTraceResult {
  spans: number;
  repetitions: number;
  bodyBytes: Record<BundleFormat, number>;
  /** Median ms of fetch + JSON.parse of the Tempo JSON body: the baseline. */
  fetchParseMs: number;
  /** Median ms of `query()` until its response, per body format. */
  queryMs: Record<BundleFormat, number>;
  /** queryMs over fetchParseMs. */
  ratios: Record<BundleFormat, number>;
  /** The longest the event loop was blocked during one protobuf query (the page not responding). */
  longestPauseMs: number;
  /** Highest heap use above the start during one protobuf query. */
  peakHeapBytes: number;
}

export interface BundleSearchResult {
  traces: number;
  fetchParseMs: number;
  queryMs: number;
  ratio: number;
}

export interface BundleResults {
  bundle: string;
  bundleBytes: number;
  trace: BundleTraceResult[];
  search: BundleSearchResult;
}

/** A loopback server: `/<name>/…` answers any path below it with the body registered under `name`. */
export async function startBodyServer(bodies: Map<string, { type: string; body: Buffer }>) {
  const server = http.createServer((req, res) => {
    const name = (req.url ?? '/').split('/')[1];
    const entry = bodies.get(name);
    if (!entry) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': entry.type, 'content-length': String(entry.body.length) });
    res.end(entry.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export interface EncodedTrace {
  /** The ID the query asks for: the data source fails a trace none of whose spans carries it. */
  traceId: string;
  bodies: Map<BundleFormat, { type: string; body: Buffer }>;
}

/**
 * The three bodies of one synthetic trace. In a function of its own so that the trace's object
 * model (hundreds of MB at 500k spans) is garbage before the timing starts: a browser tab holds
 * the body only, and a live model would lengthen every full GC the query meets.
 */
export function encodeBodies(spans: number, seed: number): EncodedTrace {
  const synthetic = generateTrace(spans, seed);
  return {
    traceId: Buffer.from(synthetic.traceId).toString('hex'),
    bodies: new Map([
      ['tempoJson', { type: 'application/json', body: Buffer.from(encodeTempoJson(synthetic)) }],
      ['otlpJson', { type: 'application/json', body: Buffer.from(encodeOtlpJson(synthetic)) }],
      ['protobuf', { type: 'application/protobuf', body: Buffer.from(encodeTempoProto(synthetic)) }],
    ]),
  };
}

export type PluginModule = { plugin: { DataSourceClass: new (s: DataSourceInstanceSettings) => DataSourceApi } };

/** Evaluates the AMD bundle with the modules Grafana would provide (taken from node_modules). */
export function loadBundle(code: string): PluginModule {
  let exported: PluginModule | undefined;
  const provided = (name: string): unknown =>
    name === 'module' ? { uri: 'public/plugins/threadline-tracing-datasource/module.js' } : require(name);
  const define = (...args: unknown[]) => {
    const factory = args[args.length - 1] as (...deps: unknown[]) => PluginModule;
    const deps = (args.find(Array.isArray) as string[] | undefined) ?? [];
    exported = factory(...deps.map(provided));
  };
  (define as { amd?: object }).amd = {};
  new Function('define', code)(define);
  if (!exported?.plugin?.DataSourceClass) {
    throw new Error(`${DIST} did not define a data source plugin`);
  }
  return exported;
}

export function settings(url: string): DataSourceInstanceSettings {
  return {
    id: 1,
    uid: 'bench',
    type: 'threadline-tracing-datasource',
    name: 'Threadline',
    url,
    access: 'proxy',
    readOnly: false,
    jsonData: {},
    meta: { id: 'threadline-tracing-datasource', name: 'Threadline' },
  } as unknown as DataSourceInstanceSettings;
}

export function queryRequest(query: string): DataQueryRequest {
  const { dateTime } = require('@grafana/data');
  const to = dateTime();
  const from = dateTime(to.valueOf() - 3600_000);
  return {
    requestId: 'bench',
    targets: [{ refId: 'A', query }],
    range: { from, to, raw: { from, to } },
    scopedVars: {},
    interval: '1s',
    intervalMs: 1000,
    timezone: 'utc',
    app: 'explore',
    startTime: Date.now(),
  } as unknown as DataQueryRequest;
}

export function runQuery(ds: DataSourceApi, request: DataQueryRequest): Promise<DataQueryResponse> {
  return new Promise((resolve, reject) => {
    const observable = ds.query(request) as unknown as {
      subscribe(o: { next(r: DataQueryResponse): void; error(e: unknown): void }): void;
    };
    observable.subscribe({
      next: (response) => (response.errors?.length ? reject(new Error(response.errors[0].message)) : resolve(response)),
      error: reject,
    });
  });
}

export async function fetchAndParse(url: string): Promise<unknown> {
  return JSON.parse(await (await fetch(url)).text());
}

/** Median ms of each async candidate, run alternately (one of each per round). */
export async function alternate<K extends string>(
  candidates: Record<K, () => Promise<unknown>>,
  warmup: number,
  timed: number
): Promise<Record<K, number>> {
  const names = Object.keys(candidates) as K[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < warmup + timed; round++) {
    for (const name of names) {
      (globalThis as { gc?: (o?: object) => void }).gc?.({ type: 'minor' });
      const start = performance.now();
      await candidates[name]();
      if (round >= warmup) {
        samples[name].push(performance.now() - start);
      }
    }
  }
  return Object.fromEntries(names.map((n) => [n, round3(median(samples[n]))])) as Record<K, number>;
}

/** One protobuf query watched for event-loop blocking and heap growth. */
async function watchOneQuery(
  ds: DataSourceApi,
  traceId: string
): Promise<{ longestPauseMs: number; peakHeapBytes: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = v8.getHeapStatistics().used_heap_size;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, v8.getHeapStatistics().used_heap_size)), 5);
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  await runQuery(ds, queryRequest(traceId));
  delay.disable();
  clearInterval(sampler);
  peak = Math.max(peak, v8.getHeapStatistics().used_heap_size);
  return { longestPauseMs: round3(delay.max / 1e6), peakHeapBytes: peak - before };
}

/** `npm run build`, unless told not to and dist/module.js is there. */
export function buildBundle(options: { build: boolean; log: (line: string) => void }): void {
  if (options.build || !fs.existsSync(DIST)) {
    options.log('  building the production bundle (npm run build)');
    execFileSync('npm', ['run', '-s', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
}

/** What Grafana gives a plugin at run time: a BackendSrv doing real HTTP, a TemplateSrv without variables. */
export function installGrafanaServices(): void {
  const runtime = require('@grafana/runtime');
  runtime.setBackendSrv({ fetch: realFetch });
  runtime.setTemplateSrv({
    replace: (text?: string) => text ?? '',
    getVariables: () => [],
    containsTemplate: () => false,
  });
}

export async function measureBundle(
  sizes: Array<[number, number]>,
  options: { build: boolean; seed: number; log: (line: string) => void }
): Promise<BundleResults> {
  buildBundle(options);
  const code = fs.readFileSync(DIST, 'utf8');
  installGrafanaServices();
  const { plugin } = loadBundle(code);

  const trace: BundleTraceResult[] = [];
  for (const [spans, timed] of sizes) {
    options.log(`  bundle: ${spans.toLocaleString('en')} spans`);
    const { traceId, bodies } = encodeBodies(spans, options.seed);
    const server = await startBodyServer(bodies);
    const ds = (format: BundleFormat) => new plugin.DataSourceClass(settings(`${server.origin}/${format}`));
    const sources = { tempoJson: ds('tempoJson'), otlpJson: ds('otlpJson'), protobuf: ds('protobuf') };
    const request = queryRequest(traceId);
    const medians = await alternate(
      {
        fetchParse: () => fetchAndParse(`${server.origin}/tempoJson/api/v2/traces/${traceId}`),
        tempoJson: () => runQuery(sources.tempoJson, request),
        otlpJson: () => runQuery(sources.otlpJson, request),
        protobuf: () => runQuery(sources.protobuf, request),
      },
      Math.max(1, Math.round(timed / 2)),
      timed
    );
    const watched = await watchOneQuery(sources.protobuf, traceId);
    await server.close();
    const formats: BundleFormat[] = ['tempoJson', 'otlpJson', 'protobuf'];
    trace.push({
      spans,
      repetitions: timed,
      bodyBytes: Object.fromEntries(formats.map((f) => [f, bodies.get(f)!.body.length])) as Record<
        BundleFormat,
        number
      >,
      fetchParseMs: medians.fetchParse,
      queryMs: Object.fromEntries(formats.map((f) => [f, medians[f]])) as Record<BundleFormat, number>,
      ratios: Object.fromEntries(formats.map((f) => [f, round3(medians[f] / medians.fetchParse)])) as Record<
        BundleFormat,
        number
      >,
      ...watched,
    });
  }

  options.log('  bundle: search of 1,000 traces');
  const searchServer = await startBodyServer(
    new Map([['search', { type: 'application/json', body: Buffer.from(generateSearchResponse(1_000, 3)) }]])
  );
  const searchDs = new plugin.DataSourceClass(settings(`${searchServer.origin}/search`));
  const search = await alternate(
    {
      fetchParse: () => fetchAndParse(`${searchServer.origin}/search/api/search`),
      query: () => runQuery(searchDs, queryRequest('{ resource.service.name = "orders" }')),
    },
    10,
    21
  );
  await searchServer.close();
  return {
    bundle: path.relative(process.cwd(), DIST),
    bundleBytes: Buffer.byteLength(code),
    trace,
    search: {
      traces: 1_000,
      fetchParseMs: search.fetchParse,
      queryMs: search.query,
      ratio: round3(search.query / search.fetchParse),
    },
  };
}
