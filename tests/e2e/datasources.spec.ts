/** The plugin loads in Grafana, and Save & test passes for each data source the compose stack provisions. */
import { expect, test } from '@grafana/plugin-e2e';

import { PLUGIN_ID, PROVISIONED } from './stack';

test('the plugin loads: a new Threadline data source shows its settings', async ({
  createDataSourceConfigPage,
  page,
}) => {
  await createDataSourceConfigPage({ type: PLUGIN_ID });
  await expect(page.getByRole('group', { name: 'Trace by ID' })).toBeVisible();
});

for (const { uid, server } of PROVISIONED) {
  test(`Save & test passes for the provisioned ${server} data source (${uid})`, async ({
    gotoDataSourceConfigPage,
  }) => {
    const configPage = await gotoDataSourceConfigPage(uid);
    await expect(configPage.saveAndTest()).toBeOK();
    await expect(configPage).toHaveAlert('success');
  });
}
