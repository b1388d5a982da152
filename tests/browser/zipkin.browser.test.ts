import { zipkinRecordings, zipkinSeed } from '../support/zipkin-fixtures';
import { browserSession, eventually } from './support/session';
import { provisioningEntry, tableRows } from './support/ui';

const session = browserSession();

describe('Zipkin in Chromium', () => {
  it('the config editor chooses Zipkin at the top and hides what only Tempo has', async () => {
    const page = await session.open({ view: 'config', settings: 'fresh', theme: 'light' });
    await page.getByRole('radio', { name: 'Zipkin' }).click();
    await page.getByRole('textbox', { name: 'Data source connection URL' }).fill('http://zipkin:9411');
    await page.getByRole('textbox', { name: 'Data source connection URL' }).blur();
    await eventually(async () =>
      expect(await provisioningEntry(page)).toMatchObject({
        url: 'http://zipkin:9411',
        jsonData: { backend: 'zipkin' },
      })
    );
    expect(await page.getByRole('group', { name: 'Tempo' }).count()).toBe(0);
    await session.finish(page, 'zipkin-config-light');
  });

  it("searches with the form: the service picker lists Zipkin's services, results open as a traces table", async () => {
    const services: string[] = JSON.parse(zipkinRecordings.recording('services').body.toString('utf8'));
    const page = await session.open({
      view: 'query',
      mode: 'serviceSearch',
      ds: 'zipkin-3.6.1',
      backend: 'zipkin',
      theme: 'dark',
    });
    const editor = page.getByRole('region', { name: 'Query editor' });
    expect(await editor.getByRole('radio', { name: 'TraceQL' }).count()).toBe(0);

    const picker = editor.getByRole('combobox', { name: 'Service' });
    await picker.click();
    const options = page.getByRole('option');
    await options.first().waitFor();
    // The menu is a virtual list: it renders the names that fit, the first of Zipkin's (sorted) list.
    const shown = await options.allInnerTexts();
    expect(shown.length).toBeGreaterThan(3);
    expect(shown).toEqual([...services].sort((a, b) => a.localeCompare(b)).slice(0, shown.length));
    expect(shown).not.toContain('web-frontend');
    await picker.fill('web-front');
    await options.filter({ hasText: /^web-frontend$/ }).click();

    const table = page.getByRole('region', { name: `Traces: ${zipkinSeed.traces.length} rows` });
    await table.waitFor();
    expect(await tableRows(table).count()).toBe(zipkinSeed.traces.length);
    const searches = session.server.requests.filter((r) => r.url.startsWith('/zipkin-3.6.1/api/v2/traces?'));
    expect(searches.map((r) => new URL(r.url, 'http://x').searchParams.get('serviceName'))).toEqual(['web-frontend']);
    await session.finish(page, 'zipkin-search-dark');
  });

  it('shows the dependency graph Zipkin aggregated, with the database and the broker', async () => {
    const page = await session.open({
      view: 'query',
      mode: 'dependencies',
      ds: 'zipkin-3.6.1',
      backend: 'zipkin',
      theme: 'light',
    });
    await page.getByRole('button', { name: 'Run query' }).click();
    // The signup services, postgres and kafka; five edges (dependencies.body).
    await page.getByRole('region', { name: 'Nodes: 6 rows' }).waitFor();
    await page.getByRole('region', { name: 'Edges: 5 rows' }).waitFor();
    await session.finish(page, 'zipkin-dependencies-light');
  });
});
