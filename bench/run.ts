/**
 * `npm run bench`: trace-by-ID conversion at 1k, 10k, 100k and 500k spans, the trace views
 * (statistics, flame graph, comparison) at 100k and 500k, the search results
 * frame, and the tag-name completion filter. Prints a table and writes the same figures to
 * bench/results.json. `npm run bench -- --quick`: 1k and 10k spans only, fewer repetitions,
 * writes nothing unless `--out=FILE` is given. See bench/README.md.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { performance } from 'perf_hooks';
import prettier from 'prettier';
import v8 from 'v8';

import { searchResultFrames } from '../src/frames/search';
import { createCompletionIndex } from '../src/traceql/completion-index';
import { AnalysisResult, measureAnalysis } from './analysis-bench';
import { Repetitions, round3, timeRoundRobin, timing, Timing } from './measure';
import { buildBundle, BundleResults, measureBundle } from './bundle-bench';
import { printBundleTable } from './bundle-report';
import { compareBundles, compareTargets, printComparison } from './bundle-target';
import { printTable, targetsOf } from './report';
import { generateSearchResponse } from './search-response';
import { measureTraceFiles, TraceFileResult } from './file-bench';
import { measureChunked, measureNodeGraph, measureTraceSize, SEED, TraceSizeResult } from './trace-bench';
import { measureViews, ViewsResult } from './views-bench';

// Warm-up is long at the small sizes: the engine takes a few dozen runs to settle on its code.
const FULL: Array<[number, Repetitions]> = [
  [1_000, { warmup: 40, timed: 21 }],
  [10_000, { warmup: 15, timed: 15 }],
  [100_000, { warmup: 2, timed: 7 }],
  [500_000, { warmup: 1, timed: 3 }],
];
const QUICK: Array<[number, Repetitions]> = [
  [1_000, { warmup: 20, timed: 9 }],
  [10_000, { warmup: 5, timed: 7 }],
];
/** At the largest size only the target measurements run (the comparison ones would double the run). */
const COMPARISONS_UP_TO = 100_000;
/** Sizes at which warnings, reduction and filter are measured (10k in a quick run, to see them work). */
const ANALYSIS_SIZES = [100_000, 500_000];
const QUICK_ANALYSIS_SIZES = [10_000];
/** Sizes from which the chunked (yielding) conversion is measured too. */
const CHUNKED_FROM = 10_000;
/** Sizes from which the trace views (statistics, flame graph, comparison) are measured; 10k in a quick run. */
const VIEWS_FROM = 100_000;

const SEARCH_TRACES = 1_000;
const SEARCH_SPANS_PER_SET = 3;
const TAG_NAMES = 30_000;
const COMPLETION_LIMIT = 100;
const COMPLETION_PREFIXES = ['', 's', 'span.http', 'resource.k8s.pod', 'label', 'no-such-name'];

export interface SearchResult {
  traces: number;
  spansPerSpanSet: number;
  bodyBytes: number;
  timings: Record<'parse' | 'tracesTable' | 'spansTable', Timing>;
  ratios: { tracesTableOverParse: number; spansTableOverParse: number };
}

export interface CompletionResult {
  names: number;
  limit: number;
  buildIndexMs: number;
  /** Median milliseconds per `filter(prefix, limit)` call. */
  filterMs: Record<string, number>;
}

export interface BenchResults {
  generatedAt: string;
  quick: boolean;
  environment: {
    node: string;
    v8: string;
    cpu: string;
    cores: number;
    /** What the TypeScript was compiled for (bench/register.js). */
    target: string;
    /** `--max-old-space-size`, if given. */
    oldSpaceMB: number | null;
    heapLimitMB: number;
  };
  seed: number;
  trace: TraceSizeResult[];
  analysis: AnalysisResult[];
  /** Statistics, flame graph and comparison (bench/views-bench.ts). */
  views: ViewsResult[];
  search: SearchResult;
  completion: CompletionResult;
  /** The shipped bundle through `query()` over loopback HTTP (bench/bundle-bench.ts). */
  bundle?: BundleResults;
  /** A ~100 MB trace file (10 MB with --quick) in each format, read as a dropped file is (bench/file-bench.ts). */
  traceFiles: TraceFileResult[];
  targets: ReturnType<typeof targetsOf>;
}

/**
 * Shipped-bundle sizes and timed repetitions (medians of at least 5): many where a query takes
 * milliseconds, whose medians of 9 moved by ±0.15× between runs on an idle machine; 11 at 100k,
 * whose protobuf medians of 7 read 0.49× to 0.65× in four runs of one day.
 */
