/**
 * TraceQL span conditions evaluated on decoded span columns, for filtering one trace on the
 * client whatever backend it came from. Parsed with @grafana/lezer-traceql; evaluated as Tempo
 * does it: a condition on an attribute a span lacks is false (`!=` included), `=~`/`!~` match
 * the whole value (Tempo's regular expressions are fully anchored), int and float compare as
 * numbers, and `duration` takes durations (`50ms`, `1.5s`).
 *
 * Supported: one `{ … }` of span conditions joined with `&&`, `||`, `!` and parentheses;
 * intrinsics `name`, `status`, `kind`, `duration`, `statusMessage` (also as `span:name` …) and
 * `span:id`, `span:parentID`, `trace:id`; `span.`, `resource.` and unscoped (`.`) attributes;
 * `= != > >= < <= =~ !~`. Anything else is refused with a message naming the part.
 */
import { parser } from '@grafana/lezer-traceql';

import { type SpanColumns, spanTags } from '../decode/columns';
import { parseErrors } from './syntax';

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

/** True when the span at that row matches. */
export type SpanPredicate = (span: number) => boolean;

/** A part of the filter as messages show it: a long one (a pasted blob, a runaway variable) cut in the middle. */
function excerpt(text: string): string {
  return text.length > 120 ? `${text.slice(0, 80)}…${text.slice(-30)}` : text;
}

export class SpanFilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpanFilterError';
  }
}

type Value = string | number | boolean;
/** A span's value for a field, or `undefined` when the span has none. */
type FieldReader = (span: number) => Value | undefined;

interface Literal {
  kind: 'string' | 'number' | 'duration' | 'boolean' | 'nil' | 'status' | 'kind';
  value: Value;
}

interface Field {
  text: string;
  read: FieldReader;
  /** Literal kinds it compares with. */
  accepts: Array<Literal['kind']>;
}

const STATUS_CODES: Record<string, number> = { unset: 0, ok: 1, error: 2 };
const KINDS = new Set(['server', 'client', 'producer', 'consumer', 'internal', 'unspecified']);
const DURATION_UNITS_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60000,
  h: 3600000,
};
const ATTRIBUTE_VALUES: Array<Literal['kind']> = ['string', 'number', 'boolean', 'nil'];

/**
 * Compiles a filter for these columns. Throws a SpanFilterError naming the part it cannot
 * evaluate. A filter without braces (`status = error`) is read as if it had them.
 */
export function compileSpanFilter(text: string, spans: SpanColumns): SpanPredicate {
  const source = text.trim().startsWith('{') ? text : `{ ${text} }`;
  const syntax = parseErrors(source)[0];
  if (syntax) {
    throw new SpanFilterError(
      `The span filter ${excerpt(text.trim())} is not valid TraceQL: ${excerpt(syntax.message)}`
    );
  }
  const tree = parser.parse(source);
  const filter = singleSpansetFilter(tree.topNode, source);
  const condition = filter.getChild('FieldExpression');
  if (!condition) {
    return () => true;
  }
  return new Compiler(source, spans).condition(condition);
}

/**
 * Whether a filter may read span attributes (`span.x`, unscoped `.x`), so that tags a decode left
 * in the body can be read beforehand, in steps. Errs towards yes: a string holding `.x` says yes;
 * `1.5ms` and `resource.x` say no.
 */
export function filterMayReadSpanTags(text: string): boolean {
  return /(^|[^\w.])\.|\bspan\./.test(text);
}

function singleSpansetFilter(top: SyntaxNode, source: string): SyntaxNode {
  const pipeline = top.getChild('SpansetPipelineExpression')?.getChild('SpansetPipeline');
  const children = pipeline ? childrenOf(pipeline) : [];
  const expression = top.getChild('SpansetPipelineExpression');
  const parts = expression ? childrenOf(expression) : [];
  if (parts.length !== 1 || children.length !== 1 || children[0].name !== 'SpansetFilter') {
    throw new SpanFilterError(
      `The span filter ${excerpt(source.trim())} is not one { … } of span conditions: pipelines (|) and operators between { … } need the whole trace; write the conditions inside one { … } with && and ||`
    );
  }
  return children[0];
}

function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const children: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    children.push(child);
  }
  return children;
}

class Compiler {
  constructor(
    private readonly source: string,
    private readonly spans: SpanColumns
  ) {}

