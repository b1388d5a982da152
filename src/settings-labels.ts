/**
 * The labels of data source settings that messages name ("turn off … in the data source settings"):
 * one place, so the config editor and the error text cannot drift apart.
 */
export const TRACE_WINDOW_LABELS = {
  section: 'Trace by ID',
  enabled: 'Limit to the time range',
  startShift: 'Start shift',
  endShift: 'End shift',
} as const;

/** The largest answer accepted (`jsonData.maxResponseMB`), named by the message of an answer beyond it. */
export const RESPONSE_LIMIT_LABELS = {
  section: 'Response size',
  field: 'Maximum response size (MB)',
} as const;

/** Where the tenant of a multi-tenant Tempo is set: a custom HTTP header that Grafana's data proxy adds. */
export const TENANT_LABELS = {
  field: 'Tenant ID',
  header: 'X-Scope-OrgID',
} as const;
