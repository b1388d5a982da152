import YAML from 'yaml';

import { provisionedDataSource } from './support/provisioning-file';
import { browserSession, eventually } from './support/session';
import { choose, provisioningEntry, toggle } from './support/ui';

const session = browserSession();

const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
const KEY = '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----';

describe('Config editor in Chromium', () => {
  it('saves URL, auth, TLS and custom headers under the keys a provisioning file uses', async () => {
    const page = await session.open({ view: 'config', settings: 'fresh', theme: 'dark' });
    await page.getByRole('textbox', { name: 'Data source connection URL' }).fill('http://tempo:3200');
    await page.getByRole('spinbutton', { name: 'Timeout in seconds' }).fill('30');

    // @grafana/plugin-ui's Auth: a method, then its fields; TLS options as checkboxes. Required
    // fields' labels end in " *".
    await page.getByRole('combobox', { name: 'Authentication method' }).click();
    await page.getByRole('option', { name: /^Basic authentication/ }).click(); // its name includes a description
    await page.getByPlaceholder('User', { exact: true }).fill('tempo');
    await page.getByPlaceholder('Password', { exact: true }).fill('s3cret');
    await page.getByText('Add self-signed certificate', { exact: true }).click();
    await page.getByText('TLS Client Authentication', { exact: true }).click();
    await page.getByText('Skip TLS certificate validation', { exact: true }).click();
    await page.getByRole('textbox', { name: /^CA Certificate/ }).fill(CERT);
    await page.getByRole('textbox', { name: /^ServerName/ }).fill('tempo.example.com');
    await page.getByRole('textbox', { name: /^Client Certificate/ }).fill(CERT);
    await page.getByRole('textbox', { name: /^Client Key/ }).fill(KEY);

    await page.getByRole('button', { name: 'Expand section HTTP headers' }).click();
    await page.getByRole('button', { name: 'Add header' }).click();
    await page.getByRole('textbox', { name: /^Header/ }).fill('X-Scope-OrgID');
    await page.getByRole('textbox', { name: /^Value/ }).fill('team-a');
    await page.getByRole('textbox', { name: /^Value/ }).blur();

    await eventually(async () =>
      expect(await provisioningEntry(page)).toEqual({
        name: 'Threadline',
        type: 'threadline-tracing-datasource',
        uid: 'threadline',
        access: 'proxy',
        url: 'http://tempo:3200',
        basicAuth: true,
        basicAuthUser: 'tempo',
        jsonData: {
          timeout: 30,
          oauthPassThru: false, // written by plugin-ui's auth method picker
          tlsAuth: true,
          tlsAuthWithCACert: true,
          tlsSkipVerify: true,
          serverName: 'tempo.example.com',
          httpHeaderName1: 'X-Scope-OrgID',
        },
        // Secrets only here: Grafana encrypts secureJsonData and never sends it back.
        secureJsonData: {
          basicAuthPassword: 's3cret',
          tlsCACert: CERT,
          tlsClientCert: CERT,
          tlsClientKey: KEY,
          httpHeaderValue1: 'team-a',
        },
      })
    );
    await session.finish(page, 'config-http-auth-dark');
  });

  it("toggles each of Threadline's sections and saves them in jsonData", async () => {
    const page = await session.open({ view: 'config', settings: 'fresh', theme: 'dark' });
    await page.getByRole('textbox', { name: 'Data source connection URL' }).fill('http://tempo:3200');
    await page.getByRole('textbox', { name: 'Tenant ID' }).fill('team-a');

    const traceById = page.getByRole('group', { name: 'Trace by ID' });
    await toggle(traceById, 'Limit to the time range');
    await traceById.getByRole('textbox', { name: 'Start shift' }).fill('1h');
    await traceById.getByRole('textbox', { name: 'End shift' }).fill('2h');

    const logs = page.getByRole('group', { name: 'Trace to logs' });
    await choose(page, logs.getByRole('combobox', { name: 'Select a data source' }), 'Loki');
    await toggle(logs, 'Filter by span ID');

    const metrics = page.getByRole('group', { name: 'Trace to metrics' });
    await choose(page, metrics.getByRole('combobox', { name: 'Select a data source' }), 'Prometheus');

    const profiles = page.getByRole('group', { name: 'Trace to profiles' });
    await choose(page, profiles.getByRole('combobox', { name: 'Select a data source' }), 'Pyroscope');

    const spanBar = page.getByRole('group', { name: 'Span bar' });
    await spanBar.getByRole('radio', { name: 'Tag', exact: true }).click();
    await spanBar.getByRole('textbox', { name: 'Tag key' }).fill('http.route');

    await toggle(page.getByRole('group', { name: 'Node graph' }), 'Enable node graph');
    await page.getByRole('group', { name: 'Autocomplete' }).getByRole('textbox', { name: 'Tag limit' }).fill('1000');
    await page.getByRole('group', { name: 'Autocomplete' }).getByRole('textbox', { name: 'Tag limit' }).blur();

    const serviceTags = [
      { key: 'service.name', value: 'service_name' },
      { key: 'service.namespace', value: 'service_namespace' },
    ];
    await eventually(async () => {
      // The tenant is the custom header X-Scope-OrgID, which Grafana's data proxy adds; its value is a secret.
      expect((await provisioningEntry(page)).secureJsonData).toEqual({ httpHeaderValue1: 'team-a' });
    });
    await eventually(async () =>
      expect((await provisioningEntry(page)).jsonData).toEqual({
        httpHeaderName1: 'X-Scope-OrgID',
        traceQuery: { timeShiftEnabled: true, spanStartTimeShift: '1h', spanEndTimeShift: '2h' },
        // Picking a data source fills in the link's defaults; the switch toggled on top of them.
        tracesToLogsV2: {
          datasourceUid: 'loki',
          tags: serviceTags,
          spanStartTimeShift: '-5m',
          spanEndTimeShift: '5m',
          filterByTraceID: true,
          filterBySpanID: true,
          customQuery: false,
        },
        tracesToMetrics: {
          datasourceUid: 'prometheus',
          tags: [{ key: 'service.name', value: 'service' }],
          spanStartTimeShift: '-2m',
          spanEndTimeShift: '2m',
        },
        tracesToProfiles: {
          datasourceUid: 'pyroscope',
          tags: serviceTags,
          profileTypeId: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds',
          customQuery: false,
        },
        spanBar: { type: 'Tag', tag: 'http.route' },
        nodeGraph: { enabled: true },
        tagLimit: 1000,
      })
    );
    await session.finish(page, 'config-sections-dark');
  });

  it('opens the provisioned data source as the provisioning file has it, and keeps it when one option changes', async () => {
    const provisioned = provisionedDataSource();
    const { editable, ...entry } = provisioned;
    expect(editable).toBe(true);
    const page = await session.open({ view: 'config', settings: 'provisioned', theme: 'light' });

    await expectValue(page.getByRole('textbox', { name: 'Data source connection URL' }), 'http://tempo:3200');
    const logs = page.getByRole('group', { name: 'Trace to logs' });
    await logs.getByText('Loki', { exact: true }).waitFor();
    await expectValue(logs.getByRole('textbox', { name: 'Tag 1 attribute' }), 'service.name');
    expect(await page.getByRole('switch', { name: 'Enable node graph' }).isChecked()).toBe(true);
    expect(await provisioningEntry(page)).toEqual(entry);

    await toggle(page.getByRole('group', { name: 'Trace by ID' }), 'Limit to the time range');
    const jsonData = entry.jsonData as Record<string, Record<string, unknown>>;
    await eventually(async () =>
      expect(await provisioningEntry(page)).toEqual({
        ...entry,
        jsonData: { ...jsonData, traceQuery: { ...jsonData.traceQuery, timeShiftEnabled: true } },
      })
    );
    expect(YAML.stringify(entry)).toContain('$__tags'); // Grafana's `$$` read as a literal `$`
    await session.finish(page, 'config-provisioned-light');
  });
});

async function expectValue(input: import('playwright-core').Locator, value: string): Promise<void> {
  await eventually(async () => expect(await input.inputValue()).toBe(value));
}
