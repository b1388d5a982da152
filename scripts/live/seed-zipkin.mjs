// Seeds a Zipkin server (POST /api/v2/spans) with the Zipkin UI's real-world traces
// (tests/fixtures/reference/zipkin-lens/, as they are) and the compose stack's signup traces
// (docker/generator/signup-trace.mjs, converted by docker/generator/otlp-to-zipkin.mjs: Zipkin
// takes no OTLP), and writes what it sent, for the live tests to check.
//
//   node scripts/live/seed-zipkin.mjs <Zipkin URL> <manifest.json> [count]
//
// The signup traces use the same seed as the Jaeger seeding (scripts/live/seed-otlp.mjs), so
// both servers hold the same trace IDs; they are a minute apart in the past hour. The reference
// traces keep their own timestamps (2016–2019): the server runs with a QUERY_LOOKBACK that covers
// them, and searches for them must use a lookback that does too.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { otlpToZipkin } from '../../docker/generator/otlp-to-zipkin.mjs';
import { createSignupTraces } from '../../docker/generator/signup-trace.mjs';

const [baseUrl, manifestPath, countArg] = process.argv.slice(2);
if (!baseUrl || !manifestPath) {
  console.error('usage: node scripts/live/seed-zipkin.mjs <Zipkin URL> <manifest.json> [count]');
  process.exit(2);
}
const count = Number(countArg ?? 12);
const REFERENCE_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../tests/fixtures/reference/zipkin-lens'
);

async function post(spans, what) {
  const res = await fetch(`${baseUrl}/api/v2/spans`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(spans),
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status !== 202) {
    console.error(
      `seed: ${baseUrl}/api/v2/spans answered HTTP ${res.status} for ${what}: ${(await res.text()).slice(0, 300)}`
    );
    process.exit(1);
  }
}

/** What a test can check of a trace without reading it back, from its Zipkin spans. */
function describe(spans) {
  const root = spans.find((span) => !span.parentId);
  const ends = spans.map((span) => span.timestamp + span.duration);
  const starts = spans.map((span) => span.timestamp);
  return {
    traceId: root.traceId,
    spanCount: spans.length,
    services: [...new Set(spans.map((span) => span.localEndpoint.serviceName))].sort(),
    rootService: root.localEndpoint.serviceName,
    rootName: root.name,
    errorSpans: spans.filter((span) => span.tags?.error !== undefined).length,
    operations: [...new Set(spans.map((span) => `${span.localEndpoint.serviceName}\t${span.name}`))].sort(),
    startUs: Math.min(...starts),
    durationUs: Math.max(...ends) - Math.min(...starts),
  };
}

const reference = [];
for (const file of fs
  .readdirSync(REFERENCE_DIR)
  .filter((name) => name.endsWith('.json'))
  .sort()) {
  const spans = JSON.parse(fs.readFileSync(path.join(REFERENCE_DIR, file), 'utf8'));
  await post(spans, file);
  const timestamps = spans.filter((span) => span.timestamp).map((span) => span.timestamp);
  reference.push({ file, traceId: spans[0].traceId, spans: spans.length, startUs: Math.min(...timestamps) });
}

const { buildTrace } = createSignupTraces(7);
const traces = [];
const now = Date.now();
for (let i = 0; i < count; i++) {
  const spans = otlpToZipkin(buildTrace(now - (count - i) * 60_000).otlp);
  await post(spans, 'a signup trace');
  traces.push(describe(spans));
}

const services = await (await fetch(`${baseUrl}/api/v2/services`)).json();
const wanted = [...new Set(traces.flatMap((trace) => trace.services))];
if (!wanted.every((service) => services.includes(service))) {
  console.error(
    `seed: ${baseUrl}/api/v2/services lists ${JSON.stringify(services)}, not all of ${JSON.stringify(wanted)}`
  );
  process.exit(1);
}
fs.mkdirSync(path.dirname(manifestPath), { recursive: true });
fs.writeFileSync(manifestPath, JSON.stringify({ seededAt: now, reference, traces }, null, 2) + '\n');
console.log(
  `seed: sent ${reference.length} reference and ${traces.length} signup traces to ${baseUrl}; manifest ${manifestPath}`
);
