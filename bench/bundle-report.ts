/** The shipped-bundle table and its targets (from the "fast as shipped" performance issue). */
import type { BundleResults } from './bundle-bench';
import type { TargetResult } from './report';

const MB = 2 ** 20;

export function bundleTargets(bundle: BundleResults | undefined): TargetResult[] {
  if (!bundle) {
    return [];
  }
  const targets: TargetResult[] = [];
  const target = (name: string, limit: number, value: number) =>
    targets.push({ target: `bundle ${name}`, limit, value, met: value <= limit });
  for (const size of bundle.trace) {
    const label = `${size.spans / 1000}k`;
    target(`${label}: protobuf query() / fetch + JSON.parse`, size.spans <= 10_000 ? 1 : 0.6, size.ratios.protobuf);
    target(`${label}: Tempo JSON query() / fetch + JSON.parse`, 1.5, size.ratios.tempoJson);
    target(`${label}: OTLP/JSON query() / fetch + JSON.parse`, 1.5, size.ratios.otlpJson);
  }
  const largest = bundle.trace.find((size) => size.spans === 500_000);
  if (largest) {
    target('500k: longest main-thread pause (ms)', 100, largest.longestPauseMs);
    target('500k: peak heap (MB)', 4096, Math.round(largest.peakHeapBytes / MB));
  }
  target('search of 1,000 traces: query() / fetch + JSON.parse', 1.5, bundle.search.ratio);
  return targets;
}

export function printBundleTable(bundle: BundleResults): void {
  const lines = [
    `Shipped bundle (${bundle.bundle}, ${Math.round(bundle.bundleBytes / 1024)} KiB) through query() over loopback HTTP;`,
    'medians in ms; × = query() / (fetch + JSON.parse of the same trace as Tempo JSON).',
    '',
    `${'spans'.padEnd(10)}${'fetch+parse'.padStart(12)}${'Tempo JSON'.padStart(18)}${'OTLP/JSON'.padStart(18)}${'protobuf'.padStart(18)}${'pause'.padStart(9)}${'peak MB'.padStart(9)}`,
  ];
  for (const s of bundle.trace) {
    const cell = (f: 'tempoJson' | 'otlpJson' | 'protobuf') => `${s.queryMs[f]} (${s.ratios[f]}×)`.padStart(18);
    lines.push(
      `${s.spans.toLocaleString('en').padEnd(10)}${String(s.fetchParseMs).padStart(12)}${cell('tempoJson')}${cell('otlpJson')}${cell('protobuf')}${String(s.longestPauseMs).padStart(9)}${String(Math.round(s.peakHeapBytes / MB)).padStart(9)}`
    );
  }
  lines.push(
    `search of ${bundle.search.traces} traces: query() ${bundle.search.queryMs} ms, fetch + JSON.parse ${bundle.search.fetchParseMs} ms (${bundle.search.ratio}×)`
  );
  for (const t of bundleTargets(bundle)) {
    lines.push(`  ${t.met ? 'met ' : 'MISS'} ${t.target}: ${t.value} (≤ ${t.limit})`);
  }
  process.stdout.write(lines.join('\n') + '\n\n');
}
