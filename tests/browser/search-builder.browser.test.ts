import { recordedJson } from './support/fixtures';
import { browserSession, eventually } from './support/session';
import { tableRows } from './support/ui';

const session = browserSession();

describe('Search builder in Chromium', () => {
  it('builds TraceQL from service and status, shows it, and runs it', async () => {
    const services = recordedJson<{ tagValues: Array<{ value: string }> }>(
      '2.8.2',
      'v2-tag-values-resource.service.name.json'
    ).tagValues.map((v) => v.value);
    const traces = recordedJson<{ traces: Array<{ traceID: string }> }>('2.8.2', 'search-traceql-errors.json').traces;
    const page = await session.open({ view: 'query', mode: 'search', ds: 'tempo-2.8.2', theme: 'light' });
    const editor = page.getByRole('region', { name: 'Query editor' });

    await editor.getByRole('combobox', { name: 'Service name', exact: true }).click();
    const options = page.getByRole('option');
    await options.filter({ hasText: 'email-verifier' }).waitFor();
    expect((await options.allInnerTexts()).sort()).toEqual([...services].sort());
    await options.filter({ hasText: 'email-verifier' }).click();
    await editor.getByRole('radio', { name: 'error', exact: true }).click();

    const generated = page.getByLabel('Generated TraceQL');
    const expected = '{ resource.service.name = "email-verifier" && status = error }';
    await eventually(async () => expect(await generated.innerText()).toBe(expected));

    await page.getByRole('button', { name: 'Run query' }).click();
    const table = page.getByRole('region', { name: `Traces: ${traces.length} rows` });
    await table.waitFor();
    expect(await tableRows(table).count()).toBe(traces.length);
    for (const { traceID } of traces) {
      await table.getByText(traceID.padStart(32, '0'), { exact: true }).waitFor();
    }
    // What ran is what the builder showed.
    const searches = session.server.requests.filter((r) => r.url.startsWith('/tempo-2.8.2/api/search?'));
    expect(searches.map((r) => new URL(r.url, 'http://x').searchParams.get('q'))).toEqual([expected]);
    await session.finish(page, 'search-builder-light');
  });
});
