/** A trace opens in Explore's trace view, by its ID and from a Loki log line's derived field. */
import { expect, test } from '@grafana/plugin-e2e';

import { exploreUrl, GENERATOR_LOGS } from './stack';

/** The ID of a trace the generator sent, from Tempo's search through Grafana's data proxy. */
async function recentTraceId(request: import('@playwright/test').APIRequestContext): Promise<string> {
  let traceId: string | undefined;
  await expect(async () => {
    const response = await request.get('/api/datasources/proxy/uid/threadline/api/search?limit=1');
    expect(response.ok()).toBe(true);
    const body = (await response.json()) as { traces?: Array<{ traceID: string }> };
    traceId = body.traces?.[0]?.traceID;
    expect(traceId).toBeTruthy();
  }).toPass({ timeout: 60_000 });
  return traceId!;
}

test('a trace opens in the trace view by its ID', async ({ page, request, selectors }) => {
  const traceId = await recentTraceId(request);
  await page.goto(exploreUrl('threadline', { query: traceId }));
  await expect(page.getByTestId(selectors.components.TraceViewer.spanBar).first()).toBeVisible({ timeout: 30_000 });
});

test("a Loki line's trace ID links to its trace", async ({ page, selectors }) => {
  await page.goto(exploreUrl('loki', { expr: GENERATOR_LOGS }));
  const firstLine = page.getByText(/traceID=[0-9a-f]+/).first();
  await expect(firstLine).toBeVisible({ timeout: 60_000 });
  await firstLine.click(); // opens the line's details, with the derived field's link
  await page
    .getByRole('link', { name: /Open trace/ })
    .or(page.getByRole('button', { name: /Open trace/ }))
    .first()
    .click();
  await expect(page.getByTestId(selectors.components.TraceViewer.spanBar).first()).toBeVisible({ timeout: 30_000 });
});
