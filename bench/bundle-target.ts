/**
 * The production bundle as built (`dist/module.js`) against another bundle, both loaded as Grafana
 * loads a plugin and their `query()` run alternately in one process with fetch + `JSON.parse` of
 * the same trace, so that load from elsewhere hits them alike:
 * - `--compare-target=es2022`: the same sources built for another ECMAScript target (which to ship);
 * - `--compare-bundle=FILE`: any other build, e.g. another commit's `dist/module.js` (A/B of a change).
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

import {
  alternate,
  BundleFormat,
  DIST,
  encodeBodies,
  fetchAndParse,
  installGrafanaServices,
  loadBundle,
  PluginModule,
  queryRequest,
  runQuery,
  settings,
  startBodyServer,
} from './bundle-bench';
import { round3 } from './measure';
import { generateSearchResponse } from './search-response';

const FORMATS: BundleFormat[] = ['tempoJson', 'otlpJson', 'protobuf'];

export interface SearchComparison {
  shipped: number;
  other: number;
}

export interface BundleComparison {
  trace: TargetComparison[];
  search: SearchComparison;
}

export interface TargetComparison {
  spans: number;
  /** query() / fetch + JSON.parse, per body format, for the shipped bundle and the other target. */
  ratios: Record<BundleFormat, { shipped: number; other: number }>;
}

/** Builds the other target's bundle into a temporary directory; returns its module.js. */
function buildFor(target: string): string {
  const out = path.join(os.tmpdir(), `threadline-bundle-${target}`);
  const config = path.join(__dirname, 'webpack.target.ts');
  const args = ['webpack', '-c', config, '--env', 'production', '--env', `target=${target}`, '--env', `out=${out}`];
  // As `npm run build` runs webpack: ts-node reads the config as CommonJS.
  const env = { ...process.env, TS_NODE_COMPILER_OPTIONS: '{"module":"commonjs","moduleResolution":"node"}' };
  execFileSync('npx', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
  return path.join(out, 'module.js');
}

export async function compareTargets(
  target: string,
  sizes: Array<[number, number]>,
  options: { seed: number; log: (line: string) => void }
): Promise<BundleComparison> {
  options.log(`  building the bundle for ${target}`);
  return compareBundles(target, buildFor(target), sizes, options);
}

/** The shipped bundle against the bundle in `file` (`label` names it in the log), per size; then a search. */
export async function compareBundles(
  label: string,
  file: string,
  sizes: Array<[number, number]>,
  options: { seed: number; log: (line: string) => void }
): Promise<BundleComparison> {
  installGrafanaServices();
  const other = loadBundle(fs.readFileSync(file, 'utf8')).plugin;
  const shipped = loadBundle(fs.readFileSync(DIST, 'utf8')).plugin;
  const results: TargetComparison[] = [];
  for (const [spans, timed] of sizes) {
    options.log(`  ${label} against the shipped bundle: ${spans.toLocaleString('en')} spans`);
    const { traceId, bodies } = encodeBodies(spans, options.seed);
    const server = await startBodyServer(bodies);
    const request = queryRequest(traceId);
    const candidates: Record<string, () => Promise<unknown>> = {
      fetchParse: () => fetchAndParse(`${server.origin}/tempoJson/api/v2/traces/${traceId}`),
    };
    for (const format of FORMATS) {
      const shippedSource = new shipped.DataSourceClass(settings(`${server.origin}/${format}`));
      const otherSource = new other.DataSourceClass(settings(`${server.origin}/${format}`));
      candidates[`${format}:shipped`] = () => runQuery(shippedSource, request);
      candidates[`${format}:other`] = () => runQuery(otherSource, request);
    }
    const medians = await alternate(candidates, Math.max(1, Math.round(timed / 2)), timed);
    await server.close();
    const ratio = (name: string) => round3(medians[name] / medians.fetchParse);
    results.push({
      spans,
      ratios: Object.fromEntries(
        FORMATS.map((f) => [f, { shipped: ratio(`${f}:shipped`), other: ratio(`${f}:other`) }])
      ) as TargetComparison['ratios'],
    });
  }
  return { trace: results, search: await compareSearch(shipped, other) };
}

/** A search of 1,000 traces through both bundles, alternating with fetch + JSON.parse of its answer. */
async function compareSearch(
  shipped: PluginModule['plugin'],
  other: PluginModule['plugin']
): Promise<SearchComparison> {
  const server = await startBodyServer(
    new Map([['search', { type: 'application/json', body: Buffer.from(generateSearchResponse(1_000, 3)) }]])
  );
  const request = queryRequest('{ resource.service.name = "orders" }');
  const shippedSource = new shipped.DataSourceClass(settings(`${server.origin}/search`));
  const otherSource = new other.DataSourceClass(settings(`${server.origin}/search`));
  const medians = await alternate(
    {
      fetchParse: () => fetchAndParse(`${server.origin}/search/api/search`),
      shipped: () => runQuery(shippedSource, request),
      other: () => runQuery(otherSource, request),
    },
    10,
    21
  );
  await server.close();
  return { shipped: round3(medians.shipped / medians.fetchParse), other: round3(medians.other / medians.fetchParse) };
}

export function printComparison(label: string, { trace, search }: BundleComparison): void {
  const lines = [`query() / (fetch + JSON.parse), the shipped bundle → ${label}; alternating, medians:`];
  for (const { spans, ratios } of trace) {
    const cells = FORMATS.map((f) => `${f} ${ratios[f].shipped}× → ${ratios[f].other}×`);
    lines.push(`${spans.toLocaleString('en').padEnd(9)}${cells.join('   ')}`);
  }
  lines.push(`search   ${search.shipped}× → ${search.other}×`);
  process.stdout.write(lines.join('\n') + '\n\n');
}