  condition(node: SyntaxNode): SpanPredicate {
    const parts = childrenOf(node);
    const text = this.text(node);
    if (parts.length === 3 && (parts[1].name === 'And' || parts[1].name === 'Or')) {
      const left = this.condition(parts[0]);
      const right = this.condition(parts[2]);
      return parts[1].name === 'And' ? (span) => left(span) && right(span) : (span) => left(span) || right(span);
    }
    if (parts.length === 3 && parts[1].name === 'FieldOp') {
      return this.comparison(parts[0], this.text(parts[1]), parts[2], text);
    }
    if (parts.length === 1 && parts[0].name === 'FieldExpression') {
      if (text.startsWith('!')) {
        const inner = this.condition(parts[0]);
        return (span) => !inner(span);
      }
      if (text.startsWith('(')) {
        return this.condition(parts[0]);
      }
    }
    if (parts.length === 1 && parts[0].name === 'Static' && (text === 'true' || text === 'false')) {
      const constant = text === 'true';
      return () => constant;
    }
    throw new SpanFilterError(
      `The span filter cannot evaluate "${excerpt(text)}": write a comparison such as .attribute = "value"`
    );
  }

  private comparison(leftNode: SyntaxNode, operator: string, rightNode: SyntaxNode, text: string): SpanPredicate {
    let field = this.field(leftNode);
    let valueNode = rightNode;
    let op = operator;
    if (!field) {
      // `"value" = .attribute`: the same comparison turned around.
      field = this.field(rightNode);
      valueNode = leftNode;
      op = MIRRORED[operator] ?? operator;
    }
    const literal = field ? this.literal(valueNode) : undefined;
    if (!field || !literal) {
      throw new SpanFilterError(`The span filter cannot evaluate "${excerpt(text)}": compare one field with one value`);
    }
    if (!field.accepts.includes(literal.kind)) {
      const takes = field.accepts.filter((kind) => kind !== 'nil').join(' or ');
      throw new SpanFilterError(
        `The span filter cannot compare ${excerpt(field.text)} with ${excerpt(this.text(valueNode))} in "${excerpt(text)}": ${excerpt(field.text)} takes ${takes} values`
      );
    }
    return comparePredicate(field.read, op, literal, text);
  }

  /** An intrinsic or attribute, or undefined when the node is not one. */
  private field(node: SyntaxNode): Field | undefined {
    const inner = node.firstChild;
    if (!inner || inner.nextSibling) {
      return undefined;
    }
    const text = this.text(inner);
    if (inner.name === 'IntrinsicField') {
      return this.intrinsic(text);
    }
    if (inner.name === 'AttributeField') {
      return this.attribute(inner, text);
    }
    return undefined;
  }

  private intrinsic(text: string): Field {
    const { spans } = this;
    const name = text.replace(/^span:/, '');
    switch (name) {
      case 'name':
        return { text, read: (span) => spans.operationName[span], accepts: ['string'] };
      case 'statusMessage':
        return { text, read: (span) => spans.statusMessage[span] ?? '', accepts: ['string'] };
      case 'status':
        return { text, read: (span) => spans.statusCode[span], accepts: ['status'] };
      case 'kind':
        return { text, read: (span) => spans.kind[span], accepts: ['kind'] };
      case 'duration':
        return { text, read: (span) => spans.duration[span], accepts: ['duration'] };
      case 'id':
        return { text, read: (span) => spans.spanID[span], accepts: ['string'] };
      case 'parentID':
        return { text, read: (span) => spans.parentSpanID[span], accepts: ['string'] };
    }
    if (text === 'trace:id') {
      return { text, read: (span) => spans.traceID[span], accepts: ['string'] };
    }
    throw new SpanFilterError(
      `The span filter cannot evaluate ${excerpt(text)}: use name, status, kind, duration, statusMessage or span., resource. and unscoped (.) attributes`
    );
  }

  private attribute(node: SyntaxNode, text: string): Field {
    const scope = node.firstChild && node.firstChild.name !== 'Identifier' ? this.text(node.firstChild) : '';
    const key = this.text(node.getChild('Identifier') ?? node).replace(/^"(.*)"$/, '$1');
    const { spans } = this;
    const spanTag = (span: number) => tagValue(spanTags(spans, span), key);
    const resourceTag = (span: number) =>
      key === 'service.name' ? spans.serviceName[span] : tagValue(spans.serviceTags[span], key);
    switch (scope) {
      case 'span':
        return { text, read: spanTag, accepts: ATTRIBUTE_VALUES };
      case 'resource':
        return { text, read: resourceTag, accepts: ATTRIBUTE_VALUES };
      case '':
        return { text, read: (span) => spanTag(span) ?? resourceTag(span), accepts: ATTRIBUTE_VALUES };
    }
    throw new SpanFilterError(
      `The span filter cannot evaluate ${excerpt(text)}: ${scope}. attributes are not supported here; use span., resource. or unscoped (.) attributes`
    );
  }

