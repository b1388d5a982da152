/** The bench's printed table and its targets (from the trace-by-ID performance issue). */
import { bundleTargets } from './bundle-report';
import { analysisLines, analysisTargets } from './analysis-bench';
import type { BenchResults } from './run';
import type { TraceCandidate } from './trace-bench';
import { viewsLines, viewsTargets } from './views-bench';

export interface TargetResult {
  target: string;
  limit: number;
  value: number | null;
  met: boolean;
}

const TARGET_SIZES = [10_000, 100_000];

export function targetsOf(results: BenchResults): TargetResult[] {
  const targets: TargetResult[] = [];
  const atSize = (spans: number) => results.trace.find((size) => size.spans === spans);
  for (const spans of TARGET_SIZES) {
    const size = atSize(spans);
    if (!size) {
      continue;
    }
    const label = `${spans / 1000}k`;
    const json = size.ratios.tempoJsonToFrameOverParse;
    const proto = size.ratios.protobufToFrameOverTempoJsonParse;
    targets.push({ target: `${label}: Tempo JSON → frame / JSON.parse`, limit: 1.5, value: json, met: json <= 1.5 });
    targets.push({ target: `${label}: protobuf → frame / JSON.parse`, limit: 0.8, value: proto, met: proto <= 0.8 });
  }
  if (!results.quick) {
    // The run got past 500k spans (the process would have died otherwise) in this old space.
    const oldSpace = results.environment.oldSpaceMB;
    const peak = atSize(500_000)?.heap.protobufToFrame.peakBytes;
    const peakNote = peak === undefined ? '' : `, peak ${Math.round(peak / MB)} MB`;
    targets.push({
      target: `500k: protobuf → frame with --max-old-space-size=${oldSpace ?? 'default'}${peakNote}`,
      limit: 4096,
      value: atSize(500_000) ? oldSpace : null,
      met: atSize(500_000) !== undefined && oldSpace !== null && oldSpace <= 4096,
    });
  }
  targets.push(...viewsTargets(results.views));
  const search = results.search.ratios.tracesTableOverParse;
  targets.push({ target: 'search: results frame / JSON.parse', limit: 2, value: search, met: search <= 2 });
  targets.push(...bundleTargets(results.bundle));
  targets.push(...analysisTargets(results.analysis));
  return targets;
}

const MB = 2 ** 20;

export function printTable(results: BenchResults): void {
  const lines: string[] = [];
  const row = (cells: Array<string | number>, widths: number[]) =>
    lines.push(
      cells.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join('  ')
    );
  const env = results.environment;
  lines.push(
    `Threadline bench — Node ${env.node}, ${env.cores} × ${env.cpu}, code for ${env.target}, ` +
      `old space ${env.oldSpaceMB ?? 'default'} MB (heap limit ${env.heapLimitMB} MB)`
  );
  lines.push('Medians in ms; × rows: median / median of JSON.parse of the same trace as Tempo JSON text.');
  lines.push('');
  const widths = [30, 10, 10, 10, 10];
  row(['trace by ID', ...results.trace.map((size) => `${size.spans / 1000}k spans`)], widths);
  type Size = BenchResults['trace'][number];
  const each = (label: string, cell: (size: Size) => string) => row([label, ...results.trace.map(cell)], widths);
  const timing = (name: TraceCandidate) => (s: Size) => s.timings[name]?.medianMs.toFixed(1) ?? '-';
  const ratio = (value: (s: Size) => number | null) => (s: Size) => value(s)?.toFixed(2) ?? '-';
  each('body MB: Tempo JSON', (s) => (s.bodyBytes.tempoJson / MB).toFixed(1));
  each('body MB: protobuf', (s) => (s.bodyBytes.protobuf / MB).toFixed(1));
  each('JSON.parse (Tempo JSON)', timing('parseTempoJson'));
  each('Tempo JSON → frame', timing('tempoJsonToFrame'));
  each(
    '  × JSON.parse',
    ratio((s) => s.ratios.tempoJsonToFrameOverParse)
  );
  each('protobuf → frame', timing('protobufToFrame'));
  each(
    '  × JSON.parse',
    ratio((s) => s.ratios.protobufToFrameOverTempoJsonParse)
  );
  each('k spans/s: Tempo JSON', (s) => (s.spansPerSecond.tempoJsonToFrame / 1000).toFixed(0));
  each('k spans/s: protobuf', (s) => (s.spansPerSecond.protobufToFrame / 1000).toFixed(0));
  each('peak heap MB: JSON', (s) => (s.heap.tempoJsonToFrame.peakBytes / MB).toFixed(0));
  each('peak heap MB: protobuf', (s) => (s.heap.protobufToFrame.peakBytes / MB).toFixed(0));
  each('retained B/span: JSON', (s) => String(s.retainedBytesPerSpan.tempoJsonToFrame));
  each('retained B/span: protobuf', (s) => String(s.retainedBytesPerSpan.protobufToFrame));
  each('chunked protobuf → frame', (s) => s.chunked?.medianMs.toFixed(1) ?? '-');
  each('  longest slice ms', (s) => s.chunked?.longestSliceMs.toFixed(1) ?? '-');
  each('  yields', (s) => (s.chunked ? String(s.chunked.yields) : '-'));
  each('node graph', (s) => s.nodeGraph?.medianMs.toFixed(1) ?? '-');
  lines.push('comparisons:');
  each(
    '  JSON.parse, then a GC',
    ratio((s) => s.ratios.parseThenGcOverParse)
  );
  each(
    '  JSON.parse + decodeOtlpJson',
    ratio((s) => s.ratios.parseThenDecodeOverParse)
  );
  each(
    '  OTLP JSON → frame / its parse',
    ratio((s) => s.ratios.otlpJsonToFrameOverParse)
  );
  lines.push(...analysisLines(results.analysis));
  lines.push(...viewsLines(results.views));
  lines.push('');
  const search = results.search;
  lines.push(
    `search (${search.traces} traces × ${search.spansPerSpanSet} spans, ${(search.bodyBytes / MB).toFixed(2)} MB): ` +
      `JSON.parse ${search.timings.parse.medianMs.toFixed(2)} ms, traces table ${search.timings.tracesTable.medianMs.toFixed(2)} ms ` +
      `(× ${search.ratios.tracesTableOverParse.toFixed(2)}), spans table ${search.timings.spansTable.medianMs.toFixed(2)} ms ` +
      `(× ${search.ratios.spansTableOverParse.toFixed(2)})`
  );
  const completion = results.completion;
  const filters = Object.entries(completion.filterMs)
    .map(([prefix, ms]) => `"${prefix}" ${ms.toFixed(3)}`)
    .join(', ');
  lines.push(
    `completion (${completion.names} names, limit ${completion.limit}): index ${completion.buildIndexMs.toFixed(1)} ms; filter ms: ${filters}`
  );
  lines.push('');
  lines.push('targets:');
  for (const target of results.targets) {
    const value =
      target.value === null
        ? 'not run'
        : Number.isInteger(target.value)
          ? String(target.value)
          : target.value.toFixed(2);
    lines.push(`  ${target.met ? 'met   ' : 'MISSED'}  ${target.target}: ${value} (limit ${target.limit})`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}
