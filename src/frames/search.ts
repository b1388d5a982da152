/**
 * Tempo TraceQL search (`GET /api/search`) → table frames, shaped like Grafana's own Tempo
 * data source (`resultTransformer.ts`) so Explore renders them the same way.
 *
 * Columns are filled directly while the response is walked once: no row objects, no
 * MutableDataFrame (a search may return thousands of traces).
 */
import { createDataFrame, type DataFrame, type Field, type FieldConfig, FieldType } from '@grafana/data';

import { describeJson, isJsonObject, type JsonObject } from '../decode/json-values';
import {
  type AttributeValue,
  attributeCell,
  finiteNumber,
  isStartTime,
  nanosToMs,
  SkippedValues,
} from './answer-values';
import { field, HIDDEN } from './fields';
import { type LinkTarget, padSpanId, spanIdLink, traceIdLink } from './links';
import {
  describeServiceStats,
  newestFirst,
  readTraces,
  setIndex,
  spanSetsOf,
  summarize,
  type TraceSummary,
} from './search-answer';

export interface SearchFrameOptions {
  refId: string;
  datasourceUid: string;
  datasourceName: string;
  tableType: 'traces' | 'spans';
}

export { ROOT_SPAN_NOT_YET_RECEIVED } from './search-answer';

export type { AttributeValue };

interface AttributeColumn {
  values: Array<AttributeValue | null>;
  kind: 'string' | 'number' | 'boolean' | 'mixed';
}

/** Names of the fixed span columns: an attribute with one of these names gets a prefixed field name. */
const SPAN_COLUMN_NAMES = new Set(['traceIdHidden', 'traceService', 'traceName', 'spanID', 'time', 'name', 'duration']);

export function searchResultFrames(response: unknown, options: SearchFrameOptions): DataFrame[] {
  const traces = readTraces(response);
  const startTimes = traces.map((trace) => nanosToMs(trace.startTimeUnixNano));
  const order = newestFirst(startTimes);
  const skipped = new SkippedValues();
  const frame =
    options.tableType === 'spans'
      ? spansFrame(traces, order, options, skipped)
      : tracesFrame(traces, startTimes, order, options, skipped);
  const notices = skipped.notices();
  if (traces.length === 0) {
    notices.push({ severity: 'info', text: 'No traces found' });
  }
  if (notices.length > 0) {
    frame.meta = { ...frame.meta, notices };
  }
  return [frame];
}

/**
 * The paths in the answer that notices name (`traces[3].spanSets[0].spans[1].durationNanos`) are
 * spelt out only for a value left out, never for every value read.
 */
