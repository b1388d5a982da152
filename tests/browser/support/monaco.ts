/** The TraceQL editor is Monaco: its text area, its suggestion list and its error marks. */
import { Locator, Page } from 'playwright-core';

/** The accessible name TraceQLEditor gives Monaco's text area. */
const EDITOR_TEXTBOX = /^TraceQL query/;

export function codeEditor(page: Page): Locator {
  return page.getByRole('code');
}

export async function focusEditor(page: Page): Promise<void> {
  await codeEditor(page).getByRole('textbox', { name: EDITOR_TEXTBOX }).focus();
}

/** Replaces the editor's text by typing, as a user would (Monaco auto-closes brackets). */
export async function clearEditor(page: Page): Promise<void> {
  await focusEditor(page);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
}

/** The open suggestion list's items, by label, once it shows at least one matching `expected`. */
export async function suggestionsShowing(page: Page, expected: string): Promise<string[]> {
  const list = page.getByRole('listbox');
  await list.getByRole('option', { name: expected }).first().waitFor();
  const labels = await list
    .getByRole('option')
    .evaluateAll((options) =>
      options.map(
        (option) => option.querySelector('.label-name')?.textContent ?? option.getAttribute('aria-label') ?? ''
      )
    );
  return labels.filter((label) => label !== '');
}

/** Waits for the suggestion list to show `expected`, then closes it with Escape. */
export async function dismissSuggestions(page: Page, expected: string): Promise<void> {
  await suggestionsShowing(page, expected);
  await page.keyboard.press('Escape');
  await page.getByRole('listbox').waitFor({ state: 'hidden' });
}

export async function pickSuggestion(page: Page, label: string): Promise<void> {
  await page.getByRole('listbox').getByRole('option', { name: label }).first().click();
}

/** The editor's text as Monaco renders it (non-breaking spaces made plain). */
export async function editorText(page: Page): Promise<string> {
  const text = await codeEditor(page).locator('.view-lines').innerText();
  return text.replace(/\u00a0/g, ' ');
}

/** Monaco's squiggle under a parse error, drawn while typing, before anything runs. */
export function errorMarks(page: Page): Locator {
  return codeEditor(page).locator('.squiggly-error');
}
