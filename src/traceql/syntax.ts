import { MetricsOperation, parser } from '@grafana/lezer-traceql';

import { tokenize } from './tokens';

export type TraceQLTree = ReturnType<typeof parser.parse>;
export type TraceQLNode = TraceQLTree['topNode'];

export interface TraceQLParseError {
  from: number;
  to: number;
  message: string;
}

const MAX_SNIPPET_LENGTH = 30;

export function parseTraceQL(text: string): TraceQLTree {
  return parser.parse(text);
}

/** All nodes of one type, in document order. */
export function findNodes(tree: TraceQLTree, typeId: number): TraceQLNode[] {
  const nodes: TraceQLNode[] = [];
  tree.iterate({
    enter: (node) => {
      if (node.type.id === typeId) {
        nodes.push(node.node);
      }
    },
  });
  return nodes;
}

/**
 * Syntax errors from the lezer-traceql parse tree (its `⚠` error nodes), for the editor to
 * mark. Zero-width errors are widened to the token they stand before, or to the last character
 * when the query simply stops early ("Incomplete query").
 */
export function parseErrors(text: string): TraceQLParseError[] {
  const errors: TraceQLParseError[] = [];
  parseTraceQL(text).iterate({
    enter: (node) => {
      if (!node.type.isError) {
        return;
      }
      const error = describeError(text, node.from, node.to);
      const previous = errors[errors.length - 1];
      // Recovery often reports several errors at one spot; keep the first.
      if (!previous || error.from >= previous.to) {
        errors.push(error);
      }
      return false;
    },
  });
  return errors;
}

function describeError(text: string, from: number, to: number): TraceQLParseError {
  if (from === to) {
    const next = tokenize(text.slice(from)).find((token) => token.type !== 'comment');
    if (!next) {
      const end = text.trimEnd().length;
      return { from: Math.max(0, end - 1), to: end, message: 'Incomplete query' };
    }
    return describeError(text, from + next.from, from + next.to);
  }
  const first = text[from];
  if ((first === '"' || first === '`') && !isTerminatedLiteral(text, from)) {
    return { from, to: text.length, message: 'Unterminated string' };
  }
  const snippet = text.slice(from, to).trim();
  const shown = snippet.length > MAX_SNIPPET_LENGTH ? snippet.slice(0, MAX_SNIPPET_LENGTH) + '…' : snippet;
  return { from, to, message: `Unexpected ${JSON.stringify(shown)}` };
}

function isTerminatedLiteral(text: string, from: number): boolean {
  const literal = tokenize(text.slice(from))[0];
  return literal !== undefined && literal.terminated;
}

/**
 * True when the query pipes into a metrics function (rate, count_over_time, quantile_over_time,
 * histogram_over_time, avg/min/max/sum_over_time, compare). lezer-traceql knows all of them as
 * MetricsOperation, so the answer comes from the tree; text inside strings never counts.
 */
export function isMetricsQuery(text: string): boolean {
  return findNodes(parseTraceQL(text), MetricsOperation).length > 0;
}
