/** What the compose stack provisions (provisioning/datasources/datasources.yaml). */
export const PLUGIN_ID = 'threadline-tracing-datasource';

export const PROVISIONED = [
  { uid: 'threadline', server: 'Tempo' },
  { uid: 'threadline-jaeger', server: 'Jaeger' },
  { uid: 'threadline-zipkin', server: 'Zipkin' },
];

/** The generator's logs in Loki: each line carries the ID of a trace it sent (docker/generator). */
export const GENERATOR_LOGS = '{job="threadline-generator"}';

/** An Explore URL with one query of one data source over the last hour. */
export function exploreUrl(datasourceUid: string, query: Record<string, unknown>): string {
  const pane = {
    datasource: datasourceUid,
    queries: [{ refId: 'A', datasource: { uid: datasourceUid }, ...query }],
    range: { from: 'now-1h', to: 'now' },
  };
  return `/explore?schemaVersion=1&panes=${encodeURIComponent(JSON.stringify({ e2e: pane }))}&orgId=1`;
}
