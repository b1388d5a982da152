/**
 * A TraceQL search response (`GET /api/search`) as Tempo 2.8 writes it: `traces` with root
 * service and name, `spanSet` repeated as the first entry of `spanSets`, span attributes typed
 * as OTLP AnyValues, and `metrics`. Deterministic from a seed.
 */
import { seededRandom } from './synthetic-trace';

const SERVICES = ['web-frontend', 'api-gateway', 'orders', 'payments', 'inventory', 'search'];

export function generateSearchResponse(traceCount: number, spansPerSpanSet: number, seed = 7): string {
  const random = seededRandom(seed);
  const hex = (digits: number) => Array.from({ length: digits }, () => Math.floor(random() * 16).toString(16)).join('');
  const startBase = BigInt('1795501192468000000');
  const traces = Array.from({ length: traceCount }, () => {
    const start = startBase + BigInt(Math.floor(random() * 3.6e12));
    const spans = Array.from({ length: spansPerSpanSet }, () => ({
      spanID: hex(16),
      name: `GET /api/items/{id}`,
      startTimeUnixNano: String(start + BigInt(Math.floor(random() * 1e9))),
      durationNanos: String(Math.floor(random() * 5e8)),
      attributes: [
        { key: 'service.name', value: { stringValue: SERVICES[Math.floor(random() * SERVICES.length)] } },
        { key: 'http.status_code', value: { intValue: String([200, 404, 500][Math.floor(random() * 3)]) } },
      ],
    }));
    const spanSet = { spans, matched: spansPerSpanSet + Math.floor(random() * 20) };
    return {
      traceID: hex(random() < 0.05 ? 31 : 32), // Tempo drops leading zeros
      rootServiceName: SERVICES[Math.floor(random() * SERVICES.length)],
      rootTraceName: 'POST /api/checkout',
      startTimeUnixNano: String(start),
      durationMs: Math.floor(random() * 2000),
      spanSet,
      spanSets: [spanSet],
    };
  });
  return JSON.stringify({ traces, metrics: { inspectedTraces: traceCount * 40, inspectedBytes: '123456789' } });
}
