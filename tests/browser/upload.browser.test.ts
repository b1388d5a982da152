import fs from 'fs';
import path from 'path';

import { FIXTURES_DIR } from '../support/fixture-server';
import { browserSession } from './support/session';
import { tableRows } from './support/ui';

const session = browserSession();
const reference = (file: string) => fs.readFileSync(path.join(FIXTURES_DIR, 'reference', file));

describe('Trace file query in Chromium', () => {
  it('opens a dropped Zipkin file in the trace view, and lists the traces of a Jaeger file of three, with no server', async () => {
    const page = await session.open({ view: 'query', mode: 'upload', theme: 'dark' });
    const input = page.locator('input[type="file"]');

    const yelp = JSON.parse(reference('zipkin-lens/yelp.json').toString('utf8')) as unknown[];
    await input.setInputFiles({
      name: 'yelp.json',
      mimeType: 'application/json',
      buffer: reference('zipkin-lens/yelp.json'),
    });
    await page.getByText(/^yelp\.json: Zipkin v2 JSON: 1 trace, \d+ spans$/).waitFor();
    const trace = page.getByRole('region', { name: /^Trace: \d+ spans$/ });
    await trace.waitFor();
    // Zipkin's shared client/server halves become two spans each: at least as many spans as the file has.
    const spans = Number(/(\d+) spans/.exec((await trace.getAttribute('aria-label'))!)![1]);
    expect(spans).toBeGreaterThanOrEqual(yelp.length);
    await session.screenshot(page, 'upload-zipkin-dark');

    // Jaeger UI's "Download JSON" of a search: `{"data":[…]}` with three of Jaeger UI's own test traces.
    const traces = ['testTraceNormal.json', 'spanLongerAsParent.json', 'testTrace.json'].map((file) =>
      JSON.parse(reference(`jaeger-ui-statistics/${file}`).toString('utf8'))
    );
    await input.setInputFiles({
      name: 'search.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ data: traces })),
    });
    await page.getByText(/^search\.json: Jaeger JSON: 3 traces, \d+ spans$/).waitFor();
    const table = page.getByRole('region', { name: 'Traces: 3 rows' });
    await table.waitFor();
    expect(await tableRows(table).count()).toBe(3);
    await table.getByText('trace-123', { exact: true }).waitFor();

    // The traces table's link is an upload query with the trace ID: the same as typing it.
    const field = page.getByRole('textbox', { name: 'Trace ID' });
    await field.fill('trace-123');
    await field.press('Enter');
    await page.getByRole('region', { name: `Trace: ${traces[2].spans.length} spans` }).waitFor();

    // Nothing asked of a tracing server: only the page's own files were fetched.
    expect(session.server.requests.filter((request) => !request.url.startsWith('/page/'))).toEqual([]);
    await session.finish(page, 'upload-jaeger-dark');
  });

  it('says why a file that is not a trace cannot be read', async () => {
    const page = await session.open({ view: 'query', mode: 'upload', theme: 'light' });
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await page
      .getByText(/^Cannot read notes\.txt: the file is not JSON/)
      .first()
      .waitFor();
    await session.finish(page, 'upload-invalid-light');
  });
});
