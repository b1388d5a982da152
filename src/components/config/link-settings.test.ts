import { rangeUtil } from '@grafana/data';

import type { TracesToLogsOptions } from '../../types';
import {
  exampleLabels,
  interpolateExample,
  isPositiveInteger,
  isValidTimeShift,
  LOGS_DEFAULTS,
  logsQueryExample,
  withDataSource,
} from './link-settings';

describe('isValidTimeShift', () => {
  it('accepts Grafana durations, negative ones too', () => {
    for (const text of ['-5m', '5m', '30s', '1h', '-1.5h', '500ms', '2d', '1w', '1M', '1y', '0s']) {
      expect(isValidTimeShift(text)).toBe(true);
      // What the editor accepts, the trace time window reads: rangeUtil is what tempo.ts uses.
      expect(Number.isFinite(rangeUtil.intervalToMs(text))).toBe(true);
    }
  });

  it('rejects numbers without a unit, unknown units and words', () => {
    for (const text of ['5', '-', '5 m', 'm5', '5min', '+5m', '1h30m', 'soon', '']) {
      expect(isValidTimeShift(text)).toBe(false);
    }
  });
});

it('isPositiveInteger takes whole numbers above 0 only', () => {
  expect(['1', '5000', '12'].every(isPositiveInteger)).toBe(true);
  expect(['0', '-1', '1.5', '01', 'x', ''].some(isPositiveInteger)).toBe(false);
});

describe('withDataSource', () => {
  it('fills unset settings with the defaults on the first pick', () => {
    expect(withDataSource(undefined, 'loki', LOGS_DEFAULTS)).toEqual({ ...LOGS_DEFAULTS, datasourceUid: 'loki' });
  });

  it('keeps settings already there on the first pick (e.g. provisioned without a data source)', () => {
    const current: TracesToLogsOptions = { datasourceUid: '', tags: [], filterByTraceID: false };
    expect(withDataSource(current, 'loki', LOGS_DEFAULTS)).toEqual({
      ...LOGS_DEFAULTS,
      datasourceUid: 'loki',
      tags: [],
      filterByTraceID: false,
    });
  });

  it('only changes the data source on a later pick', () => {
    const current: TracesToLogsOptions = { datasourceUid: 'loki', filterBySpanID: true };
    expect(withDataSource(current, 'loki-2', LOGS_DEFAULTS)).toEqual({ datasourceUid: 'loki-2', filterBySpanID: true });
  });
});

describe('examples', () => {
  it('writes tags as labels for the example span, renamed, dots made underscores', () => {
    expect(exampleLabels([{ key: 'service.name', value: 'service' }, { key: 'k8s.pod.name' }, { key: '' }])).toBe(
      'service="web-frontend", k8s_pod_name="…"'
    );
    // Grafana's default tags, of which the example span has two.
    expect(exampleLabels(undefined)).toBe('service_name="web-frontend", service_namespace="signup"');
  });

  it('makes the Loki query of the trace view', () => {
    expect(logsQueryExample(LOGS_DEFAULTS)).toBe(
      '{service_name="web-frontend", service_namespace="signup"} |="948fa8de1f33f0601aecb1973e1c20bb"'
    );
    expect(logsQueryExample({ tags: [{ key: 'service.name' }], filterBySpanID: true })).toBe(
      '{service_name="web-frontend"} |="01b7ac1f0bd3dc1a"'
    );
  });

  it("fills in a custom query's variables", () => {
    const query = '{${__tags}} | trace_id="${__trace.traceId}" | span_id="${__span.spanId}" $__tags';
    expect(interpolateExample(query, 'a="b"')).toBe(
      '{a="b"} | trace_id="948fa8de1f33f0601aecb1973e1c20bb" | span_id="01b7ac1f0bd3dc1a" a="b"'
    );
    expect(logsQueryExample({ customQuery: true, query: '{job="x"} |= "${__span.traceId}"' })).toBe(
      '{job="x"} |= "948fa8de1f33f0601aecb1973e1c20bb"'
    );
  });
});
