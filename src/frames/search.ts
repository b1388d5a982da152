/**
 * Tempo TraceQL search (`GET /api/search`) → table frames, shaped like Grafana's own Tempo
 * data source (`resultTransformer.ts`) so Explore renders them the same way.
 *
 * Columns are filled directly while the response is walked once: no row objects, no
 * MutableDataFrame (a search may return thousands of traces).
 */
import { createDataFrame, type DataFrame, type Field, type FieldConfig, FieldType } from '@grafana/data';

import { describeJson, isJsonObject, type JsonObject } from '../decode/json-values';
import { type AttributeValue, attributeCell, finiteNumber, nanosToMs, SkippedValues } from './answer-values';
import { field, HIDDEN } from './fields';
import { type LinkTarget, padSpanId, padTraceId, spanIdLink, traceIdLink } from './links';

export interface SearchFrameOptions {
  refId: string;
  datasourceUid: string;
  datasourceName: string;
  tableType: 'traces' | 'spans';
}

/** What Grafana shows while a trace's root span has not reached Tempo yet. */
export const ROOT_SPAN_NOT_YET_RECEIVED = '<root span not yet received>';

export type { AttributeValue };

interface AttributeColumn {
  values: Array<AttributeValue | null>;
  kind: 'string' | 'number' | 'boolean' | 'mixed';
}

interface TraceSummary {
  traceId: string;
  service: string;
  name: string;
}

/** Names of the fixed span columns: an attribute with one of these names gets a prefixed field name. */
const SPAN_COLUMN_NAMES = new Set(['traceIdHidden', 'traceService', 'traceName', 'spanID', 'time', 'name', 'duration']);

export function searchResultFrames(response: unknown, options: SearchFrameOptions): DataFrame[] {
  const traces = readTraces(response);
  const order = newestFirst(traces);
  const skipped = new SkippedValues();
  const frame =
    options.tableType === 'spans'
      ? spansFrame(traces, order, options, skipped)
      : tracesFrame(traces, order, options, skipped);
  const notices = skipped.notices();
  if (traces.length === 0) {
    notices.push({ severity: 'info', text: 'No traces found' });
  }
  if (notices.length > 0) {
    frame.meta = { ...frame.meta, notices };
  }
  return [frame];
}

function tracesFrame(
  traces: JsonObject[],
  order: number[],
  options: SearchFrameOptions,
  skipped: SkippedValues
): DataFrame {
  const count = order.length;
  const traceIds = new Array<string>(count);
  const startTimes = new Array<number | null>(count);
  const services = new Array<string>(count);
  const names = new Array<string>(count);
  const durations = new Array<number | null>(count);
  const nested = new Array<DataFrame[]>(count);
  const serviceStats = new Array<string>(count);
  let hasServiceStats = false;
  const spanConfigs = spanFieldConfigs(options);

  for (let row = 0; row < count; row++) {
    const trace = traces[order[row]];
    const path = `traces[${order[row]}]`;
    const summary = summarize(trace);
    traceIds[row] = summary.traceId;
    startTimes[row] = skipped.startTime(nanosToMs(trace.startTimeUnixNano), `${path}.startTimeUnixNano`);
    services[row] = summary.service;
    names[row] = summary.name;
    // durationMs is a uint32 that Tempo leaves out when it is 0, i.e. the trace took under 1 ms.
    durations[row] = finiteNumber(trace.durationMs ?? 0) ?? skipped.skip('duration', `${path}.durationMs`);
    serviceStats[row] = describeServiceStats(trace.serviceStats, `${path}.serviceStats`, skipped);
    hasServiceStats ||= serviceStats[row] !== '';
    nested[row] = spanSetsOf(trace, path).map(([spanSet, setPath]) => {
      const table = newSpanTable();
      addSpanSet(table, spanSet, summary, setPath, skipped);
      return spanSetFrame(table, spanConfigs);
    });
  }

  return createDataFrame({
    name: 'Traces',
    refId: options.refId,
    fields: [
      field('traceID', FieldType.string, traceIds, {
        displayNameFromDS: 'Trace ID',
        unit: 'string',
        links: [traceIdLink(options)],
      }),
      field('startTime', FieldType.time, startTimes, { displayNameFromDS: 'Start time' }),
      field('traceService', FieldType.string, services, { displayNameFromDS: 'Service' }),
      field('traceName', FieldType.string, names, { displayNameFromDS: 'Name' }),
      field('traceDuration', FieldType.number, durations, { displayNameFromDS: 'Duration', unit: 'ms' }),
      ...(hasServiceStats
        ? [field('serviceStats', FieldType.string, serviceStats, { displayNameFromDS: 'Services' })]
        : []),
      field('nested', FieldType.nestedFrames, nested, {}),
    ],
    meta: { preferredVisualisationType: 'table', uniqueRowIdFields: [0] },
  });
}

