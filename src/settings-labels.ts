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
