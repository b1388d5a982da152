import { manifestTrace } from './support/fixtures';
import { browserSession } from './support/session';
import { tableRows } from './support/ui';

const session = browserSession();
const TRACE_ID = '948fa8de1f33f0601aecb1973e1c20bb';

describe('Trace ID query in Chromium', () => {
  it('runs a pasted trace ID with spaces around it and shows the trace frame with all its spans', async () => {
    const expected = manifestTrace('2.8.2', TRACE_ID);
    const page = await session.open({ view: 'query', mode: 'traceId', ds: 'tempo-2.8.2', theme: 'dark' });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.evaluate((text) => navigator.clipboard.writeText(text), `  ${TRACE_ID.toUpperCase()} \n`);

    const field = page.getByRole('textbox', { name: 'Trace ID' });
    await field.click();
    await page.keyboard.press('ControlOrMeta+V');
    await page.keyboard.press('Enter');

    const trace = page.getByRole('region', { name: `Trace: ${expected.spanCount} spans` });
    await trace.waitFor();
    expect(expected.spanCount).toBe(7);
    expect(await tableRows(trace).count()).toBe(expected.spanCount);
    // The first rows: the root span first, as Tempo recorded it.
    await trace.getByText(expected.rootName, { exact: true }).first().waitFor();
    await trace.getByText(expected.rootService, { exact: true }).first().waitFor();
    expect(session.server.requests.map((r) => r.url)).toContain(`/tempo-2.8.2/api/v2/traces/${TRACE_ID}`);
    await session.finish(page, 'trace-id-dark');
  });
});