function spansFrame(
  traces: JsonObject[],
  order: number[],
  options: SearchFrameOptions,
  skipped: SkippedValues
): DataFrame {
  const table = newSpanTable();
  for (const index of order) {
    const trace = traces[index];
    const summary = summarize(trace);
    for (const [spanSet, setPath] of spanSetsOf(trace, `traces[${index}]`)) {
      addSpanSet(table, spanSet, summary, setPath, skipped);
    }
  }
  const configs = spanFieldConfigs(options);
  return createDataFrame({
    name: 'Spans',
    refId: options.refId,
    fields: appendSpanFields(
      [
        field('traceIdHidden', FieldType.string, table.traceIds, configs.traceIdHidden),
        field('traceService', FieldType.string, table.traceServices, { displayNameFromDS: 'Trace service' }),
        field('traceName', FieldType.string, table.traceNames, { displayNameFromDS: 'Trace name' }),
      ],
      table,
      configs
    ),
    meta: { preferredVisualisationType: 'table' },
  });
}

/** A plain frame literal: there is one per span set, and `createDataFrame` would only copy it. */
function spanSetFrame(table: SpanTable, configs: SpanFieldConfigs): DataFrame {
  return {
    fields: appendSpanFields(
      [field('traceIdHidden', FieldType.string, table.traceIds, configs.traceIdHidden)],
      table,
      configs
    ),
    length: table.spanIds.length,
    meta: { preferredVisualisationType: 'table' },
  };
}

type SpanFieldConfigs = ReturnType<typeof spanFieldConfigs>;

/** Built once per response and shared by every span set frame (Grafana deep-clones configs before use). */
function spanFieldConfigs(target: LinkTarget) {
  return {
    traceIdHidden: { custom: HIDDEN } satisfies FieldConfig,
    spanID: { displayNameFromDS: 'Span ID', unit: 'string', links: [spanIdLink(target)] } satisfies FieldConfig,
    time: { displayNameFromDS: 'Start time' } satisfies FieldConfig,
    name: { displayNameFromDS: 'Name' } satisfies FieldConfig,
    // Tempo sends span names only when the query selects them: hide the empty column otherwise.
    hiddenName: { displayNameFromDS: 'Name', custom: HIDDEN } satisfies FieldConfig,
    duration: { displayNameFromDS: 'Duration', unit: 'ms' } satisfies FieldConfig,
  };
}

/**
 * Appends the span columns to `fields` (the caller's leading columns). Hot code (once per span
 * set) is written with pushes and index loops: spreads and for-of compile to iterator helpers
 * for older targets.
 */
function appendSpanFields(fields: Field[], table: SpanTable, configs: SpanFieldConfigs): Field[] {
  fields.push(
    field('spanID', FieldType.string, table.spanIds, configs.spanID),
    field('time', FieldType.time, table.startTimes, configs.time),
    field('name', FieldType.string, table.names, table.hasNames ? configs.name : configs.hiddenName)
  );
  appendAttributeFields(fields, table);
  fields.push(field('duration', FieldType.number, table.durations, configs.duration));
  return fields;
}

/**
 * The rows of one or more span sets, one column array per field. A plain object rather than a
 * class: the build targets ES2015, where each class field costs a defineProperty.
 */
function newSpanTable() {
  return {
    traceIds: [] as string[],
    traceServices: [] as string[],
    traceNames: [] as string[],
    spanIds: [] as string[],
    startTimes: [] as Array<number | null>,
    names: [] as string[],
    durations: [] as Array<number | null>,
    hasNames: false,
    attributes: new Map<string, AttributeColumn>(),
  };
}

type SpanTable = ReturnType<typeof newSpanTable>;

function addSpanSet(
  table: SpanTable,
  spanSet: JsonObject,
  trace: TraceSummary,
  setPath: string,
  skipped: SkippedValues
): void {
  const setAttributes = Array.isArray(spanSet.attributes) ? spanSet.attributes : undefined;
  const spans = spanSet.spans ?? [];
  if (!Array.isArray(spans)) {
    throw new Error(`Unexpected search response: spans of trace ${trace.traceId} is ${describeJson(spans)}`);
  }
  for (let i = 0; i < spans.length; i++) {
    const span: unknown = spans[i];
    if (!isJsonObject(span)) {
      throw new Error(`Unexpected search response: a span of trace ${trace.traceId} is ${describeJson(span)}`);
    }
    const row = table.spanIds.length;
    const path = `${setPath}.spans[${i}]`;
    table.traceIds.push(trace.traceId);
    table.traceServices.push(trace.service);
    table.traceNames.push(trace.name);
    table.spanIds.push(padSpanId(typeof span.spanID === 'string' ? span.spanID : ''));
    table.startTimes.push(skipped.startTime(nanosToMs(span.startTimeUnixNano), `${path}.startTimeUnixNano`));
    const name = typeof span.name === 'string' ? span.name : '';
    table.hasNames ||= name !== '';
    table.names.push(name);
    // proto3 leaves a zero duration out.
    const duration = nanosToMs(span.durationNanos ?? 0);
    table.durations.push(duration ?? skipped.skip('duration', `${path}.durationNanos`));
    // By-attributes (`| by(...)`) hold for every span of the set; a span's own value wins.
    if (setAttributes) {
      setAttributeCells(table.attributes, row, setAttributes, `${setPath}.attributes`, skipped);
    }
    if (Array.isArray(span.attributes)) {
      setAttributeCells(table.attributes, row, span.attributes, `${path}.attributes`, skipped);
    }
  }
}

