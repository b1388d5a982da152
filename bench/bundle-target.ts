/**
 * Which ECMAScript target to ship: the production bundle as built (`dist/module.js`, create-plugin's
 * ES2015) against the same sources built for another target (`--compare-target=es2022`), both
 * loaded as Grafana loads a plugin and their `query()` run alternately in one process with
 * fetch + `JSON.parse` of the same trace, so that load from elsewhere hits them alike.
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
  queryRequest,
  runQuery,
  settings,
  startBodyServer,
} from './bundle-bench';
import { round3 } from './measure';

const FORMATS: BundleFormat[] = ['tempoJson', 'otlpJson', 'protobuf'];

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
): Promise<TargetComparison[]> {
  options.log(`  building the bundle for ${target}`);
  installGrafanaServices();
  const other = loadBundle(fs.readFileSync(buildFor(target), 'utf8')).plugin;
  const shipped = loadBundle(fs.readFileSync(DIST, 'utf8')).plugin;
  const results: TargetComparison[] = [];
  for (const [spans, timed] of sizes) {
    options.log(`  ${target} against the shipped bundle: ${spans.toLocaleString('en')} spans`);
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
  return results;
}

export function printTargetComparison(target: string, results: TargetComparison[]): void {
  const lines = [
    `query() / (fetch + JSON.parse), the shipped bundle (ES2015) → built for ${target}; alternating, medians:`,
  ];
  for (const { spans, ratios } of results) {
    const cells = FORMATS.map((f) => `${f} ${ratios[f].shipped}× → ${ratios[f].other}×`);
    lines.push(`${spans.toLocaleString('en').padEnd(9)}${cells.join('   ')}`);
  }
  process.stdout.write(lines.join('\n') + '\n\n');
}
