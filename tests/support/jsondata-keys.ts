/**
 * The keys a Threadline data source's jsonData may have: the plugin's options and what Grafana
 * itself reads. Shared by the provisioning test (the demo stack's datasources.yaml) and the
 * config editor test (what the editor writes), so both check against one list.
 */

/** `true`: a value; an object: its allowed keys; `[rule]`: an array of such items. */
export type Rule = true | { [key: string]: Rule } | [Rule];

const tags: Rule = [{ key: true, value: true }];
// Written by hand from ThreadlineOptions in src/types.ts and the interfaces it extends (LinkSettings and the
// Traces*Options, TagMapping); tests/provisioning.test.ts checks each name is still declared there.
export const PLUGIN_OPTIONS: { [key: string]: Rule } = {
  backend: true,
  // Not `tenantId`: older versions' tenant, moved to a custom header by the config editor (src/README.md, Security).
  timeout: true,
  maxResponseMB: true,
  traceQuery: { timeShiftEnabled: true, spanStartTimeShift: true, spanEndTimeShift: true, spanBudget: true },
  tagLimit: true,
  tracesToLogsV2: {
    datasourceUid: true,
    tags,
    spanStartTimeShift: true,
    spanEndTimeShift: true,
    filterByTraceID: true,
    filterBySpanID: true,
    customQuery: true,
    query: true,
  },
  tracesToMetrics: {
    datasourceUid: true,
    tags,
    queries: [{ name: true, query: true }],
    spanStartTimeShift: true,
    spanEndTimeShift: true,
  },
  tracesToProfiles: { datasourceUid: true, tags, profileTypeId: true, customQuery: true, query: true },
  spanBar: { type: true, tag: true },
  nodeGraph: { enabled: true },
};

const words = (text: string) => text.trim().split(/\s+/);
// DataSourceJsonData (@grafana/data), which ThreadlineOptions extends.
const GRAFANA_BASE_KEYS = words(`
  authType defaultRegion profile manageAlerts allowAsRecordingRulesTarget alertmanagerUid disableGrafanaCache
`);
// Read by Grafana's data proxy for every HTTP data source, plus httpHeaderName1, httpHeaderName2, ...
const GRAFANA_HTTP_KEYS = words('timeout tlsAuth tlsAuthWithCACert tlsSkipVerify serverName oauthPassThru keepCookies');

export const JSON_DATA: Rule = {
  ...Object.fromEntries([...GRAFANA_BASE_KEYS, ...GRAFANA_HTTP_KEYS].map((key) => [key, true])),
  ...PLUGIN_OPTIONS,
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Paths of the keys in `value` that `rule` does not allow. */
export function unknownKeys(value: unknown, rule: Rule = JSON_DATA, at = 'jsonData'): string[] {
  if (rule === true) {
    return [];
  }
  if (Array.isArray(rule)) {
    return Array.isArray(value) ? value.flatMap((item, i) => unknownKeys(item, rule[0], `${at}[${i}]`)) : [];
  }
  if (!isObject(value)) {
    return [];
  }
  return Object.entries(value).flatMap(([key, child]) => {
    const childRule = rule[key] ?? (rule === JSON_DATA && /^httpHeaderName\d+$/.test(key) ? true : undefined);
    return childRule ? unknownKeys(child, childRule, `${at}.${key}`) : [`${at}.${key}`];
  });
}
