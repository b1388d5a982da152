import path from 'path';
import type { Page } from 'playwright-core';

import { ROOT } from './support/paths';
import { browserSession } from './support/session';
import { tableRows } from './support/ui';

const session = browserSession();
const TRACE_A = '948fa8de1f33f0601aecb1973e1c20bb';
const TRACE_B = 'bce16910ff8b588b0cc3e20152bd0089';
/** Screenshots for the READMEs and plugin.json, committed (and shipped in the zip). */
const DOCS_SCREENSHOTS = path.join(ROOT, 'src/img/screenshots');

async function enterTraceId(page: Page, name: string, id: string) {
  const field = page.getByRole('textbox', { name, exact: true });
  await field.fill(id);
  await field.press('Enter');
}

/** Grafana's Checkbox: a user clicks its label. */
async function check(page: Page, name: string) {
  await page
    .locator('label')
    .filter({ hasText: new RegExp(`^${name}$`) })
    .click();
}

describe('Trace views in Chromium', () => {
  it('Also show: Statistics and Flame graph add a table and a flame graph drawn by @grafana/flamegraph', async () => {
    const page = await session.open({ view: 'query', mode: 'traceId', ds: 'tempo-2.8.2', theme: 'dark' });
    await enterTraceId(page, 'Trace ID', TRACE_A);
    await page.getByRole('region', { name: 'Trace: 7 spans' }).waitFor();
    await check(page, 'Statistics');
    await check(page, 'Flame graph');
    expect(await page.getByRole('checkbox', { name: 'Statistics' }).isChecked()).toBe(true);

    const statistics = page.getByRole('region', { name: /^Statistics: \d+ rows$/ });
    await statistics.waitFor();
    await statistics.getByText('POST /signup', { exact: true }).waitFor();
    expect(await tableRows(statistics).count()).toBeGreaterThan(3);
    for (const column of ['Self total (ms)', 'Self % of trace', 'Errors']) {
      await statistics.getByText(column, { exact: true }).first().waitFor();
    }

    const flame = page.getByRole('region', { name: /^Flame graph: \d+ rows$/ });
    await flame.waitFor();
    await flame.getByText('web-frontend: POST /signup', { exact: true }).first().waitFor();
    expect(await flame.locator('canvas').count()).toBeGreaterThan(0);
    // The trace frame, then the two views: three frames from one request.
    await page.getByRole('status').filter({ hasText: 'Query Done: 3 frame(s)' }).waitFor();
    const requests = () => session.server.requests.filter((r) => r.url.includes(TRACE_A)).length;
    const before = requests();
    await page.getByRole('button', { name: 'Run query' }).click();
    for (let waited = 0; requests() === before && waited < 10_000; waited += 100) {
      await page.waitForTimeout(100);
    }
    await page.getByRole('status').filter({ hasText: 'Query Done: 3 frame(s)' }).waitFor();
    expect(requests()).toBe(before + 1);

    await statistics.screenshot({ path: path.join(DOCS_SCREENSHOTS, 'statistics.png') });
    await flame.screenshot({ path: path.join(DOCS_SCREENSHOTS, 'flame-graph.png') });
    await session.finish(page, 'trace-views-dark');
  });

  it('Compare: two trace IDs, a swap button, the comparison table and the diff flame graph', async () => {
    const page = await session.open({ view: 'query', mode: 'compare', ds: 'tempo-2.8.2', theme: 'dark' });
    await enterTraceId(page, 'Trace A', TRACE_A);
    await enterTraceId(page, 'Trace B', TRACE_B);
    const table = page.getByRole('region', { name: /^Comparison: \d+ rows$/ });
    await table.waitFor();
    await table.getByText('whole trace', { exact: true }).waitFor();
    await table.getByText('only in A', { exact: true }).first().waitFor();

    const diff = page.getByRole('region', { name: /^Flame graph \(A vs B\): \d+ rows$/ });
    await diff.waitFor();
    // Diff mode: @grafana/flamegraph's top table compares a baseline with a comparison.
    await diff.getByText('Baseline', { exact: true }).first().waitFor();
    await diff.getByText('Comparison', { exact: true }).first().waitFor();
    await diff.getByText('web-frontend: POST /signup', { exact: true }).first().waitFor();
    await table.screenshot({ path: path.join(DOCS_SCREENSHOTS, 'comparison.png') });
    await diff.screenshot({ path: path.join(DOCS_SCREENSHOTS, 'flame-graph-diff.png') });

    await page.getByRole('button', { name: 'Swap A and B' }).click();
    expect(await page.getByRole('textbox', { name: 'Trace A', exact: true }).inputValue()).toBe(TRACE_B);
    expect(await page.getByRole('textbox', { name: 'Trace B', exact: true }).inputValue()).toBe(TRACE_A);
    await table.getByText('only in B', { exact: true }).first().waitFor();
    await session.finish(page, 'compare-dark');
  });

  it('Compare with a missing trace: an error that names it, and no frames', async () => {
    const page = await session.open({ view: 'query', mode: 'compare', ds: 'tempo-2.8.2', theme: 'light' });
    await enterTraceId(page, 'Trace A', TRACE_A);
    await enterTraceId(page, 'Trace B', 'abcdef');
    await page
      .getByText('Trace 00000000000000000000000000abcdef not found (trace B of the comparison)', { exact: true })
      .waitFor();
    await page.getByRole('status').filter({ hasText: '0 frame(s)' }).waitFor();
    await session.finish(page, 'compare-missing-light');
  });
});
