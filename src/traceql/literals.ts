/**
 * TraceQL literal rules shared by interpolation and the search builder.
 *
 * Durations: one number and one unit (`10ms`, `1.5s`, `2h`). Tempo would also take Go and
 * Prometheus compound forms (`1h30m`, `1d`), but @grafana/lezer-traceql 1.0.0 rejects them,
 * so the editor would mark our own output as an error; write `90m` instead.
 * Numbers: `-?digits(.digits)?`. lezer 1.0.0 rejects `.5`, `1e3` and `0x10`.
 */

const DURATION_PATTERN = /^-?\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h)$/;
const INTEGER_PATTERN = /^-?\d+$/;
const NUMBER_PATTERN = /^-?\d+(?:\.\d+)?$/;
// An attribute path or intrinsic as one bare token: `resource.service.name`, `.foo`,
// `span:name`, `k8s.pod-name`. No whitespace, quotes, braces, parentheses or operators.
const ATTRIBUTE_PATH_PATTERN = /^\.?[A-Za-z_](?:[A-Za-z0-9_.:\-]*[A-Za-z0-9_])?$/;

export const STATUS_VALUES = ['error', 'ok', 'unset'] as const;
export const KIND_VALUES = ['server', 'client', 'producer', 'consumer', 'internal', 'unspecified'] as const;
/** Bare keywords the TraceQL lexer knows as values. */
export const KEYWORD_VALUES: readonly string[] = ['true', 'false', 'nil', ...STATUS_VALUES, ...KIND_VALUES];

export function isDuration(value: string): boolean {
  return DURATION_PATTERN.test(value);
}

export function isInteger(value: string): boolean {
  return INTEGER_PATTERN.test(value);
}

export function isNumber(value: string): boolean {
  return NUMBER_PATTERN.test(value);
}

export function isAttributePathToken(value: string): boolean {
  return ATTRIBUTE_PATH_PATTERN.test(value);
}

/**
 * An attribute path or keyword that can stand alone as an operand. A `-` belongs to the token only
 * in an attribute path (`k8s.pod-name`); in a bare word (`web-frontend`) TraceQL reads a minus
 * between two operands, so such a value goes in quoted.
 */
export function isBareOperandToken(value: string): boolean {
  return ATTRIBUTE_PATH_PATTERN.test(value) && (!value.includes('-') || value.includes('.'));
}

/**
 * Escapes a value for the inside of a `"..."` TraceQL string literal, so it can never end the
 * literal. Tempo unquotes strings with Go's strconv.Unquote: `\\` and `\"` are required, and
 * newline/CR/tab are written as escapes because a raw newline ends a Go string literal.
 * (lezer-traceql 1.0.0 marks `\n` and `\t` as errors, but Tempo is the one running the query.)
 */
export function escapeTraceQLString(value: string): string {
  return value.replace(/[\\"\n\r\t]/g, (char) => {
    switch (char) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return '\\' + char;
    }
  });
}

/**
 * Escapes RE2 (Go regexp) metacharacters, like Go's regexp.QuoteMeta, so the value matches
 * itself literally. To put the result in a string literal, also apply escapeTraceQLString:
 * `a.b` → regex `a\.b` → in the query `"a\\.b"`.
 */
export function escapeTraceQLRegex(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** `"value"` with the value escaped. */
export function quoteTraceQLString(value: string): string {
  return `"${escapeTraceQLString(value)}"`;
}
