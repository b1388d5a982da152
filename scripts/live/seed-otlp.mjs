// Seeds a server that takes OTLP/HTTP JSON with the compose stack's signup traces
// (docker/generator/signup-trace.mjs), and writes what it sent, for the live tests to check.
//
//   node scripts/live/seed-otlp.mjs <OTLP traces URL> <manifest.json> [count] [services URL]
//
// With a services URL (Jaeger's /api/v3/services), it then waits until every seeded service is
// listed there: servers batch what they receive, and the tests must find what was sent.
//
// Repeatable: a fixed seed, so every run sends the same trace IDs and shapes; times are now.
import fs from 'node:fs';
import path from 'node:path';

import { createSignupTraces } from '../../docker/generator/signup-trace.mjs';

const [url, manifestPath, countArg, servicesUrl] = process.argv.slice(2);
if (!url || !manifestPath) {
  console.error('usage: node scripts/live/seed-otlp.mjs <OTLP traces URL> <manifest.json> [count]');
  process.exit(2);
}
const count = Number(countArg ?? 12);
const { buildTrace } = createSignupTraces(7);

/** What a test can check of a trace without reading it back: ids, spans, services, root, errors. */
function describe(otlp) {
  const spans = otlp.resourceSpans.flatMap((rs) =>
    rs.scopeSpans.flatMap((ss) =>
      ss.spans.map((span) => ({
        ...span,
        service: rs.resource.attributes.find((a) => a.key === 'service.name').value.stringValue,
      }))
    )
  );
  const root = spans.find((span) => !span.parentSpanId);
  const startNs = spans.map((span) => BigInt(span.startTimeUnixNano)).reduce((a, b) => (a < b ? a : b));
  const endNs = spans.map((span) => BigInt(span.endTimeUnixNano)).reduce((a, b) => (a > b ? a : b));
  return {
    traceId: root.traceId,
    spanCount: spans.length,
    services: [...new Set(spans.map((span) => span.service))].sort(),
    rootService: root.service,
    rootName: root.name,
    errorSpans: spans.filter((span) => span.status?.code === 2).length,
    operations: [...new Set(spans.map((span) => `${span.service}\t${span.name}`))].sort(),
    startMs: Number(startNs / 1000n) / 1000,
    durationMs: Number(endNs - startNs) / 1e6,
    parentChildServices: spans.flatMap((span) => {
      const parent = spans.find((candidate) => candidate.spanId === span.parentSpanId);
      return parent && parent.service !== span.service ? [`${parent.service}->${span.service}`] : [];
    }),
  };
}

const traces = [];
// A minute apart in the past hour, oldest first, so time-range searches have something to cut.
const now = Date.now();
for (let i = 0; i < count; i++) {
  const { otlp } = buildTrace(now - (count - i) * 60_000);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(otlp),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) {
    console.error(`seed: ${url} answered HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
    process.exit(1);
  }
  traces.push(describe(otlp));
}
fs.mkdirSync(path.dirname(manifestPath), { recursive: true });
fs.writeFileSync(manifestPath, JSON.stringify({ seededAt: now, traces }, null, 2) + '\n');
console.log(`seed: sent ${traces.length} signup traces to ${url}; manifest ${manifestPath}`);

if (servicesUrl) {
  const wanted = [...new Set(traces.flatMap((trace) => trace.services))];
  const deadline = Date.now() + 30_000;
  for (;;) {
    const body = await (await fetch(servicesUrl)).json();
    const listed = Array.isArray(body) ? body : (body.services ?? body.data ?? []);
    if (wanted.every((service) => listed.includes(service))) {
      break;
    }
    if (Date.now() > deadline) {
      console.error(
        `seed: ${servicesUrl} still lists ${JSON.stringify(listed)} 30 s after seeding ${JSON.stringify(wanted)}`
      );
      process.exit(1);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  console.log(`seed: ${servicesUrl} lists all ${wanted.length} seeded services`);
}
