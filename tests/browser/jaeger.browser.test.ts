import { jaegerSeed } from '../support/jaeger-fixtures';
import { browserSession, eventually } from './support/session';
import { provisioningEntry, tableRows } from './support/ui';

const session = browserSession();

describe('Jaeger in Chromium', () => {
  it('the config editor chooses Jaeger at the top and hides what only Tempo has', async () => {
    const page = await session.open({ view: 'config', settings: 'fresh', theme: 'dark' });
    await page.getByRole('radio', { name: 'Jaeger' }).click();
    await page.getByRole('textbox', { name: 'Data source connection URL' }).fill('http://jaeger:16686');
    await page.getByRole('textbox', { name: 'Data source connection URL' }).blur();
    await eventually(async () =>
      expect(await provisioningEntry(page)).toMatchObject({
        url: 'http://jaeger:16686',
        jsonData: { backend: 'jaeger' },
      })
    );
    expect(await page.getByRole('group', { name: 'Tempo' }).count()).toBe(0);
    expect(await page.getByPlaceholder('single-tenant').count()).toBe(0);
    await session.finish(page, 'jaeger-config-dark');
  });

  it("searches with the form: the service picker lists Jaeger's services, results open as a traces table", async () => {
    const services = [...new Set(jaegerSeed.traces.flatMap((trace) => trace.services))].sort();
    const page = await session.open({
      view: 'query',
      mode: 'serviceSearch',
      ds: 'jaeger-1.76.0',
      backend: 'jaeger',
      theme: 'light',
    });
    const editor = page.getByRole('region', { name: 'Query editor' });
    expect(await editor.getByRole('radio', { name: 'TraceQL' }).count()).toBe(0);

    await editor.getByRole('combobox', { name: 'Service' }).click();
    const options = page.getByRole('option');
    await options.filter({ hasText: 'web-frontend' }).waitFor();
    expect(await options.allInnerTexts()).toEqual(services);
    await options.filter({ hasText: 'web-frontend' }).click();

    const table = page.getByRole('region', { name: `Traces: ${jaegerSeed.traces.length} rows` });
    await table.waitFor();
    expect(await tableRows(table).count()).toBe(jaegerSeed.traces.length);
    const searches = session.server.requests.filter((r) => r.url.startsWith('/jaeger-1.76.0/api/traces?'));
    expect(searches.map((r) => new URL(r.url, 'http://x').searchParams.get('service'))).toEqual(['web-frontend']);
    await session.finish(page, 'jaeger-search-light');
  });

  it('shows the dependency graph as node graph frames', async () => {
    const page = await session.open({
      view: 'query',
      mode: 'dependencies',
      ds: 'jaeger-1.76.0',
      backend: 'jaeger',
      theme: 'dark',
    });
    await page.getByRole('button', { name: 'Run query' }).click();
    const services = new Set(jaegerSeed.traces.flatMap((trace) => trace.services));
    const edges = new Set(jaegerSeed.traces.flatMap((trace) => trace.parentChildServices));
    await page.getByRole('region', { name: `Nodes: ${services.size} rows` }).waitFor();
    await page.getByRole('region', { name: `Edges: ${edges.size} rows` }).waitFor();
    await session.finish(page, 'jaeger-dependencies-dark');
  });
});
