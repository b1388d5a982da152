/**
 * Where the cursor stands in a TraceQL query, for autocomplete: what kind of thing can come next
 * (a scope, an attribute name, an operator, a value of some attribute, …). The language side of
 * completion; the editor's suggestion lists are made from it in components/traceqlSuggestions.ts.
 */
import { FieldExpression, FieldOp, SpansetFilter } from '@grafana/lezer-traceql';

import { ATTRIBUTE_SCOPES, AttributeScope } from './intrinsics';
import { parseTraceQL, TraceQLNode } from './syntax';
import { COMPARISON_OPERATORS, readPathEndingAt, Token, tokenize } from './tokens';

export type NameScope = AttributeScope | 'unscoped';

/**
 * Where the cursor is, for autocomplete. `prefix` is the partial word already typed (to filter
 * suggestions by and to replace), `''` when the cursor follows whitespace or punctuation.
 */
export type Situation =
  /** Nothing typed, or outside braces where a spanset can start: suggest `{ }` and examples. */
  | { type: 'EMPTY' }
  /** After `{`, `&&`, `||`, `(` inside braces, or in select()/by(): scopes and intrinsics. */
  | { type: 'SPANSET_START'; prefix: string }
  /** After `span.`, `resource.`, `.` …: attribute names of that scope. */
  | { type: 'SPANSET_IN_NAME_SCOPE'; scope: NameScope; prefix: string }
  /** After a complete condition and whitespace, or a `)`: `&&`, `||`, `}`. */
  | { type: 'SPANSET_IN_THE_MIDDLE' }
  /** After an attribute or intrinsic and whitespace: comparison operators. */
  | { type: 'SPANSET_EXPRESSION_OPERATORS'; tag: string }
  /**
   * After a comparison operator or inside its string literal: values of `tag`. `query` is the
   * whole query with the current condition removed (braces closed), for the values endpoint's `q`.
   */
  | { type: 'SPANSET_IN_VALUE'; tag: string; query: string; betweenQuotes: boolean; prefix: string }
  /** Right after a string value's closing quote: ` && `, ` || `, ` }`. */
  | { type: 'SPANSET_AFTER_VALUE' }
  /** After `}` or a closing `)` outside braces: `&&`, `||`, `>>`, `>`, `~`, `|`, `by(`, `with(`. */
  | { type: 'NEW_SPANSET' }
  /** After `|`: `select(`, `by(`, aggregates and metrics functions. */
  | { type: 'PIPELINE_FUNCTION'; prefix: string }
  | { type: 'UNKNOWN' };

export const SCOPE_COMPLETIONS: readonly string[] = [...ATTRIBUTE_SCOPES.map((scope) => `${scope}.`), '.'];
export const SPANSET_OPERATORS: readonly string[] = '&& || >> > << < ~ !>> !> !<< !< !~ &>> &> &<< &< &~'.split(' ');
export const PIPELINE_FUNCTIONS: readonly string[] = (
  'select( by( coalesce() count() avg( min( max( sum( rate() count_over_time() quantile_over_time( ' +
  'histogram_over_time( avg_over_time( min_over_time( max_over_time( sum_over_time( compare('
).split(' ');

const OPENERS_OF_CONDITION = new Set(['{', '(', '&&', '||', '!']);
const SCOPED_NAME_PATTERN = /^(span|resource|event|link|instrumentation)?\.(.*)$/s;
// Functions whose arguments are attribute paths.
const ATTRIBUTE_ARGUMENT_FUNCTIONS = new Set(
  'select by avg min max sum avg_over_time min_over_time max_over_time sum_over_time histogram_over_time quantile_over_time'.split(
    ' '
  )
);

export function getSituation(text: string, offset: number): Situation {
  const before = text.slice(0, offset);
  const allTokens = tokenize(before);
  const lastToken = allTokens[allTokens.length - 1];
  if (
    lastToken?.type === 'comment' &&
    lastToken.to === before.length &&
    (lastToken.text.startsWith('//') || !lastToken.terminated)
  ) {
    return { type: 'UNKNOWN' };
  }
  const tokens = allTokens.filter((token) => token.type !== 'comment');
  const last = tokens[tokens.length - 1];
  if (!last) {
    return { type: 'EMPTY' };
  }
  if ((last.type === 'string' || last.type === 'rawString') && !last.terminated) {
    return valueSituation(text, offset, tokens, tokens.length - 1, last.text.slice(1), true);
  }

  const typingWord = last.type === 'word' && last.to === before.length;
  const prefix = typingWord ? last.text : '';
  const contextIndex = tokens.length - (typingWord ? 2 : 1);
  const previous: Token | undefined = tokens[contextIndex];

  if (isInsideOpenSpanset(before)) {
    return spansetSituation(text, offset, tokens, contextIndex, prefix);
  }
  if (!previous) {
    return { type: 'EMPTY' };
  }
  if (previous.text === '|') {
    return { type: 'PIPELINE_FUNCTION', prefix };
  }
  if (previous.text === '(' || previous.text === ',') {
    const callee = enclosingCallName(tokens, contextIndex);
    if (callee && ATTRIBUTE_ARGUMENT_FUNCTIONS.has(callee)) {
      return nameSituation(prefix);
    }
    return prefix ? { type: 'UNKNOWN' } : { type: 'EMPTY' };
  }
  if (prefix) {
    return { type: 'UNKNOWN' };
  }
  if (previous.text === '}' || previous.text === ')') {
    return { type: 'NEW_SPANSET' };
  }
  return SPANSET_OPERATORS.includes(previous.text) ? { type: 'EMPTY' } : { type: 'UNKNOWN' };
}