function tracesFrame(
  traces: JsonObject[],
  traceStartTimes: Array<number | undefined>,
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
    const index = order[row];
    const trace = traces[index];
    const summary = summarize(trace);
    traceIds[row] = summary.traceId;
    const start = traceStartTimes[index];
    startTimes[row] = isStartTime(start) ? start : skipped.skip('start time', `traces[${index}].startTimeUnixNano`);
    services[row] = summary.service;
    names[row] = summary.name;
    // durationMs is a uint32 that Tempo leaves out when it is 0, i.e. the trace took under 1 ms.
    durations[row] = finiteNumber(trace.durationMs ?? 0) ?? skipped.skip('duration', `traces[${index}].durationMs`);
    serviceStats[row] = describeServiceStats(trace.serviceStats, index, skipped);
    hasServiceStats ||= serviceStats[row] !== '';
    const spanSets = spanSetsOf(trace);
    const frames = new Array<DataFrame>(spanSets.length);
    for (let set = 0; set < spanSets.length; set++) {
      const table = newSpanTable(false);
      addSpanSet(table, spanSets[set], summary, { trace: index, set: setIndex(trace, spanSets, set) }, skipped);
      frames[set] = spanSetFrame(table, spanConfigs);
    }
    nested[row] = frames;
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
  const table = newSpanTable(true);
  for (let row = 0; row < order.length; row++) {
    const index = order[row];
    const trace = traces[index];
    const summary = summarize(trace);
    const spanSets = spanSetsOf(trace);
    for (let set = 0; set < spanSets.length; set++) {
      addSpanSet(table, spanSets[set], summary, { trace: index, set: setIndex(trace, spanSets, set) }, skipped);
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
    /** By attribute key: one config for the key's field in every span set frame. */
    attributes: new Map<string, FieldConfig>(),
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
  appendAttributeFields(fields, table, configs.attributes);
  fields.push(field('duration', FieldType.number, table.durations, configs.duration));
  return fields;
}

/**
 * The rows of one or more span sets, one column array per field. A plain object rather than a
 * class: the build targets ES2015, where each class field costs a defineProperty.
 * `traceServices` and `traceNames` are filled only for the spans table (`withTraceColumns`):
 * a span set frame nested in the traces table has no such columns.
 */
function newSpanTable(withTraceColumns: boolean) {
  return {
    withTraceColumns,
    traceIds: [] as string[],
    traceServices: [] as string[],
    traceNames: [] as string[],
    spanIds: [] as string[],
    startTimes: [] as Array<number | null>,
    names: [] as string[],
    durations: [] as Array<number | null>,
    hasNames: false,
    attributes: new Map<string, AttributeColumn>(),
    /** The keys of `attributes`, as they came: sorted at the end without an iterator over the Map. */
    attributeKeys: [] as string[],
  };
}

type SpanTable = ReturnType<typeof newSpanTable>;

/** Where a span set is in the answer: `traces[trace].spanSets[set]`, or `traces[trace].spanSet` for set -1. */
interface SpanSetPlace {
  trace: number;
  set: number;
}

function spanSetPath({ trace, set }: SpanSetPlace): string {
  return set < 0 ? `traces[${trace}].spanSet` : `traces[${trace}].spanSets[${set}]`;
}

/** The path of span `span` of a set, or of the set itself when `span` is -1. */
function spanPath(place: SpanSetPlace, span: number): string {
  return span < 0 ? spanSetPath(place) : `${spanSetPath(place)}.spans[${span}]`;
}

function addSpanSet(
  table: SpanTable,
  spanSet: JsonObject,
  trace: TraceSummary,
  place: SpanSetPlace,
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
    table.traceIds.push(trace.traceId);
    if (table.withTraceColumns) {
      table.traceServices.push(trace.service);
      table.traceNames.push(trace.name);
    }
    table.spanIds.push(padSpanId(typeof span.spanID === 'string' ? span.spanID : ''));
    const start = nanosToMs(span.startTimeUnixNano);
    table.startTimes.push(
      isStartTime(start) ? start : skipped.skip('start time', `${spanPath(place, i)}.startTimeUnixNano`)
    );
    const name = typeof span.name === 'string' ? span.name : '';
    table.hasNames ||= name !== '';
    table.names.push(name);
    // proto3 leaves a zero duration out.
    const duration = nanosToMs(span.durationNanos ?? 0);
    table.durations.push(duration ?? skipped.skip('duration', `${spanPath(place, i)}.durationNanos`));
    // By-attributes (`| by(...)`) hold for every span of the set; a span's own value wins.
    if (setAttributes) {
      setAttributeCells(table, row, setAttributes, place, -1, skipped);
    }
    if (Array.isArray(span.attributes)) {
      setAttributeCells(table, row, span.attributes, place, i, skipped);
    }
  }
}

function setAttributeCells(
  table: SpanTable,
  row: number,
  attributes: unknown[],
  place: SpanSetPlace,
  span: number,
  skipped: SkippedValues
): void {
  for (let i = 0; i < attributes.length; i++) {
    const attribute = attributes[i];
    if (!isJsonObject(attribute) || typeof attribute.key !== 'string') {
      skipped.add('attribute', `${spanPath(place, span)}.attributes[${i}]`);
      continue;
    }
    const value = attributeCell(attribute.value);
    if (value === undefined) {
      skipped.add('attribute value', `${spanPath(place, span)}.attributes[${i}] (${attribute.key})`);
      continue;
    }
    let column = table.attributes.get(attribute.key);
    const kind = typeof value as AttributeColumn['kind'];
    if (!column) {
      column = { values: [], kind };
      table.attributes.set(attribute.key, column);
      table.attributeKeys.push(attribute.key);
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
function appendAttributeFields(fields: Field[], table: SpanTable, configs: Map<string, FieldConfig>): void {
  const rows = table.spanIds.length;
  const keys = table.attributeKeys.sort();
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const { values, kind } = table.attributes.get(key)!;
    while (values.length < rows) {
      values.push(null);
    }
    const type = kind === 'number' ? FieldType.number : kind === 'boolean' ? FieldType.boolean : FieldType.string;
    const typed = kind === 'mixed' ? values.map((v) => (v === null ? null : String(v))) : values;
    let config = configs.get(key);
    if (!config) {
      config = { displayNameFromDS: key };
      configs.set(key, config);
    }
    fields.push(field(SPAN_COLUMN_NAMES.has(key) ? `attribute.${key}` : key, type, typed, config));
  }
}
