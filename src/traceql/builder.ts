import { ATTRIBUTE_SCOPES, isIntrinsic } from './intrinsics';
import {
  escapeTraceQLRegex,
  escapeTraceQLString,
  isDuration,
  isInteger,
  isNumber,
  KEYWORD_VALUES,
  KIND_VALUES,
  STATUS_VALUES,
} from './literals';
import { REGEX_OPERATORS } from './tokens';

export type SearchScope = 'resource' | 'span' | 'event' | 'link' | 'instrumentation' | 'intrinsic' | 'unscoped';
export type SearchOperator = '=' | '!=' | '=~' | '!~' | '>' | '<' | '>=' | '<=';
/** `keyword` is for status/kind enum values such as `error` or `server`, written bare. */
export type SearchValueType = 'string' | 'int' | 'float' | 'bool' | 'duration' | 'keyword';
export type SpanStatus = (typeof STATUS_VALUES)[number];
export type SpanKind = (typeof KIND_VALUES)[number];

export interface SearchFilter {
  id: string;
  scope: SearchScope;
  tag: string;
  operator: SearchOperator;
  value: string | string[];
  valueType: SearchValueType;
}

export interface StringMatcher {
  operator: SearchOperator;
  value: string | string[];
}

export interface DurationRange {
  min?: string;
  max?: string;
}

/** The Search builder's state; saved in the query. */
export interface SearchBuilderState {
  serviceName?: StringMatcher;
  spanName?: StringMatcher;
  status?: SpanStatus;
  kind?: SpanKind;
  spanDuration?: DurationRange;
  traceDuration?: DurationRange;
  filters: SearchFilter[];
}

/** Thrown for state that cannot become a valid query; `field` says which input to flag. */
export class SearchBuilderError extends Error {
  constructor(
    message: string,
    readonly field: string
  ) {
    super(message);
    this.name = 'SearchBuilderError';
  }
}

const REGEX_FOR: Partial<Record<SearchOperator, SearchOperator>> = { '=': '=~', '!=': '!~', '=~': '=~', '!~': '!~' };
const SIMPLE_ATTRIBUTE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:/@-]*$/;

/**
 * The builder state as TraceQL, all conditions ANDed in one spanset:
 * `{ resource.service.name = "api" && name = "GET /x" && status = error && kind = server &&
 * duration >= 10ms && span.http.status_code = 500 && traceDuration >= 1s }`. Empty state → `{}`.
 *
 * - Trace-level conditions (`traceDuration`) share the spanset: they hold for every span of the
 *   trace, so the matched traces are the same as with `&& { traceDuration >= 1s }`, but a second
 *   spanset would make every span of each trace a "matched" span.
 * - Duration bounds are inclusive: min → `>=`, max → `<=`.
 * - Incomplete filters (no tag, or an empty value) are skipped, as Grafana's builder does: they
 *   are rows the user has not finished.
 * - Invalid input throws SearchBuilderError: a duration that is not number+unit (`10ms`, `1.5s`),
 *   a non-numeric int/float, an unknown keyword, an unknown intrinsic, or several values for an
 *   ordering operator. A builder that dropped them would silently run a wider query.
 * - Several string values become a regex alternation (`=~ "a|b"`, `!=` → `!~`), regex-escaped;
 *   several values of another type become `(x = 1 || x = 2)` (`!=`: `(x != 1 && x != 2)`).
 */
export function buildTraceQL(state: SearchBuilderState): string {
  const conditions = [
    state.serviceName && stringCondition('resource.service.name', state.serviceName, 'serviceName'),
    state.spanName && stringCondition('name', state.spanName, 'spanName'),
    state.status && keywordCondition('status', state.status, STATUS_VALUES, 'status'),
    state.kind && keywordCondition('kind', state.kind, KIND_VALUES, 'kind'),
    ...durationConditions('duration', state.spanDuration, 'spanDuration'),
    ...state.filters.map(filterCondition),
    ...durationConditions('traceDuration', state.traceDuration, 'traceDuration'),
  ].filter((condition): condition is string => Boolean(condition));
  return conditions.length ? `{ ${conditions.join(' && ')} }` : '{}';
}

