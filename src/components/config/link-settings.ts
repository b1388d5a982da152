/**
 * What the config editor's link sections know about Grafana's trace view, without React: which
 * data sources it can link to, the defaults a new link starts from, and the query a link makes
 * for an example span (shown under each section so users see what their settings do).
 */
import type { DataSourceInstanceSettings } from '@grafana/data';

import type { TagMapping, TracesToLogsOptions, TracesToMetricsOptions, TracesToProfilesOptions } from '../../types';

/** Label width of the config editor's inline fields, in multiples of 8px. */
export const LABEL_WIDTH = 28;

/** Props of a section that edits one object of jsonData. */
export interface SectionProps<T> {
  value?: T;
  onChange: (value: T) => void;
}

// The data source types Grafana's trace view builds links for (from Grafana's own settings editors).
const LOGS_TYPES = [
  'loki',
  'elasticsearch',
  'grafana-splunk-datasource',
  'grafana-opensearch-datasource',
  'grafana-falconlogscale-datasource',
  'googlecloud-logging-datasource',
  'victoriametrics-logs-datasource',
];
const METRICS_TYPES = ['prometheus', 'victoriametrics-metrics-datasource'];
const PROFILES_TYPES = ['grafana-pyroscope-datasource'];

const ofType = (types: string[]) => (ds: DataSourceInstanceSettings) => types.includes(ds.type);
export const isLogsDataSource = ofType(LOGS_TYPES);
export const isMetricsDataSource = ofType(METRICS_TYPES);
export const isProfilesDataSource = ofType(PROFILES_TYPES);

/** A Grafana duration, negative allowed: `-5m`, `30s`, `1.5h`, `500ms`. */
const TIME_SHIFT = /^-?\d+(\.\d+)?(ms|[smhdwMy])$/;
export const isValidTimeShift = (text: string) => TIME_SHIFT.test(text);
export const TIME_SHIFT_ERROR = 'Not a duration: write e.g. -5m, 30s or 1h';
export const isPositiveInteger = (text: string) => /^[1-9]\d*$/.test(text);

// OpenTelemetry resource attributes as Loki and Pyroscope labels (dots are not allowed there).
const SERVICE_TAGS: TagMapping[] = [
  { key: 'service.name', value: 'service_name' },
  { key: 'service.namespace', value: 'service_namespace' },
];

// Shifts cover clock skew between the services that wrote the spans and the logs.
export const LOGS_DEFAULTS: TracesToLogsOptions = {
  tags: SERVICE_TAGS,
  spanStartTimeShift: '-5m',
  spanEndTimeShift: '5m',
  filterByTraceID: true,
  filterBySpanID: false,
  customQuery: false,
};
// Tempo's metrics generator labels span metrics with `service`.
export const METRICS_DEFAULTS: TracesToMetricsOptions = {
  tags: [{ key: 'service.name', value: 'service' }],
  spanStartTimeShift: '-2m',
  spanEndTimeShift: '2m',
};
export const DEFAULT_PROFILE_TYPE = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
export const PROFILES_DEFAULTS: TracesToProfilesOptions = {
  tags: SERVICE_TAGS,
  profileTypeId: DEFAULT_PROFILE_TYPE,
  customQuery: false,
};

/**
 * The link settings after picking a data source. The first pick (no data source before) also
 * fills the settings that are not set yet with `defaults`; provisioned values are kept.
 */
export function withDataSource<T extends { datasourceUid?: string }>(
  current: T | undefined,
  uid: string,
  defaults: T
): T {
  const settings: T = { ...current } as T;
  if (!current?.datasourceUid) {
    for (const key of Object.keys(defaults) as Array<keyof T>) {
      if (settings[key] === undefined) {
        settings[key] = defaults[key];
      }
    }
  }
  return { ...settings, datasourceUid: uid };
}

/** The span the examples are made for (from the demo stack's signup trace). */
export const EXAMPLE_SPAN = {
  traceId: '948fa8de1f33f0601aecb1973e1c20bb',
  spanId: '01b7ac1f0bd3dc1a',
  attributes: { 'service.name': 'web-frontend', 'service.namespace': 'signup' } as Record<string, string>,
};
// What Grafana's trace view uses when no tags are set.
const GRAFANA_DEFAULT_TAGS: TagMapping[] = [
  'cluster',
  'hostname',
  'namespace',
  'pod',
  'service.name',
  'service.namespace',
].map((key) => ({ key }));

/**
 * The tags as `label="value"` for the example span, as Grafana writes them into a query: a tag's
 * new name or else its name, dots made underscores (label names cannot have dots).
 */
export function exampleLabels(tags: TagMapping[] | undefined): string {
  const configured = tags?.filter((tag) => tag.key) ?? [];
  // Without tags Grafana uses its defaults, leaving out those the span does not have.
  const used = configured.length
    ? configured
    : GRAFANA_DEFAULT_TAGS.filter((tag) => tag.key in EXAMPLE_SPAN.attributes);
  return used
    .map((tag) => `${(tag.value || tag.key).replace(/\./g, '_')}="${EXAMPLE_SPAN.attributes[tag.key] ?? '…'}"`)
    .join(', ');
}

/** The example span's values for the variables Grafana interpolates in a custom query. */
export function interpolateExample(query: string, labels: string): string {
  return query
    .replace(/\$\{__tags\}|\$__tags/g, labels)
    .replace(/\$\{__(span|trace)\.traceId\}/g, EXAMPLE_SPAN.traceId)
    .replace(/\$\{__span\.spanId\}/g, EXAMPLE_SPAN.spanId);
}

/** The Loki query the trace view opens for the example span. */
export function logsQueryExample(settings: TracesToLogsOptions): string {
  const labels = exampleLabels(settings.tags);
  if (settings.customQuery) {
    return interpolateExample(settings.query ?? '', labels);
  }
  let query = `{${labels}}`;
  if (settings.filterByTraceID) {
    query += ` |="${EXAMPLE_SPAN.traceId}"`;
  }
  if (settings.filterBySpanID) {
    query += ` |="${EXAMPLE_SPAN.spanId}"`;
  }
  return query;
}