const BUNDLE_FULL: Array<[number, number]> = [
  [1_000, 41],
  [10_000, 21],
  [100_000, 11],
  [500_000, 5],
];
const BUNDLE_QUICK: Array<[number, number]> = [
  [1_000, 21],
  [10_000, 11],
];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const outArg = args.find((arg) => arg.startsWith('--out='))?.slice('--out='.length);
  const out = outArg ?? (quick ? undefined : path.join(__dirname, 'results.json'));
  const log = (line: string) => process.stderr.write(line + '\n');
  const bundleOptions = { build: !args.includes('--no-build'), seed: SEED, log };
  const compareTarget = args.find((arg) => arg.startsWith('--compare-target='))?.slice('--compare-target='.length);
  if (compareTarget) {
    // `npm run bench -- --compare-target=es2022 [--quick]`: the shipped bundle against another build target.
    buildBundle(bundleOptions);
    printComparison(
      `built for ${compareTarget}`,
      await compareTargets(compareTarget, quick ? BUNDLE_QUICK : BUNDLE_FULL, bundleOptions)
    );
    return;
  }
  const compareBundle = args.find((arg) => arg.startsWith('--compare-bundle='))?.slice('--compare-bundle='.length);
  if (compareBundle) {
    // `npm run bench -- --compare-bundle=/tmp/old/module.js [--quick] [--no-build]`: A/B of a change.
    buildBundle(bundleOptions);
    const sizes = quick ? BUNDLE_QUICK : BUNDLE_FULL;
    printComparison(
      compareBundle,
      await compareBundles(compareBundle, path.resolve(compareBundle), sizes, bundleOptions)
    );
    return;
  }
  if (args.includes('--bundle')) {
    // The shipped bundle alone: `npm run bench -- --bundle [--quick] [--no-build]`.
    const bundle = await measureBundle(quick ? BUNDLE_QUICK : BUNDLE_FULL, bundleOptions);
    printBundleTable(bundle);
    if (outArg) {
      fs.writeFileSync(outArg, JSON.stringify(bundle, null, 2) + '\n');
    }
    return;
  }

  const trace: TraceSizeResult[] = [];
  const analysis: AnalysisResult[] = [];
  const views: ViewsResult[] = [];
  for (const [spans, repetitions] of quick ? QUICK : FULL) {
    const { result, protobuf } = measureTraceSize(spans, repetitions, spans <= COMPARISONS_UP_TO, log);
    result.nodeGraph = measureNodeGraph(protobuf, repetitions);
    if ((quick ? QUICK_ANALYSIS_SIZES : ANALYSIS_SIZES).includes(spans)) {
      log(`  analysis at ${spans} spans`);
      analysis.push(measureAnalysis(protobuf, spans, repetitions, spans === 500_000));
    }
    if (spans >= CHUNKED_FROM) {
      result.chunked = await measureChunked(protobuf, Math.min(repetitions.timed, 5));
    }
    if (spans >= (quick ? CHUNKED_FROM : VIEWS_FROM)) {
      log(`  ${spans} spans: trace views`);
      views.push(measureViews(protobuf, spans, SEED, repetitions));
    }
    trace.push(result);
  }
  const traceFiles = await measureTraceFiles(quick, log);
  log('  search and completion');
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    quick,
    environment: {
      node: process.version,
      v8: process.versions.v8,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      target: process.env.BENCH_TARGET || 'es2022',
      oldSpaceMB: oldSpaceSize(),
      heapLimitMB: Math.round(v8.getHeapStatistics().heap_size_limit / 2 ** 20),
    },
    seed: SEED,
    trace,
    analysis,
    views,
    search: measureSearch(quick),
    completion: measureCompletion(),
    bundle: await measureBundle(quick ? BUNDLE_QUICK : BUNDLE_FULL, bundleOptions),
    traceFiles,
    targets: [],
  };
  results.targets = targetsOf(results);
  printTable(results);
  printBundleTable(results.bundle!);
  if (out) {
    // Formatted as the repository's prettier would (lint:fix runs it on every file).
    const options = { ...(await prettier.resolveConfig(out)), parser: 'json' };
    fs.writeFileSync(out, await prettier.format(JSON.stringify(results), options));
    log(`wrote ${path.relative(process.cwd(), out)}`);
  }
}

function oldSpaceSize(): number | null {
  const flag = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(' ')].find((arg) =>
    arg.startsWith('--max-old-space-size=')
  );
  return flag ? Number(flag.split('=')[1]) : null;
}

function measureSearch(quick: boolean): SearchResult {
  const body = generateSearchResponse(SEARCH_TRACES, SEARCH_SPANS_PER_SET);
  const options = { refId: 'A', datasourceUid: 'threadline', datasourceName: 'Threadline' };
  const timings = timeRoundRobin(
    {
      parse: () => JSON.parse(body),
      tracesTable: () => searchResultFrames(JSON.parse(body), { ...options, tableType: 'traces' }),
      spansTable: () => searchResultFrames(JSON.parse(body), { ...options, tableType: 'spans' }),
    },
    quick ? { warmup: 5, timed: 9 } : { warmup: 10, timed: 31 }
  );
  return {
    traces: SEARCH_TRACES,
    spansPerSpanSet: SEARCH_SPANS_PER_SET,
    bodyBytes: Buffer.byteLength(body),
    timings,
    ratios: {
      tracesTableOverParse: round3(timings.tracesTable.medianMs / timings.parse.medianMs),
      spansTableOverParse: round3(timings.spansTable.medianMs / timings.parse.medianMs),
    },
  };
}

/** 30,000 tag names as a big Tempo answers `/api/v2/search/tags`: scoped, dotted, many sharing prefixes. */
function tagNames(count: number): string[] {
  const scopes = ['span', 'resource', 'event', 'link'];
  const stems = ['http.request.header', 'k8s.pod.label', 'app.feature', 'db.query.param', 'messaging.kafka'];
  return Array.from({ length: count }, (_, i) => `${scopes[i % 4]}.${stems[(i >> 2) % 5]}.x-${(i * 2654435761) % 1e6}`);
}

function measureCompletion(): CompletionResult {
  const names = tagNames(TAG_NAMES);
  const builds: number[] = [];
  let index = createCompletionIndex(names);
  for (let i = 0; i < 11; i++) {
    const start = performance.now();
    index = createCompletionIndex(names);
    builds.push(performance.now() - start);
  }
  const filterMs: Record<string, number> = {};
  for (const prefix of COMPLETION_PREFIXES) {
    const samples: number[] = [];
    for (let i = 0; i < 60; i++) {
      const start = performance.now();
      index.filter(prefix, COMPLETION_LIMIT);
      samples.push(performance.now() - start);
    }
    filterMs[prefix] = round3(timing(samples.slice(10)).medianMs);
  }
  return { names: TAG_NAMES, limit: COMPLETION_LIMIT, buildIndexMs: round3(timing(builds).medianMs), filterMs };
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
