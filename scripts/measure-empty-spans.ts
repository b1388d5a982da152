/**
 * Defect 3 of issue #13: a trace body that declares millions of empty spans. Serves the recorded
 * Tempo 2.0.1 protobuf trace with one more batch of `SPANS` empty spans (2 bytes each) and opens it
 * through DataSource.query() over HTTP, printing the frame's rows, the query's message and the
 * growth of memory. A script, not a test: memory and time depend on the machine.
 *
 *   node --expose-gc -r ./scripts/register-tsx.js scripts/measure-empty-spans.ts [spans, default 5000000]
 */
import { lastValueFrom } from 'rxjs';

import { startFixtureServer, readFixture } from '../tests/support/fixture-server';
import { installRealBackendSrv, installTemplateSrv } from '../tests/support/grafana-services';
import { makeDataSource, queryRequest } from '../tests/support/datasource';
import { emptySpansBatch } from '../tests/support/empty-spans';

const SPANS = Number(process.argv[2] ?? 5_000_000);
const TRACE_ID = '948fa8de1f33f0601aecb1973e1c20bb';

async function main() {
  const body = Buffer.concat([readFixture('2.0.1', 'trace-by-id.pb'), emptySpansBatch(SPANS)]);
  const server = await startFixtureServer({
    huge: (req) =>
      req.path.startsWith('/api/v2/traces/')
        ? { status: 404, headers: { 'content-type': 'text/plain' }, body: Buffer.from('404 page not found') }
        : { status: 200, headers: { 'content-type': 'application/protobuf' }, body },
  });
  installRealBackendSrv();
  installTemplateSrv();
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  }, 20);
  const started = Date.now();
  const ds = makeDataSource(server.url('huge'));
  const response = await lastValueFrom(ds.query(queryRequest([{ refId: 'A', query: TRACE_ID }])));
  clearInterval(sampler);
  const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
  console.log(`body: ${mb(body.length)}, ${SPANS.toLocaleString('en-US')} empty spans + the 7 recorded`);
  console.log(
    `frames: ${response.data.map((frame) => `${frame.name ?? 'trace'} ${frame.length} rows`).join(', ') || 'none'}`
  );
  console.log(`error: ${response.errors?.[0]?.message ?? 'none'}`);
  console.log(
    `notices: ${JSON.stringify(response.data[0]?.meta?.notices?.map((n: { text: string }) => n.text) ?? [])}`
  );
  console.log(
    `peak growth: rss ${mb(peakRss - before.rss)}, heap ${mb(peakHeap - before.heapUsed)}; ${Date.now() - started} ms`
  );
  await server.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
