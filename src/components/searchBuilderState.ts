import {
  buildTraceQL,
  SearchBuilderError,
  SearchBuilderState,
  SearchFilter,
  SearchOperator,
  SearchScope,
  SearchValueType,
  StringMatcher,
} from '../traceql/builder';
import { ATTRIBUTE_SCOPES, INTRINSICS } from '../traceql/intrinsics';
import { REGEX_OPERATORS } from '../traceql/tokens';
import { ScopedTags } from '../types';

export const EMPTY_BUILDER: SearchBuilderState = { filters: [] };

export type BuildResult = { query: string; error?: undefined } | { query?: undefined; error: SearchBuilderError };

/** buildTraceQL, with the builder's own validation errors as a value (anything else is a bug and throws). */
export function tryBuildTraceQL(builder: SearchBuilderState): BuildResult {
  try {
    return { query: buildTraceQL(builder) };
  } catch (error) {
    if (error instanceof SearchBuilderError) {
      return { error };
    }
    throw error;
  }
}

/**
 * The builder's query without one of its fields, to narrow that field's value suggestions by
 * the rest (Tempo's `q` parameter). `{}` when the rest is incomplete or invalid.
 */
export function queryWithoutField(builder: SearchBuilderState, field: 'serviceName' | 'spanName'): string {
  return tryBuildTraceQL({ ...builder, [field]: undefined }).query ?? '{}';
}

export function queryWithoutFilter(builder: SearchBuilderState, filterId: string): string {
  return (
    tryBuildTraceQL({ ...builder, filters: builder.filters.filter((filter) => filter.id !== filterId) }).query ?? '{}'
  );
}

export function isMultiValueOperator(operator: SearchOperator): boolean {
  return REGEX_OPERATORS.includes(operator);
}

/**
 * Regex operators take several values; the others one. A single value stays a string so a
 * typed regex is kept as written; several become an escaped alternation (see buildTraceQL).
 */
export function normalizeValues(values: string[]): string | string[] {
  return values.length > 1 ? values : (values[0] ?? '');
}

export function valuesOf(value: string | string[] | undefined): string[] {
  if (value === undefined || value === '') {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}

/** Switching between single- and multi-value operators keeps the first value. */
export function withOperator<T extends StringMatcher>(matcher: T, operator: SearchOperator): T {
  const values = valuesOf(matcher.value);
  const value = isMultiValueOperator(operator) ? normalizeValues(values) : (values[0] ?? '');
  return { ...matcher, operator, value };
}

export function nextFilterId(filters: readonly SearchFilter[]): string {
  const used = filters.map((filter) => Number(/^f(\d+)$/.exec(filter.id)?.[1] ?? 0));
  return `f${Math.max(0, ...used) + 1}`;
}

export function newFilter(filters: readonly SearchFilter[]): SearchFilter {
  return { id: nextFilterId(filters), scope: 'span', tag: '', operator: '=', value: '', valueType: 'string' };
}

const VALUE_TYPES: readonly SearchValueType[] = ['string', 'int', 'float', 'bool', 'duration', 'keyword'];
const INTRINSIC_VALUE_TYPES: Record<string, SearchValueType> = {
  string: 'string',
  duration: 'duration',
  status: 'keyword',
  kind: 'keyword',
};

/** Tempo's type of a tag value (`string`, `int`, `keyword`, …) as the builder's value type. */
export function valueTypeOf(tempoType: string | undefined): SearchValueType {
  const type = tempoType === 'boolean' ? 'bool' : tempoType;
  return VALUE_TYPES.find((known) => known === type) ?? 'string';
}

/** The value type a filter starts with when its tag is chosen, before any value is. */
export function defaultValueType(scope: SearchScope, tag: string): SearchValueType {
  if (scope !== 'intrinsic') {
    return 'string';
  }
  const intrinsic = INTRINSICS.find((candidate) => candidate.name === tag);
  return intrinsic ? INTRINSIC_VALUE_TYPES[intrinsic.type] : 'string';
}

/**
 * Attribute names a filter of `scope` can use: intrinsics, one scope's tags, or all scopes' for
 * `.name`. `'all'` gives every name with its scope: `resource.service.name`, …, then intrinsics.
 */
export function tagNamesOfScope(scopedTags: readonly ScopedTags[], scope: SearchScope | 'all'): string[] {
  if (scope === 'intrinsic') {
    return INTRINSICS.map((intrinsic) => intrinsic.name);
  }
  if (scope === 'all') {
    return [
      ...ATTRIBUTE_SCOPES.flatMap((attributeScope) =>
        tagNamesOfScope(scopedTags, attributeScope).map((tag) => scopedTagName(attributeScope, tag))
      ),
      ...tagNamesOfScope(scopedTags, 'intrinsic'),
    ];
  }
  const scopes: readonly string[] = scope === 'unscoped' ? ATTRIBUTE_SCOPES : [scope];
  const names = scopedTags.filter((group) => scopes.includes(group.scope)).flatMap((group) => group.tags);
  return Array.from(new Set(names));
}

/** The name Tempo's tag-values endpoint takes for a filter's tag: `span.http.method`, `.foo`, `status`. */
export function scopedTagName(scope: SearchScope, tag: string): string {
  if (scope === 'intrinsic') {
    return tag;
  }
  return scope === 'unscoped' ? `.${tag}` : `${scope}.${tag}`;
}
