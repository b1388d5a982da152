/**
 * The structure of a TraceQL query, as @grafana/lezer-traceql parses it: node names in document
 * order, with each operand (a static value, an attribute or intrinsic) one leaf, whatever its
 * text. A template variable may change an operand's value, never the shape around it.
 */
import { parser } from '@grafana/lezer-traceql';

const OPERANDS = new Set(['Static', 'AttributeField', 'IntrinsicField']);

export function traceqlShape(query: string): string {
  const names: string[] = [];
  parser.parse(query).iterate({
    enter(node) {
      names.push(OPERANDS.has(node.name) ? 'Operand' : node.name);
      return !OPERANDS.has(node.name);
    },
  });
  return names.join(' ');
}
