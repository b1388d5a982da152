import { type DataFrame, DataFrameType, DataTopic, type Field, FieldType } from '@grafana/data';

import { metricsFrames, type MetricsFrameOptions } from './metrics';

/*
 * No Tempo metrics response is recorded, so the responses here are built by hand. Their shape is
 * Tempo's `QueryRangeResponse` (pkg/tempopb/tempo.proto: TimeSeries { labels, samples, prom_labels,
 * exemplars }, Sample { timestamp_ms, value }, Exemplar { labels, value, timestamp_ms }) as Tempo's
 * HTTP API renders it with proto3 JSON: camelCase names, int64 as strings, zero values left out.
 * Grafana's Tempo data source reads the same fields (pkg/tsdb/tempo/traceql/metrics.go, exemplars.go).
 */
const OPTIONS: MetricsFrameOptions = {
  refId: 'A',
  datasourceUid: 'ds-uid',
  datasourceName: 'Threadline',
  query: '{ status = error } | rate() by (resource.service.name)',
};

function stringLabel(key: string, value: string) {
  return { key, value: { stringValue: value } };
}

function series(labels: object[], samples: Array<[string, unknown]>, exemplars: object[] = []) {
  return {
    labels,
    promLabels: '',
    samples: samples.map(([timestampMs, value]) => (value === undefined ? { timestampMs } : { timestampMs, value })),
    exemplars,
  };
}

function exemplar(traceId: string | undefined, timestampMs: string, value: unknown) {
  const labels = traceId === undefined ? [] : [stringLabel('trace:id', traceId), stringLabel('span:id', 'ab12')];
  return { labels, value, timestampMs };
}

function fieldOf(frame: DataFrame, name: string): Field {
  const found = frame.fields.find((f) => f.name === name);
  if (!found) {
    throw new Error(`no field ${name} in ${frame.fields.map((f) => f.name).join(', ')}`);
  }
  return found;
}

const API = [stringLabel('resource.service.name', 'api')];
const WORKER = [stringLabel('resource.service.name', 'worker')];

describe('metricsFrames, series', () => {
  const response = {
    series: [
      series(API, [
        ['1715000000000', 1.5],
        ['1715000030000', 2],
      ]),
      series(WORKER, [['1715000000000', 0.25]]),
    ],
    metrics: { inspectedBytes: '1024' },
  };
  const frames = metricsFrames(response, OPTIONS);

  it('gives one time series frame per series and no exemplar frame without exemplars', () => {
    expect(frames).toHaveLength(2);
    for (const frame of frames) {
      expect(frame.refId).toBe('A');
      expect(frame.meta?.type).toBe(DataFrameType.TimeSeriesMulti);
      expect(frame.fields.map((f) => [f.name, f.type])).toEqual([
        ['time', FieldType.time],
        ['value', FieldType.number],
      ]);
    }
  });

  it('reads millisecond timestamps and values', () => {
    expect(fieldOf(frames[0], 'time').values).toEqual([1715000000000, 1715000030000]);
    expect(fieldOf(frames[0], 'value').values).toEqual([1.5, 2]);
    expect(fieldOf(frames[1], 'value').values).toEqual([0.25]);
  });

  it('puts the labels on the value field and names the series like Grafana', () => {
    const value = fieldOf(frames[0], 'value');
    expect(value.labels).toEqual({ 'resource.service.name': 'api' });
    expect(value.config.displayNameFromDS).toBe('{resource.service.name="api"}');
    expect(frames[0].name).toBe('{resource.service.name="api"}');
    expect(fieldOf(frames[1], 'value').config.displayNameFromDS).toBe('{resource.service.name="worker"}');
  });

  it('sorts several labels by key and leaves numbers unquoted', () => {
    const labels = [stringLabel('span.http.route', '/signup'), { key: 'p', value: { doubleValue: 0.9 } }];
    const [frame] = metricsFrames({ series: [series(labels, [['1', 1]])] }, OPTIONS);
    expect(fieldOf(frame, 'value').config.displayNameFromDS).toBe('{p=0.9, span.http.route="/signup"}');
    expect(fieldOf(frame, 'value').labels).toEqual({ p: '0.9', 'span.http.route': '/signup' });
  });

  it.each([
    ['{ } | rate()', 'rate'],
    ['{ } | quantile_over_time(duration, .99)', 'quantile_over_time'],
    ['{ } | count_over_time() | topk(5)', 'count_over_time'],
    ['something else', 'value'],
  ])('names a series without labels after the function of %s', (query, name) => {
    const [frame] = metricsFrames({ series: [series([], [['1', 1]])] }, { ...OPTIONS, query });
    expect(fieldOf(frame, 'value').config.displayNameFromDS).toBe(name);
    expect(fieldOf(frame, 'value').labels).toEqual({});
  });

  it('reads a value left out as 0, text doubles as numbers, and NaN as a gap', () => {
    const response = {
      series: [
        series(API, [
          ['1', undefined],
          ['2', 'NaN'],
          ['3', 'Infinity'],
          ['4', 3],
        ]),
      ],
    };
    const [frame] = metricsFrames(response, OPTIONS);
    expect(fieldOf(frame, 'value').values).toEqual([0, null, Infinity, 3]);
  });

  it('asks for a heatmap for histogram_over_time', () => {
    const histogram = [stringLabel('__bucket', '0.5')];
    const query = '{ } | histogram_over_time(duration)';
    const [frame] = metricsFrames({ series: [series(histogram, [['1', 4]])] }, { ...OPTIONS, query });
    expect(frame.meta?.preferredVisualisationPluginId).toBe('heatmap');
    expect(frames[0].meta?.preferredVisualisationPluginId).toBeUndefined();
  });

  it('warns on a partial result', () => {
    const partial = { series: [series(API, [['1', 1]])], status: 'PARTIAL', message: 'too many series' };
    const [frame] = metricsFrames(partial, OPTIONS);
    expect(frame.meta?.notices).toEqual([{ severity: 'warning', text: 'Partial result: too many series' }]);
  });
});

