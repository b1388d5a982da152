/**
 * `service.namespace`, the resource attribute Grafana's trace view shows as `namespace/service`.
 */
import type { TraceKeyValuePair } from '@grafana/data';

import type { SpanColumns } from '../decode/columns';

const SERVICE_NAMESPACE = 'service.namespace';

export function serviceNamespaceOf(resourceTags: TraceKeyValuePair[] | undefined): string | undefined {
  const value = resourceTags?.find((tag) => tag.key === SERVICE_NAMESPACE)?.value;
  return value === undefined || value === null || value === '' ? undefined : String(value);
}

/** One entry per span. Spans of one resource share its tags array: each resource is looked at once. */
export function serviceNamespaceColumn(spans: SpanColumns): Array<string | undefined> {
  const column = new Array<string | undefined>(spans.serviceTags.length);
  let lastTags: TraceKeyValuePair[] | undefined;
  let lastNamespace: string | undefined;
  for (let span = 0; span < column.length; span++) {
    const tags = spans.serviceTags[span];
    if (tags !== lastTags) {
      lastTags = tags;
      lastNamespace = serviceNamespaceOf(tags);
    }
    column[span] = lastNamespace;
  }
  return column;
}
