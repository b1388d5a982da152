/**
 * @jest-environment ./tests/support/jsdom-with-fetch.js
 */
// Warnings, the span filter and the span budget through DataSource.query(), against the
// recorded Tempo answers served over local HTTP: the path of a query in Grafana.
import { DataFrame, DataFrameView, TraceSpanRow } from '@grafana/data';
import fs from 'fs';
import path from 'path';

import { decodeOtlpProto } from '../src/decode/otlp-proto';
import { ProtoTagsOnDemand } from '../src/decode/proto-tags-on-demand';
import { traceResultFrames } from '../src/frames/trace-result';

import { installRealBackendSrv, installTemplateSrv } from './support/grafana-services';
import { FixtureServer, startFixtureServer } from './support/fixture-server';
import { makeDataSource, runQueries } from './support/datasource';

const BIG = '9d1ec1b5b29a7c6d348a82845a167889'; // 2,007 spans over web-frontend and seven enricher-N services
const FAILED = 'bce16910ff8b588b0cc3e20152bd0089'; // 3 spans, verify-email failed

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
  installRealBackendSrv();
  installTemplateSrv({ service: 'enricher-3', injected: '" } || { true' });
});
afterAll(() => server.close());

const rows = (frame: DataFrame) => new DataFrameView<TraceSpanRow>(frame).toArray();

async function traceFrame(traceId: string, extra: { spanFilter?: string } = {}, spanBudget?: number) {
  const ds = makeDataSource(server.url('tempo-2.8.2'), spanBudget === undefined ? {} : { traceQuery: { spanBudget } });
  const response = await runQueries(ds, [{ refId: 'A', queryType: 'traceId', query: traceId, ...extra }]);
  expect(response.errors).toBeUndefined();
  return response.data[0] as DataFrame;
}

/** The spans a condition picks, plus their ancestors, computed here from the unfiltered frame. */
function expectedWithAncestors(all: TraceSpanRow[], matches: (row: TraceSpanRow) => boolean): string[] {
  const byId = new Map(all.map((row) => [row.spanID, row]));
  const shown = new Set<string>();
  for (const row of all.filter(matches)) {
    for (let at: TraceSpanRow | undefined = row; at && !shown.has(at.spanID); at = byId.get(at.parentSpanID ?? '')) {
      shown.add(at.spanID);
    }
  }
  return all.filter((row) => shown.has(row.spanID)).map((row) => row.spanID);
}

