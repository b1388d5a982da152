/**
 * Tempo's QueryRangeResponse in proto3 JSON (Tempo's API docs, /api/metrics/query_range): no metrics
 * query was recorded, so the metrics tests, the robustness tests and the fuzz suite share this one,
 * built from the docs. A fresh object each call, for tests that mutate it.
 */
export function metricsAnswer(exemplarTraceId = '948fa8de1f33f0601aecb1973e1c20bb') {
  return {
    series: [
      {
        labels: [{ key: 'resource.service.name', value: { stringValue: 'web-frontend' } }],
        promLabels: '{resource.service.name="web-frontend"}',
        samples: [
          { timestampMs: '1795501140000', value: 0.5 },
          { timestampMs: '1795501170000', value: 0.25 },
        ],
        exemplars: [
          {
            labels: [{ key: 'trace:id', value: { stringValue: exemplarTraceId } }],
            value: 0.18,
            timestampMs: '1795501192468',
          },
        ],
      },
    ],
    metrics: {},
  };
}
