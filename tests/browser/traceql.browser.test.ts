import { recordedJson, recordedText } from './support/fixtures';
import {
  clearEditor,
  codeEditor,
  dismissSuggestions,
  editorText,
  errorMarks,
  focusEditor,
  pickSuggestion,
  suggestionsShowing,
} from './support/monaco';
import { browserSession, eventually } from './support/session';
import { tableRows } from './support/ui';

const session = browserSession();

interface TagsResponse {
  scopes: Array<{ name: string; tags: string[] }>;
}
interface ValuesResponse {
  tagValues: Array<{ value: string }>;
}

describe('TraceQL editor in Chromium', () => {
  it('completes recorded attributes and values, then runs and shows the recorded traces', async () => {
    const resourceTags = recordedJson<TagsResponse>('2.8.2', 'v2-search-tags.json').scopes.find(
      (scope) => scope.name === 'resource'
    )!.tags;
    const services = recordedJson<ValuesResponse>('2.8.2', 'v2-tag-values-resource.service.name.json').tagValues.map(
      (v) => v.value
    );
    const traces = recordedJson<{ traces: Array<{ traceID: string }> }>('2.8.2', 'search-traceql-errors.json').traces;

    const page = await session.open({ view: 'query', mode: 'traceql', ds: 'tempo-2.8.2', theme: 'dark' });
    await focusEditor(page);
    await page.keyboard.type('{ resource.');
    const names = await suggestionsShowing(page, 'service.name');
    expect([...names].sort()).toEqual([...resourceTags].sort());
    await session.screenshot(page, 'traceql-attribute-completions-dark');

    await pickSuggestion(page, 'service.name');
    await page.keyboard.type(' = ');
    const values = await suggestionsShowing(page, 'email-verifier');
    expect(values.map((value) => value.replace(/^"|"$/g, '')).sort()).toEqual([...services].sort());
    await session.screenshot(page, 'traceql-value-completions-dark');

    await pickSuggestion(page, 'email-verifier');
    await page.keyboard.type(' && status = ');
    await pickSuggestion(page, 'error');
    // Monaco closed the brace when `{` was typed.
    await eventually(async () =>
      expect(await editorText(page)).toBe('{ resource.service.name = "email-verifier" && status = error}')
    );
    await page.keyboard.press('Shift+Enter');

    const table = page.getByRole('region', { name: `Traces: ${traces.length} rows` });
    await table.waitFor();
    expect(await tableRows(table).count()).toBe(traces.length);
    for (const { traceID } of traces) {
      await table.getByText(traceID.padStart(32, '0'), { exact: true }).waitFor();
    }
    await session.finish(page, 'traceql-results-dark');
  });

  it('marks a parse error while typing, and shows Tempo’s message once run', async () => {
    const tempoMessage = recordedText('2.8.2', 'search-invalid-traceql.body').trim();
    const page = await session.open({ view: 'query', mode: 'traceql', ds: 'tempo-2.8.2', theme: 'light' });
    await clearEditor(page);
    await page.keyboard.type('{ resource.service.name = ');
    await dismissSuggestions(page, 'web-frontend');
    await errorMarks(page).first().waitFor();
    // The mark is drawn under the text layer: move the mouse onto it as a user would (no actionability check).
    await errorMarks(page).first().hover({ force: true });
    await page.getByRole('tooltip').filter({ hasText: 'View Problem' }).waitFor(); // Monaco's hover for a mark
    expect(await page.getByRole('region', { name: 'Query results' }).count()).toBe(0); // nothing ran yet
    await session.screenshot(page, 'traceql-parse-error-light');

    await page.keyboard.press('Shift+Enter');
    const alert = page.getByRole('alert', { name: 'Query failed' });
    await alert.waitFor();
    expect(await alert.innerText()).toContain(tempoMessage);
    await codeEditor(page).waitFor();
    await session.finish(page, 'traceql-tempo-error-light');
  });
});