describe('a trace by ID', () => {
  it('has no warnings and no notices when it is whole and within the budget', async () => {
    const frame = await traceFrame(BIG);
    expect(frame.length).toBe(2007);
    expect(rows(frame).filter((row) => row.warnings?.length)).toEqual([]);
    expect(frame.meta?.notices).toBeUndefined();
    expect(frame.meta?.custom).toBeUndefined();
  });

  it('filtered holds exactly the matching spans and their ancestors, with the notice', async () => {
    const all = rows(await traceFrame(BIG));
    const filter = '{ resource.service.name = "enricher-3" && duration > 1ms }';
    const matches = (row: TraceSpanRow) => row.serviceName === 'enricher-3' && row.duration > 1;
    const frame = await traceFrame(BIG, { spanFilter: filter });
    const expected = expectedWithAncestors(all, matches);
    const matchCount = all.filter(matches).length;
    expect(matchCount).toBeGreaterThan(0);
    expect(matchCount).toBeLessThan(2000);
    expect(rows(frame).map((row) => row.spanID)).toEqual(expected);
    expect(frame.meta?.notices).toEqual([
      {
        severity: 'info',
        text: `Showing ${matchCount} of 2,007 spans matching ${filter}, with their ${expected.length - matchCount} ancestors.`,
      },
    ]);
  });

  it('takes template variables in the filter as values, never as TraceQL', async () => {
    const all = rows(await traceFrame(BIG));
    const frame = await traceFrame(BIG, { spanFilter: '{ resource.service.name = "$service" }' });
    expect(rows(frame).map((row) => row.spanID)).toEqual(
      expectedWithAncestors(all, (row) => row.serviceName === 'enricher-3')
    );
    const injected = await traceFrame(BIG, { spanFilter: '{ name = "$injected" }' });
    expect(injected.length).toBe(0);
    expect(injected.meta?.notices?.[0].text).toBe('Showing 0 of 2,007 spans matching { name = "\\" } || { true" }.');
  });

  it('interpolates the filter in applyTemplateVariables too (what Grafana exports and inspects)', () => {
    const ds = makeDataSource(server.url('tempo-2.8.2'));
    const query = { refId: 'A', query: BIG, spanFilter: '{ resource.service.name = "$service" || name = $injected }' };
    expect(ds.applyTemplateVariables(query, {}).spanFilter).toBe(
      '{ resource.service.name = "enricher-3" || name = "\\" } || { true" }'
    );
  });

  it('filtered to nothing is an empty trace with the notice, not an error', async () => {
    const frame = await traceFrame(FAILED, { spanFilter: '{ name = "no-such-span" }' });
    expect(frame.length).toBe(0);
    expect(frame.meta?.preferredVisualisationType).toBe('trace');
    expect(frame.meta?.notices?.[0].text).toBe('Showing 0 of 3 spans matching { name = "no-such-span" }.');
  });

  it('with a filter it cannot evaluate fails with a message naming the part, and other queries still answer', async () => {
    const ds = makeDataSource(server.url('tempo-2.8.2'));
    const response = await runQueries(ds, [
      { refId: 'A', queryType: 'traceId', query: FAILED, spanFilter: '{ event.name = "exception" }' },
      { refId: 'B', queryType: 'traceId', query: FAILED, spanFilter: '{ status = error }' },
    ]);
    expect(response.errors).toEqual([
      {
        refId: 'A',
        message:
          'The span filter cannot evaluate event.name: event. attributes are not supported here; use span., resource. or unscoped (.) attributes',
      },
    ]);
    expect(response.data).toHaveLength(1);
    const all = rows(await traceFrame(FAILED));
    expect(rows(response.data[0]).map((row) => row.spanID)).toEqual(
      expectedWithAncestors(all, (row) => row.statusCode === 2)
    );
    expect(response.data[0].meta?.notices?.[0].text).toBe(
      'Showing 2 of 3 spans matching { status = error }, with their 1 ancestor.'
    );
  });

  it('over the span budget opens reduced, with the partial badge and the notice', async () => {
    const frame = await traceFrame(BIG, {}, 300);
    expect(frame.length).toBeLessThanOrEqual(300);
    const text = `Showing ${frame.length} of 2,007 spans (errors, critical path and the top of the tree); filter the trace to see the rest.`;
    expect(frame.meta?.custom).toEqual({ partial: true, message: text });
    expect(frame.meta?.notices).toEqual([{ severity: 'info', text }]);
    const all = rows(frame);
    const ids = new Set(all.map((row) => row.spanID));
    expect(all.filter((row) => row.parentSpanID && !ids.has(row.parentSpanID))).toEqual([]);
    const counted = all.reduce((sum, row) => {
      const folded = row.tags?.find((tag) => tag.key === 'threadline.folded.count');
      return sum + (folded ? Number(folded.value) : 1);
    }, 0);
    expect(counted).toBe(2007);
  });

  it('over the span budget reads the attributes of the rows it shows only, and shows what a whole decode shows', async () => {
    const reads = jest.spyOn(ProtoTagsOnDemand.prototype, 'read');
    const frame = await traceFrame(BIG, {}, 300);
    const body = fs.readFileSync(path.join(__dirname, 'fixtures/tempo-2.8.2/v2-trace-by-id-2007-spans.pb'));
    const decoded = decodeOtlpProto(new Uint8Array(body), 'v2');
    const inTrace = decoded.spans.tags.filter((tags) => tags.length > 0).length;
    const [whole] = traceResultFrames(
      decoded,
      { refId: 'A', queryType: 'traceId', query: BIG },
      { traceQuery: { spanBudget: 300 } },
      { datasourceUid: 'threadline', datasourceName: 'Threadline', traceId: BIG }
    );
    expect(frame.fields).toEqual(whole.fields);
    const shown = rows(frame).filter(
      (row) => row.tags?.length && !row.tags.some((tag) => tag.key === 'threadline.folded.count')
    );
    expect(shown.length).toBeGreaterThan(0);
    expect(reads).toHaveBeenCalledTimes(shown.length);
    expect(inTrace).toBeGreaterThan(10 * shown.length);
    reads.mockRestore();
  });

  it('over the span budget, filtered on attributes, shows what a whole decode shows', async () => {
    const spanFilter = '{ span.db.system = "postgresql" || .http.method = "POST" }';
    const frame = await traceFrame(BIG, { spanFilter }, 2);
    const body = fs.readFileSync(path.join(__dirname, 'fixtures/tempo-2.8.2/v2-trace-by-id-2007-spans.pb'));
    const [whole] = traceResultFrames(
      decodeOtlpProto(new Uint8Array(body), 'v2'),
      { refId: 'A', queryType: 'traceId', query: BIG, spanFilter },
      { traceQuery: { spanBudget: 2 } },
      { datasourceUid: 'threadline', datasourceName: 'Threadline', traceId: BIG }
    );
    expect(frame.meta?.notices?.[0].text).toMatch(/^Showing 3 of 2,007 spans matching/);
    expect(frame.fields).toEqual(whole.fields);
  });

  it('filtered, then reduced when the filter still leaves more than the budget', async () => {
    const frame = await traceFrame(BIG, { spanFilter: '{ kind != unspecified }' }, 100);
    expect(frame.length).toBeLessThanOrEqual(100);
    expect(frame.meta?.notices?.map((notice) => notice.text)).toEqual([
      'Showing 2,007 of 2,007 spans matching { kind != unspecified }.',
      `Showing ${frame.length} of 2,007 spans (errors, critical path and the top of the tree); filter the trace to see the rest.`,
    ]);
  });

  it('combines Tempo’s partial message with its own', async () => {
    const ds = makeDataSource(server.url('tempo-2.8.2-partial'), { traceQuery: { spanBudget: 300 } });
    const response = await runQueries(ds, [{ refId: 'A', queryType: 'traceId', query: BIG }]);
    const frame = response.data[0] as DataFrame;
    expect(frame.meta?.custom).toEqual({
      partial: true,
      message:
        'Trace exceeds maximum size of 100000 bytes, a partial trace is returned. ' +
        `Showing ${frame.length} of 2,007 spans (errors, critical path and the top of the tree); filter the trace to see the rest.`,
    });
  });
});
