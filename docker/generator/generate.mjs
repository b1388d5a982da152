// Demo traffic for the compose stack: every INTERVAL_MS (2 s) one "signup" trace, sent to Tempo and
// Jaeger as OTLP/HTTP JSON and to Zipkin as Zipkin v2 JSON, plus log lines carrying its trace ID,
// pushed to Loki. No npm dependencies.
//
//   node generate.mjs                      run forever (TEMPO_OTLP_URL, JAEGER_OTLP_URL, ZIPKIN_SPANS_URL,
//                                          LOKI_PUSH_URL, INTERVAL_MS; an empty URL sends nothing there)
//   node generate.mjs --once --dry-run     print the request bodies (OTLP JSON, "---", Loki JSON, "---", Zipkin JSON)
//   --seed N                               repeatable output (default: seeded from the clock)

import { createSignupTraces } from './signup-trace.mjs';
import { otlpToZipkin } from './otlp-to-zipkin.mjs';

const args = process.argv.slice(2);
const once = args.includes('--once');
const dryRun = args.includes('--dry-run');
const seedArg = args.includes('--seed') ? Number(args[args.indexOf('--seed') + 1]) : NaN;
const TEMPO_URL = process.env.TEMPO_OTLP_URL ?? 'http://tempo:4318/v1/traces';
const JAEGER_URL = process.env.JAEGER_OTLP_URL ?? 'http://jaeger:4318/v1/traces';
const ZIPKIN_URL = process.env.ZIPKIN_SPANS_URL ?? 'http://zipkin:9411/api/v2/spans';
const LOKI_URL = process.env.LOKI_PUSH_URL ?? 'http://loki:3100/loki/api/v1/push';
const INTERVAL_MS = Number(process.env.INTERVAL_MS ?? 2000);

const { buildTrace } = createSignupTraces(Number.isFinite(seedArg) ? seedArg : undefined);

const lastState = {};
// Prints only changes of state, so Tempo and Loki starting up cost one line each, not one per trace.
function report(name, error) {
  const state = error ? `waiting (${error.cause?.code ?? error.message})` : 'ok';
  if (lastState[name] !== state) {
    console.log(`${new Date().toISOString()} ${name}: ${state}`);
    lastState[name] = state;
  }
  return !error;
}

async function post(name, url, body) {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) {
      throw new Error(`HTTP ${res.status} ${(await res.text()).slice(0, 200).trim()}`);
    }
    return report(name, null);
  } catch (error) {
    return report(name, error);
  }
}

async function main() {
  // Node as PID 1 in a container ignores SIGTERM unless it is handled: `docker compose stop` would wait 10 s.
  process.on('SIGTERM', () => process.exit(0));
  process.on('SIGINT', () => process.exit(0));
  for (;;) {
    const { otlp, loki } = buildTrace();
    const zipkin = otlpToZipkin(otlp);
    if (dryRun) {
      console.log([otlp, loki, zipkin].map((body) => JSON.stringify(body, null, 2)).join('\n---\n'));
    } else {
      const targets = [
        ['tempo', TEMPO_URL, otlp],
        ['jaeger', JAEGER_URL, otlp],
        ['zipkin', ZIPKIN_URL, zipkin],
        ['loki', LOKI_URL, loki],
      ].filter(([, url]) => url);
      const sent = await Promise.all(targets.map(([name, url, body]) => post(name, url, body)));
      if (once) {
        process.exitCode = sent.every(Boolean) ? 0 : 1;
      }
    }
    if (once) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
  }
}

main();