function stringCondition(field: string, matcher: StringMatcher, stateField: string): string | undefined {
  return renderCondition(field, matcher.operator, matcher.value, 'string', stateField);
}

function keywordCondition(field: string, value: string, allowed: readonly string[], stateField: string): string {
  if (!allowed.includes(value)) {
    throw new SearchBuilderError(`"${value}" is not a valid ${field}`, stateField);
  }
  return `${field} = ${value}`;
}

function durationConditions(field: string, range: DurationRange | undefined, stateField: string): string[] {
  const bounds: Array<[string | undefined, string]> = [
    [range?.min, '>='],
    [range?.max, '<='],
  ];
  return bounds
    .filter((bound): bound is [string, string] => Boolean(bound[0]?.trim()))
    .map(([value, operator]) => {
      const duration = value.trim();
      if (!isDuration(duration) || duration.startsWith('-')) {
        throw new SearchBuilderError(`"${value}" is not a duration like 100ms or 1.5s`, stateField);
      }
      return `${field} ${operator} ${duration}`;
    });
}

function filterCondition(filter: SearchFilter): string | undefined {
  if (!filter.tag) {
    return undefined;
  }
  return renderCondition(filterField(filter), filter.operator, filter.value, filter.valueType, `filters.${filter.id}`);
}

function filterField({ scope, tag, id }: SearchFilter): string {
  if (scope === 'intrinsic') {
    if (!isIntrinsic(tag)) {
      throw new SearchBuilderError(`"${tag}" is not a TraceQL intrinsic`, `filters.${id}`);
    }
    return tag;
  }
  const prefix = (ATTRIBUTE_SCOPES as readonly string[]).includes(scope) ? `${scope}.` : '.';
  // Names with spaces or operator characters use the quoted attribute syntax: span."a b".
  return SIMPLE_ATTRIBUTE_NAME.test(tag) ? prefix + tag : prefix + quoted(tag);
}

function renderCondition(
  field: string,
  operator: SearchOperator,
  value: string | string[],
  valueType: SearchValueType,
  stateField: string
): string | undefined {
  const values = (Array.isArray(value) ? value : [value]).filter((item) => item !== '');
  if (values.length === 0) {
    return undefined;
  }
  if (valueType === 'string') {
    if (!Array.isArray(value) || (values.length === 1 && !REGEX_OPERATORS.includes(operator))) {
      return `${field} ${operator} ${quoted(values[0])}`;
    }
    const regexOperator = REGEX_FOR[operator];
    if (!regexOperator) {
      throw new SearchBuilderError(`Operator ${operator} takes a single value`, stateField);
    }
    return `${field} ${regexOperator} ${quoted(values.map(escapeTraceQLRegex).join('|'))}`;
  }
  const literals = values.map((item) => typedLiteral(item.trim(), valueType, stateField));
  if (literals.length === 1) {
    return `${field} ${operator} ${literals[0]}`;
  }
  if (operator !== '=' && operator !== '!=') {
    throw new SearchBuilderError(`Operator ${operator} takes a single value`, stateField);
  }
  const joiner = operator === '=' ? ' || ' : ' && ';
  return `(${literals.map((literal) => `${field} ${operator} ${literal}`).join(joiner)})`;
}

function quoted(text: string): string {
  return `"${escapeTraceQLString(text)}"`;
}

function typedLiteral(value: string, valueType: Exclude<SearchValueType, 'string'>, stateField: string): string {
  const valid = {
    int: isInteger(value),
    float: isNumber(value),
    bool: value === 'true' || value === 'false',
    duration: isDuration(value),
    keyword: KEYWORD_VALUES.includes(value) && value !== 'true' && value !== 'false',
  }[valueType];
  if (!valid) {
    throw new SearchBuilderError(`"${value}" is not a valid ${valueType} value`, stateField);
  }
  return value;
}