  private literal(node: SyntaxNode): Literal | undefined {
    const text = this.text(node);
    const negative = text.startsWith('-') && node.firstChild?.name === 'FieldExpression';
    const staticNode = negative ? node.firstChild?.firstChild : node.firstChild;
    if (!staticNode || staticNode.name !== 'Static') {
      return undefined;
    }
    const literal = this.staticLiteral(staticNode);
    if (negative) {
      if (typeof literal.value !== 'number') {
        throw new SpanFilterError(
          `The span filter cannot evaluate "${excerpt(text)}": only numbers and durations can be negative`
        );
      }
      return { ...literal, value: -literal.value };
    }
    return literal;
  }

  private staticLiteral(node: SyntaxNode): Literal {
    const text = this.text(node);
    const typed = node.firstChild;
    switch (typed?.name) {
      case 'String':
        return { kind: 'string', value: unquote(text) };
      case 'Integer':
      case 'Float':
        return { kind: 'number', value: Number(text) };
      case 'Duration': {
        const match = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)$/.exec(text);
        if (match) {
          return { kind: 'duration', value: Number(match[1]) * DURATION_UNITS_MS[match[2]] };
        }
        break;
      }
      case 'TemplateVariable':
        throw new SpanFilterError(
          `The span filter's variable ${excerpt(text)} has no value here: define it on the dashboard, or write the value`
        );
      case undefined:
        if (text === 'true' || text === 'false') {
          return { kind: 'boolean', value: text === 'true' };
        }
        if (text === 'nil') {
          return { kind: 'nil', value: 'nil' };
        }
        if (text in STATUS_CODES) {
          return { kind: 'status', value: STATUS_CODES[text] };
        }
        if (KINDS.has(text)) {
          return { kind: 'kind', value: text };
        }
    }
    throw new SpanFilterError(`The span filter cannot evaluate the value ${excerpt(text)}`);
  }

  private text(node: SyntaxNode): string {
    return this.source.slice(node.from, node.to);
  }
}

const MIRRORED: Record<string, string> = { '>': '<', '<': '>', '>=': '<=', '<=': '>=' };

function comparePredicate(read: FieldReader, operator: string, literal: Literal, text: string): SpanPredicate {
  if (literal.kind === 'nil') {
    if (operator === '=') {
      return (span) => read(span) === undefined;
    }
    if (operator === '!=') {
      return (span) => read(span) !== undefined;
    }
    throw new SpanFilterError(`The span filter cannot evaluate "${excerpt(text)}": nil only goes with = and !=`);
  }
  const expected = literal.value;
  if (operator === '=~' || operator === '!~') {
    if (literal.kind !== 'string') {
      throw new SpanFilterError(
        `The span filter cannot evaluate "${excerpt(text)}": ${operator} needs a string regular expression`
      );
    }
    const regex = anchoredRegex(String(expected), text);
    const matches = operator === '=~';
    return (span) => {
      const value = read(span);
      return value !== undefined && regex.test(String(value)) === matches;
    };
  }
  if (
    (literal.kind === 'status' || literal.kind === 'kind' || literal.kind === 'boolean') &&
    operator !== '=' &&
    operator !== '!='
  ) {
    throw new SpanFilterError(
      `The span filter cannot evaluate "${excerpt(text)}": ${literal.kind} values only go with = and !=`
    );
  }
  const order = ORDERS[operator];
  if (!order) {
    throw new SpanFilterError(`The span filter cannot evaluate the operator ${operator} in "${excerpt(text)}"`);
  }
  return (span) => {
    const value = read(span);
    if (value === undefined || typeof value !== typeof expected) {
      return false;
    }
    return order(value < expected ? -1 : value > expected ? 1 : value === expected ? 0 : NaN);
  };
}

const ORDERS: Record<string, (comparison: number) => boolean> = {
  '=': (c) => c === 0,
  '!=': (c) => c !== 0 && !Number.isNaN(c),
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
};

/** Go RE2 syntax as far as JavaScript shares it; a leading `(?i)` becomes the `i` flag. */
function anchoredRegex(pattern: string, text: string): RegExp {
  const caseless = pattern.startsWith('(?i)');
  try {
    return new RegExp(`^(?:${caseless ? pattern.slice(4) : pattern})$`, caseless ? 'i' : '');
  } catch (error) {
    throw new SpanFilterError(
      `The span filter's regular expression in "${excerpt(text)}" is not valid: ${excerpt((error as Error).message)}`
    );
  }
}

function tagValue(tags: Array<{ key: string; value: unknown }> | undefined, key: string): Value | undefined {
  if (!tags) {
    return undefined;
  }
  for (const tag of tags) {
    if (tag.key === key) {
      const value = tag.value;
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
    }
  }
  return undefined;
}

/** A TraceQL string literal's value: `"..."` with Go escapes, or a backtick raw string. */
function unquote(literal: string): string {
  if (literal.startsWith('`')) {
    return literal.slice(1, -1);
  }
  return literal.slice(1, -1).replace(/\\(.)/g, (_, char: string) => ESCAPES[char] ?? char);
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t' };
