/**
 * What the trace view receives for one decoded trace: warnings on the spans, then the spans a
 * filter asks for (with their ancestors), then a reduction to the span budget, with the
 * sentences that say what is missing or left out. Built on the columns, for every backend.
 */
import type { TraceKeyValuePair } from '@grafana/data';

import {
  type DecodedTrace,
  emptyColumns,
  finishSteps,
  NO_LOGS,
  NO_REFERENCES,
  STATUS_CODE_ERROR,
  type SpanColumnName,
  type SpanColumns,
  spanTags,
} from '../decode/columns';
import { compileSpanFilter, filterMayReadSpanTags } from '../traceql/evaluate';
import { effectiveSpanBudget } from '../types';
import { filterSpans } from './filter';
import { rangeSteps, WALKS_PER_STEP } from './pass-steps';
import { type FoldedSummary, reduceTraceSteps } from './reduce';
import { NO_SPAN, spanTree, spanTreeSteps, type SpanTree } from './tree';
import { missingParentsMessage, traceWarningsSteps } from './warnings';

export interface TraceView extends DecodedTrace {
  /** One entry per row: the span's warnings, or undefined. */
  warnings?: Array<string[] | undefined>;
  /** Frame notices: what the view leaves out, and why. */
  notices?: string[];
}

export interface TraceViewSettings {
  /** TraceQL span conditions, template variables already replaced. */
  spanFilter?: string;
  /** Most rows in the frame; 0 for no limit; default 20,000. */
  spanBudget?: number;
  /** The trace ID the query asked for: spans of another trace get a warning. */
  traceId?: string;
}

/** `fullTree`: the trace's tree, when the caller has built it already for other views. */
export function traceView(
  trace: DecodedTrace,
  settings: TraceViewSettings,
  fullTree: SpanTree = spanTree(trace.spans)
): TraceView {
  return finishSteps(traceViewSteps(trace, settings, fullTree));
}

/** The same view, pausing between its passes (see frames/trace-result.ts). */
export function* traceViewSteps(
  trace: DecodedTrace,
  settings: TraceViewSettings,
  fullTree: SpanTree
): Generator<void, TraceView, void> {
  const total = trace.spans.spanID.length;
  const { warnings, missingParents } = yield* traceWarningsSteps(trace.spans, fullTree, settings.traceId);
  for (const [row, warning] of trace.skippedValues ?? []) {
    (warnings[row] ??= []).push(warning);
  }
  yield;
  const messages = [trace.partialMessage, missingParentsMessage(missingParents)].filter(isText);
  const notices: string[] = [];
  let spans = trace.spans;
  let rowWarnings = warnings;
  let tree: SpanTree | undefined = fullTree;

  const filter = settings.spanFilter?.trim();
  if (filter) {
    if (trace.spans.tagsOnDemand && filterMayReadSpanTags(filter)) {
      // Every span's tags, read in ranges that pause, before the filter (one step) needs them.
      yield* rangeSteps(total, (start, end) => readTags(trace.spans, start, end), WALKS_PER_STEP);
    }
    const filtered = filterSpans(fullTree, compileSpanFilter(filter, trace.spans));
    spans = yield* selectRowsSteps(trace.spans, filtered.rows);
    rowWarnings = pick(warnings, filtered.rows);
    tree = undefined;
    notices.push(filterNotice(filtered.matches, filtered.rows.length - filtered.matches, total, filter));
    yield;
  }

  const budget = effectiveSpanBudget(settings.spanBudget);
  const shown = spans.spanID.length;
  if (budget > 0 && shown > budget) {
    tree ??= yield* spanTreeSteps(spans);
    const reduction = yield* reduceTraceSteps(spans, tree, budget);
    yield;
    const reduced = yield* selectRowsSteps(spans, reduction.kept);
    rowWarnings = pick(rowWarnings, reduction.kept);
    yield;
    appendSummaries(reduced, spans, reduction.summaries, rowWarnings, settings.traceId);
    const message = reductionMessage(reduced.spanID.length, shown, reduction.errorsLeftOut);
    messages.push(message);
    notices.push(message);
    spans = reduced;
  }

  return {
    spans,
    partialMessage: messages.length > 1 ? messages.map(asSentence).join(' ') : messages[0],
    warnings: rowWarnings,
    notices,
  };
}

const isText = (text: string | undefined): text is string => Boolean(text);
/** Tempo's own message has no full stop: joined to ours, it needs one. */
const asSentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);
const count = (value: number) => value.toLocaleString('en-US');