function spansetSituation(
  text: string,
  offset: number,
  tokens: Token[],
  contextIndex: number,
  prefix: string
): Situation {
  const previous = tokens[contextIndex];
  if (!previous) {
    return { type: 'UNKNOWN' };
  }
  if (previous.type === 'punctuation' || previous.type === 'operator') {
    if (OPENERS_OF_CONDITION.has(previous.text)) {
      return nameSituation(prefix);
    }
    if (COMPARISON_OPERATORS.includes(previous.text)) {
      return valueSituation(text, offset, tokens, contextIndex + 1, prefix, false);
    }
    if (previous.text === ')' && !prefix) {
      return { type: 'SPANSET_IN_THE_MIDDLE' };
    }
    return { type: 'UNKNOWN' };
  }
  if (prefix) {
    return { type: 'UNKNOWN' };
  }
  const path = readPathEndingAt(tokens, contextIndex);
  const startIndex = path ? path.startIndex : contextIndex;
  const before = tokens[startIndex - 1]?.text ?? '';
  if (path && OPENERS_OF_CONDITION.has(before)) {
    return { type: 'SPANSET_EXPRESSION_OPERATORS', tag: path.path };
  }
  if (!COMPARISON_OPERATORS.includes(before)) {
    return { type: 'UNKNOWN' };
  }
  const touchesCursor = previous.to === offset;
  return touchesCursor && previous.type === 'string'
    ? { type: 'SPANSET_AFTER_VALUE' }
    : { type: 'SPANSET_IN_THE_MIDDLE' };
}

function nameSituation(prefix: string): Situation {
  const scoped = SCOPED_NAME_PATTERN.exec(prefix);
  if (scoped) {
    return {
      type: 'SPANSET_IN_NAME_SCOPE',
      scope: (scoped[1] as AttributeScope | undefined) ?? 'unscoped',
      prefix: scoped[2],
    };
  }
  return { type: 'SPANSET_START', prefix };
}

/** `valueIndex` is where the value token is (or would be): right after the operator. */
function valueSituation(
  text: string,
  offset: number,
  tokens: Token[],
  valueIndex: number,
  prefix: string,
  betweenQuotes: boolean
): Situation {
  const operator = tokens[valueIndex - 1];
  const tag = readPathEndingAt(tokens, valueIndex - 2);
  if (!operator || !COMPARISON_OPERATORS.includes(operator.text) || !tag) {
    return { type: 'UNKNOWN' };
  }
  return {
    type: 'SPANSET_IN_VALUE',
    tag: tag.path,
    query: queryWithoutConditionAt(text, offset),
    betweenQuotes,
    prefix,
  };
}

/** lezer keeps an unclosed `{ ...` as a SpansetFilter running to the end of the text. */
function isInsideOpenSpanset(before: string): boolean {
  let node: TraceQLNode | null = parseTraceQL(before).resolveInner(before.length, -1);
  for (; node; node = node.parent) {
    if (node.type.id === SpansetFilter && before[node.to - 1] !== '}') {
      return true;
    }
  }
  return false;
}

function enclosingCallName(tokens: Token[], index: number): string | undefined {
  let depth = 0;
  for (let i = index; i >= 0; i--) {
    const text = tokens[i].text;
    if (text === ')') {
      depth++;
    } else if (text === '(' && depth-- === 0) {
      return tokens[i - 1]?.type === 'word' ? tokens[i - 1].text : undefined;
    }
  }
  return undefined;
}

/**
 * The query with the comparison under the cursor removed, together with the `&&`/`||` that
 * joined it, and any unclosed parentheses and braces closed:
 * `{ resource.service.name = "api" && span.http.method = "G| }` → `{ resource.service.name = "api" }`.
 */
function queryWithoutConditionAt(text: string, offset: number): string {
  let condition: TraceQLNode | null = parseTraceQL(text).resolveInner(offset, -1);
  while (condition && !(condition.type.id === FieldExpression && condition.getChild(FieldOp))) {
    condition = condition.parent;
  }
  if (!condition) {
    return closeOpenBrackets(text.slice(0, offset));
  }
  let left = text.slice(0, condition.from).trimEnd();
  let right = text.slice(condition.to).trimStart();
  if (/(&&|\|\|)$/.test(left)) {
    left = left.slice(0, -2).trimEnd();
  } else if (/^(&&|\|\|)/.test(right)) {
    right = right.slice(2).trimStart();
  }
  return closeOpenBrackets(`${left} ${right}`.trim()).replace(/\{\s*\}/g, '{}');
}

function closeOpenBrackets(query: string): string {
  const open: string[] = [];
  for (const token of tokenize(query)) {
    if (token.text === '{' || token.text === '(') {
      open.push(token.text === '{' ? ' }' : ')');
    } else if ((token.text === '}' || token.text === ')') && open.length) {
      open.pop();
    }
  }
  return query.trimEnd() + open.reverse().join('');
}