describe('metricsFrames, exemplars', () => {
  const response = {
    series: [
      series(API, [['1715000000000', 2]], [exemplar('2f3e0cee77ae5dc9c17ade3689eb2e54', '1715000012345', 0.412)]),
      series(
        [],
        [['1715000000000', 1]],
        [exemplar('8cf3c6b6c0a1ba3effdc23cb74b9a90', '1715000020000', 'NaN'), exemplar(undefined, '1715000021000', 1)]
      ),
    ],
  };
  const frames = metricsFrames(response, OPTIONS);
  const exemplars = frames[frames.length - 1];

  it('adds one exemplar frame after the series, on the annotations topic', () => {
    expect(frames).toHaveLength(3);
    expect(exemplars.name).toBe('exemplar');
    expect(exemplars.refId).toBe('A');
    expect(exemplars.meta?.dataTopic).toBe(DataTopic.Annotations);
    expect(exemplars.fields.map((f) => [f.name, f.type])).toEqual([
      ['Time', FieldType.time],
      ['Value', FieldType.number],
      ['traceId', FieldType.string],
      ['resource.service.name', FieldType.string],
    ]);
  });

  it('keeps exemplars with a trace id, padded to 32 characters, with their series labels', () => {
    expect(exemplars.length).toBe(2);
    expect(fieldOf(exemplars, 'Time').values).toEqual([1715000012345, 1715000020000]);
    expect(fieldOf(exemplars, 'Value').values).toEqual([0.412, null]);
    expect(fieldOf(exemplars, 'traceId').values).toEqual([
      '2f3e0cee77ae5dc9c17ade3689eb2e54',
      '08cf3c6b6c0a1ba3effdc23cb74b9a90',
    ]);
    expect(fieldOf(exemplars, 'resource.service.name').values).toEqual(['api', null]);
  });

  it('links each trace id to the trace in this data source', () => {
    const traceId = fieldOf(exemplars, 'traceId');
    expect(traceId.config.displayNameFromDS).toBe('Trace ID');
    expect(traceId.config.links).toEqual([
      {
        title: 'Trace: ${__value.raw}',
        url: '',
        internal: {
          datasourceUid: 'ds-uid',
          datasourceName: 'Threadline',
          query: { query: '${__value.raw}', queryType: 'traceql' },
        },
      },
    ]);
  });

  it('fills a label column that appears late with nulls for the earlier rows', () => {
    const late = {
      series: [
        series([], [['1', 1]], [exemplar('a1', '1', 1)]),
        series(WORKER, [['1', 1]], [exemplar('b2', '2', 2), exemplar('c3', '3', 3)]),
      ],
    };
    const lateExemplars = metricsFrames(late, OPTIONS)[2];
    expect(fieldOf(lateExemplars, 'resource.service.name').values).toEqual([null, 'worker', 'worker']);
  });
});

describe('metricsFrames, no data and bad responses', () => {
  it.each([{ series: [] }, {}, { series: null, metrics: {} }])('%j gives one empty frame with a notice', (response) => {
    const frames = metricsFrames(response, OPTIONS);
    expect(frames).toHaveLength(1);
    expect(frames[0].length).toBe(0);
    expect(frames[0].refId).toBe('A');
    expect(frames[0].meta?.notices).toEqual([{ severity: 'info', text: 'No data' }]);
  });

  it.each([[[]], ['<html>'], [null], [{ series: {} }], [{ series: ['x'] }], [{ series: [{ samples: 'x' }] }]])(
    '%j throws a clear error',
    (response) => {
      expect(() => metricsFrames(response, OPTIONS)).toThrow(/^Unexpected metrics response: /);
    }
  );
});