function filterNotice(matches: number, ancestors: number, total: number, filter: string): string {
  const withAncestors = ancestors > 0 ? `, with their ${count(ancestors)} ancestor${ancestors === 1 ? '' : 's'}` : '';
  return `Showing ${count(matches)} of ${count(total)} spans matching ${filter}${withAncestors}.`;
}

function reductionMessage(rows: number, of: number, errorsLeftOut: number): string {
  const errors =
    errorsLeftOut > 0 ? ` ${count(errorsLeftOut)} error spans did not fit and are counted in the summary rows.` : '';
  return (
    `Showing ${count(rows)} of ${count(of)} spans (errors, critical path and the top of the tree); ` +
    `filter the trace to see the rest.${errors}`
  );
}

function pick<T>(values: T[], rows: Int32Array): T[] {
  return Array.from(rows, (row) => values[row]);
}

/**
 * The same columns for the given rows only, in that order, their tags read (`spanTags`), pausing
 * between ranges of rows: reading the tags a decode left in the body takes ~3 µs a span.
 */
function* selectRowsSteps(spans: SpanColumns, rows: Int32Array): Generator<void, SpanColumns, void> {
  const selected = emptyColumns();
  for (const key of Object.keys(selected) as SpanColumnName[]) {
    const from = spans[key] as unknown[];
    const to = selected[key] as unknown[];
    if (key === 'tags') {
      yield* rangeSteps(rows.length, (start, end) => copyTags(spans, rows, start, end, to), WALKS_PER_STEP);
    } else {
      yield* rangeSteps(rows.length, (start, end) => copyValues(from, rows, start, end, to));
    }
    yield;
  }
  return selected;
}

function copyValues(from: unknown[], rows: Int32Array, start: number, end: number, to: unknown[]): void {
  for (let i = start; i < end; i++) {
    to.push(from[rows[i]]);
  }
}

function readTags(spans: SpanColumns, start: number, end: number): void {
  for (let row = start; row < end; row++) {
    spanTags(spans, row);
  }
}

function copyTags(spans: SpanColumns, rows: Int32Array, start: number, end: number, to: unknown[]): void {
  for (let i = start; i < end; i++) {
    to.push(spanTags(spans, rows[i]));
  }
}

/** One row per summary of folded subtrees, under its kept parent. */
function appendSummaries(
  columns: SpanColumns,
  spans: SpanColumns,
  summaries: FoldedSummary[],
  warnings: Array<string[] | undefined>,
  askedTraceId: string | undefined
): void {
  const takenIds = new Set(columns.spanID);
  let serial = 0;
  const nextId = () => {
    let id: string;
    do {
      id = 'f01d' + (++serial).toString(16).padStart(12, '0');
    } while (takenIds.has(id));
    return id;
  };
  for (const summary of summaries) {
    const top = summary.firstTop;
    // A summary is a row of the trace asked for, whatever ID (even none) its folded spans carry.
    columns.traceID.push(askedTraceId ?? spans.traceID[top]);
    columns.spanID.push(nextId());
    columns.parentSpanID.push(summary.parent === NO_SPAN ? undefined : spans.spanID[summary.parent]);
    columns.operationName.push(`${spans.operationName[top]} ×${count(summary.tops)}`);
    columns.serviceName.push(spans.serviceName[top]);
    columns.serviceTags.push(spans.serviceTags[top]);
    columns.startTime.push(summary.start);
    columns.duration.push(summary.end - summary.start);
    columns.tags.push(foldedTags(summary));
    columns.kind.push(spans.kind[top]);
    columns.statusCode.push(summary.errors > 0 ? STATUS_CODE_ERROR : 0);
    columns.statusMessage.push(summary.errors > 0 ? `${count(summary.errors)} error spans folded here` : undefined);
    columns.instrumentationLibraryName.push(undefined);
    columns.instrumentationLibraryVersion.push(undefined);
    columns.traceState.push(undefined);
    columns.logs.push(NO_LOGS);
    columns.references.push(NO_REFERENCES);
    columns.stackTraces.push(undefined);
    warnings.push(undefined);
  }
}

function foldedTags(summary: FoldedSummary): TraceKeyValuePair[] {
  return [
    { key: 'threadline.folded.count', value: summary.spans },
    { key: 'threadline.folded.total_ms', value: Math.round(summary.totalMs * 1000) / 1000 },
    { key: 'threadline.folded.errors', value: summary.errors },
  ];
}
