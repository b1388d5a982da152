/** Doing what a user does with Grafana's controls, through their accessible roles and names. */
import { Locator, Page } from 'playwright-core';
import YAML from 'yaml';

type Scope = Page | Locator;

/** Grafana's Switch hides its checkbox under a styled label: click that, as a user does. */
export async function toggle(scope: Scope, name: string): Promise<void> {
  await scope.getByRole('switch', { name, exact: true }).locator('xpath=following-sibling::label[1]').click();
}

/** Opens a @grafana/ui Select (a combobox) and picks the option with this name. */
export async function choose(page: Page, combobox: Locator, option: string): Promise<void> {
  await combobox.click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** The data source entry the test page shows "as a provisioning file". */
export async function provisioningEntry(page: Page): Promise<Record<string, unknown>> {
  const text = await page.getByLabel('Provisioning YAML').textContent();
  const file = YAML.parse(text ?? '') as { datasources: Array<Record<string, unknown>> };
  return file.datasources[0];
}

/** The body rows of the @grafana/ui Table inside `scope` (the header row has no cells). */
export function tableRows(scope: Locator): Locator {
  return scope
    .getByRole('table')
    .getByRole('row')
    .filter({ has: scope.page().getByRole('cell') });
}
