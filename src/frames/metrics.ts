/**
 * Tempo TraceQL metrics (`GET /api/metrics/query_range`) → time series frames plus one exemplar
 * frame, shaped like Grafana's Tempo data source (`pkg/tsdb/tempo/traceql/metrics.go`, `exemplars.go`).
 *
 * The body is Tempo's `QueryRangeResponse` in proto3 JSON:
 * `{ series: [{ labels: KeyValue[], promLabels, samples: [{ timestampMs: "…", value }],
 *    exemplars: [{ labels: KeyValue[], value, timestampMs: "…" }] }], metrics, status?, message? }`.
 * int64 fields arrive as strings, and zero values are left out.
 */
import {
  createDataFrame,
  type DataFrame,
  DataFrameType,
  DataTopic,
  type Field,
  FieldType,
  type Labels,
  type QueryResultMetaNotice,
} from '@grafana/data';

import { type LinkTarget, padTraceId, traceIdLink } from './links';
import { describeJson, isJsonObject, type JsonObject } from '../decode/json-values';
import { type AttributeValue, attributeCell, finiteNumber, SkippedValues } from './answer-values';

export interface MetricsFrameOptions extends LinkTarget {
  refId: string;
  /** The TraceQL metrics query, used to name a series without labels. */
  query: string;
}

interface Series {
  name: string;
  labels: Labels;
  times: number[];
  values: Array<number | null>;
  exemplars: unknown[];
}

