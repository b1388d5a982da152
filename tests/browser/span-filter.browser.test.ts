import { codeEditor } from './support/monaco';
import { browserSession } from './support/session';
import { tableRows } from './support/ui';

const session = browserSession();
const TRACE_ID = '948fa8de1f33f0601aecb1973e1c20bb'; // 7 spans: web-frontend → email-verifier, anonymizer, …

describe('Filter spans under the trace ID, in Chromium', () => {
  it('runs the TraceQL filter on Enter and shows the matching span with its ancestors, and the notice', async () => {
    const page = await session.open({ view: 'query', mode: 'traceId', ds: 'tempo-2.8.2', theme: 'dark' });
    const traceId = page.getByRole('textbox', { name: 'Trace ID' });
    await traceId.fill(TRACE_ID);
    await traceId.press('Enter');
    await page.getByRole('region', { name: 'Trace: 7 spans' }).waitFor();

    const filter = codeEditor(page).getByRole('textbox', { name: /^Filter spans/ });
    await filter.focus();
    // Monaco closes the brace itself; Escape closes any suggestion list, so Enter runs the query.
    await page.keyboard.type('{ resource.service.name = "email-verifier" ');
    await page.waitForTimeout(500);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');

    const trace = page.getByRole('region', { name: 'Trace: 3 spans' });
    await trace.waitFor();
    await trace
      .getByText('Showing 1 of 7 spans matching { resource.service.name = "email-verifier" }, with their 2 ancestors.')
      .waitFor();
    expect(await tableRows(trace).count()).toBe(3);
    // The match and its ancestors: the root, and the call into email-verifier.
    for (const operation of ['POST /signup', 'POST email-verifier/verify', 'verify-email']) {
      await trace.getByText(operation, { exact: true }).waitFor();
    }
    await session.finish(page, 'span-filter-dark');
  });
});
