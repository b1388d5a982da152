import {
  escapeTraceQLRegex,
  escapeTraceQLString,
  isBareOperandToken,
  isDuration,
  isNumber,
  quoteTraceQLString,
} from './literals';
import { REGEX_OPERATORS, tokenize } from './tokens';

/** Receives a variable's value (a string, or an array for multi-value) and returns the text to insert. */
export type TemplateFormatter = (value: string | string[]) => string;
/** A thin wrapper around Grafana's `getTemplateSrv().replace(target, scopedVars, format)`. */
export type TemplateReplace = (target: string, format: TemplateFormatter) => string;

type VariableContext = 'code' | 'string' | 'rawString';

interface VariableOccurrence {
  from: number;
  to: number;
  name: string;
  fieldPath?: string;
  context: VariableContext;
  /** The right operand of `=~` or `!~`. */
  regex: boolean;
}

// Grafana's template syntaxes: $name, [[name]], [[name:format]], ${name}, ${name.path}, ${name:format}.
const VARIABLE_PATTERN = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^}]+))?(?::([^}]+))?\}/g;

export class TraceQLInterpolationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TraceQLInterpolationError';
  }
}

/**
 * Replaces template variables in a TraceQL query so that no value can change the query's
 * structure. Each occurrence is formatted for where it stands:
 *
 * - inside `"..."`: string-escaped (`\` and `"`), so it cannot close the literal. A multi-value
 *   variable becomes a regex alternation of regex-escaped values (`a\\.b|c`), as it does for
 *   any multi-value variable in the right operand of `=~`/`!~`; a plain string value there is
 *   kept as a user-written regex (a text box holding `.*api.*`, an "All" value of `.*`).
 * - inside a backtick raw string: the same without string escaping (raw strings have none);
 *   a value containing a backtick cannot be represented and throws TraceQLInterpolationError.
 * - anywhere else: inserted bare only if it is a single safe token: a number (`-?1.5`), a
 *   duration (`10ms`), or an identifier/attribute path made of `[A-Za-z0-9_.:-]` that starts
 *   with a letter, `_` or `.` (which covers true/false/nil, status and kind keywords), with a `-`
 *   only in a dotted path (`web-frontend` alone would be a subtraction). Anything
 *   else is inserted as a quoted, escaped string literal, and a multi-value variable as a quoted
 *   alternation, so `}`, `||`, `&&` or `|` in a value are only ever characters in a string.
 *   The bare operand of `=~`/`!~` is always quoted, since a regex must be a string.
 * - inside comments: left alone (Tempo ignores comments, and a newline in a value would end a
 *   `//` comment).
 *
 * The variable is looked up by calling `replace` once per occurrence with `${name}` (or
 * `${name.path}`) and our formatter. An explicit format (`${name:raw}`, `[[name:csv]]`) is
 * deliberately dropped: the position decides the formatting. A variable `replace` does not know
 * is left as written; a value `replace` produced without calling the formatter (a variable that
 * skips formatting) is formatted here from the returned text.
 */
export function interpolateTraceQL(query: string, replace: TemplateReplace): string {
  let result = '';
  let copiedUpTo = 0;
  for (const occurrence of findVariableOccurrences(query)) {
    result += query.slice(copiedUpTo, occurrence.from) + interpolateOccurrence(query, occurrence, replace);
    copiedUpTo = occurrence.to;
  }
  return result + query.slice(copiedUpTo);
}

function interpolateOccurrence(query: string, occurrence: VariableOccurrence, replace: TemplateReplace): string {
  const target = occurrence.fieldPath ? `\${${occurrence.name}.${occurrence.fieldPath}}` : `\${${occurrence.name}}`;
  let formatted: string | undefined;
  const replaced = replace(target, (value) => {
    formatted = formatValue(value, occurrence);
    return formatted;
  });
  if (formatted !== undefined) {
    return formatted;
  }
  if (replaced === target) {
    return query.slice(occurrence.from, occurrence.to);
  }
  return formatValue(replaced, occurrence);
}

function findVariableOccurrences(query: string): VariableOccurrence[] {
  const occurrences: VariableOccurrence[] = [];
  const scan = (from: number, to: number, context: VariableContext) => {
    VARIABLE_PATTERN.lastIndex = 0;
    const segment = query.slice(from, to);
    for (let match = VARIABLE_PATTERN.exec(segment); match; match = VARIABLE_PATTERN.exec(segment)) {
      occurrences.push({
        from: from + match.index,
        to: from + match.index + match[0].length,
        name: match[1] ?? match[2] ?? match[4],
        fieldPath: match[5],
        context,
        // For a string, what precedes its opening quote; `from` is just inside it.
        regex: isAfterRegexOperator(query, context === 'code' ? from + match.index : from - 1),
      });
    }
  };

  let codeFrom = 0;
  for (const token of tokenize(query)) {
    if (token.type === 'string' || token.type === 'rawString' || token.type === 'comment') {
      scan(codeFrom, token.from, 'code');
      codeFrom = token.to;
    }
    if (token.type === 'string' || token.type === 'rawString') {
      scan(token.from + 1, token.terminated ? token.to - 1 : token.to, token.type);
    }
  }
  scan(codeFrom, query.length, 'code');
  return occurrences;
}

function isAfterRegexOperator(query: string, index: number): boolean {
  let end = index;
  while (end > 0 && /\s/.test(query[end - 1])) {
    end--;
  }
  const operator = query.slice(Math.max(0, end - 2), end);
  return REGEX_OPERATORS.includes(operator);
}

function formatValue(rawValue: unknown, occurrence: VariableOccurrence): string {
  const isMulti = Array.isArray(rawValue);
  const values: string[] = isMulti ? rawValue.map(String) : [String(rawValue ?? '')];
  const asAlternation = isMulti && (occurrence.regex || values.length !== 1);
  const text = asAlternation ? values.map(escapeTraceQLRegex).join('|') : values[0];

  switch (occurrence.context) {
    case 'string':
      return escapeTraceQLString(text);
    case 'rawString':
      if (text.includes('`')) {
        throw new TraceQLInterpolationError(
          `Variable "${occurrence.name}" contains a backtick, which cannot appear in a raw string; use "..." instead`
        );
      }
      return text;
    case 'code':
      return occurrence.regex || asAlternation || !isSafeBareToken(text) ? quoteTraceQLString(text) : text;
  }
}

function isSafeBareToken(value: string): boolean {
  return isNumber(value) || isDuration(value) || isBareOperandToken(value);
}
