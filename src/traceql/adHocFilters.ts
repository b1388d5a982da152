import { FieldExpression, MetricsOperation, Or, SpansetFilter, WithHint } from '@grafana/lezer-traceql';

import { isIntrinsic } from './intrinsics';
import { escapeTraceQLRegex, isDuration, isNumber, KEYWORD_VALUES, quoteTraceQLString } from './literals';
import { findNodes, parseTraceQL, TraceQLNode } from './syntax';
import { COMPARISON_OPERATORS, REGEX_OPERATORS, tokenize } from './tokens';

/** Grafana's AdHocVariableFilter, reduced to what we read. */
export interface AdHocFilter {
  key: string;
  operator: string;
  value: string;
  /** Values of the multi-value operators `=|` (one of) and `!=|` (none of). */
  values?: string[];
}

// A scoped (`span.x`, `resource.x`, ...) or unscoped (`.x`) attribute path, unquoted.
const ATTRIBUTE_KEY_PATTERN = /^(?:span|resource|event|link|instrumentation)?\.[A-Za-z0-9_][A-Za-z0-9_.:/@-]*$/;
const ORDERING_OPERATORS = ['>', '<', '>=', '<='];
const EMPTY_SPANSET_PATTERN = /^\{\s*\}$/;

export class AdHocFilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdHocFilterError';
  }
}

/**
 * Ad hoc filters as one spanset whose conditions are ANDed:
 * `{ resource.service.name = "api" && span.http.status_code = 500 }`. No filters give `{}`.
 *
 * Keys must be attribute paths (`span.x`, `resource.x`, `.x`, ...) or intrinsics; anything else
 * throws AdHocFilterError rather than being dropped, since a silently dropped filter would widen
 * the query behind the user's back. Values: a number, duration, `true`/`false` or status/kind
 * keyword stays bare (so `span.http.status_code = 500` compares numbers), except for `=~`/`!~`,
 * whose value is always a quoted regex. Everything else is a quoted, escaped string.
 */
export function adHocFiltersToTraceQL(filters: readonly AdHocFilter[]): string {
  const conditions = filters.map(filterToCondition);
  return conditions.length ? `{ ${conditions.join(' && ')} }` : '{}';
}

function filterToCondition(filter: AdHocFilter): string {
  if (!ATTRIBUTE_KEY_PATTERN.test(filter.key) && !isIntrinsic(filter.key)) {
    throw new AdHocFilterError(`Ad hoc filter key "${filter.key}" is not a TraceQL attribute path`);
  }
  if (filter.operator === '=|' || filter.operator === '!=|') {
    const operator = filter.operator === '=|' ? '=~' : '!~';
    const values = filter.values ?? [filter.value];
    return `${filter.key} ${operator} ${quoteTraceQLString(values.map(escapeTraceQLRegex).join('|'))}`;
  }
  if (!COMPARISON_OPERATORS.includes(filter.operator)) {
    throw new AdHocFilterError(`Ad hoc filter operator "${filter.operator}" is not supported`);
  }
  return `${filter.key} ${filter.operator} ${formatAdHocValue(filter)}`;
}

function formatAdHocValue({ operator, value }: AdHocFilter): string {
  if (REGEX_OPERATORS.includes(operator)) {
    return quoteTraceQLString(value);
  }
  const bareKeyword = !ORDERING_OPERATORS.includes(operator) && KEYWORD_VALUES.includes(value) && value !== 'nil';
  return isNumber(value) || isDuration(value) || bareKeyword ? value : quoteTraceQLString(value);
}

/**
 * ANDs ad hoc filters into a query, structurally:
 * - an empty query (or `{}`) becomes the filter spanset itself;
 * - a search query `Q` becomes `(Q) && { filters }`: a trace must match Q and also have a span
 *   matching the filters. A trailing `with(...)` hint stays last, and a trailing `//` comment is
 *   ended with a newline so it cannot swallow the `)`;
 * - a metrics query cannot be followed by `&&`, and `(Q) && {F}` before the metrics pipe would
 *   also count the spans matching F, so the conditions go inside each spanset filter before the
 *   metrics function instead: `{ A } | rate()` → `{ A && F } | rate()`.
 */
export function withAdHocFilters(query: string, filters: readonly AdHocFilter[]): string {
  if (filters.length === 0) {
    return query;
  }
  const filterSpanset = adHocFiltersToTraceQL(filters);
  const trimmed = query.trim();
  if (trimmed === '' || EMPTY_SPANSET_PATTERN.test(trimmed)) {
    return filterSpanset;
  }

  const tree = parseTraceQL(query);
  const metricsOperation = findNodes(tree, MetricsOperation)[0];
  if (metricsOperation) {
    const conditions = filterSpanset.slice(2, -2);
    const spansets = findNodes(tree, SpansetFilter).filter((node) => node.to <= metricsOperation.from);
    return insertIntoSpansets(query, spansets, conditions);
  }

  const hint = tree.topNode.getChild(WithHint);
  const body = hint ? query.slice(0, hint.from) : query;
  const hintSuffix = hint ? ' ' + query.slice(hint.from).trim() : '';
  const bodyTokens = tokenize(body);
  const endsInLineComment = bodyTokens[bodyTokens.length - 1]?.text.startsWith('//') ?? false;
  return `(${body.trim()}${endsInLineComment ? '\n' : ''}) && ${filterSpanset}${hintSuffix}`;
}

function insertIntoSpansets(query: string, spansets: TraceQLNode[], conditions: string): string {
  let result = query;
  // Right to left, so earlier offsets stay valid.
  for (const spanset of [...spansets].reverse()) {
    const expression = spanset.getChild(FieldExpression);
    let inner = conditions;
    if (expression) {
      const existing = query.slice(expression.from, expression.to);
      inner = `${expression.getChild(Or) ? `(${existing})` : existing} && ${conditions}`;
    }
    result = result.slice(0, spanset.from) + `{ ${inner} }` + result.slice(spanset.to);
  }
  return result;
}