function setAttributeCells(
  columns: Map<string, AttributeColumn>,
  row: number,
  attributes: unknown[],
  path: string,
  skipped: SkippedValues
): void {
  for (let i = 0; i < attributes.length; i++) {
    const attribute = attributes[i];
    if (!isJsonObject(attribute) || typeof attribute.key !== 'string') {
      skipped.add('attribute', `${path}[${i}]`);
      continue;
    }
    const value = attributeCell(attribute.value);
    if (value === undefined) {
      skipped.add('attribute value', `${path}[${i}] (${attribute.key})`);
      continue;
    }
    let column = columns.get(attribute.key);
    const kind = typeof value as AttributeColumn['kind'];
    if (!column) {
      column = { values: [], kind };
      columns.set(attribute.key, column);
    } else if (column.kind !== kind) {
      column.kind = 'mixed';
    }
    // Pad with nulls up to this row; rewriting the current row lets a span value replace its set's.
    const values = column.values;
    while (values.length < row) {
      values.push(null);
    }
    values[row] = value;
  }
}

/** One field per attribute key, sorted by key (spans list their attributes in no fixed order). */
function appendAttributeFields(fields: Field[], table: SpanTable): void {
  const rows = table.spanIds.length;
  const keys = Array.from(table.attributes.keys()).sort();
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const { values, kind } = table.attributes.get(key)!;
    while (values.length < rows) {
      values.push(null);
    }
    const type = kind === 'number' ? FieldType.number : kind === 'boolean' ? FieldType.boolean : FieldType.string;
    const typed = kind === 'mixed' ? values.map((v) => (v === null ? null : String(v))) : values;
    fields.push(field(SPAN_COLUMN_NAMES.has(key) ? `attribute.${key}` : key, type, typed, { displayNameFromDS: key }));
  }
}

function readTraces(response: unknown): JsonObject[] {
  if (!isJsonObject(response)) {
    throw new Error(
      `Unexpected search response: expected an object with a "traces" list, got ${describeJson(response)}`
    );
  }
  const traces = response.traces ?? [];
  if (!Array.isArray(traces)) {
    throw new Error(`Unexpected search response: "traces" is ${describeJson(traces)}, expected a list`);
  }
  traces.forEach((trace: unknown, index) => {
    if (!isJsonObject(trace) || typeof trace.traceID !== 'string') {
      throw new Error(`Unexpected search response: traces[${index}] has no traceID`);
    }
  });
  return traces;
}

/** Traces without a readable start time go last. */
function newestFirst(traces: JsonObject[]): number[] {
  const startTimes = traces.map((trace) => nanosToMs(trace.startTimeUnixNano) ?? -Infinity);
  return startTimes.map((_, index) => index).sort((a, b) => startTimes[b] - startTimes[a] || a - b);
}

function summarize(trace: JsonObject): TraceSummary {
  return {
    traceId: padTraceId(trace.traceID as string),
    service: typeof trace.rootServiceName === 'string' ? trace.rootServiceName : ROOT_SPAN_NOT_YET_RECEIVED,
    name: typeof trace.rootTraceName === 'string' ? trace.rootTraceName : '',
  };
}

/** `spanSets` (Tempo ≥ 2.2) repeats `spanSet` (older) as its first entry: read one or the other, never both. */
function spanSetsOf(trace: JsonObject, path: string): Array<[JsonObject, string]> {
  const { spanSet, spanSets } = trace;
  const many = Array.isArray(spanSets) && spanSets.length > 0;
  const sets: unknown[] = many ? spanSets : spanSet == null ? [] : [spanSet];
  return sets.map((set, index) => {
    if (!isJsonObject(set)) {
      throw new Error(`Unexpected search response: a span set of trace ${trace.traceID} is ${describeJson(set)}`);
    }
    return [set, many ? `${path}.spanSets[${index}]` : `${path}.spanSet`];
  });
}

/**
 * Tempo 2.5+'s `serviceStats` (`{ service: { spanCount, errorCount? } }`) as one readable cell,
 * busiest service first: `web-frontend 4 (1 error), anonymizer 1`. Empty when absent.
 */
function describeServiceStats(stats: unknown, path: string, skipped: SkippedValues): string {
  if (!isJsonObject(stats)) {
    return '';
  }
  const count = (value: unknown, key: string) => {
    const number = isJsonObject(value) ? finiteNumber(value[key] ?? 0) : undefined;
    return number ?? skipped.skip('service count', `${path}.${key}`) ?? 0;
  };
  return Object.entries(stats)
    .map(([service, value]) => ({ service, spans: count(value, 'spanCount'), errors: count(value, 'errorCount') }))
    .sort((a, b) => b.spans - a.spans || a.service.localeCompare(b.service))
    .map(
      ({ service, spans, errors }) => `${service} ${spans}${errors ? ` (${errors} error${errors > 1 ? 's' : ''})` : ''}`
    )
    .join(', ');
}