const METRIC_FUNCTION =
  /\|\s*(rate|count_over_time|min_over_time|max_over_time|avg_over_time|sum_over_time|quantile_over_time|histogram_over_time|compare)\s*\(/;

/** The exemplar label Tempo puts the trace id in. */
const TRACE_ID_LABEL = 'trace:id';

export function metricsFrames(response: unknown, options: MetricsFrameOptions): DataFrame[] {
  if (!isJsonObject(response)) {
    throw new Error(
      `Unexpected metrics response: expected an object with a "series" list, got ${describeJson(response)}`
    );
  }
  const rawSeries = response.series ?? [];
  if (!Array.isArray(rawSeries)) {
    throw new Error(`Unexpected metrics response: "series" is ${describeJson(rawSeries)}, expected a list`);
  }
  const partial = partialNotice(response);
  if (rawSeries.length === 0) {
    const notices: QueryResultMetaNotice[] = [{ severity: 'info', text: 'No data' }, ...partial];
    return [
      createDataFrame({
        refId: options.refId,
        fields: [timeField('time', []), valueField([], {}, 'value')],
        meta: { notices },
      }),
    ];
  }

  const functionName = METRIC_FUNCTION.exec(options.query)?.[1] ?? 'value';
  const skipped = new SkippedValues();
  const series = rawSeries.map((item: unknown, index) => readSeries(item, index, functionName, skipped));
  const heatmap = functionName === 'histogram_over_time';
  const frames = series.map((s) =>
    createDataFrame({
      name: s.name,
      refId: options.refId,
      fields: [timeField('time', s.times), valueField(s.values, s.labels, s.name)],
      meta: {
        type: DataFrameType.TimeSeriesMulti,
        preferredVisualisationType: 'graph',
        ...(heatmap ? { preferredVisualisationPluginId: 'heatmap' } : {}),
      },
    })
  );
  const exemplars = exemplarFrame(series, options, skipped);
  const notices = [...partial, ...skipped.notices()];
  if (notices.length > 0) {
    frames[0].meta = { ...frames[0].meta, notices };
  }
  return exemplars ? [...frames, exemplars] : frames;
}

function readSeries(item: unknown, index: number, functionName: string, skipped: SkippedValues): Series {
  if (!isJsonObject(item)) {
    throw new Error(`Unexpected metrics response: series[${index}] is ${describeJson(item)}`);
  }
  const samples = item.samples ?? [];
  const exemplars = item.exemplars ?? [];
  if (!Array.isArray(samples) || !Array.isArray(exemplars)) {
    throw new Error(`Unexpected metrics response: series[${index}] has no list of samples or exemplars`);
  }
  // A sample without a readable time cannot be drawn: it is left out.
  const times: number[] = [];
  const values: Array<number | null> = [];
  samples.forEach((sample: unknown, i) => {
    const where = `series[${index}].samples[${i}]`;
    const { timestampMs, value } = isJsonObject(sample) ? sample : {};
    const time = skipped.startTime(finiteNumber(timestampMs), `${where}.timestampMs`);
    if (time !== null) {
      times.push(time);
      values.push(sampleValue(value, `${where}.value`, skipped));
    }
  });

  const labelValues = readLabels(item.labels, `series[${index}].labels`, skipped);
  const labels: Labels = {};
  for (const [key, value] of labelValues) {
    labels[key] = String(value);
  }
  return { name: seriesName(labelValues, item.promLabels, functionName), labels, times, values, exemplars };
}

/**
 * Grafana's naming: `{key="text", other=42}` with sorted keys; a series without labels is named
 * after the metric function (`rate`), like Tempo's own `{}` series.
 */
function seriesName(labels: Map<string, AttributeValue>, promLabels: unknown, functionName: string): string {
  if (labels.size > 0) {
    const pairs = [...labels.keys()].sort().map((key) => {
      const value = labels.get(key);
      return `${key}=${typeof value === 'string' ? JSON.stringify(value) : String(value)}`;
    });
    return `{${pairs.join(', ')}}`;
  }
  return typeof promLabels === 'string' && promLabels !== '' && promLabels !== '{}' ? promLabels : functionName;
}

/**
 * One frame for the exemplars of every series, on the annotations topic so the time series panel
 * draws them as markers. Each row also carries its series' labels, as Grafana's Tempo does.
 * Exemplars without a trace id are left out: they could not link anywhere.
 */
function exemplarFrame(series: Series[], options: MetricsFrameOptions, skipped: SkippedValues): DataFrame | undefined {
  const times: number[] = [];
  const values: Array<number | null> = [];
  const traceIds: string[] = [];
  const labelColumns = new Map<string, Array<string | null>>();

  series.forEach((s, index) =>
    s.exemplars.forEach((exemplar, i) => {
      const where = `series[${index}].exemplars[${i}]`;
      if (!isJsonObject(exemplar)) {
        return;
      }
      const traceId = readLabels(exemplar.labels, `${where}.labels`, skipped).get(TRACE_ID_LABEL);
      const time = skipped.startTime(finiteNumber(exemplar.timestampMs), `${where}.timestampMs`);
      if (typeof traceId !== 'string' || traceId === '' || time === null) {
        return;
      }
      const row = traceIds.length;
      traceIds.push(padTraceId(traceId));
      times.push(time);
      values.push(sampleValue(exemplar.value, `${where}.value`, skipped));
      for (const [key, value] of Object.entries(s.labels)) {
        let column = labelColumns.get(key);
        if (!column) {
          column = new Array<string | null>(row).fill(null);
          labelColumns.set(key, column);
        }
        column.push(value);
      }
      for (const column of labelColumns.values()) {
        if (column.length === row) {
          column.push(null);
        }
      }
    })
  );
  if (traceIds.length === 0) {
    return undefined;
  }

  const labelFields: Field[] = [...labelColumns.entries()].map(([name, labelValues]) => ({
    name,
    type: FieldType.string,
    values: labelValues,
    config: {},
  }));
  return createDataFrame({
    name: 'exemplar',
    refId: options.refId,
    fields: [
      timeField('Time', times),
      { name: 'Value', type: FieldType.number, values, config: {} },
      {
        name: 'traceId',
        type: FieldType.string,
        values: traceIds,
        config: { displayNameFromDS: 'Trace ID', links: [traceIdLink(options)] },
      },
      ...labelFields,
    ],
    meta: { dataTopic: DataTopic.Annotations },
  });
}

/** Tempo 2.7+ says `status: "PARTIAL"` (with a message) when it could not read all the data. */
function partialNotice(response: JsonObject): QueryResultMetaNotice[] {
  if (response.status !== 'PARTIAL') {
    return [];
  }
  const detail = typeof response.message === 'string' && response.message !== '' ? `: ${response.message}` : '';
  return [{ severity: 'warning', text: `Partial result${detail}` }];
}

function readLabels(labels: unknown, path: string, skipped: SkippedValues): Map<string, AttributeValue> {
  const read = new Map<string, AttributeValue>();
  if (Array.isArray(labels)) {
    labels.forEach((label: unknown, i) => {
      const value = isJsonObject(label) && typeof label.key === 'string' ? attributeCell(label.value) : undefined;
      if (value === undefined) {
        skipped.add(
          'label',
          `${path}[${i}]${isJsonObject(label) && typeof label.key === 'string' ? ` (${label.key})` : ''}`
        );
      } else {
        read.set((label as { key: string }).key, value);
      }
    });
  }
  return read;
}

/**
 * A double in proto3 JSON: a number, or left out when 0; `"NaN"` (a gap) and `"Infinity"` are
 * Tempo's text for the others. Anything else unreadable (an object, `1e400`) is a gap, noted.
 */
function sampleValue(value: unknown, where: string, skipped: SkippedValues): number | null {
  if (value === 'NaN') {
    return null;
  }
  if (value === 'Infinity' || value === '-Infinity') {
    return Number(value);
  }
  return finiteNumber(value ?? 0) ?? skipped.skip('sample value', where);
}

function timeField(name: string, values: number[]): Field<number> {
  return { name, type: FieldType.time, values, config: {} };
}

function valueField(values: Array<number | null>, labels: Labels, displayName: string): Field<number | null> {
  return { name: 'value', type: FieldType.number, values, labels, config: { displayNameFromDS: displayName } };
}
